import { eq } from "drizzle-orm";
import { campaigns, customers, messages, shops } from "../../db/schema";
import { isSuppressed, suppressEmail } from "../../jobs/suppression";
import {
  signRecipientToken,
  tokenPublicId,
  verifyRecipientToken,
  type TokenPurpose,
} from "../../jobs/tokens";
import { db } from "../db.server";

/**
 * The message a recipient link points to. The token names the message and is
 * signed with its shop's secret, so this is the one lookup not scoped by a
 * session: the verified signature is the scope. Anything wrong → undefined.
 */
export function findMessageByToken({ token, purpose }: { token: string; purpose: TokenPurpose }) {
  const publicId = tokenPublicId(token);
  if (!publicId) return undefined;
  const row = db
    .select({
      messageId: messages.id,
      reasons: messages.reasons,
      dataUsed: messages.dataUsed,
      sentAt: messages.sentAt,
      shopId: shops.id,
      shopName: shops.name,
      postalAddress: shops.postalAddress,
      tokenSecret: shops.tokenSecret,
      customerId: customers.id,
      email: customers.email,
      campaignName: campaigns.name,
      approvedAt: campaigns.approvedAt,
    })
    .from(messages)
    .innerJoin(shops, eq(shops.id, messages.shopId))
    .innerJoin(customers, eq(customers.id, messages.customerId))
    .innerJoin(campaigns, eq(campaigns.id, messages.campaignId))
    .where(eq(messages.publicId, publicId))
    .get();
  if (!row || !verifyRecipientToken(row.tokenSecret, token, purpose)) return undefined;
  const { tokenSecret, ...message } = row;
  // A holder of any valid link for this message may be offered the unsubscribe link.
  return { ...message, unsubscribeToken: signRecipientToken(tokenSecret, publicId, "unsubscribe") };
}

export type RecipientMessage = NonNullable<ReturnType<typeof findMessageByToken>>;

/** j•••@example.com: enough for people to recognise their address, not to harvest it. */
export function maskEmail(email: string) {
  const [local, domain] = email.split("@");
  return `${local.slice(0, 1)}•••@${domain}`;
}

export function isUnsubscribed(message: RecipientMessage) {
  return isSuppressed(db, message.shopId, message.email);
}

export function unsubscribe(message: RecipientMessage, source: "one-click" | "unsubscribe page") {
  suppressEmail(db, {
    shopId: message.shopId,
    email: message.email,
    reason: "unsubscribed",
    source,
    actor: "recipient",
    subject: `customer:${message.customerId}`,
  });
}
