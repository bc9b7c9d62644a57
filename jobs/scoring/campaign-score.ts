import type { Contribution } from "../../db/schema";
import type { Relevance } from "../models/affinity";
import type { DueItem } from "../models/replenish";
import { percentileRanks, type CustomerAggregate } from "./rfm";

export const CAMPAIGN_MODEL_VERSION = "campaign-2 (BG/NBD + Gamma-Gamma + co-purchase + replenishment)";

/** A customer's predictions from the shop's latest model run. */
export type Prediction = { pAlive: number; expected90: number; clv12: number };

export type CampaignSignals = {
  aggregate: CustomerAggregate;
  prediction: Prediction;
  /** Null when the campaign features nothing. */
  relevance: (Relevance & { viaName?: string; featuredName?: string }) | null;
  /** The featured replenishable product the customer is closest to reordering, if any. */
  due: (DueItem & { productName: string }) | null;
};

type Weights = { active: number; expected: number; value: number; affinity: number; due: number };

// Whether the customer is still a customer matters most: an email to someone
// who has drifted away is the least welcome. Relevance to what the campaign
// features comes next; spend counts least, so big spenders are not pestered.
const WEIGHTS: Weights = { active: 0.3, expected: 0.2, value: 0.15, affinity: 0.2, due: 0.15 };

export function campaignWeights(options: { featured: boolean; replenishable: boolean }): Weights {
  const used: Weights = {
    ...WEIGHTS,
    affinity: options.featured ? WEIGHTS.affinity : 0,
    due: options.featured && options.replenishable ? WEIGHTS.due : 0,
  };
  const total = Object.values(used).reduce((s, w) => s + w, 0);
  return {
    active: used.active / total,
    expected: used.expected / total,
    value: used.value / total,
    affinity: used.affinity / total,
    due: used.due / total,
  };
}

/**
 * The campaign score: a weighted sum of the probability the customer is still
 * active, their expected purchases in the next 90 days and 12-month value (as
 * percentiles within the shop), the featured products' fit, and how due they
 * are to reorder a featured product. Each term is stored as a contribution,
 * and the contributions sum to the score, so the reasons are the score's own.
 */
export function scoreCampaign(
  signals: CampaignSignals[],
  options: { featured: boolean; replenishable: boolean },
): { customerId: number; score: number; contributions: Contribution[] }[] {
  if (signals.length === 0) return [];
  const w = campaignWeights(options);
  const expected = percentileRanks(signals.map((s) => s.prediction.expected90));
  const value = percentileRanks(signals.map((s) => s.prediction.clv12));
  return signals.map((s, i) => {
    const contributions: Contribution[] = [
      { feature: "active", value: s.prediction.pAlive, contribution: w.active * s.prediction.pAlive },
      { feature: "expected", value: s.prediction.expected90, contribution: w.expected * expected[i] },
      { feature: "value", value: s.prediction.clv12, contribution: w.value * value[i] },
    ];
    if (w.affinity > 0 && s.relevance) {
      const r = s.relevance;
      contributions.push({
        feature: "affinity",
        value: r.relevance,
        contribution: w.affinity * r.relevance,
        detail: r.boughtFeatured
          ? { bought: s.aggregate.featuredLines }
          : { via: r.viaName ?? "", featured: r.featuredName ?? "" },
      });
    }
    if (w.due > 0 && s.due) {
      contributions.push({
        feature: "due",
        value: s.due.dueness,
        contribution: w.due * s.due.dueness,
        detail: {
          product: s.due.productName,
          times: s.due.timesBought,
          intervalDays: Math.round(s.due.intervalDays),
          daysSince: s.due.daysSince,
        },
      });
    }
    const score = contributions.reduce((sum, c) => sum + c.contribution, 0);
    return { customerId: s.aggregate.customerId, score, contributions };
  });
}
