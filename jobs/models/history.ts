import { sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import type { Purchases } from "./replenish";

const DAY = 86_400_000;

/**
 * Every customer's purchase days per product before `asOf` (days since the
 * epoch, ascending, one per day), in one pass over the shop's order lines.
 */
export function purchaseHistories(db: Queryable, shopId: number, asOf: Date): Map<number, Purchases[]> {
  const rows = db.all<{ customerId: number; productId: number; day: number }>(sql`
    SELECT o.customer_id AS customerId, l.product_id AS productId, o.ordered_at / ${DAY} AS day
    FROM order_lines l JOIN orders o ON o.id = l.order_id
    WHERE l.shop_id = ${shopId} AND o.shop_id = ${shopId} AND o.ordered_at < ${asOf.getTime()}
    GROUP BY o.customer_id, l.product_id, day
    ORDER BY o.customer_id, l.product_id, day`);
  const histories = new Map<number, Purchases[]>();
  let current: { productId: number; days: number[] } | null = null;
  let currentCustomer = -1;
  for (const row of rows) {
    if (row.customerId !== currentCustomer || row.productId !== current?.productId) {
      current = { productId: row.productId, days: [] };
      if (row.customerId !== currentCustomer) histories.set(row.customerId, []);
      histories.get(row.customerId)!.push(current);
      currentCustomer = row.customerId;
    }
    current.days.push(row.day);
  }
  return histories;
}
