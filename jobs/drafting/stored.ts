import { and, eq, sql } from "drizzle-orm";
import { preparedPer, type Queryable } from "../../db/client";
import { campaigns } from "../../db/schema";

type Ref = { shopId: number; campaignId: number };
type Derived = "checks" | "draftCounts";
type Value<K extends Derived> = NonNullable<(typeof campaigns.$inferSelect)[K]>;

/**
 * A value made from a campaign's drafts and kept on its row: the drafting
 * job stores it, removing a recipient or drafting again clears it
 * (jobs/state.ts), and the first read after that makes and stores it again.
 * The read is a prepared statement: the review page makes it on every load.
 * The reader returns undefined for another shop's campaign.
 */
export function storedOnCampaign<K extends Derived>(key: K) {
  const read = preparedPer((db: Queryable) =>
    db
      .select({ value: campaigns[key] })
      .from(campaigns)
      .where(
        and(eq(campaigns.id, sql.placeholder("campaignId")), eq(campaigns.shopId, sql.placeholder("shopId"))),
      )
      .prepare(),
  );
  return (db: Queryable, ref: Ref, make: () => Value<K> | undefined): Value<K> | undefined => {
    const stored = read(db).get(ref);
    if (!stored) return undefined;
    if (stored.value) return stored.value as Value<K>;
    const value = make();
    if (value === undefined) return undefined;
    db.update(campaigns)
      .set({ [key]: value })
      .where(and(eq(campaigns.id, ref.campaignId), eq(campaigns.shopId, ref.shopId)))
      .run();
    return value;
  };
}
