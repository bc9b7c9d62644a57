import { and, desc, eq, isNotNull, ne, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { customers, orders, shops } from "../../db/schema";
import { ageOn } from "../policy/eligibility";
import { noEmailKey } from "./apply";
import { emailProblem } from "./values";

export type QualityCheck = { code: string; label: string; count: number; examples: string[] };

const EXAMPLES = 5;

/**
 * The state of a shop's data, whatever brought it in: the checks the Data
 * page shows at any time. The same window and minimum age as the policy.
 */
export function shopQuality(db: Queryable, shopId: number, now = new Date()): QualityCheck[] {
  const shop = db.select().from(shops).where(eq(shops.id, shopId)).get();
  if (!shop) return [];
  const staleBefore = new Date(now);
  staleBefore.setUTCMonth(staleBefore.getUTCMonth() - shop.staleMonths);
  const lastOrders = db
    .select({ customerId: orders.customerId, lastAt: sql<number>`max(${orders.orderedAt})`.as("last_at") })
    .from(orders)
    .where(eq(orders.shopId, shopId))
    .groupBy(orders.customerId)
    .as("last_orders");
  const people = db
    .select({
      email: customers.email,
      birthdate: customers.birthdate,
      consentAt: customers.consentAt,
      lastAt: lastOrders.lastAt,
    })
    .from(customers)
    .leftJoin(lastOrders, eq(lastOrders.customerId, customers.id))
    .where(eq(customers.shopId, shopId))
    .all();

  const checks = new Map<string, QualityCheck>();
  const add = (code: string, label: string, example: string) => {
    const check = checks.get(code) ?? { code, label, count: 0, examples: [] };
    check.count += 1;
    if (check.examples.length < EXAMPLES) check.examples.push(example);
    checks.set(code, check);
  };
  const noEmailPrefix = noEmailKey("");
  for (const row of people) {
    const noEmail = row.email.startsWith(noEmailPrefix);
    const p = { ...row, email: noEmail ? `customer ${row.email.slice(noEmailPrefix.length)}` : row.email };
    if (noEmail) add("no_email", "No email address: never contactable", p.email);
    else {
      const problem = emailProblem(p.email);
      if (problem?.invalid) add("invalid_email", "Invalid email address", p.email);
      else if (problem?.reserved && shop.demo)
        add(
          "demo_email",
          "Demo addresses on reserved domains (they reach only the local mail catcher)",
          p.email,
        );
      else if (problem)
        add("undeliverable_email", "Email unlikely to be delivered", `${p.email} (${problem.reason})`);
    }
    if (p.lastAt === null) add("no_orders", "Customers with no orders", p.email);
    else if (Math.max(p.lastAt, p.consentAt?.getTime() ?? 0) < staleBefore.getTime()) {
      add(
        "stale",
        `Stale: no order or consent change in ${shop.staleMonths} months (left out of campaigns)`,
        p.email,
      );
    }
    const age = p.birthdate ? ageOn(p.birthdate, now) : null;
    if (age !== null && age < shop.minorAge) add("minor", `Under ${shop.minorAge} (never emailed)`, p.email);
  }

  const orderCheck = (code: string, label: string, where: ReturnType<typeof and>) => {
    const rows = db
      .select({ externalId: orders.externalId })
      .from(orders)
      .where(and(eq(orders.shopId, shopId), where))
      .all();
    if (rows.length > 0) {
      checks.set(code, {
        code,
        label,
        count: rows.length,
        examples: rows.slice(0, EXAMPLES).map((r) => r.externalId),
      });
    }
  };
  orderCheck("future_order", "Orders dated in the future", sql`${orders.orderedAt} > ${now.getTime()}`);
  if (shop.openedOn) {
    const opened = Date.parse(`${shop.openedOn}T00:00:00Z`);
    orderCheck(
      "before_opening",
      `Orders before the shop opened (${shop.openedOn})`,
      sql`${orders.orderedAt} < ${opened}`,
    );
  }
  orderCheck("non_positive_total", "Orders with a zero or negative total", sql`${orders.totalCents} <= 0`);
  const currencies = db
    .select({ currency: orders.currency, n: sql<number>`count(*)` })
    .from(orders)
    .where(and(eq(orders.shopId, shopId), isNotNull(orders.currency)))
    .groupBy(orders.currency)
    .orderBy(desc(sql`count(*)`), orders.currency)
    .all();
  // Spend and lifetime value add totals up as they are: orders in another currency skew them.
  if (currencies.length > 1) {
    const [main, ...others] = currencies.map((c) => c.currency!);
    const rows = db
      .select({ externalId: orders.externalId, currency: orders.currency })
      .from(orders)
      .where(and(eq(orders.shopId, shopId), isNotNull(orders.currency), ne(orders.currency, main)))
      .limit(EXAMPLES)
      .all();
    checks.set("mixed_currencies", {
      code: "mixed_currencies",
      label: `Orders not in ${main}, the shop's usual currency (${others.join(", ")}): totals are added up unconverted`,
      count: currencies.slice(1).reduce((sum, c) => sum + c.n, 0),
      examples: rows.map((r) => `${r.externalId} (${r.currency})`),
    });
  }
  return [...checks.values()];
}
