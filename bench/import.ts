import { createReadStream, createWriteStream, existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createGunzip } from "node:zlib";
import { pipeline } from "node:stream/promises";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { createShop } from "../db/seed/factories";
import { createImport, describeFile, processImport } from "../jobs/import/job";
import { guessMapping } from "../jobs/import/formats";

// Import throughput and peak memory, on a generated Shopify orders export of
// --rows rows (default 1,000,000) or on the whole UCI Online Retail file:
//   npx tsx bench/import.ts [--rows N] [--uci ../shared/data/online-retail/online_retail.csv.gz]
// Files are written to the system temporary folder; nothing is timed in tests.
const { values } = parseArgs({ options: { rows: { type: "string" }, uci: { type: "string" } } });

const HEADER =
  "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,Billing Name,Billing Country";

/** A deterministic orders export: 1–5 line items per order, 50,000 customers, 300 products. */
async function generateOrders(path: string, rows: number) {
  const out = createWriteStream(path);
  let seed = 42;
  // mulberry32: small, fast and evenly spread.
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  out.write(`${HEADER}\n`);
  let written = 0;
  let order = 1000;
  const start = Date.UTC(2023, 0, 1);
  while (written < rows) {
    order += 1;
    const lines = Math.min(rows - written, 1 + Math.floor(random() * 5));
    const customer = Math.floor(random() * 50_000);
    const created = new Date(start + Math.floor(random() * 2.5 * 365 * 86_400_000))
      .toISOString()
      .replace("T", " ")
      .slice(0, 19);
    // Distinct products per order, as a shop's export has them.
    const first = Math.floor(random() * 300);
    const items = Array.from({ length: lines }, (_, i) => {
      const product = (first + i * 37) % 300;
      return { quantity: 1 + Math.floor(random() * 3), price: 5 + (product % 40), sku: `SKU-${product}` };
    });
    const subtotal = items.reduce((s, i) => s + i.quantity * i.price, 0).toFixed(2);
    const total = (Number(subtotal) + 3.5).toFixed(2);
    for (const [i, item] of items.entries()) {
      const first = i === 0;
      const orderLevel = first
        ? `paid,${created} +0000,fulfilled,,yes,GBP,${subtotal},3.50,0.00,${total},,0.00,Royal Mail,${created} +0000`
        : ",,,,,,,,,,,,,";
      const line = `${item.quantity},"Coffee ${item.sku}, 250g",${item.price.toFixed(2)},,${item.sku},true,true,fulfilled`;
      const billing = first ? `Customer ${customer},GB` : ",";
      if (!out.write(`#${order},customer${customer}@mail.co,${orderLevel},${line},${billing}\n`)) {
        await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      }
    }
    written += lines;
  }
  await new Promise((resolve) => out.end(resolve));
}

const dir = mkdtempSync(join(tmpdir(), "tactful-bench-"));
let file: string;
if (values.uci) {
  file = join(dir, "online_retail.csv");
  await pipeline(createReadStream(values.uci), createGunzip(), createWriteStream(file));
} else {
  const rows = Number(values.rows ?? 1_000_000);
  file = join(tmpdir(), `tactful-orders-${rows}.csv`);
  if (!existsSync(file)) await generateOrders(file, rows);
}

const db = openDatabase(join(dir, "bench.sqlite"));
migrateDatabase(db);
const shop = createShop(db);
const described = await describeFile(file);
const kind = described.format?.kind ?? "orders";
const record = createImport(db, {
  shopId: shop.id,
  fileName: file,
  storedPath: file,
  sizeBytes: statSync(file).size,
  format: described.format?.id ?? "mapped-orders",
  mapping: described.format?.mapping ?? guessMapping(kind, described.header),
});
const rssBefore = process.memoryUsage().rss;
let peakRss = rssBefore;
const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
const started = performance.now();
const summary = await processImport(db, { shopId: shop.id, importId: record.id });
const seconds = (performance.now() - started) / 1000;
clearInterval(sample);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
console.log(
  JSON.stringify(
    {
      file,
      sizeMB: +(statSync(file).size / 1024 / 1024).toFixed(1),
      rows: summary.rows,
      seconds: +seconds.toFixed(1),
      rowsPerSecond: Math.round(summary.rows / seconds),
      rssBefore: mb(rssBefore),
      peakRss: mb(peakRss),
      maxRssReportedByOs: mb(process.resourceUsage().maxRSS * 1024),
      created: summary.created,
      issues: summary.issues,
    },
    null,
    2,
  ),
);
db.$client.close();
