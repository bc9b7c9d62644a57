import type { Db } from "../../db/client";
import type { Purchases } from "./replenish";
import { summarize, type CustomerSummary, type OrderDay } from "./summary";

const DAY = 86_400_000;

export type CustomerHistory = {
  customerId: number;
  summary: CustomerSummary;
  /** Purchase days per product, ascending, one per day. */
  purchases: Purchases[];
};

/**
 * Streams every customer's order history before `asOf`, one customer at a
 * time in id order (optionally only ids in `(after, upTo]`), so that a shop
 * of a million customers is read without holding its order lines in memory.
 * The orders index on (shop, customer, time) gives the order without a sort.
 */
export function forEachHistory(
  db: Db,
  input: { shopId: number; asOf: Date; after?: number; upTo?: number },
  visit: (history: CustomerHistory) => void,
) {
  const rows = db.$client
    .prepare(
      `SELECT o.customer_id, o.id, o.ordered_at, o.total_cents, l.product_id
       FROM orders o LEFT JOIN order_lines l ON l.order_id = o.id
       WHERE o.shop_id = ? AND o.ordered_at < ? AND o.customer_id > ? AND o.customer_id <= ?
       ORDER BY o.customer_id, o.ordered_at, o.id`,
    )
    .raw(true)
    .iterate(input.shopId, input.asOf.getTime(), input.after ?? 0, input.upTo ?? Number.MAX_SAFE_INTEGER);

  let customerId = -1;
  let lastOrder = -1;
  let days: OrderDay[] = [];
  let products = new Map<number, number[]>();
  const flush = () => {
    if (customerId < 0) return;
    visit({
      customerId,
      summary: summarize(customerId, days, input.asOf),
      purchases: Array.from(products, ([productId, d]) => ({ productId, days: d })),
    });
  };
  for (const row of rows as Iterable<[number, number, number, number, number | null]>) {
    const [customer, orderId, orderedAt, total, productId] = row;
    if (customer !== customerId) {
      flush();
      customerId = customer;
      lastOrder = -1;
      days = [];
      products = new Map();
    }
    const day = Math.floor(orderedAt / DAY);
    if (orderId !== lastOrder) {
      lastOrder = orderId;
      const today = days[days.length - 1];
      if (today?.day === day) today.total += total;
      else days.push({ day, total });
    }
    if (productId === null) continue;
    const bought = products.get(productId);
    if (!bought) products.set(productId, [day]);
    else if (bought[bought.length - 1] !== day) bought.push(day);
  }
  flush();
}
