import { sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { backtest } from "./backtest";
import { fitBgNbd } from "./bgnbd";
import { MIN_REPEAT_CUSTOMERS } from "./model-run";
import { shopSummaries } from "./summary";

const DAY = 86_400_000;
// Inlined, not bound: a bound JS number is a REAL to SQLite, and REAL division
// would not cut times to whole days.
const WHOLE_DAYS = sql.raw(String(DAY));
const WEEK = 7 * DAY;
export const HOLDOUT_WEEKS = 26;

/**
 * Does the model predict this shop's customers? BG/NBD fitted on all but the
 * last `HOLDOUT_WEEKS`, asked about those weeks, and compared with what
 * happened and with a plain recency + frequency ranking. Null while the shop
 * has too little history to fit.
 */
export function holdoutCheck(db: Queryable, shopId: number, now = new Date()) {
  const calibrationEnd = new Date(now.getTime() - HOLDOUT_WEEKS * WEEK);
  const calibration = shopSummaries(db, shopId, { asOf: calibrationEnd });
  if (calibration.filter((s) => s.frequency > 0).length < MIN_REPEAT_CUSTOMERS) return null;
  const holdout = new Map(
    db
      .all<{ customerId: number; days: number }>(
        sql`SELECT customer_id AS customerId, count(DISTINCT ordered_at / ${WHOLE_DAYS}) AS days FROM orders
            WHERE shop_id = ${shopId} AND ordered_at >= ${calibrationEnd.getTime()} AND ordered_at < ${now.getTime()}
            GROUP BY customer_id`,
      )
      .map((r) => [r.customerId, r.days]),
  );
  const params = fitBgNbd(calibration);
  return {
    calibrationEnd,
    weeks: HOLDOUT_WEEKS,
    customers: calibration.length,
    params,
    ...backtest(calibration, holdout, params, HOLDOUT_WEEKS),
  };
}
