import { and, eq, inArray } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { campaigns, exclusions, messages, scoreRuns, shops } from "../../db/schema";
import { previewAudience } from "../audience/preview";
import { loadRuleNames } from "../audience/names";
import { describeRule, matchesAudience, parseAudience, type RulePath } from "../audience/rules";
import { loadRecentSends } from "../drafting/load";
import { CLAIM_REASONS } from "../suggestions/claims";
import { storedOnCampaign } from "../drafting/stored";
import type { ReasonCode } from "../policy/reasons";
import { copyFindings } from "./copy-lint";
import { ageBand, fairnessFindings, findDisparities, selectionRates, type FairnessPerson } from "./fairness";
import type { Finding } from "./findings";
import { measurePushiness, pushinessFindings } from "./pushiness";

type Ref = { shopId: number; campaignId: number };

// Left out on purpose, for consent or protection (or with nothing to go on):
// their absence from a group is the policy working, not a disparity that the
// owner's targeting created.
const PROTECTIVE: ReasonCode[] = [
  "no_consent",
  "suppressed",
  "needs_care",
  "minor",
  "unknown_age_sensitive",
  "category_opt_out",
  "no_orders",
];

/**
 * Everything the owner should look at before approving: manipulative copy,
 * uneven selection across groups, and pressure on people already emailed.
 */
function computeChecks(db: Queryable, { shopId, campaignId }: Ref, now: Date) {
  const row = db
    .select({ campaign: campaigns, shop: shops })
    .from(campaigns)
    .innerJoin(shops, eq(shops.id, campaigns.shopId))
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.shopId, shopId)))
    .get();
  if (!row) return undefined;
  const { campaign, shop } = row;
  const [subject2, subject3] = campaign.subjectVariants;
  const copy = copyFindings({
    subject: campaign.subject,
    subject2,
    subject3,
    preheader: campaign.preheader,
    body: campaign.body,
  });

  const recipients = new Set(
    db
      .select({ customerId: messages.customerId })
      .from(messages)
      .where(and(eq(messages.shopId, shopId), eq(messages.campaignId, campaignId)))
      .all()
      .map((m) => m.customerId),
  );
  const audience = parseAudience(campaign.audienceRules);
  // Those a suggestion's copy would not be true of (claims.ts) do not meet
  // what the campaign is for, any more than those its rules leave out.
  const claimFails = new Set(
    db
      .select({ customerId: exclusions.customerId })
      .from(exclusions)
      .where(
        and(
          eq(exclusions.shopId, shopId),
          eq(exclusions.campaignId, campaignId),
          inArray(exclusions.reason, [...CLAIM_REASONS]),
        ),
      )
      .all()
      .map((e) => e.customerId),
  );
  // The policy over everyone, not only the customers the rules picked, so that
  // a protected customer outside the rules is not counted as "not selected".
  // The rules read the predictions of the model run the drafts were scored on.
  const modelRunId = campaign.scoreRunId
    ? (db
        .select({ id: scoreRuns.modelRunId })
        .from(scoreRuns)
        .where(and(eq(scoreRuns.id, campaign.scoreRunId), eq(scoreRuns.shopId, shopId)))
        .get()?.id ?? null)
    : null;
  const preview = previewAudience(db, { shopId, shop, audience, featured: campaign, modelRunId, now });
  const people: FairnessPerson[] = [];
  for (const f of preview.features.values()) {
    const reason = preview.excluded.get(f.id);
    if (reason && PROTECTIVE.includes(reason)) continue;
    people.push({
      groups: { country: f.country?.toUpperCase() ?? null, age: ageBand(f.birthdate, now, shop.minorAge) },
      selected: recipients.has(f.id),
      qualified: matchesAudience(audience, f) && !claimFails.has(f.id),
      features: f,
    });
  }
  const names = loadRuleNames(db, shopId, audience);
  const describe = (path: RulePath) => describeRule(audience!.groups[path.group].rules[path.rule], names);
  const fairness = fairnessFindings(findDisparities(people, audience), describe);

  const sends = loadRecentSends(db, shopId, now, shop.capWindowDays);
  const pushiness = measurePushiness({
    recentSends: [...recipients].map((id) => sends.get(id) ?? []),
    shop,
    now,
  });

  const findings: Finding[] = [...copy, ...fairness, ...pushinessFindings(pushiness)];
  return {
    findings,
    pushiness,
    rates: { country: selectionRates(people, "country"), age: selectionRates(people, "age") },
    checkedAt: now.toISOString(),
  };
}

export type CampaignChecks = NonNullable<ReturnType<typeof computeChecks>>;

// Read on every review page of a campaign in review, and at approval.
const storedChecks = storedOnCampaign("checks");

/**
 * The checks of a campaign's current drafts. They look at every customer of
 * the shop, which takes seconds for a large one, so they are made once per
 * drafting (the drafting job stores them; removing a recipient or drafting
 * again clears them) and read from the campaign after that. Undefined for
 * another shop's campaign.
 */
export function campaignChecks(db: Queryable, ref: Ref, now = new Date()): CampaignChecks | undefined {
  return storedChecks(db, ref, () => computeChecks(db, ref, now));
}
