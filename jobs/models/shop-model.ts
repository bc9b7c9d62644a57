import { sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { backtest } from "./backtest";
import { expectedPurchases, fitBgNbd, probabilityAlive } from "./bgnbd";
import { expectedAverageSpend, fitGammaGamma } from "./gamma-gamma";
import { shopSummaries } from "./summary";

const DAY = 86_400_000;
const WEEK = 7 * DAY;
export const HOLDOUT_WEEKS = 26;

function histogram(values: number[], edges: number[]) {
  return edges.slice(0, -1).map((from, i) => ({
    from,
    to: edges[i + 1],
    count: values.filter((v) => v >= from && (i === edges.length - 2 ? v <= edges[i + 1] : v < edges[i + 1]))
      .length,
  }));
}

/**
 * The shop's customer model: BG/NBD and Gamma-Gamma fitted on all history
 * (for today's predictions) and on a calibration period (for the holdout
 * check shown beside them). Null while the shop has too little history.
 */
export function shopModel(db: Queryable, shopId: number, now = new Date()) {
  const summaries = shopSummaries(db, shopId, { asOf: now });
  if (summaries.filter((s) => s.frequency > 0).length < 20) return null;
  const bgnbd = fitBgNbd(summaries);
  const gammaGamma = fitGammaGamma(summaries);
  const pAlive = summaries.map((s) => probabilityAlive(bgnbd, s));
  const clv = summaries.map((s) => expectedPurchases(bgnbd, s, 52) * expectedAverageSpend(gammaGamma, s));

  const calibrationEnd = new Date(now.getTime() - HOLDOUT_WEEKS * WEEK);
  const calibration = shopSummaries(db, shopId, { asOf: calibrationEnd });
  const holdout = new Map(
    db
      .all<{ customerId: number; days: number }>(
        sql`SELECT customer_id AS customerId, count(DISTINCT ordered_at / ${DAY}) AS days FROM orders
            WHERE shop_id = ${shopId} AND ordered_at >= ${calibrationEnd.getTime()} AND ordered_at < ${now.getTime()}
            GROUP BY customer_id`,
      )
      .map((r) => [r.customerId, r.days]),
  );
  const calibrationFit = fitBgNbd(calibration);
  const firstOrder = db.get<{ first: number | null }>(
    sql`SELECT min(ordered_at) AS first FROM orders WHERE shop_id = ${shopId}`,
  );
  const sortedClv = [...clv].sort((a, b) => a - b);
  return {
    fittedAt: now,
    data: {
      customers: summaries.length,
      repeatCustomers: gammaGamma.customers,
      firstOrder: new Date(firstOrder.first ?? now.getTime()),
      to: now,
    },
    bgnbd,
    gammaGamma,
    pAliveHistogram: histogram(pAlive, [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]),
    clv: {
      median: sortedClv[Math.floor(sortedClv.length / 2)],
      top10: sortedClv[Math.floor(sortedClv.length * 0.9)],
      mean: clv.reduce((s, v) => s + v, 0) / clv.length,
    },
    backtest: {
      calibrationEnd,
      weeks: HOLDOUT_WEEKS,
      params: calibrationFit,
      ...backtest(calibration, holdout, calibrationFit, HOLDOUT_WEEKS),
    },
  };
}
