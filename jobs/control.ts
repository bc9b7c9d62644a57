import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { campaigns, messages } from "../db/schema";
import { recordAudit } from "./audit";
import { moveCampaign, StateError, type CampaignRef } from "./state";

// The owner's controls over an approved campaign. Sending itself re-checks
// the campaign's status inside the claim transaction, so each of these takes
// effect for every message not yet handed to SMTP.

type Control = CampaignRef & { userId: number };

function audit(db: Db, input: Control, action: string, detail?: Record<string, unknown>) {
  recordAudit(db, {
    shopId: input.shopId,
    actor: `user:${input.userId}`,
    action,
    subject: `campaign:${input.campaignId}`,
    detail,
  });
}

/** Stops handing out messages; the queued ones stay queued for a resume. */
export function pauseCampaign(db: Db, input: Control): void {
  db.transaction((tx) => {
    if (!moveCampaign(tx, input, ["approved", "sending"], "paused"))
      throw new StateError("Only a scheduled or sending campaign can be paused.");
    audit(db, input, "campaign.paused");
  });
}

/**
 * Back to where it was paused. Returns the new dispatch round: the caller
 * queues a dispatch job for it, whose fresh job ids re-queue what is left.
 */
export function resumeCampaign(db: Db, input: Control): { round: number; sendAt: Date | null } {
  return db.transaction((tx) => {
    const campaign = tx
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.id, input.campaignId), eq(campaigns.shopId, input.shopId)))
      .get();
    if (campaign?.status !== "paused") throw new StateError("Only a paused campaign can be resumed.");
    // progressStage still says how far it had got: approved, or sending.
    const to = campaign.progressStage === "sending" ? "sending" : "approved";
    const round = campaign.dispatchRound + 1;
    moveCampaign(tx, input, ["paused"], to, { dispatchRound: round });
    audit(db, input, "campaign.resumed");
    return { round, sendAt: to === "approved" ? campaign.sendAt : null };
  });
}

/** Final: nothing more is sent; messages not yet sent are skipped as cancelled. */
export function cancelCampaign(db: Db, input: Control): { skipped: number } {
  return db.transaction((tx) => {
    if (!moveCampaign(tx, input, ["approved", "sending", "paused"], "cancelled", { progressStage: "done" }))
      throw new StateError("Only a scheduled, sending or paused campaign can be cancelled.");
    const skipped = tx
      .update(messages)
      .set({ status: "skipped", skipReason: "cancelled", error: "The owner cancelled the campaign." })
      .where(
        and(
          eq(messages.shopId, input.shopId),
          eq(messages.campaignId, input.campaignId),
          inArray(messages.status, ["approved", "queued"]),
        ),
      )
      .run().changes;
    audit(db, input, "campaign.cancelled", { skipped });
    return { skipped };
  });
}

// A message is "unknown" when the connection was lost after SMTP had the
// whole message, or a worker died holding it: it may have arrived. Only the
// owner can settle that, from their provider's logs or by sending it again.

const unknownOf = (input: Control & { messageIds: number[] }) =>
  and(
    eq(messages.shopId, input.shopId),
    eq(messages.campaignId, input.campaignId),
    eq(messages.status, "unknown"),
    inArray(messages.id, input.messageIds),
  );

/** The owner saw these in the provider's logs: they count as sent. Returns how many changed. */
export function markUnknownSent(db: Db, input: Control & { messageIds: number[] }): number {
  return db.transaction((tx) => {
    const marked = tx
      .update(messages)
      .set({ status: "sent", error: null })
      .where(unknownOf(input))
      .returning({ id: messages.id })
      .all()
      .map((m) => m.id);
    if (marked.length > 0) audit(db, input, "messages.marked_sent", { messageIds: marked });
    return marked;
  }).length;
}

/**
 * The owner chose to send these again, knowing they may arrive twice: they
 * are queued once more and meet the policy again when sent. A finished
 * campaign goes back to sending until they are done. Returns the ids queued,
 * for the caller to give each a send job.
 */
export function requeueUnknown(db: Db, input: Control & { messageIds: number[] }): number[] {
  return db.transaction((tx) => {
    const campaign = tx
      .select({ status: campaigns.status })
      .from(campaigns)
      .where(and(eq(campaigns.id, input.campaignId), eq(campaigns.shopId, input.shopId)))
      .get();
    if (!campaign || !["sending", "paused", "sent"].includes(campaign.status))
      throw new StateError("Emails of a cancelled or failed campaign cannot be sent again.");
    const queued = tx
      .update(messages)
      .set({ status: "queued", sentAt: null, error: null })
      .where(unknownOf(input))
      .returning({ id: messages.id })
      .all()
      .map((m) => m.id);
    if (queued.length === 0) return [];
    // They count towards progress again when they are sent or skipped.
    tx.update(campaigns)
      .set({ progressDone: sql`max(0, ${campaigns.progressDone} - ${queued.length})` })
      .where(and(eq(campaigns.id, input.campaignId), eq(campaigns.shopId, input.shopId)))
      .run();
    moveCampaign(tx, input, ["sent"], "sending", { progressStage: "sending" });
    audit(db, input, "messages.sent_again", { messageIds: queued });
    return queued;
  });
}
