import { and, asc, eq, inArray } from "drizzle-orm";
import {
  campaigns,
  caughtMail,
  consentEvents,
  customers,
  linkClicks,
  messages,
  orderLines,
  orders,
  products,
  suppressions,
} from "../../db/schema";
import { recordAudit } from "../../jobs/audit";
import { emailHash } from "../../jobs/suppression";
import { db } from "../db.server";
import { findMessageByToken, type RecipientMessage } from "./recipient.server";

type Who = Pick<RecipientMessage, "shopId" | "customerId">;
const scopedCustomer = (who: Who) => and(eq(customers.id, who.customerId), eq(customers.shopId, who.shopId));

/** Everything the shop holds about one customer, for the "my data" page and its download. */
export function exportCustomerData(who: Who) {
  const profile = db.select().from(customers).where(scopedCustomer(who)).get();
  if (!profile) return undefined;
  const orderRows = db
    .select({
      id: orders.id,
      number: orders.externalId,
      orderedAt: orders.orderedAt,
      totalCents: orders.totalCents,
    })
    .from(orders)
    .where(and(eq(orders.shopId, who.shopId), eq(orders.customerId, who.customerId)))
    .orderBy(asc(orders.orderedAt))
    .all();
  const lines = orderRows.length
    ? db
        .select({
          orderId: orderLines.orderId,
          product: products.name,
          quantity: orderLines.quantity,
          unitPriceCents: orderLines.unitPriceCents,
        })
        .from(orderLines)
        .innerJoin(products, eq(products.id, orderLines.productId))
        .where(
          and(
            eq(orderLines.shopId, who.shopId),
            inArray(
              orderLines.orderId,
              orderRows.map((o) => o.id),
            ),
          ),
        )
        .all()
    : [];
  const emails = db
    .select({
      campaign: campaigns.name,
      subject: messages.subject,
      status: messages.status,
      sentAt: messages.sentAt,
      reasons: messages.reasons,
      dataUsed: messages.dataUsed,
    })
    .from(messages)
    .innerJoin(campaigns, eq(campaigns.id, messages.campaignId))
    .where(and(eq(messages.shopId, who.shopId), eq(messages.customerId, who.customerId)))
    .orderBy(asc(messages.id))
    .all();
  const clicks = db
    .select({ campaign: campaigns.name, url: linkClicks.url, at: linkClicks.at })
    .from(linkClicks)
    .innerJoin(messages, eq(messages.id, linkClicks.messageId))
    .innerJoin(campaigns, eq(campaigns.id, messages.campaignId))
    .where(and(eq(linkClicks.shopId, who.shopId), eq(messages.customerId, who.customerId)))
    .orderBy(asc(linkClicks.at))
    .all();
  const suppression = db
    .select({ reason: suppressions.reason, since: suppressions.createdAt })
    .from(suppressions)
    .where(and(eq(suppressions.shopId, who.shopId), eq(suppressions.emailHash, emailHash(profile.email))))
    .get();
  const consentHistory = db
    .select({ consent: consentEvents.consent, source: consentEvents.source, at: consentEvents.at })
    .from(consentEvents)
    .where(and(eq(consentEvents.shopId, who.shopId), eq(consentEvents.customerId, who.customerId)))
    .orderBy(asc(consentEvents.at), asc(consentEvents.id))
    .all();
  return {
    profile: {
      email: profile.email,
      firstName: profile.firstName,
      lastName: profile.lastName,
      birthdate: profile.birthdate,
      country: profile.country,
      timezone: profile.timezone,
      customerSince: profile.createdAt,
      needsCare: profile.needsCare,
      careNote: profile.careNote,
    },
    consent: {
      marketing: profile.marketingConsent,
      source: profile.consentSource,
      at: profile.consentAt,
      history: consentHistory,
    },
    preferences: { emailFrequency: profile.emailFrequency, optedOutCategoryIds: profile.optedOutCategoryIds },
    unsubscribed: suppression ?? null,
    orders: orderRows.map(({ id, ...o }) => ({
      ...o,
      lines: lines.filter((l) => l.orderId === id).map(({ orderId: _o, ...l }) => l),
    })),
    emails,
    clicks,
  };
}

/**
 * Erasure: the customer's record and everything hanging off it (orders,
 * scores, drafts and sent messages, the catcher's copies) are deleted; a
 * hashed suppression entry stays so that they are never emailed again.
 */
export function eraseCustomer(who: Who & { email: string }) {
  db.transaction((tx) => {
    const messageIds = tx
      .select({ header: messages.messageIdHeader })
      .from(messages)
      .where(and(eq(messages.shopId, who.shopId), eq(messages.customerId, who.customerId)))
      .all()
      .map((m) => m.header);
    if (messageIds.length) tx.delete(caughtMail).where(inArray(caughtMail.messageIdHeader, messageIds)).run();
    tx.insert(suppressions)
      .values({ shopId: who.shopId, emailHash: emailHash(who.email), reason: "erased", source: "data page" })
      .onConflictDoUpdate({
        target: [suppressions.shopId, suppressions.emailHash],
        set: { reason: "erased" },
      })
      .run();
    tx.delete(customers).where(scopedCustomer(who)).run();
    recordAudit(tx, {
      shopId: who.shopId,
      actor: "recipient",
      action: "customer.erased",
      subject: `customer:${who.customerId}`,
    });
  });
}

/** The recipient and their data, from a "data" link; undefined for any bad token. */
export function customerDataByToken(token: string) {
  const message = findMessageByToken({ token, purpose: "data" });
  const data = message && exportCustomerData(message);
  return message && data ? { message, data } : undefined;
}
