import { and, count, eq, max, sql, type Column, type Placeholder } from "drizzle-orm";
import { eqNoIndex, preparedPer, type Db, type Tx } from "../../db/client";
import { campaigns, customers, messages, orders, shops, suppressions } from "../../db/schema";
import { checkEligibility, checkPermission, lookbackDays, type PolicyDecision } from "../policy/eligibility";
import { nextSendTimeFor } from "../policy/send-window";
import { emailHash } from "../suppression";
import { markSending, moveMessage, settleCampaign } from "../state";
import { messageHash } from "./approval";
import { campaignCategories, loadRecentSends } from "../drafting/load";

type Message = typeof messages.$inferSelect;
type Customer = typeof customers.$inferSelect;
type Shop = typeof shops.$inferSelect;

export type Claim =
  | { outcome: "send"; message: Message; customer: Customer; shop: Shop }
  | { outcome: "deferred"; until: Date }
  | { outcome: "skipped" | "unknown" | "nothing" };

type MessageRef = { shopId: number; messageId: number };

/**
 * Claims one queued message for sending. The policy runs again here, inside
 * the same write transaction as the claim and the cap accounting, so that an
 * unsubscribe after approval or a parallel campaign reaching the cap is seen.
 */
export function claimMessage(db: Db, ref: MessageRef, now: Date, leaseMs: number): Claim {
  return claimMessages(db, ref.shopId, [ref.messageId], now, leaseMs)[0].claim;
}

/**
 * Claims several messages of one shop in one write transaction: each exactly
 * as claimMessage would, in order. What the policy needs is read once for
 * the whole batch at the start of the transaction (BEGIN IMMEDIATE: no other
 * claim can write in between), and each message claimed counts at once
 * towards its customer's cap, so a later one in the batch sees it.
 */
export function claimMessages(db: Db, shopId: number, messageIds: number[], now: Date, leaseMs: number) {
  return db.transaction(
    (tx) => {
      const batch = loadBatch(db, tx, shopId, messageIds, now);
      const claims = messageIds.map((messageId) => ({
        messageId,
        claim: claimIn(tx, batch, messageId, now, leaseMs),
      }));
      const sending = claims.flatMap(({ claim }) => (claim.outcome === "send" ? [claim.message.id] : []));
      markSending(tx, shopId, sending, now);
      return claims;
    },
    { behavior: "immediate" },
  );
}

type Batch = ReturnType<typeof loadBatch>;

const permissionReads = preparedPer((db: Db) => ({
  consent: db
    .select({ marketingConsent: customers.marketingConsent })
    .from(customers)
    .where(
      and(eqNoIndex(customers.shopId, sql.placeholder("shopId")), eq(customers.id, sql.placeholder("id"))),
    )
    .prepare(),
  suppressed: db
    .select({ id: suppressions.id })
    .from(suppressions)
    .where(
      and(
        eq(suppressions.shopId, sql.placeholder("shopId")),
        eq(suppressions.emailHash, sql.placeholder("hash")),
      ),
    )
    .prepare(),
}));

/**
 * The last look before a claimed message's content goes to SMTP: whether
 * its customer still lets the shop mail them (the policy's own permission
 * check). Between the claim and this moment, someone may have unsubscribed.
 */
export function stillPermitted(db: Db, claimed: { shop: Shop; customer: Customer }): PolicyDecision {
  const reads = permissionReads(db);
  const shopId = claimed.shop.id;
  const customer = reads.consent.get({ shopId, id: claimed.customer.id });
  return checkPermission({
    // An erased customer is gone: as good as no consent.
    customer: { marketingConsent: customer?.marketingConsent ?? false },
    suppressed: reads.suppressed.get({ shopId, hash: emailHash(claimed.customer.email) }) !== undefined,
  });
}

/** `column IN (the ids in a JSON array)`: one prepared statement serves batches of any size. */
const inJsonArray = (column: Column, placeholder: Placeholder) =>
  sql`${column} IN (SELECT value FROM json_each(${placeholder}))`;

/**
 * The batch's reads, prepared once per database handle: building and
 * compiling the SQL again for every batch cost more than running it.
 * Messages and customers are read by primary key (eqNoIndex): an index led
 * by shop_id would read the whole shop for each batch.
 */
const batchReads = preparedPer((db: Db) => {
  const shopId = sql.placeholder("shopId");
  const ids = sql.placeholder("ids");
  return {
    shop: db.select().from(shops).where(eq(shops.id, shopId)).prepare(),
    messages: db
      .select()
      .from(messages)
      .where(and(eqNoIndex(messages.shopId, shopId), inJsonArray(messages.id, ids)))
      .prepare(),
    customers: db
      .select()
      .from(customers)
      .where(and(eqNoIndex(customers.shopId, shopId), inJsonArray(customers.id, ids)))
      .prepare(),
    histories: db
      .select({ customerId: orders.customerId, n: count(), lastAt: max(orders.orderedAt) })
      .from(orders)
      .where(and(eq(orders.shopId, shopId), inJsonArray(orders.customerId, ids)))
      .groupBy(orders.customerId)
      .prepare(),
    suppressed: db
      .select({ hash: suppressions.emailHash })
      .from(suppressions)
      .where(and(eq(suppressions.shopId, shopId), inJsonArray(suppressions.emailHash, ids)))
      .prepare(),
    campaigns: db
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.shopId, shopId), inJsonArray(campaigns.id, ids)))
      .prepare(),
  };
});

/** Everything the claim of these messages reads, in one query per table. */
function loadBatch(db: Db, tx: Tx, shopId: number, messageIds: number[], now: Date) {
  const reads = batchReads(db);
  const of = (ids: unknown[]) => ({ shopId, ids: JSON.stringify(ids) });
  const shop = reads.shop.get({ shopId })!;
  const rows = reads.messages.all(of(messageIds));
  const campaignIds = [...new Set(rows.map((m) => m.campaignId))];
  const customerIds = [...new Set(rows.map((m) => m.customerId))];
  const people = reads.customers.all(of(customerIds));
  const histories = reads.histories.all(of(customerIds));
  const hashes = new Map(people.map((c) => [c.id, emailHash(c.email)]));
  const suppressed = reads.suppressed.all(of([...hashes.values()]));
  const campaignRows = reads.campaigns.all(of(campaignIds));
  return {
    shop,
    messages: new Map(rows.map((m) => [m.id, m])),
    campaigns: new Map(
      campaignRows.map((c) => [c.id, { campaign: c, categories: campaignCategories(tx, shopId, c) }]),
    ),
    customers: new Map(people.map((c) => [c.id, c])),
    histories: new Map(histories.map((h) => [h.customerId, h])),
    suppressed: new Set(suppressed.map((s) => s.hash)),
    hashes,
    recentSends: loadRecentSends(tx, shopId, now, lookbackDays(shop), customerIds),
  };
}

function claimIn(tx: Tx, batch: Batch, messageId: number, now: Date, leaseMs: number): Claim {
  const { shop } = batch;
  const ref = { shopId: shop.id, messageId };
  const message = batch.messages.get(messageId);
  if (!message) return { outcome: "nothing" };
  if (message.status === "sending") {
    // Another attempt holds the claim. Within its lease it may still be
    // talking to SMTP; past it, that attempt died and the mail may have
    // left. Never risk a second copy: the owner resolves "unknown" ones.
    if (message.sentAt && now.getTime() - message.sentAt.getTime() < leaseMs) return { outcome: "nothing" };
    const moved = moveMessage(tx, ref, "sending", "unknown", {
      error: "The worker stopped while sending; delivery unknown.",
    });
    if (moved) settleCampaign(tx, { shopId: shop.id, campaignId: message.campaignId }, 1);
    batch.messages.set(messageId, { ...message, status: "unknown" });
    return { outcome: "unknown" };
  }
  if (message.status !== "queued") return { outcome: "nothing" };
  const { campaign, categories } = batch.campaigns.get(message.campaignId)!;
  // Paused or cancelled: hand nothing out. A resume queues what is left again.
  if (campaign.status !== "sending") return { outcome: "nothing" };
  const campaignRef = { shopId: shop.id, campaignId: message.campaignId };
  if (message.approvedHash !== messageHash(message)) {
    moveMessage(tx, ref, "queued", "skipped", {
      skipReason: "changed_after_approval",
      error: "This email changed after the owner approved it.",
    });
    settleCampaign(tx, campaignRef, 1);
    batch.messages.set(messageId, { ...message, status: "skipped" });
    return { outcome: "skipped" };
  }

  const customer = batch.customers.get(message.customerId)!;
  const history = batch.histories.get(customer.id);
  const recentSends = batch.recentSends.get(customer.id) ?? [];
  const decision = checkEligibility({
    customer: { ...customer, orderCount: history?.n ?? 0, lastOrderAt: history?.lastAt ?? null },
    suppressed: batch.suppressed.has(batch.hashes.get(customer.id)!),
    campaign: categories,
    shop,
    recentSends,
    now,
  });
  if (!decision.eligible) {
    moveMessage(tx, ref, "queued", "skipped", { skipReason: decision.reason, error: decision.detail });
    settleCampaign(tx, campaignRef, 1);
    batch.messages.set(messageId, { ...message, status: "skipped" });
    return { outcome: "skipped" };
  }
  // Outside the campaign's send window or in the recipient's quiet hours the
  // message waits, still queued, and meets the policy again when it is sent.
  const until = nextSendTimeFor(now, { customer, shop, campaign });
  if (until) return { outcome: "deferred", until };
  // Counted towards the cap from now on, for the rest of this batch too.
  batch.recentSends.set(customer.id, [...recentSends, now]);
  const claimed = { ...message, status: "sending" as const, sentAt: now, attempts: message.attempts + 1 };
  // The batch's own view stays true, should an id come twice.
  batch.messages.set(messageId, claimed);
  return { outcome: "send", message: claimed, customer, shop };
}
