import { loadRuleNames } from "../../jobs/audience/names";
import { describeAudience as describeRules, parseAudience } from "../../jobs/audience/rules";
import { campaignChecks as storedChecks, type CampaignChecks } from "../../jobs/checks/campaign-checks";
import { needsAcknowledgement, type Finding } from "../../jobs/checks/findings";
import { db } from "../db.server";

type Ref = { shopId: number; campaignId: number };

/**
 * Everything the owner should look at before approving: manipulative copy,
 * uneven selection across groups, and pressure on people already emailed,
 * as they were when the campaign was drafted.
 */
export function campaignChecks(ref: Ref): CampaignChecks {
  const checks = storedChecks(db, ref);
  if (!checks) throw new Response("Not found", { status: 404 });
  return checks;
}

/** A campaign's audience rules in words, e.g. "bought Coffee and in GB"; null when it has none. */
export function describeAudience(shopId: number, stored: unknown): string | null {
  const audience = parseAudience(stored);
  return audience ? describeRules(audience, loadRuleNames(db, shopId, audience)) : null;
}

/** The warnings an approval leaves unacknowledged; empty means the owner has seen them all. Notes ask for nothing. */
export function unacknowledged(findings: Finding[], acknowledged: string[]): Finding[] {
  const seen = new Set(acknowledged);
  return findings.filter((f) => needsAcknowledgement(f) && !seen.has(f.id));
}
