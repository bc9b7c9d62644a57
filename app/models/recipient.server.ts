import { and, eq, sql } from "drizzle-orm";
import {
  campaigns,
  categories,
  customers,
  linkClicks,
  messages,
  scoreRuns,
  scores,
  shops,
  suppressions,
} from "../../db/schema";
import { recordAudit } from "../../jobs/audit";
import { recipientPaths } from "../../jobs/links";
import { forgetPredictions } from "../../jobs/models/objectors";
import { campaignPurpose } from "../../jobs/policy/campaign-purpose";
import { objectionOf } from "../../jobs/policy/objection";
import { emailHash, isSuppressed, suppressEmail } from "../../jobs/suppression";
import { tokenPublicId, verifyWithShopKeys, type TokenPurpose } from "../../jobs/tokens";
import { trackableLinks } from "../../jobs/tracking";
import { db } from "../db.server";

// The shop's link keys, selected beside a message to verify a recipient link's token.
const SHOP_KEYS = {
  tokenSecret: shops.tokenSecret,
  previousTokenSecret: shops.previousTokenSecret,
  previousTokenSecretUntil: shops.previousTokenSecretUntil,
};

/**
 * The message a recipient link points to. The token names the message and is
 * signed with its shop's key, so this is the one lookup not scoped by a
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
      shopId: shops.id,
      shopName: shops.name,
      brandColor: shops.brandColor,
      postalAddress: shops.postalAddress,
      currency: shops.currency,
      locale: shops.locale,
      clickTracking: shops.clickTracking,
      clicksRecorded: sql<number>`(SELECT count(*) FROM ${linkClicks} WHERE ${linkClicks.messageId} = ${messages.id})`,
      ...SHOP_KEYS,
      customerId: customers.id,
      email: customers.email,
      emailFrequency: customers.emailFrequency,
      optedOutCategoryIds: customers.optedOutCategoryIds,
      subject: messages.subject,
      // Not the campaign's name: the owner is told only they see it (see campaignPurpose).
      suggestion: campaigns.suggestion,
      featuredProductIds: campaigns.featuredProductIds,
      featuredCategory: categories.name,
      approvedAt: campaigns.approvedAt,
      score: messages.score,
      modelVersion: scoreRuns.modelVersion,
      scoredAt: scoreRuns.fittedAt,
    })
    .from(messages)
    .innerJoin(shops, eq(shops.id, messages.shopId))
    .innerJoin(customers, eq(customers.id, messages.customerId))
    .innerJoin(campaigns, eq(campaigns.id, messages.campaignId))
    .leftJoin(categories, eq(categories.id, campaigns.featuredCategoryId))
    .leftJoin(scores, eq(scores.id, messages.scoreId))
    .leftJoin(scoreRuns, eq(scoreRuns.id, scores.scoreRunId))
    .where(eq(messages.publicId, publicId))
    .get();
  if (!row || !verifyWithShopKeys(row, token, purpose)) return undefined;
  const {
    tokenSecret,
    previousTokenSecret: _p,
    previousTokenSecretUntil: _u,
    suggestion,
    featuredProductIds,
    ...message
  } = row;
  const about = campaignPurpose({
    kind: suggestion?.kind ?? null,
    featuredCategory: row.featuredCategory,
    featuredProducts: featuredProductIds.length,
  });
  // Any valid link for a message may lead to its other pages, signed with the current key.
  return { ...message, about, links: recipientPaths(tokenSecret, publicId) };
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

/**
 * Unsubscribing is also an objection to profiling for marketing (GDPR
 * Art. 21): what was predicted about them goes at once, after the
 * suppression is safely written (the next model run would delete it too).
 */
export function unsubscribe(message: RecipientMessage, source: "one-click" | "unsubscribe page") {
  suppressEmail(db, {
    shopId: message.shopId,
    email: message.email,
    reason: "unsubscribed",
    source,
    actor: "recipient",
    subject: `customer:${message.customerId}`,
  });
  forgetPredictions(db, message.shopId, [message.customerId]);
}

/** How and since when the recipient objected to marketing, or null. */
export function objectionFor(message: RecipientMessage) {
  const customer = db
    .select({ marketingConsent: customers.marketingConsent, consentAt: customers.consentAt })
    .from(customers)
    .where(and(eq(customers.id, message.customerId), eq(customers.shopId, message.shopId)))
    .get();
  const suppression = db
    .select({ reason: suppressions.reason, since: suppressions.createdAt })
    .from(suppressions)
    .where(and(eq(suppressions.shopId, message.shopId), eq(suppressions.emailHash, emailHash(message.email))))
    .get();
  return customer ? objectionOf(customer, suppression ?? null) : null;
}

/** Undo of the recipient's own unsubscribe; a bounce or the shop's own suppression stays. */
export function resubscribe(message: RecipientMessage) {
  db.transaction((tx) => {
    const removed = tx
      .delete(suppressions)
      .where(
        and(
          eq(suppressions.shopId, message.shopId),
          eq(suppressions.emailHash, emailHash(message.email)),
          eq(suppressions.reason, "unsubscribed"),
        ),
      )
      .run().changes;
    if (removed > 0) {
      recordAudit(tx, {
        shopId: message.shopId,
        actor: "recipient",
        action: "suppression.undone",
        subject: `customer:${message.customerId}`,
      });
    }
  });
}

export function shopCategories(message: RecipientMessage) {
  return db
    .select({ id: categories.id, name: categories.name })
    .from(categories)
    .where(eq(categories.shopId, message.shopId))
    .orderBy(categories.name)
    .all();
}

export function setPreferences(
  message: RecipientMessage,
  input: { emailFrequency: "as_sent" | "weekly" | "monthly"; optedOutCategoryIds: number[] },
) {
  const known = new Set(shopCategories(message).map((c) => c.id));
  const optedOutCategoryIds = [...new Set(input.optedOutCategoryIds)].filter((id) => known.has(id));
  db.transaction((tx) => {
    tx.update(customers)
      .set({ emailFrequency: input.emailFrequency, optedOutCategoryIds, updatedAt: new Date() })
      .where(and(eq(customers.id, message.customerId), eq(customers.shopId, message.shopId)))
      .run();
    recordAudit(tx, {
      shopId: message.shopId,
      actor: "recipient",
      action: "customer.preferences_changed",
      subject: `customer:${message.customerId}`,
      detail: { emailFrequency: input.emailFrequency, optedOutCategoryIds },
    });
  });
}

/** The message of a recipient link, or a plain 404 that says nothing about what exists. */
export function requireRecipientMessage(token: string | undefined, purpose: TokenPurpose) {
  const message = findMessageByToken({ token: token ?? "", purpose });
  if (!message) throw new Response("Not found", { status: 404 });
  return message;
}

/**
 * Where a tracked link leads: the web link at that position in the message
 * as it was approved, or undefined. The click is recorded only while the
 * shop has click tracking on; links in older emails keep working after it
 * is turned off, without being recorded.
 */
export function followTrackedLink({ token, position }: { token: string; position: number }) {
  const publicId = tokenPublicId(token);
  if (!publicId) return undefined;
  const row = db
    .select({
      messageId: messages.id,
      shopId: messages.shopId,
      html: messages.html,
      clickTracking: shops.clickTracking,
      ...SHOP_KEYS,
    })
    .from(messages)
    .innerJoin(shops, eq(shops.id, messages.shopId))
    .where(eq(messages.publicId, publicId))
    .get();
  if (!row || !verifyWithShopKeys(row, token, "click")) return undefined;
  const url = trackableLinks(row.html)[position];
  if (url && row.clickTracking) {
    db.insert(linkClicks).values({ shopId: row.shopId, messageId: row.messageId, link: position, url }).run();
  }
  return url;
}
