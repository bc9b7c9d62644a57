import { UnrecoverableError } from "bullmq";
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { whenWritable, type Db, type Queryable } from "../../db/client";
import { campaigns } from "../../db/schema";
import { sendingLinks } from "../links";
import { finishMessage, finishSent, moveMessage } from "../state";
import { trackLinks } from "../tracking";
import { suppressEmail } from "../suppression";
import type { PolicyDecision } from "../policy/eligibility";
import type { ReasonCode } from "../policy/reasons";
import { claimMessage, claimMessages, stillPermitted, type Claim } from "./claim";
import { classifySmtpError, WithheldError, type Mailer, type OutgoingMail } from "./mailer";
import type { SmtpSlots } from "./smtp-slots";

export type SendOutcome = "sent" | "skipped" | "unknown" | "nothing" | { deferredUntil: Date };

/**
 * The server asked us to slow down, or could not be reached: the message is
 * back in the queue and the whole queue should wait before trying again.
 */
export class SlowDownError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SlowDownError";
  }
}

/** The List-Id of a campaign (RFC 2919): one list per campaign, under the shop's sending domain. */
export function listId(shop: { slug: string; fromEmail: string }, campaignId: number) {
  const domain = shop.fromEmail.split("@")[1] ?? "tactful.local";
  return `<campaign-${campaignId}.${shop.slug}.${domain}>`;
}

type Claimed = Extract<Claim, { outcome: "send" }>;

function outgoing({ message, customer, shop }: Claimed, publicUrl: string, now: Date): OutgoingMail {
  const links = sendingLinks(publicUrl, shop, message.publicId);
  return {
    from: { name: shop.name, address: shop.fromEmail },
    to: customer.email,
    subject: message.subject,
    text: message.text,
    html: links.click ? trackLinks(message.html, links.click) : message.html,
    messageId: message.messageIdHeader,
    date: now,
    listId: listId(shop, message.campaignId),
    listUnsubscribe: links.unsubscribe,
  };
}

/** A claimed message held back at the last moment, with the policy's reason. */
class HeldBack {
  constructor(
    readonly reason: ReasonCode,
    readonly detail: string,
  ) {}
}

/** 421/454 or no answer at all: the whole shop should wait, not just this message. */
function asksToSlowDown(error: unknown): boolean {
  const { kind } = classifySmtpError(error);
  return kind === "throttled" || kind === "unreachable";
}

/** What became of one claimed message after its SMTP attempt. */
type Recorded = "sent" | "skipped" | "unknown" | "failed" | "rejected" | "retry" | "slow-down";

/**
 * Records an SMTP attempt: sent; "unknown" when the connection was lost
 * after the message went out (never sent twice); failed for a permanent
 * answer (and suppressed when the recipient was rejected) or a temporary one
 * on the last attempt; otherwise back to the queue, and the cap no longer
 * counts it.
 */
function recordAttempt(
  db: Db,
  claimed: Claimed,
  error: unknown,
  options: { lastAttempt: boolean; now: Date },
): { recorded: Recorded; message?: string } {
  const { message, customer } = claimed;
  const ref = { shopId: message.shopId, messageId: message.id, campaignId: message.campaignId };
  if (error === undefined) {
    finishMessage(db, ref, "sent", { sentAt: options.now, error: null });
    clearCampaignError(db, ref);
    return { recorded: "sent" };
  }
  if (error instanceof HeldBack) {
    finishMessage(db, ref, "skipped", { sentAt: null, skipReason: error.reason, error: error.detail });
    return { recorded: "skipped" };
  }
  const failure = classifySmtpError(error);
  if (failure.kind === "unknown") {
    finishMessage(db, ref, "unknown", { error: failure.message });
    return { recorded: "unknown", message: failure.message };
  }
  if (failure.kind === "permanent" || (failure.kind === "temporary" && options.lastAttempt)) {
    finishMessage(db, ref, "failed", { error: failure.message });
    if (failure.recipientRejected) {
      suppressEmail(db, {
        shopId: message.shopId,
        email: customer.email,
        reason: "bounced",
        source: "smtp rejection",
        actor: "system",
        subject: `customer:${customer.id}`,
      });
    }
    return { recorded: failure.kind === "permanent" ? "rejected" : "failed", message: failure.message };
  }
  moveMessage(db, ref, "sending", "queued", { sentAt: null, error: failure.message });
  if (failure.kind === "unreachable") {
    noteCampaignError(db, ref, `The mail server cannot be reached (${failure.message}).`, options.now);
  }
  return { recorded: failure.kind === "temporary" ? "retry" : "slow-down", message: failure.message };
}

/**
 * A worker's SMTP transport, the slots of its pool (jobs/dispatch/smtp-slots.ts)
 * and its way to the shops' shared send budget: `pace` waits until `count`
 * sends of the shop may go and resolves to 0, or to how many milliseconds
 * the shop is slowed down for (jobs/dispatch/send-rate.ts).
 */
export type Outbox = {
  mailer: Mailer;
  slots: SmtpSlots;
  pace(shopId: number, count: number): Promise<number>;
  /** The server asked to slow down: pauses the shop's sends on every worker. */
  slowDown(shopId: number): Promise<unknown>;
};

/**
 * Hands one claimed message to SMTP on a slot its caller holds, and gives
 * the slot back when SMTP has answered. Its customer's permission is read
 * once more when the server waits for the content, so that an unsubscribe
 * that answered before the transaction began always stops it. Resolves to
 * the error, if any.
 */
function attempt(db: Db, outbox: Outbox, claim: Claimed, publicUrl: string, now: Date): Promise<unknown> {
  let permission: PolicyDecision = { eligible: true };
  const stillWanted = () => (permission = stillPermitted(db, claim)).eligible;
  return outbox.mailer
    .send(outgoing(claim, publicUrl, now), { stillWanted })
    .then(
      () => undefined,
      (e: unknown) =>
        e instanceof WithheldError && !permission.eligible
          ? new HeldBack(permission.reason, permission.detail)
          : (e ?? new Error("unknown SMTP error")),
    )
    .finally(() => outbox.slots.give());
}

/**
 * The "send" job for one message: a free SMTP connection first, then the
 * claim (with the policy re-checked) and at once the SMTP attempt, then the
 * record. A temporary SMTP failure rethrows so BullMQ retries with backoff;
 * a permanent one fails only this recipient.
 */
export async function sendMessage(
  db: Db,
  outbox: Outbox,
  input: {
    shopId: number;
    messageId: number;
    publicUrl: string;
    lastAttempt: boolean;
    leaseMs: number;
    now?: Date;
  },
): Promise<SendOutcome> {
  await outbox.slots.take(1);
  const pausedMs = await outbox.pace(input.shopId, 1).catch((error: unknown) => {
    outbox.slots.give();
    throw error;
  });
  if (pausedMs > 0) {
    outbox.slots.give();
    return { deferredUntil: new Date(Date.now() + pausedMs) };
  }
  const now = input.now ?? new Date();
  let claim: Claim;
  try {
    claim = claimMessage(db, { shopId: input.shopId, messageId: input.messageId }, now, input.leaseMs);
  } catch (error) {
    outbox.slots.give();
    throw error;
  }
  if (claim.outcome !== "send") outbox.slots.give();
  if (claim.outcome === "deferred") return { deferredUntil: claim.until };
  if (claim.outcome !== "send") return claim.outcome;
  const error = await attempt(db, outbox, claim, input.publicUrl, now);
  const { recorded, message } = recordAttempt(db, claim, error, { lastAttempt: input.lastAttempt, now });
  if (recorded === "sent" || recorded === "skipped" || recorded === "unknown") return recorded;
  if (recorded === "rejected") throw new UnrecoverableError(message);
  if (recorded === "slow-down") throw new SlowDownError(message!);
  throw error;
}

export type BatchResult = {
  sent: number;
  /**
   * Back in the queue after a temporary answer, or not tried after the server
   * asked to slow down: each gets a "send" job with the usual retries.
   */
  retry: number[];
  /** Waiting for the end of the recipient's quiet hours. */
  deferred: { messageId: number; until: Date }[];
};

/**
 * The "send-batch" job for a list of one shop's messages. It claims them a
 * few at a time, as many as its worker's SMTP pool has free connections
 * (the policy re-checked for each, as for a single send), hands each claimed
 * message to SMTP at once, and records all outcomes in one transaction at
 * the end. Claiming only what can be sent now means an unsubscribe stops
 * every message not yet handed to SMTP, and a worker that dies leaves at
 * most its pool's worth "unknown": the rest are still queued.
 */
export async function sendBatch(
  db: Db,
  outbox: Outbox,
  input: { shopId: number; messageIds: number[]; publicUrl: string; leaseMs: number; now?: Date },
): Promise<BatchResult> {
  const result: BatchResult = { sent: 0, retry: [], deferred: [] };
  const sending: Claimed[] = [];
  const attempts: Promise<unknown>[] = [];
  // Once the server asks to slow down (here or on another worker), the rest
  // of the list is not claimed: it goes back to the queue with the retries,
  // to wait for the shop's pause.
  let slowedDown = false;
  const noteSlowDown = async (error: unknown) => {
    if (error !== undefined && !(error instanceof HeldBack) && asksToSlowDown(error) && !slowedDown) {
      slowedDown = true;
      // At once, so that the other jobs and workers stop too; without
      // Redis, this job's own stop still holds.
      await outbox.slowDown(input.shopId).catch(() => undefined);
    }
    return error;
  };
  let rest = input.messageIds;
  while (rest.length > 0) {
    const held = await outbox.slots.take(rest.length);
    // Without an answer from Redis the rest waits with the retries too: what
    // is on its way must still be recorded.
    const pausedMs = slowedDown ? 0 : await outbox.pace(input.shopId, held).catch(() => 1);
    if (slowedDown || pausedMs > 0) {
      outbox.slots.give(held);
      break;
    }
    const ids = rest.slice(0, held);
    rest = rest.slice(held);
    const now = input.now ?? new Date();
    let claims: ReturnType<typeof claimMessages>;
    try {
      claims = await whenWritable(db, () => claimMessages(db, input.shopId, ids, now, input.leaseMs));
    } catch (error) {
      outbox.slots.give(held);
      throw error;
    }
    let unused = held;
    for (const { messageId, claim } of claims) {
      if (claim.outcome === "send") {
        sending.push(claim);
        attempts.push(attempt(db, outbox, claim, input.publicUrl, now).then(noteSlowDown));
        unused--;
      }
      if (claim.outcome === "deferred") result.deferred.push({ messageId, until: claim.until });
    }
    outbox.slots.give(unused);
  }
  const errors = await Promise.all(attempts);
  const now = input.now ?? new Date();
  const recorded = await whenWritable(db, () =>
    db.transaction(() => recordBatch(db, input.shopId, sending, errors, now), { behavior: "immediate" }),
  );
  return { ...result, ...recorded, retry: [...recorded.retry, ...rest] };
}

/**
 * The SMTP outcomes of a batch, in the caller's write transaction: accepted
 * messages per campaign in one statement, the rare failures one by one, as
 * for a single send.
 */
function recordBatch(db: Db, shopId: number, sending: Claimed[], errors: unknown[], now: Date) {
  const outcome = { sent: 0, retry: [] as number[] };
  const accepted = new Map<number, number[]>();
  sending.forEach((claim, i) => {
    const { id, campaignId } = claim.message;
    if (errors[i] === undefined) {
      accepted.set(campaignId, [...(accepted.get(campaignId) ?? []), id]);
      return;
    }
    const { recorded } = recordAttempt(db, claim, errors[i], { lastAttempt: false, now });
    if (recorded === "retry" || recorded === "slow-down") outcome.retry.push(id);
  });
  for (const [campaignId, ids] of accepted) {
    const ref = { shopId, campaignId };
    outcome.sent += finishSent(db, ref, ids, now);
    clearCampaignError(db, ref);
  }
  return outcome;
}

type CampaignRef = { shopId: number; campaignId: number };
const campaignOf = (ref: CampaignRef) =>
  and(eq(campaigns.id, ref.campaignId), eq(campaigns.shopId, ref.shopId));

/** Shown on the campaign page while sending waits for the mail server; the first error stays, with its time. */
function noteCampaignError(db: Queryable, ref: CampaignRef, error: string, now: Date) {
  db.update(campaigns)
    .set({ lastError: `Since ${now.toISOString()}: ${error}` })
    .where(and(campaignOf(ref), isNull(campaigns.lastError)))
    .run();
}

function clearCampaignError(db: Queryable, ref: CampaignRef) {
  db.update(campaigns)
    .set({ lastError: null })
    .where(and(campaignOf(ref), isNotNull(campaigns.lastError)))
    .run();
}
