import type { Contribution } from "../../db/schema";

export const RFM_MODEL_VERSION = "rfm-1";

export type CustomerAggregate = {
  customerId: number;
  orderCount: number;
  firstOrderAt: Date;
  lastOrderAt: Date;
  totalCents: number;
  /** Order lines in the campaign's featured category (0 when none is featured). */
  featuredLines: number;
};

export type ScoredCustomer = { customerId: number; score: number; contributions: Contribution[] };

// Recency matters most for whether an email is welcome; affinity only counts
// when the campaign features a category.
const WEIGHTS = { recency: 0.35, frequency: 0.3, monetary: 0.15, affinity: 0.2 } as const;

/** Mid-rank percentiles in [0, 1]; ties share a rank, a single value gets 1. */
export function percentileRanks(values: number[]): number[] {
  const n = values.length;
  if (n === 1) return [1];
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(n);
  for (let start = 0; start < n;) {
    let end = start;
    while (end + 1 < n && order[end + 1][0] === order[start][0]) end++;
    const mid = (start + end) / 2 / (n - 1);
    for (let k = start; k <= end; k++) ranks[order[k][1]] = mid;
    start = end + 1;
  }
  return ranks;
}

/**
 * A transparent baseline: each feature's percentile within the shop, times a
 * fixed weight. The contributions sum to the score, so the reasons shown to
 * owners and recipients are exactly what produced it.
 */
export function scoreRfm(aggregates: CustomerAggregate[], options: { featured: boolean }): ScoredCustomer[] {
  if (aggregates.length === 0) return [];
  const weights = options.featured
    ? WEIGHTS
    : (() => {
        const rest = 1 - WEIGHTS.affinity;
        return {
          recency: WEIGHTS.recency / rest,
          frequency: WEIGHTS.frequency / rest,
          monetary: WEIGHTS.monetary / rest,
          affinity: 0,
        };
      })();
  const recency = percentileRanks(aggregates.map((a) => a.lastOrderAt.getTime()));
  const frequency = percentileRanks(aggregates.map((a) => a.orderCount));
  const monetary = percentileRanks(aggregates.map((a) => a.totalCents));
  const affinity = percentileRanks(aggregates.map((a) => a.featuredLines));

  return aggregates.map((a, i) => {
    const contributions: Contribution[] = [
      { feature: "recency", value: a.lastOrderAt.getTime(), contribution: weights.recency * recency[i] },
      { feature: "frequency", value: a.orderCount, contribution: weights.frequency * frequency[i] },
      { feature: "monetary", value: a.totalCents, contribution: weights.monetary * monetary[i] },
    ];
    if (options.featured) {
      // A customer who never bought the category gets no credit for it, even
      // when most customers share that zero.
      const share = a.featuredLines > 0 ? affinity[i] : 0;
      contributions.push({
        feature: "affinity",
        value: a.featuredLines,
        contribution: weights.affinity * share,
      });
    }
    const score = contributions.reduce((sum, c) => sum + c.contribution, 0);
    return { customerId: a.customerId, score, contributions };
  });
}
