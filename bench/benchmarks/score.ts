import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { seedShop } from "../../db/seed/demo";
import { runShopModel } from "../../jobs/models/model-run";
import { ratePerSecond, type Benchmark } from "../harness";

// Generating a million customers takes minutes, so each size's shop is kept
// between runs in .cache/, named after the schema it was made with: a changed
// migration makes a new file (removing the folder starts afresh).
const CACHE = ".cache/bench";
const LINES_PER_CUSTOMER = 10;

function shopDatabase(customers: number) {
  mkdirSync(CACHE, { recursive: true });
  const migrations = createHash("sha256");
  for (const file of readdirSync("db/migrations")
    .filter((f) => f.endsWith(".sql"))
    .sort())
    migrations.update(readFileSync(join("db/migrations", file)));
  const path = join(CACHE, `score-${customers}-${migrations.digest("hex").slice(0, 8)}.sqlite`);
  const fresh = !existsSync(path);
  const db = openDatabase(path);
  migrateDatabase(db);
  if (fresh) {
    console.info(`  generating ${customers.toLocaleString("en-GB")} customers (kept in ${path})…`);
    // About two lines per order, so half as many orders as lines.
    seedShop(db, {
      slug: "bench-score",
      name: "Bench Score",
      seed: 3,
      customers,
      ordersTarget: (customers * LINES_PER_CUSTOMER) / 2,
      today: new Date(Date.UTC(2026, 0, 1)),
    });
  }
  const shopId = db.$client
    .prepare("SELECT id FROM shops WHERE slug = 'bench-score'")
    .pluck()
    .get() as number;
  return { db, shopId };
}

/**
 * The customer model end to end: read every customer's history, fit BG/NBD,
 * Gamma-Gamma and co-purchase similarity, and store a prediction for every
 * customer; beside it a bare SQLite aggregate over the same orders.
 */
export const score: Benchmark = {
  name: "score",
  what: "score customers (customer model: history, fit, predictions stored)",
  baselineWhat: "bare SQLite aggregate per customer over the orders",
  unit: "customers/s",
  sizes: { quick: 20_000, full: 1_000_000 },
  // 1,000,000 customers in under 60 seconds.
  goal: Math.ceil(1_000_000 / 60),
  async prepare(size) {
    const { db, shopId } = shopDatabase(size);
    const lines = db.$client
      .prepare("SELECT count(*) FROM order_lines WHERE shop_id = ?")
      .pluck()
      .get(shopId) as number;
    console.info(`  ${lines.toLocaleString("en-GB")} order lines`);
    return {
      async run() {
        db.$client.prepare("DELETE FROM model_runs WHERE shop_id = ?").run(shopId);
        let peak = process.memoryUsage().rss;
        const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
        let started = performance.now();
        const run = runShopModel(db, { shopId });
        const seconds = (performance.now() - started) / 1000;
        const subject = ratePerSecond(run.customers, started);
        clearInterval(sample);
        peak = Math.max(peak, process.memoryUsage().rss);

        started = performance.now();
        const customers = db.$client
          .prepare(
            `SELECT count(*) FROM (SELECT customer_id, count(*), sum(total_cents), min(ordered_at), max(ordered_at)
             FROM orders WHERE shop_id = ? GROUP BY customer_id)`,
          )
          .pluck()
          .get(shopId) as number;
        const baseline = ratePerSecond(customers, started);
        return {
          subject,
          baseline,
          extra: { seconds, peakRssMb: peak / 1_048_576, lines },
        };
      },
      async close() {
        db.$client.close();
      },
    };
  },
};
