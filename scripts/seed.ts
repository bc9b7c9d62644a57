import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { shops } from "../db/schema";
import { DEMO_LOGIN, DEMO_STAFF_LOGIN, seedDemo } from "../db/seed/demo";

// `npm run seed [-- --reset] [-- --database PATH]`: the demo shop, idempotent.
const { values } = parseArgs({
  options: { reset: { type: "boolean", default: false }, database: { type: "string" } },
});
const path = values.database ?? process.env.DATABASE_PATH ?? ".data/tactful.sqlite";
const db = openDatabase(path);
migrateDatabase(db);
if (values.reset) {
  console.info("Deleting the demo shop and everything in it…");
  db.delete(shops).where(eq(shops.slug, "bean-and-leaf")).run();
}
const started = Date.now();
const { created } = await seedDemo(db);
const count = (table: string) =>
  (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
console.info(
  created
    ? `Seeded the demo shop in ${Date.now() - started} ms: ${count("customers")} customers, ${count("orders")} orders, ${count("order_lines")} order lines.`
    : "The demo shop already exists; nothing changed (use --reset to start again).",
);
console.info(`Owner login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`);
console.info(`Staff login: ${DEMO_STAFF_LOGIN.email} / ${DEMO_STAFF_LOGIN.password}`);
db.$client.close();
