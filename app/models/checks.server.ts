import { and, eq } from "drizzle-orm";
import { campaigns, messages, scoreRuns, shops } from "../../db/schema";
import { previewAudience } from "../../jobs/audience/preview";
import { loadRuleNames } from "../../jobs/audience/names";
import {
  describeAudience as describeRules,
  describeRule,
  parseAudience,
  type RulePath,
} from "../../jobs/audience/rules";
import { copyFindings } from "../../jobs/checks/copy-lint";
import {
  ageBand,
  fairnessFindings,
  findDisparities,
  selectionRates,
  type FairnessPerson,
} from "../../jobs/checks/fairness";
import type { Finding } from "../../jobs/checks/findings";
import { measurePushiness, pushinessFindings } from "../../jobs/checks/pushiness";
import { loadRecentSends } from "../../jobs/drafting/load";
import type { ReasonCode } from "../../jobs/policy/reasons";
import { db } from "../db.server";

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
export function campaignChecks({ shopId, campaignId }: Ref, now = new Date()) {
  const row = db
    .select({ campaign: campaigns, shop: shops })
    .from(campaigns)
    .innerJoin(shops, eq(shops.id, campaigns.shopId))
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.shopId, shopId)))
    .get();
  if (!row) throw new Response("Not found", { status: 404 });
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
  };
}

/** A campaign's audience rules in words, e.g. "bought Coffee and in GB"; null when it has none. */
export function describeAudience(shopId: number, stored: unknown): string | null {
  const audience = parseAudience(stored);
  return audience ? describeRules(audience, loadRuleNames(db, shopId, audience)) : null;
}

/** The findings an approval leaves unacknowledged; empty means the owner has seen them all. */
export function unacknowledged(findings: Finding[], acknowledged: string[]): Finding[] {
  const seen = new Set(acknowledged);
  return findings.filter((f) => !seen.has(f.id));
}
