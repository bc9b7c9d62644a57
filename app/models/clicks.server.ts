import { and, count, countDistinct, desc, eq } from "drizzle-orm";
import { linkClicks, messages } from "../../db/schema";
import { db } from "../db.server";

/** How a campaign's links were followed: people who clicked, and clicks per address. Empty when none. */
export function clickSummary({ shopId, campaignId }: { shopId: number; campaignId: number }) {
  const scope = and(eq(linkClicks.shopId, shopId), eq(messages.campaignId, campaignId));
  const people = db
    .select({ n: countDistinct(linkClicks.messageId) })
    .from(linkClicks)
    .innerJoin(messages, eq(messages.id, linkClicks.messageId))
    .where(scope)
    .get()!.n;
  const links = db
    .select({ url: linkClicks.url, clicks: count() })
    .from(linkClicks)
    .innerJoin(messages, eq(messages.id, linkClicks.messageId))
    .where(scope)
    .groupBy(linkClicks.url)
    .orderBy(desc(count()))
    .all();
  return { people, links };
}
