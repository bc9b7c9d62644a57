import { and, eq, inArray, lt } from "drizzle-orm";
import type { Db } from "../../db/client";
import { campaigns, messages } from "../../db/schema";
import { finishMessage } from "../state";

/**
 * Marks sends that outlived their lease as "unknown": the worker holding them
 * died, and the mail may or may not have left. Without this a campaign whose
 * last message was lost that way would stay "sending" for ever.
 */
export function sweepStuckSends(db: Db, now: Date, leaseMs: number): number {
  const active = db
    .select({ id: campaigns.id, shopId: campaigns.shopId })
    .from(campaigns)
    .where(inArray(campaigns.status, ["sending", "paused", "cancelled"]))
    .all();
  let swept = 0;
  for (const campaign of active) {
    const stuck = db
      .select({ id: messages.id })
      .from(messages)
      .where(
        and(
          eq(messages.shopId, campaign.shopId),
          eq(messages.campaignId, campaign.id),
          eq(messages.status, "sending"),
          lt(messages.sentAt, new Date(now.getTime() - leaseMs)),
        ),
      )
      .all();
    for (const m of stuck) {
      const ref = { shopId: campaign.shopId, campaignId: campaign.id, messageId: m.id };
      const error = "The worker stopped while sending; delivery unknown.";
      if (finishMessage(db, ref, "unknown", { error })) swept++;
    }
  }
  return swept;
}
