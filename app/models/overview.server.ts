import { count, eq, sql } from "drizzle-orm";
import { customers, orders, suppressions } from "../../db/schema";
import { db } from "../db.server";

export function shopOverview({ shopId }: { shopId: number }) {
  const people = db
    .select({
      total: count(),
      consenting: sql<number>`coalesce(sum(${customers.marketingConsent}), 0)`,
      needsCare: sql<number>`coalesce(sum(${customers.needsCare}), 0)`,
    })
    .from(customers)
    .where(eq(customers.shopId, shopId))
    .get()!;
  const orderCount = db.select({ n: count() }).from(orders).where(eq(orders.shopId, shopId)).get()!.n;
  const suppressed = db
    .select({ n: count() })
    .from(suppressions)
    .where(eq(suppressions.shopId, shopId))
    .get()!.n;
  return { ...people, orders: orderCount, suppressed };
}

/** Whether the shop has imported anyone yet: a new shop's first step is to. */
export function hasCustomers({ shopId }: { shopId: number }) {
  return (
    db.select({ id: customers.id }).from(customers).where(eq(customers.shopId, shopId)).limit(1).get() !==
    undefined
  );
}
