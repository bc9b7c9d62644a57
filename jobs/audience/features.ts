import { sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import type { CustomerFeatures } from "./rules";

export type AudienceFeatures = CustomerFeatures & {
  id: number;
  birthdate: string | null;
  /** A product from the customer's most recent order, for the last_purchase field. */
  lastPurchase: { name: string; at: Date } | null;
};

type Row = {
  id: number;
  country: string | null;
  birthdate: string | null;
  order_count: number | null;
  total_cents: number | null;
  last_order_at: number | null;
  product_ids: string | null;
  category_ids: string | null;
  last_product: string | null;
  p_alive: number | null;
  expected_90: number | null;
};

const ids = (list: string | null) => new Set(list ? list.split(",").map(Number) : []);

/**
 * What the audience rules and the fairness check look at, for every customer
 * of one shop, in one query; predictions from the given model run, if any.
 */
export function loadAudienceFeatures(
  db: Queryable,
  shopId: number,
  modelRunId: number | null = null,
): Map<number, AudienceFeatures> {
  const rows = db.all<Row>(sql`
    WITH totals AS (
      SELECT customer_id, count(*) AS order_count, sum(total_cents) AS total_cents,
             max(ordered_at) AS last_order_at
      FROM orders WHERE shop_id = ${shopId} GROUP BY customer_id
    ), bought AS (
      SELECT o.customer_id, group_concat(DISTINCT l.product_id) AS product_ids,
             group_concat(DISTINCT p.category_id) AS category_ids
      FROM order_lines l
      JOIN orders o ON o.id = l.order_id
      JOIN products p ON p.id = l.product_id
      WHERE l.shop_id = ${shopId} GROUP BY o.customer_id
    ), latest AS (
      SELECT o.customer_id, max(o.id) AS order_id
      FROM orders o
      JOIN totals t ON t.customer_id = o.customer_id AND o.ordered_at = t.last_order_at
      WHERE o.shop_id = ${shopId} GROUP BY o.customer_id
    )
    SELECT c.id, c.country, c.birthdate, t.order_count, t.total_cents, t.last_order_at,
           b.product_ids, b.category_ids,
           (SELECT p.name FROM order_lines l JOIN products p ON p.id = l.product_id
            WHERE l.order_id = latest.order_id ORDER BY l.id LIMIT 1) AS last_product,
           pr.p_alive, pr.expected_90
    FROM customers c
    LEFT JOIN totals t ON t.customer_id = c.id
    LEFT JOIN bought b ON b.customer_id = c.id
    LEFT JOIN latest ON latest.customer_id = c.id
    LEFT JOIN customer_predictions pr
      ON pr.model_run_id = ${modelRunId} AND pr.customer_id = c.id AND pr.shop_id = ${shopId}
    WHERE c.shop_id = ${shopId}`);
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        country: r.country,
        birthdate: r.birthdate,
        orderCount: r.order_count ?? 0,
        totalCents: r.total_cents ?? 0,
        lastOrderAt: r.last_order_at === null ? null : new Date(r.last_order_at),
        productIds: ids(r.product_ids),
        categoryIds: ids(r.category_ids),
        prediction:
          r.p_alive === null || r.expected_90 === null
            ? null
            : { pAlive: r.p_alive, expected90: r.expected_90 },
        lastPurchase:
          r.last_product !== null && r.last_order_at !== null
            ? { name: r.last_product, at: new Date(r.last_order_at) }
            : null,
      },
    ]),
  );
}
