import { sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import type { RfmSummary } from "./bgnbd";

const DAY = 86_400_000;

export type CustomerSummary = RfmSummary & { customerId: number; monetaryValue: number };

/**
 * The repeat-purchase summary of every customer with orders, in the
 * lifetimes convention: purchases on the same day count as one; frequency is
 * the number of repeat days; recency is the time from the first to the last;
 * T is the time from the first to `asOf`; monetary value is the mean total of
 * the repeat days. Times in units of `unitDays` (weeks by default, as in the
 * BG/NBD papers).
 */
export function shopSummaries(
  db: Queryable,
  shopId: number,
  options: { asOf: Date; unitDays?: number },
): CustomerSummary[] {
  const unit = (options.unitDays ?? 7) * DAY;
  const rows = db.all<{ customerId: number; day: number; total: number }>(sql`
    SELECT customer_id AS customerId, ordered_at / ${DAY} AS day, sum(total_cents) AS total
    FROM orders
    WHERE shop_id = ${shopId} AND ordered_at < ${options.asOf.getTime()}
    GROUP BY customer_id, day
    ORDER BY customer_id, day`);
  const summaries: CustomerSummary[] = [];
  for (let i = 0; i < rows.length;) {
    let j = i;
    while (j < rows.length && rows[j].customerId === rows[i].customerId) j++;
    const days = rows.slice(i, j);
    const first = days[0].day * DAY;
    const repeats = days.slice(1);
    summaries.push({
      customerId: rows[i].customerId,
      frequency: repeats.length,
      recency: repeats.length ? (days[days.length - 1].day * DAY - first) / unit : 0,
      T: (options.asOf.getTime() - first) / unit,
      monetaryValue: repeats.length ? repeats.reduce((s, d) => s + d.total, 0) / repeats.length / 100 : 0,
    });
    i = j;
  }
  return summaries;
}
