import type { Queryable } from "../../db/client";
import { selectAudience } from "../drafting/audience";
import { campaignCategories, loadCustomers, loadRecentSends, loadSuppressedHashes } from "../drafting/load";
import { lookbackDays, type PolicyInput } from "../policy/eligibility";
import type { ReasonCode } from "../policy/reasons";
import { loadAudienceFeatures, type AudienceFeatures } from "./features";
import { matchesAudience, type Audience } from "./rules";

export type AudiencePreview = {
  features: Map<number, AudienceFeatures>;
  /** Customers the rules match, before the policy. */
  matching: number[];
  /** The policy's reason for each customer it leaves out, among all of the shop's customers. */
  excluded: Map<number, ReasonCode>;
};

/**
 * The audience rules and the eligibility policy over every customer of a
 * shop, as drafting would apply them now (without ranking or the audience
 * limit): for the live count in the builder and the fairness check.
 */
export function previewAudience(
  db: Queryable,
  input: {
    shopId: number;
    shop: PolicyInput["shop"];
    audience: Audience | null;
    featured: { featuredCategoryId: number | null; featuredProductIds: number[] };
    /** The model run whose predictions "predicted activity" rules read. */
    modelRunId: number | null;
    now: Date;
  },
): AudiencePreview {
  const { shopId, now } = input;
  const features = loadAudienceFeatures(db, shopId, input.modelRunId);
  const { excluded } = selectAudience({
    people: loadCustomers(db, shopId),
    orderCounts: new Map([...features].map(([id, f]) => [id, f.orderCount])),
    lastOrderAts: new Map(
      [...features].flatMap(([id, f]) => (f.lastOrderAt ? [[id, f.lastOrderAt] as const] : [])),
    ),
    scores: new Map(),
    suppressedHashes: loadSuppressedHashes(db, shopId),
    recentSends: loadRecentSends(db, shopId, now, lookbackDays(input.shop)),
    campaign: campaignCategories(db, shopId, input.featured),
    shop: input.shop,
    audienceLimit: null,
    removed: new Set(),
    now,
  });
  const matching = [...features.values()].filter((f) => matchesAudience(input.audience, f)).map((f) => f.id);
  return { features, matching, excluded: new Map(excluded.map((e) => [e.customerId, e.reason])) };
}

/** Who the rules match, who of them the policy leaves out and why, and who remains. */
export function countAudience(preview: AudiencePreview) {
  const excludedByReason = new Map<ReasonCode, number>();
  for (const id of preview.matching) {
    const reason = preview.excluded.get(id);
    if (reason) excludedByReason.set(reason, (excludedByReason.get(reason) ?? 0) + 1);
  }
  const excluded = [...excludedByReason].reduce((sum, [, n]) => sum + n, 0);
  return {
    customers: preview.features.size,
    matching: preview.matching.length,
    eligible: preview.matching.length - excluded,
    excluded: [...excludedByReason]
      .map(([reason, n]) => ({ reason, n }))
      .sort((a, b) => b.n - a.n || a.reason.localeCompare(b.reason)),
  };
}
