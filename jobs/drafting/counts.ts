import { and, count, eq, sql } from "drizzle-orm";
import { preparedPer, type Queryable } from "../../db/client";
import { campaigns, exclusions, messages } from "../../db/schema";

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

// Read on every review page of a campaign in review.
const storedCounts = preparedPer((db: Queryable) =>
  db
    .select({ counts: campaigns.draftCounts })
    .from(campaigns)
    .where(
      and(eq(campaigns.id, sql.placeholder("campaignId")), eq(campaigns.shopId, sql.placeholder("shopId"))),
    )
    .prepare(),
);

/**
 * The counts of a campaign's current drafts. Counting a large campaign's
 * messages takes longer than the rest of its review page, and the drafts do
 * not change in review except when the owner removes someone, so the
 * drafting job stores them and removing a recipient or drafting again
 * clears them (jobs/state.ts); the first read after that stores them again.
 * Undefined for another shop's campaign.
 */
export function draftCounts(db: Queryable, ref: Ref): DraftCounts | undefined {
  const stored = storedCounts(db).get(ref);
  if (!stored) return undefined;
  if (stored.counts) return stored.counts;
  const counts = countDrafts(db, ref);
  db.update(campaigns)
    .set({ draftCounts: counts })
    .where(and(eq(campaigns.id, ref.campaignId), eq(campaigns.shopId, ref.shopId)))
    .run();
  return counts;
}
