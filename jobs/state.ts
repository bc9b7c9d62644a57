import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, Queryable } from "../db/client";
import { campaigns, exclusions, messages, type AcknowledgedWarning } from "../db/schema";
import { recordAudit } from "./audit";

// Every status change of campaigns and messages lives here. Each is a
// conditional UPDATE on the expected current status, so a retried or
// duplicated job repeating it changes nothing.

export class StateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StateError";
  }
}

type CampaignRef = { shopId: number; campaignId: number };
type CampaignStatus = (typeof campaigns.$inferSelect)["status"];
type MessageStatus = (typeof messages.$inferSelect)["status"];

const scoped = ({ shopId, campaignId }: CampaignRef) =>
  and(eq(campaigns.id, campaignId), eq(campaigns.shopId, shopId));

function moveCampaign(
  db: Queryable,
  ref: CampaignRef,
  from: CampaignStatus[],
  to: CampaignStatus,
  extra = {},
): boolean {
  const result = db
    .update(campaigns)
    .set({ status: to, updatedAt: new Date(), ...extra })
    .where(and(scoped(ref), inArray(campaigns.status, from)))
    .run();
  return result.changes === 1;
}

/** Draft (again): clears earlier drafts and exclusions so nothing stale counts. */
export function startDrafting(db: Db, ref: CampaignRef): void {
  db.transaction((tx) => {
    const moved = moveCampaign(tx, ref, ["draft", "review", "failed"], "drafting", {
      progressStage: "queued",
      progressDone: 0,
      progressTotal: 0,
      lastError: null,
      scoreRunId: null,
    });
    if (!moved)
      throw new StateError("Only a draft, a campaign in review or a failed campaign can be drafted.");
    clearDrafts(tx, ref);
  });
}

export function clearDrafts(db: Queryable, ref: CampaignRef): void {
  db.delete(messages)
    .where(and(eq(messages.shopId, ref.shopId), eq(messages.campaignId, ref.campaignId)))
    .run();
  db.delete(exclusions)
    .where(and(eq(exclusions.shopId, ref.shopId), eq(exclusions.campaignId, ref.campaignId)))
    .run();
}

export function finishDrafting(db: Queryable, ref: CampaignRef): boolean {
  return moveCampaign(db, ref, ["drafting"], "review", { progressStage: "done" });
}

export function failCampaign(db: Queryable, ref: CampaignRef, error: string): boolean {
  return moveCampaign(db, ref, ["drafting", "approved", "sending"], "failed", { lastError: error });
}

/**
 * The human in the loop: nothing is sent without this. The warnings the
 * owner acknowledged are kept with the approval and in the audit log.
 */
export function approveCampaign(
  db: Db,
  input: CampaignRef & { userId: number; now?: Date; acknowledgedWarnings?: AcknowledgedWarning[] },
): { approved: number } {
  const now = input.now ?? new Date();
  const acknowledgedWarnings = input.acknowledgedWarnings ?? [];
  return db.transaction((tx) => {
    const moved = moveCampaign(tx, input, ["review"], "approved", {
      approvedBy: input.userId,
      approvedAt: now,
      acknowledgedWarnings,
      progressStage: "approved",
      progressDone: 0,
      progressTotal: 0,
    });
    if (!moved) throw new StateError("Only a campaign waiting for review can be approved.");
    const approved = moveMessages(tx, input, "draft", "approved");
    if (approved === 0) throw new StateError("This campaign has no recipients to approve.");
    recordAudit(tx, {
      shopId: input.shopId,
      actor: `user:${input.userId}`,
      action: "campaign.approved",
      subject: `campaign:${input.campaignId}`,
      detail: { recipients: approved, acknowledgedWarnings },
    });
    return { approved };
  });
}

function moveMessages(db: Queryable, ref: CampaignRef, from: MessageStatus, to: MessageStatus): number {
  return db
    .update(messages)
    .set({ status: to })
    .where(
      and(
        eq(messages.shopId, ref.shopId),
        eq(messages.campaignId, ref.campaignId),
        eq(messages.status, from),
      ),
    )
    .run().changes;
}

/** approved → sending, and its approved messages → queued, atomically. */
export function startSending(db: Db, ref: CampaignRef): void {
  db.transaction((tx) => {
    const total = tx
      .select({ n: sql<number>`count(*)` })
      .from(messages)
      .where(and(eq(messages.shopId, ref.shopId), eq(messages.campaignId, ref.campaignId)))
      .get()!.n;
    if (moveCampaign(tx, ref, ["approved"], "sending", { progressStage: "sending", progressTotal: total })) {
      moveMessages(tx, ref, "approved", "queued");
    }
  });
}

type MessageRef = { shopId: number; messageId: number };
const message = ({ shopId, messageId }: MessageRef) =>
  and(eq(messages.id, messageId), eq(messages.shopId, shopId));

export function moveMessage(
  db: Queryable,
  ref: MessageRef,
  from: MessageStatus,
  to: MessageStatus,
  extra: Partial<typeof messages.$inferInsert> = {},
): boolean {
  return (
    db
      .update(messages)
      .set({ status: to, ...extra })
      .where(and(message(ref), eq(messages.status, from)))
      .run().changes === 1
  );
}

/** Updates progress and closes the campaign once nothing is left to send. */
export function settleCampaign(db: Queryable, ref: CampaignRef): void {
  const counts = db
    .select({
      pending: sql<number>`sum(${messages.status} in ('approved','queued','sending'))`,
      done: sql<number>`sum(${messages.status} in ('sent','skipped','failed','unknown'))`,
    })
    .from(messages)
    .where(and(eq(messages.shopId, ref.shopId), eq(messages.campaignId, ref.campaignId)))
    .get()!;
  db.update(campaigns)
    .set({ progressDone: counts.done ?? 0, updatedAt: new Date() })
    .where(and(scoped(ref), eq(campaigns.status, "sending")))
    .run();
  if ((counts.pending ?? 0) === 0) moveCampaign(db, ref, ["sending"], "sent", { progressStage: "done" });
}
