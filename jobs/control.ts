import { and, eq, inArray } from "drizzle-orm";
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
