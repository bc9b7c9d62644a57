import { and, asc, eq, inArray, sql } from "drizzle-orm";
import {
  campaigns,
  categories,
  caughtMail,
  consentEvents,
  customers,
  linkClicks,
  messages,
  orderLines,
  orders,
  predictions,
  products,
  scoreRuns,
  scores,
  suppressions,
} from "../../db/schema";
import { recordAudit } from "../../jobs/audit";
import { latestCompleteRun } from "../../jobs/models/model-run";
import { campaignPurpose } from "../../jobs/policy/campaign-purpose";
import { objectionOf } from "../../jobs/policy/objection";
import { emailHash } from "../../jobs/suppression";
import { db } from "../db.server";
import { findMessageByToken, type RecipientMessage } from "./recipient.server";

type Who = Pick<RecipientMessage, "shopId" | "customerId">;
const scopedCustomer = (who: Who) => and(eq(customers.id, who.customerId), eq(customers.shopId, who.shopId));

/**
 * What the shop holds about one customer, for the "my data" page and its
 * download (GDPR Art. 15): their details, consent, orders, each email with
 * why it was sent, followed links, what the model predicted about them and
 * each campaign score worked out for them.
 * The shop's own labels are left out: a care note (shown only as the fact
 * that extra care applies) and campaign names, which the owner is told no one
 * else sees (docs/decisions/0006-what-recipients-see.md).
 */
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
      subject: messages.subject,
      suggestion: campaigns.suggestion,
      featuredCategory: categories.name,
      featuredProductIds: campaigns.featuredProductIds,
      status: messages.status,
      sentAt: messages.sentAt,
      reasons: messages.reasons,
      dataUsed: messages.dataUsed,
    })
    .from(messages)
    .innerJoin(campaigns, eq(campaigns.id, messages.campaignId))
    .leftJoin(categories, eq(categories.id, campaigns.featuredCategoryId))
    .where(and(eq(messages.shopId, who.shopId), eq(messages.customerId, who.customerId)))
    .orderBy(asc(messages.id))
    .all()
    .map(({ subject, suggestion, featuredCategory, featuredProductIds, ...email }) => ({
      subject,
      about: campaignPurpose({
        kind: suggestion?.kind ?? null,
        featuredCategory,
        featuredProducts: featuredProductIds.length,
      }),
      ...email,
    }));
  const clicks = db
    .select({ subject: messages.subject, url: linkClicks.url, at: linkClicks.at })
    .from(linkClicks)
    .innerJoin(messages, eq(messages.id, linkClicks.messageId))
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
      extraCare: profile.needsCare,
    },
    consent: {
      marketing: profile.marketingConsent,
      source: profile.consentSource,
      at: profile.consentAt,
      history: consentHistory,
    },
    preferences: { emailFrequency: profile.emailFrequency, optedOutCategoryIds: profile.optedOutCategoryIds },
    unsubscribed: suppression ?? null,
    predictions: {
      stopped: objectionOf(profile, suppression ?? null),
      latest: latestPrediction(who),
    },
    scores: campaignScores(who),
    orders: orderRows.map(({ id, ...o }) => ({
      ...o,
      lines: lines.filter((l) => l.orderId === id).map(({ orderId: _o, ...l }) => l),
    })),
    emails,
    clicks,
  };
}

/** What the shop's latest customer model run predicted about the customer, in plain terms. */
function latestPrediction(who: Who) {
  const run = latestCompleteRun(db, who.shopId);
  const row =
    run &&
    db
      .select()
      .from(predictions)
      .where(
        and(
          eq(predictions.shopId, who.shopId),
          eq(predictions.modelRunId, run.id),
          eq(predictions.customerId, who.customerId),
        ),
      )
      .get();
  if (!run || !row) return null;
  const recommended = row.recommended.length
    ? db
        .select({ id: products.id, name: products.name })
        .from(products)
        .where(and(eq(products.shopId, who.shopId), inArray(products.id, row.recommended)))
        .all()
    : [];
  const names = new Map(recommended.map((p) => [p.id, p.name]));
  return {
    madeAt: run.fittedAt,
    chanceStillACustomer: row.pAlive,
    expectedOrdersNext30Days: row.expected30,
    expectedOrdersNext90Days: row.expected90,
    expectedSpendNext12Months: row.clv12,
    productsYouMightLike: row.recommended.flatMap((id) => names.get(id) ?? []),
  };
}

/**
 * Every campaign score held for the customer (one per drafting of a campaign,
 * whether or not they were then emailed), with the parts it is made of. A
 * score run names its campaign in its parameters (jobs/drafting/score-run.ts).
 */
function campaignScores(who: Who) {
  return db
    .select({
      scoredAt: scoreRuns.fittedAt,
      modelVersion: scoreRuns.modelVersion,
      score: scores.score,
      contributions: scores.contributions,
      suggestion: campaigns.suggestion,
      featuredCategory: categories.name,
      featuredProductIds: campaigns.featuredProductIds,
    })
    .from(scores)
    .innerJoin(scoreRuns, eq(scoreRuns.id, scores.scoreRunId))
    .leftJoin(
      campaigns,
      and(
        eq(campaigns.shopId, who.shopId),
        eq(campaigns.id, sql`json_extract(${scoreRuns.params}, '$.campaignId')`),
      ),
    )
    .leftJoin(categories, eq(categories.id, campaigns.featuredCategoryId))
    .where(and(eq(scores.shopId, who.shopId), eq(scores.customerId, who.customerId)))
    .orderBy(asc(scoreRuns.fittedAt), asc(scores.id))
    .all()
    .map(({ suggestion, featuredCategory, featuredProductIds, ...score }) => ({
      about: campaignPurpose({
        kind: suggestion?.kind ?? null,
        featuredCategory,
        featuredProducts: featuredProductIds?.length ?? 0,
      }),
      ...score,
    }));
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
