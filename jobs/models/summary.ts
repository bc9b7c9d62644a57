import { sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import type { RfmSummary } from "./bgnbd";

const DAY = 86_400_000;
// Inlined, not bound: a bound JS number is a REAL to SQLite, and REAL division
// would not cut times to whole days.
const WHOLE_DAYS = sql.raw(String(DAY));

export type CustomerSummary = RfmSummary & { customerId: number; monetaryValue: number };
/** A day on which the customer ordered (days since the epoch) and what they spent that day, in cents. */
export type OrderDay = { day: number; total: number };

/**
 * The repeat-purchase summary in the lifetimes convention: purchases on the
 * same day count as one; frequency is the number of repeat days; recency is
 * the time from the first to the last; T is the time from the first to
 * `asOf`; monetary value is the mean total of the repeat days. Times in units
 * of `unitDays` (weeks by default, as in the BG/NBD papers). `days` ascending.
 */
export function summarize(customerId: number, days: OrderDay[], asOf: Date, unitDays = 7): CustomerSummary {
  const unit = unitDays * DAY;
  const first = days[0].day * DAY;
  const repeats = days.slice(1);
  return {
    customerId,
    frequency: repeats.length,
    recency: repeats.length ? (days[days.length - 1].day * DAY - first) / unit : 0,
    T: (asOf.getTime() - first) / unit,
    monetaryValue: repeats.length ? repeats.reduce((s, d) => s + d.total, 0) / repeats.length / 100 : 0,
  };
}

/** The summary of every customer of the shop with orders before `asOf`. */
export function shopSummaries(
  db: Queryable,
  shopId: number,
  options: { asOf: Date; unitDays?: number },
): CustomerSummary[] {
  const rows = db.all<{ customerId: number; day: number; total: number }>(sql`
    SELECT customer_id AS customerId, ordered_at / ${WHOLE_DAYS} AS day, sum(total_cents) AS total
    FROM orders
    WHERE shop_id = ${shopId} AND ordered_at < ${options.asOf.getTime()}
    GROUP BY customer_id, day
    ORDER BY customer_id, day`);
  const summaries: CustomerSummary[] = [];
  for (let i = 0; i < rows.length;) {
    let j = i;
    while (j < rows.length && rows[j].customerId === rows[i].customerId) j++;
    summaries.push(summarize(rows[i].customerId, rows.slice(i, j), options.asOf, options.unitDays));
    i = j;
  }
  return summaries;
}
