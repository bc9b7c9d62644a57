import { checkEligibility, type PolicyInput } from "../policy/eligibility";
import type { ReasonCode } from "../policy/reasons";
import { emailHash } from "../suppression";

export type Person = {
  id: number;
  email: string;
  marketingConsent: boolean;
  birthdate: string | null;
  consentAt: Date | null;
  needsCare: boolean;
  emailFrequency: "as_sent" | "weekly" | "monthly";
  optedOutCategoryIds: number[];
};

export type Exclusion = { customerId: number; reason: ReasonCode; detail: string };

/**
 * Who is in and who is out, and why: the policy for every customer, then
 * the best-scoring eligible ones up to the campaign's limit. Pure.
 */
export function selectAudience<P extends Person>(input: {
  people: P[];
  orderCounts: Map<number, number>;
  lastOrderAts: Map<number, Date>;
  scores: Map<number, number>;
  suppressedHashes: Set<string>;
  recentSends: Map<number, Date[]>;
  campaign: PolicyInput["campaign"];
  shop: PolicyInput["shop"];
  audienceLimit: number | null;
  /** Customers the owner removed from this campaign on the review page. */
  removed: ReadonlySet<number>;
  /**
   * Why the campaign's copy would not be true of an eligible customer (see
   * jobs/suggestions/claims.ts), or null when it is; checked after the
   * policy, so that someone left out to protect them is shown as that.
   */
  claim?: (person: P) => Omit<Exclusion, "customerId"> | null;
  now: Date;
}): { recipients: P[]; excluded: Exclusion[] } {
  const excluded: Exclusion[] = [];
  const eligible: P[] = [];
  for (const person of input.people) {
    if (input.removed.has(person.id)) {
      excluded.push({
        customerId: person.id,
        reason: "removed_by_owner",
        detail: "removed on the review page",
      });
      continue;
    }
    const decision = checkEligibility({
      customer: {
        ...person,
        orderCount: input.orderCounts.get(person.id) ?? 0,
        lastOrderAt: input.lastOrderAts.get(person.id) ?? null,
      },
      suppressed: input.suppressedHashes.has(emailHash(person.email)),
      campaign: input.campaign,
      shop: input.shop,
      recentSends: input.recentSends.get(person.id) ?? [],
      now: input.now,
    });
    if (!decision.eligible) {
      excluded.push({ customerId: person.id, reason: decision.reason, detail: decision.detail });
      continue;
    }
    const untrue = input.claim?.(person);
    if (untrue) excluded.push({ customerId: person.id, ...untrue });
    else eligible.push(person);
  }
  const score = (p: P) => input.scores.get(p.id) ?? 0;
  eligible.sort((a, b) => score(b) - score(a) || a.id - b.id);
  const limit = input.audienceLimit ?? eligible.length;
  for (const person of eligible.slice(limit)) {
    excluded.push({
      customerId: person.id,
      reason: "audience_limit",
      detail: `ranked below the top ${limit} (the campaign cap)`,
    });
  }
  return { recipients: eligible.slice(0, limit), excluded };
}
