import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { campaigns, messages } from "../../db/schema";
import { approvalHolds, settleCampaign, startSending, voidApproval } from "../state";

export type Dispatch = { queued: number[] } | { waitUntil: Date };

/**
 * The "dispatch" job: checks that the content is still exactly what the owner
 * approved, moves the campaign to sending and returns the ids of its queued
 * messages, for one "send" job each. Safe to repeat: the send jobs' ids
 * de-duplicate them in BullMQ, and a message already past "queued" is left
 * alone by its send job.
 */
export function dispatchCampaign(db: Db, ref: { shopId: number; campaignId: number }, now: Date): Dispatch {
  const campaign = db
    .select({ status: campaigns.status, sendAt: campaigns.sendAt })
    .from(campaigns)
    .where(and(eq(campaigns.id, ref.campaignId), eq(campaigns.shopId, ref.shopId)))
    .get();
  if (campaign?.status === "approved") {
    if (campaign.sendAt && campaign.sendAt > now) return { waitUntil: campaign.sendAt };
    if (!approvalHolds(db, ref)) {
      voidApproval(db, {
        ...ref,
        actor: "system",
        reason:
          "The campaign changed after it was approved, so nothing was sent. Review and approve it again.",
      });
      return { queued: [] };
    }
  }
  startSending(db, ref);
  if (campaign?.status !== "approved" && campaign?.status !== "sending") return { queued: [] };
  const queued = db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.shopId, ref.shopId),
        eq(messages.campaignId, ref.campaignId),
        eq(messages.status, "queued"),
      ),
    )
    .all()
    .map((m) => m.id);
  if (queued.length === 0) settleCampaign(db, ref);
  return { queued };
}
