import { UnrecoverableError } from "bullmq";
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { campaigns } from "../../db/schema";
import { recipientLinks } from "../links";
import { finishMessage, moveMessage } from "../state";
import { suppressEmail } from "../suppression";
import { claimMessage } from "./claim";
import { classifySmtpError, type Mailer } from "./mailer";

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

/**
 * The "send" job for one message: claim (with the policy re-checked), hand
 * to SMTP, record. A temporary SMTP failure puts the message back in the
 * queue and rethrows so BullMQ retries with backoff; a permanent one fails
 * only this recipient; a lost connection after the message went out leaves
 * it "unknown", never sent twice.
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
  const ref = { shopId: input.shopId, messageId: input.messageId };
  const claim = claimMessage(db, ref, now, input.leaseMs);
  if (claim.outcome === "deferred") return { deferredUntil: claim.until };
  if (claim.outcome !== "send") return claim.outcome;
  const { message, customer, shop } = claim;
  const sending = { ...ref, campaignId: message.campaignId };
  const links = recipientLinks(input.publicUrl, shop, message.publicId);
  try {
    await mailer.send({
      from: { name: shop.name, address: shop.fromEmail },
      to: customer.email,
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: message.messageIdHeader,
      date: now,
      listId: listId(shop, message.campaignId),
      listUnsubscribe: { https: links.unsubscribe, mailto: links.unsubscribeMailto },
    });
  } catch (error) {
    const failure = classifySmtpError(error);
    if (failure.kind === "unknown") {
      finishMessage(db, sending, "unknown", { error: failure.message });
      return "unknown";
    }
    if (failure.kind === "permanent" || (failure.kind === "temporary" && input.lastAttempt)) {
      finishMessage(db, sending, "failed", { error: failure.message });
      if (failure.recipientRejected) {
        suppressEmail(db, {
          shopId: input.shopId,
          email: customer.email,
          reason: "bounced",
          source: "smtp rejection",
          actor: "system",
          subject: `customer:${customer.id}`,
        });
      }
      if (failure.kind === "permanent") throw new UnrecoverableError(failure.message);
      throw error;
    }
    // Not sent: back to the queue, and the cap no longer counts it.
    moveMessage(db, ref, "sending", "queued", { sentAt: null, error: failure.message });
    if (failure.kind === "unreachable") {
      noteCampaignError(db, sending, `The mail server cannot be reached (${failure.message}).`, now);
    }
    if (failure.kind === "temporary") throw error;
    throw new SlowDownError(failure.message);
  }
  finishMessage(db, sending, "sent", { sentAt: now, error: null });
  clearCampaignError(db, sending);
  return "sent";
}

type CampaignRef = { shopId: number; campaignId: number };
const campaignOf = (ref: CampaignRef) =>
  and(eq(campaigns.id, ref.campaignId), eq(campaigns.shopId, ref.shopId));

/** Shown on the campaign page while sending waits for the mail server; the first error stays, with its time. */
function noteCampaignError(db: Db, ref: CampaignRef, error: string, now: Date) {
  db.update(campaigns)
    .set({ lastError: `Since ${now.toISOString()}: ${error}` })
    .where(and(campaignOf(ref), isNull(campaigns.lastError)))
    .run();
}

function clearCampaignError(db: Db, ref: CampaignRef) {
  db.update(campaigns)
    .set({ lastError: null })
    .where(and(campaignOf(ref), isNotNull(campaigns.lastError)))
    .run();
}
