import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { seedShop } from "../db/seed/demo";
import { generateShopData } from "../db/seed/generate";

// `npx tsx scripts/bench-seed.ts [--customers N] [--orders N] [--database PATH]`:
// how fast the synthetic-data generator runs alone, then generating and
// inserting into a fresh SQLite file, with peak memory. Without --database the
// file is a temporary one, removed afterwards.
const { values } = parseArgs({
  options: {
    customers: { type: "string", default: "100000" },
    orders: { type: "string" },
    database: { type: "string" },
  },
});
const customers = Number(values.customers);
const ordersTarget = values.orders ? Number(values.orders) : customers * 10;
const options = { seed: 1, customers, ordersTarget, today: new Date(Date.UTC(2026, 0, 1)) };

const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString("en-GB");
const megabytes = (bytes: number) => `${Math.round(bytes / 1_048_576)} MB`;

let started = performance.now();
let orders = 0;
let lines = 0;
for (const c of generateShopData(options).customers) {
  orders += c.orders.length;
  for (const o of c.orders) lines += o.lines.length;
}
const generateMs = performance.now() - started;
console.info(
  `generate only: ${customers.toLocaleString("en-GB")} customers, ${orders.toLocaleString("en-GB")} orders, ` +
    `${lines.toLocaleString("en-GB")} lines in ${(generateMs / 1000).toFixed(1)} s ` +
    `(${perSecond(customers, generateMs)} customers/s, ${perSecond(lines, generateMs)} lines/s)`,
);

const directory = values.database ? undefined : mkdtempSync(join(tmpdir(), "tactful-bench-"));
const path = values.database ?? join(directory!, "bench.sqlite");
const db = openDatabase(path);
migrateDatabase(db);
let peakRss = process.memoryUsage().rss;
started = performance.now();
const { counts } = seedShop(db, {
  slug: `bench-${Date.now()}`,
  name: "Benchmark shop",
  ...options,
  onProgress: () => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  },
});
const seedMs = performance.now() - started;
db.$client.close();
if (directory) rmSync(directory, { recursive: true, force: true });
console.info(
  `generate + insert: ${counts.customers.toLocaleString("en-GB")} customers, ${counts.orders.toLocaleString("en-GB")} orders, ` +
    `${counts.lines.toLocaleString("en-GB")} lines in ${(seedMs / 1000).toFixed(1)} s ` +
    `(${perSecond(counts.customers, seedMs)} customers/s, ${perSecond(counts.orders, seedMs)} orders/s, ` +
    `${perSecond(counts.lines, seedMs)} lines/s)`,
);
console.info(
  `memory: peak RSS ${megabytes(process.resourceUsage().maxRSS * 1024)} for the process; ` +
    `${megabytes(peakRss)} sampled between insert transactions`,
);
