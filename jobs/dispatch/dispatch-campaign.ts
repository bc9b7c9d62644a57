import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { messages } from "../../db/schema";
import { settleCampaign, startSending } from "../state";

/**
 * The "dispatch" job: moves an approved campaign to sending and returns the
 * ids of its queued messages, for one "send" job each. Safe to repeat: the
 * send jobs' ids de-duplicate them in BullMQ, and a message already past
 * "queued" is left alone by its send job.
 */
export function dispatchCampaign(db: Db, ref: { shopId: number; campaignId: number }): number[] {
  startSending(db, ref);
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
  return queued;
}
