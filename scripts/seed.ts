import "../jobs/env-file";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { shops } from "../db/schema";
import { DEMO_LOGIN, DEMO_SIZE, DEMO_SLUG, DEMO_STAFF_LOGIN, seedDemo } from "../db/seed/demo";

// `npm run seed -- [--reset] [--customers N] [--orders N] [--database PATH]`:
// the demo shop, idempotent. The sizes apply when the shop is created.
const { values } = parseArgs({
  options: {
    reset: { type: "boolean", default: false },
    customers: { type: "string" },
    orders: { type: "string" },
    database: { type: "string" },
  },
});

function count(flag: "customers" | "orders", fallback: number): number {
  const raw = values[flag];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${flag} takes a whole number, not "${raw}"`);
    process.exit(2);
  }
  return n;
}

const size = {
  customers: count("customers", DEMO_SIZE.customers),
  ordersTarget: count("orders", DEMO_SIZE.ordersTarget),
};
const path = values.database ?? process.env.DATABASE_PATH ?? ".data/tactful.sqlite";
const db = openDatabase(path);
migrateDatabase(db);
if (values.reset) {
  console.info(`Deleting the demo shop (${DEMO_SLUG}) and everything in it from ${path}…`);
  db.delete(shops).where(eq(shops.slug, DEMO_SLUG)).run();
}
const started = performance.now();
const { shopId, created } = await seedDemo(db, size);
const ms = Math.round(performance.now() - started);
const rows = db.$client
  .prepare(
    `SELECT (SELECT count(*) FROM customers WHERE shop_id = :shop) AS customers,
            (SELECT count(*) FROM orders WHERE shop_id = :shop) AS orders,
            (SELECT count(*) FROM order_lines WHERE shop_id = :shop) AS lines,
            (SELECT count(*) FROM suppressions WHERE shop_id = :shop) AS suppressions`,
  )
  .get({ shop: shopId }) as Record<"customers" | "orders" | "lines" | "suppressions", number>;
console.info(
  `${created ? `Seeded the demo shop in ${ms} ms` : "The demo shop already exists; nothing changed (--reset starts again)"}: ` +
    `${rows.customers} customers, ${rows.orders} orders, ${rows.lines} order lines, ` +
    `${rows.suppressions} suppressed addresses, in ${path}.`,
);
console.info(`Owner login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`);
console.info(`Staff login: ${DEMO_STAFF_LOGIN.email} / ${DEMO_STAFF_LOGIN.password}`);
db.$client.close();
