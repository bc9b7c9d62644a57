import { expectedPurchases, type BgNbdParams } from "./bgnbd";
import type { CustomerSummary } from "./summary";

/** Area under the ROC curve: how often a buyer is ranked above a non-buyer (ties count half). */
export function auc(scores: number[], bought: boolean[]): number {
  const order = scores.map((s, i) => [s, bought[i]] as const).sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    const midRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (!order[k][1]) continue;
      rankSum += midRank;
      positives++;
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export type BacktestResult = {
  byFrequency: { frequency: string; customers: number; actual: number; predicted: number }[];
  auc: { model: number; rfmBaseline: number };
  holdoutBuyers: number;
};

/**
 * Fit on the calibration period, predict the holdout: mean repeat purchases by
 * calibration frequency (the classic BG/NBD check), and how well the model
 * ranks who buys in the holdout against a plain recency + frequency baseline.
 */
export function backtest(
  calibration: CustomerSummary[],
  holdoutPurchases: Map<number, number>,
  params: BgNbdParams,
  holdoutLength: number,
): BacktestResult {
  const predicted = calibration.map((c) => expectedPurchases(params, c, holdoutLength));
  const actual = calibration.map((c) => holdoutPurchases.get(c.customerId) ?? 0);
  const buckets = new Map<string, { customers: number; actual: number; predicted: number }>();
  calibration.forEach((c, i) => {
    const key = c.frequency >= 7 ? "7+" : String(c.frequency);
    const b = buckets.get(key) ?? { customers: 0, actual: 0, predicted: 0 };
    b.customers++;
    b.actual += actual[i];
    b.predicted += predicted[i];
    buckets.set(key, b);
  });
  const byFrequency = ["0", "1", "2", "3", "4", "5", "6", "7+"]
    .filter((k) => buckets.has(k))
    .map((k) => {
      const b = buckets.get(k)!;
      return {
        frequency: k,
        customers: b.customers,
        actual: b.actual / b.customers,
        predicted: b.predicted / b.customers,
      };
    });
  const bought = actual.map((n) => n > 0);
  // The baseline a shop would use without a model: recent and frequent first.
  const baseline = calibration.map((c) => c.frequency / (1 + c.T - c.recency));
  return {
    byFrequency,
    auc: { model: auc(predicted, bought), rfmBaseline: auc(baseline, bought) },
    holdoutBuyers: bought.filter(Boolean).length,
  };
}
