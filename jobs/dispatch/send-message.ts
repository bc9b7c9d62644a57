import { UnrecoverableError } from "bullmq";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { messages } from "../../db/schema";
import { recipientLinks } from "../links";
import { moveMessage, settleCampaign } from "../state";
import { suppressEmail } from "../suppression";
import { claimMessage } from "./claim";
import { classifySmtpError, type Mailer } from "./mailer";

export type SendOutcome = "sent" | "skipped" | "unknown" | "nothing" | { deferredUntil: Date };

/**
 * The "send" job for one message: claim (with the policy re-checked), hand
 * to SMTP, record. A temporary SMTP failure puts the message back in the
 * queue and rethrows so BullMQ retries with backoff; a permanent one fails
 * only this recipient.
 */
export async function sendMessage(
  db: Db,
  mailer: Mailer,
  input: { shopId: number; messageId: number; publicUrl: string; lastAttempt: boolean; now?: Date },
): Promise<SendOutcome> {
  const now = input.now ?? new Date();
  const ref = { shopId: input.shopId, messageId: input.messageId };
  const claim = claimMessage(db, ref, now);
  if (claim.outcome === "deferred") return { deferredUntil: claim.until };
  if (claim.outcome !== "send") {
    if (claim.outcome !== "nothing") settleFor(db, input.shopId, input.messageId);
    return claim.outcome;
  }
  const { message, customer, shop } = claim;
  const campaignRef = { shopId: input.shopId, campaignId: message.campaignId };
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
      listUnsubscribe: { https: links.unsubscribe, mailto: links.unsubscribeMailto },
    });
  } catch (error) {
    const failure = classifySmtpError(error);
    if (failure.permanent || input.lastAttempt) {
      moveMessage(db, ref, "sending", "failed", { error: failure.message });
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
      settleCampaign(db, campaignRef);
      if (failure.permanent) throw new UnrecoverableError(failure.message);
      throw error;
    }
    // Not sent: back to the queue, and the cap no longer counts it.
    moveMessage(db, ref, "sending", "queued", { sentAt: null, error: failure.message });
    throw error;
  }
  moveMessage(db, ref, "sending", "sent", { sentAt: now, error: null });
  settleCampaign(db, campaignRef);
  return "sent";
}

function settleFor(db: Db, shopId: number, messageId: number) {
  const row = db
    .select({ campaignId: messages.campaignId })
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.shopId, shopId)))
    .get();
  if (row) settleCampaign(db, { shopId, campaignId: row.campaignId });
}
