import { and, count, countDistinct, desc, eq, sql } from "drizzle-orm";
import { linkClicks, messages } from "../../db/schema";
import { db, prepared } from "../db.server";

const scope = and(
  eq(linkClicks.shopId, sql.placeholder("shopId")),
  eq(messages.campaignId, sql.placeholder("campaignId")),
);
const peopleWhoClicked = prepared(() =>
  db
    .select({ n: countDistinct(linkClicks.messageId) })
    .from(linkClicks)
    .innerJoin(messages, eq(messages.id, linkClicks.messageId))
    .where(scope)
    .prepare(),
);
const clicksPerLink = prepared(() =>
  db
    .select({ url: linkClicks.url, clicks: count() })
    .from(linkClicks)
    .innerJoin(messages, eq(messages.id, linkClicks.messageId))
    .where(scope)
    .groupBy(linkClicks.url)
    .orderBy(desc(count()))
    .prepare(),
);

/** How a campaign's links were followed: people who clicked, and clicks per address. Empty when none. */
export function clickSummary(ref: { shopId: number; campaignId: number }) {
  return { people: peopleWhoClicked().get(ref)!.n, links: clicksPerLink().all(ref) };
}
