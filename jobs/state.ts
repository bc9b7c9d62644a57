import { and, eq, inArray, sql } from "drizzle-orm";
import { eqNoIndex, type Db, type Queryable } from "../db/client";
import { campaigns, exclusions, messages, type AcknowledgedWarning } from "../db/schema";
import { recordAudit } from "./audit";
import { campaignHash, messageHash } from "./dispatch/approval";

// Every status change of campaigns and messages lives here. Each is a
// conditional UPDATE on the expected current status, so a retried or
// duplicated job repeating it changes nothing.

export class StateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StateError";
  }
}

export type CampaignRef = { shopId: number; campaignId: number };
type CampaignStatus = (typeof campaigns.$inferSelect)["status"];
type MessageStatus = (typeof messages.$inferSelect)["status"];

const scoped = ({ shopId, campaignId }: CampaignRef) =>
  and(eq(campaigns.id, campaignId), eq(campaigns.shopId, shopId));

export function moveCampaign(
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

/** Deletes a campaign's drafts and exclusions, and the checks and counts made of them. */
export function clearDrafts(db: Queryable, ref: CampaignRef): void {
  db.update(campaigns).set({ checks: null, draftCounts: null }).where(scoped(ref)).run();
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
/**
 * The human in the loop: nothing is sent without this. Records who approved,
 * when, the warnings the owner acknowledged, and a hash of the exact content,
 * so that dispatch can refuse anything that changed afterwards.
 */
export function approveCampaign(
  db: Db,
  input: CampaignRef & {
    userId: number;
    now?: Date;
    acknowledgedWarnings?: AcknowledgedWarning[];
    sendAt?: Date | null;
  },
): { approved: number; contentHash: string } {
  const now = input.now ?? new Date();
  const acknowledgedWarnings = input.acknowledgedWarnings ?? [];
  return db.transaction((tx) => {
    const campaign = tx.select().from(campaigns).where(scoped(input)).get();
    if (campaign?.status !== "review")
      throw new StateError("Only a campaign waiting for review can be approved.");
    if (campaign.suggestion?.status === "pending")
      throw new StateError("This is a suggestion: accept it on the Suggestions page before approving it.");
    const drafts = tx
      .select({
        id: messages.id,
        customerId: messages.customerId,
        subject: messages.subject,
        html: messages.html,
        text: messages.text,
      })
      .from(messages)
      .where(
        and(
          eq(messages.shopId, input.shopId),
          eq(messages.campaignId, input.campaignId),
          eq(messages.status, "draft"),
        ),
      )
      .all();
    if (drafts.length === 0) throw new StateError("This campaign has no recipients to approve.");
    const hashed = drafts.map((m) => ({ id: m.id, customerId: m.customerId, hash: messageHash(m) }));
    const contentHash = campaignHash(campaign, hashed);
    moveCampaign(tx, input, ["review"], "approved", {
      approvedBy: input.userId,
      approvedAt: now,
      acknowledgedWarnings,
      approvedHash: contentHash,
      sendAt: input.sendAt ?? null,
      dispatchRound: 0,
      lastError: null,
      progressStage: "approved",
      progressDone: 0,
      progressTotal: 0,
    });
    // One prepared statement on the same connection, inside this transaction: approving
    // a large audience stays one quick write.
    const approve = db.$client.prepare(
      "UPDATE messages SET status = 'approved', approved_hash = ? WHERE id = ? AND shop_id = ? AND status = 'draft'",
    );
    for (const m of hashed) approve.run(m.hash, m.id, input.shopId);
    recordAudit(tx, {
      shopId: input.shopId,
      actor: `user:${input.userId}`,
      action: "campaign.approved",
      subject: `campaign:${input.campaignId}`,
      detail: {
        recipients: drafts.length,
        acknowledgedWarnings,
        contentHash,
        sendAt: input.sendAt?.toISOString() ?? null,
      },
    });
    return { approved: drafts.length, contentHash };
  });
}

/** Whether the campaign's content and audience are still exactly what was approved. */
export function approvalHolds(db: Queryable, ref: CampaignRef): boolean {
  const campaign = db.select().from(campaigns).where(scoped(ref)).get();
  if (!campaign?.approvedHash) return false;
  const rows = db
    .select({
      customerId: messages.customerId,
      subject: messages.subject,
      html: messages.html,
      text: messages.text,
    })
    .from(messages)
    .where(and(eq(messages.shopId, ref.shopId), eq(messages.campaignId, ref.campaignId)))
    .all();
  const hashed = rows.map((m) => ({ customerId: m.customerId, hash: messageHash(m) }));
  return campaignHash(campaign, hashed) === campaign.approvedHash;
}

/**
 * Editing after approval: the approval no longer stands and the campaign goes
 * back to review, for an owner to look at and approve again.
 */
export function voidApproval(db: Db, ref: CampaignRef & { actor: string; reason: string }): boolean {
  return db.transaction((tx) => {
    const moved = moveCampaign(tx, ref, ["approved", "paused"], "review", {
      approvedBy: null,
      approvedAt: null,
      approvedHash: null,
      sendAt: null,
      progressStage: "done",
      lastError: ref.reason,
    });
    if (!moved) return false;
    tx.update(messages)
      .set({ status: "draft", approvedHash: null })
      .where(
        and(
          eq(messages.shopId, ref.shopId),
          eq(messages.campaignId, ref.campaignId),
          eq(messages.status, "approved"),
        ),
      )
      .run();
    recordAudit(tx, {
      shopId: ref.shopId,
      actor: ref.actor,
      action: "campaign.approval_voided",
      subject: `campaign:${ref.campaignId}`,
      detail: { reason: ref.reason },
    });
    return true;
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

export const PENDING: MessageStatus[] = ["approved", "queued", "sending"];

/**
 * Counts `done` more messages towards the campaign's progress and closes it
 * once nothing is left to send. Callers pass the number of transitions they
 * made, so progress stays exact without recounting the whole campaign.
 */
export function settleCampaign(db: Queryable, ref: CampaignRef, done = 0): void {
  if (done > 0) {
    db.update(campaigns)
      .set({ progressDone: sql`${campaigns.progressDone} + ${done}`, updatedAt: new Date() })
      .where(scoped(ref))
      .run();
  }
  const pending = db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.shopId, ref.shopId),
        eq(messages.campaignId, ref.campaignId),
        inArray(messages.status, PENDING),
      ),
    )
    .limit(1)
    .get();
  if (!pending) moveCampaign(db, ref, ["sending"], "sent", { progressStage: "done" });
}

/**
 * queued → sending for the messages a claim let through, in one statement.
 * Runs inside the claim's write transaction, which read them as queued: any
 * other count means something wrote behind its back, and it rolls back.
 */
export function markSending(db: Queryable, shopId: number, messageIds: number[], now: Date): void {
  if (messageIds.length === 0) return;
  const { changes } = db
    .update(messages)
    .set({ status: "sending", sentAt: now, attempts: sql`${messages.attempts} + 1` })
    // By primary key (eqNoIndex), not through the shop's index of messages.
    .where(
      and(
        eqNoIndex(messages.shopId, shopId),
        eq(messages.status, "queued"),
        inArray(messages.id, messageIds),
      ),
    )
    .run();
  if (changes !== messageIds.length)
    throw new StateError(`Claimed ${messageIds.length} messages but ${changes} were still queued.`);
}

/** sending → sent for messages of one campaign that SMTP accepted, in one statement. */
export function finishSent(db: Queryable, ref: CampaignRef, messageIds: number[], sentAt: Date): number {
  if (messageIds.length === 0) return 0;
  const { changes } = db
    .update(messages)
    .set({ status: "sent", sentAt, error: null })
    // By primary key (eqNoIndex): the campaign's index would visit every message it has sending.
    .where(
      and(
        eqNoIndex(messages.shopId, ref.shopId),
        eqNoIndex(messages.campaignId, ref.campaignId),
        eq(messages.status, "sending"),
        inArray(messages.id, messageIds),
      ),
    )
    .run();
  settleCampaign(db, ref, changes);
  return changes;
}

/** sending → a final status, counted once towards the campaign's progress. */
export function finishMessage(
  db: Queryable,
  ref: MessageRef & { campaignId: number },
  to: "sent" | "skipped" | "failed" | "unknown",
  extra: Partial<typeof messages.$inferInsert> = {},
): boolean {
  const moved = moveMessage(db, ref, "sending", to, extra);
  if (moved) settleCampaign(db, ref, 1);
  return moved;
}

/**
 * The owner takes one recipient out before sending: the draft goes, the
 * customer is listed as removed by the owner, and drafting again keeps them
 * out. After approval this changes what was approved, so the approval is
 * voided first and the campaign goes back to review.
 */
export function removeRecipient(
  db: Db,
  input: CampaignRef & { messageId: number; userId: number },
): { removed: boolean; voided: boolean } {
  const actor = `user:${input.userId}`;
  const ofCampaign = and(
    eq(messages.id, input.messageId),
    eq(messages.shopId, input.shopId),
    eq(messages.campaignId, input.campaignId),
  );
  const status = db.select({ status: campaigns.status }).from(campaigns).where(scoped(input)).get()?.status;
  const known = db.select({ id: messages.id }).from(messages).where(ofCampaign).get();
  if (!known) return { removed: false, voided: false };
  const voided =
    status === "approved" &&
    voidApproval(db, {
      ...input,
      actor,
      reason: "A recipient was removed after approval; approve the campaign again.",
    });
  const removed = db.transaction((tx) => {
    const campaign = tx.select().from(campaigns).where(scoped(input)).get();
    if (campaign?.status !== "review")
      throw new StateError("Recipients can only be removed before the campaign starts sending.");
    const draft = tx
      .delete(messages)
      .where(and(ofCampaign, eq(messages.status, "draft")))
      .returning({ customerId: messages.customerId })
      .get();
    if (!draft) return false;
    tx.insert(exclusions)
      .values({
        shopId: input.shopId,
        campaignId: input.campaignId,
        customerId: draft.customerId,
        reason: "removed_by_owner",
        detail: "removed on the review page",
      })
      .run();
    tx.update(campaigns)
      .set({
        removedCustomerIds: [...new Set([...campaign.removedCustomerIds, draft.customerId])],
        checks: null,
        draftCounts: null,
        updatedAt: new Date(),
      })
      .where(scoped(input))
      .run();
    recordAudit(tx, {
      shopId: input.shopId,
      actor,
      action: "campaign.recipient_removed",
      subject: `campaign:${input.campaignId}`,
      detail: { customerId: draft.customerId },
    });
    return true;
  });
  return { removed, voided };
}
