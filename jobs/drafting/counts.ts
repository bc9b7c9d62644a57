import { and, count, eq, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { exclusions, messages } from "../../db/schema";
import { storedOnCampaign } from "./stored";

type Ref = { shopId: number; campaignId: number };

export type DraftCounts = {
  recipients: number;
  excluded: { reason: string; n: number }[];
};

/** A campaign's exclusions by reason, most common reason first. */
export function countExclusions(db: Queryable, { shopId, campaignId }: Ref): DraftCounts["excluded"] {
  return db
    .select({ reason: exclusions.reason, n: count() })
    .from(exclusions)
    .where(and(eq(exclusions.shopId, shopId), eq(exclusions.campaignId, campaignId)))
    .groupBy(exclusions.reason)
    .orderBy(sql`count(*) desc`, exclusions.reason)
    .all();
}

function countDrafts(db: Queryable, ref: Ref): DraftCounts {
  const recipients = db
    .select({ n: count() })
    .from(messages)
    .where(and(eq(messages.shopId, ref.shopId), eq(messages.campaignId, ref.campaignId)))
    .get()!.n;
  return { recipients, excluded: countExclusions(db, ref) };
}

const storedCounts = storedOnCampaign("draftCounts");

/**
 * The counts of a campaign's current drafts. Counting a large campaign's
 * messages takes longer than the rest of its review page, and the drafts do
 * not change in review except when the owner removes someone, so the
 * drafting job stores them and removing a recipient or drafting again
 * clears them (jobs/state.ts); the first read after that stores them again.
 * Undefined for another shop's campaign.
 */
export function draftCounts(db: Queryable, ref: Ref): DraftCounts | undefined {
  return storedCounts(db, ref, () => countDrafts(db, ref));
}
