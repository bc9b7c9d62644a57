import { UnrecoverableError } from "bullmq";
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { whenWritable, type Db, type Queryable } from "../../db/client";
import { campaigns } from "../../db/schema";
import { sendingLinks } from "../links";
import { finishMessage, finishSent, moveMessage } from "../state";
import { trackLinks } from "../tracking";
import { suppressEmail } from "../suppression";
import { claimMessage, claimMessages, type Claim } from "./claim";
import { classifySmtpError, type Mailer, type OutgoingMail } from "./mailer";

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

/** What became of one claimed message after its SMTP attempt. */
type Recorded = "sent" | "unknown" | "failed" | "rejected" | "retry" | "slow-down";

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
 * The "send" job for one message: claim (with the policy re-checked), hand
 * to SMTP, record. A temporary SMTP failure rethrows so BullMQ retries with
 * backoff; a permanent one fails only this recipient.
 */
export async function sendMessage(
  db: Db,
  mailer: Mailer,
  input: {
    shopId: number;
    messageId: number;
    publicUrl: string;
    lastAttempt: boolean;
    leaseMs: number;
    now?: Date;
  },
): Promise<SendOutcome> {
  const now = input.now ?? new Date();
  const claim = claimMessage(db, { shopId: input.shopId, messageId: input.messageId }, now, input.leaseMs);
  if (claim.outcome === "deferred") return { deferredUntil: claim.until };
  if (claim.outcome !== "send") return claim.outcome;
  const error = await mailer.send(outgoing(claim, input.publicUrl, now)).then(
    () => undefined,
    (e: unknown) => e ?? new Error("unknown SMTP error"),
  );
  const { recorded, message } = recordAttempt(db, claim, error, { lastAttempt: input.lastAttempt, now });
  if (recorded === "sent" || recorded === "unknown") return recorded;
  if (recorded === "rejected") throw new UnrecoverableError(message);
  if (recorded === "slow-down") throw new SlowDownError(message!);
  throw error;
}

export type BatchResult = {
  sent: number;
  /** Back in the queue after a temporary answer: each gets a "send" job with the usual retries. */
  retry: number[];
  /** Waiting for the end of the recipient's quiet hours. */
  deferred: { messageId: number; until: Date }[];
  /** The server asked to slow down or could not be reached. */
  slowDown: string | null;
};

/**
 * The "send-batch" job: claims a batch of one shop's messages in one write
 * transaction (the policy re-checked for each, as for a single send), hands
 * them to the pooled transport together, and records the outcomes in one
 * more transaction. Two SQLite writes per batch instead of several per
 * message, each waiting for the write lock on the event loop (whenWritable)
 * rather than asleep in SQLite, is what lets two workers keep a local SMTP
 * sink busy.
 */
export async function sendBatch(
  db: Db,
  mailer: Mailer,
  input: { shopId: number; messageIds: number[]; publicUrl: string; leaseMs: number; now?: Date },
): Promise<BatchResult> {
  const now = input.now ?? new Date();
  const claims = await whenWritable(db, () =>
    claimMessages(db, input.shopId, input.messageIds, now, input.leaseMs),
  );
  const result: BatchResult = { sent: 0, retry: [], deferred: [], slowDown: null };
  const sending: Claimed[] = [];
  for (const { messageId, claim } of claims) {
    if (claim.outcome === "send") sending.push(claim);
    if (claim.outcome === "deferred") result.deferred.push({ messageId, until: claim.until });
  }
  const errors = await Promise.all(
    sending.map((claim) =>
      mailer.send(outgoing(claim, input.publicUrl, now)).then(
        () => undefined,
        (e: unknown) => e ?? new Error("unknown SMTP error"),
      ),
    ),
  );
  const recorded = await whenWritable(db, () =>
    db.transaction(() => recordBatch(db, input.shopId, sending, errors, now), { behavior: "immediate" }),
  );
  return { ...result, ...recorded };
}

/**
 * The SMTP outcomes of a batch, in the caller's write transaction: accepted
 * messages per campaign in one statement, the rare failures one by one, as
 * for a single send.
 */
function recordBatch(db: Db, shopId: number, sending: Claimed[], errors: unknown[], now: Date) {
  const outcome = { sent: 0, retry: [] as number[], slowDown: null as string | null };
  const accepted = new Map<number, number[]>();
  sending.forEach((claim, i) => {
    const { id, campaignId } = claim.message;
    if (errors[i] === undefined) {
      accepted.set(campaignId, [...(accepted.get(campaignId) ?? []), id]);
      return;
    }
    const { recorded, message } = recordAttempt(db, claim, errors[i], { lastAttempt: false, now });
    if (recorded === "retry" || recorded === "slow-down") outcome.retry.push(id);
    if (recorded === "slow-down") outcome.slowDown = message!;
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
