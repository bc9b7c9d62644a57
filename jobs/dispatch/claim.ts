import { and, count, eq, max } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { campaigns, customers, messages, orders, shops } from "../../db/schema";
import { checkEligibility, lookbackDays } from "../policy/eligibility";
import { nextSendTimeFor } from "../policy/send-window";
import { isSuppressed } from "../suppression";
import { moveMessage, settleCampaign } from "../state";
import { messageHash } from "./approval";
import { campaignCategories, loadRecentSends } from "../drafting/load";

export type Claim =
  | {
      outcome: "send";
      message: typeof messages.$inferSelect;
      customer: typeof customers.$inferSelect;
      shop: typeof shops.$inferSelect;
    }
  | { outcome: "deferred"; until: Date }
  | { outcome: "skipped" | "unknown" | "nothing" };

type MessageRef = { shopId: number; messageId: number };

/**
 * Claims one queued message for sending. The policy runs again here, inside
 * the same write transaction as the claim and the cap accounting, so that an
 * unsubscribe after approval or a parallel campaign reaching the cap is seen.
 */
export function claimMessage(db: Db, ref: MessageRef, now: Date, leaseMs: number): Claim {
  return db.transaction((tx) => claimIn(tx, ref, now, leaseMs), { behavior: "immediate" });
}

/**
 * Claims several messages of one shop in one write transaction: each exactly
 * as claimMessage would, in order, so a later one sees the sends claimed
 * before it (two messages to one customer cannot both pass the cap).
 */
export function claimMessages(db: Db, shopId: number, messageIds: number[], now: Date, leaseMs: number) {
  return db.transaction(
    (tx) =>
      messageIds.map((messageId) => ({ messageId, claim: claimIn(tx, { shopId, messageId }, now, leaseMs) })),
    { behavior: "immediate" },
  );
}

function claimIn(tx: Tx, ref: MessageRef, now: Date, leaseMs: number): Claim {
  const message = tx
    .select()
    .from(messages)
    .where(and(eq(messages.id, ref.messageId), eq(messages.shopId, ref.shopId)))
    .get();
  if (!message) return { outcome: "nothing" };
  if (message.status === "sending") {
    // Another attempt holds the claim. Within its lease it may still be
    // talking to SMTP; past it, that attempt died and the mail may have
    // left. Never risk a second copy: the owner resolves "unknown" ones.
    if (message.sentAt && now.getTime() - message.sentAt.getTime() < leaseMs) return { outcome: "nothing" };
    const moved = moveMessage(tx, ref, "sending", "unknown", {
      error: "The worker stopped while sending; delivery unknown.",
    });
    if (moved) settleCampaign(tx, { shopId: ref.shopId, campaignId: message.campaignId }, 1);
    return { outcome: "unknown" };
  }
  if (message.status !== "queued") return { outcome: "nothing" };
  const campaign = tx
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.id, message.campaignId), eq(campaigns.shopId, ref.shopId)))
    .get()!;
  // Paused or cancelled: hand nothing out. A resume queues what is left again.
  if (campaign.status !== "sending") return { outcome: "nothing" };
  const campaignRef = { shopId: ref.shopId, campaignId: message.campaignId };
  if (message.approvedHash !== messageHash(message)) {
    moveMessage(tx, ref, "queued", "skipped", {
      skipReason: "changed_after_approval",
      error: "This email changed after the owner approved it.",
    });
    settleCampaign(tx, campaignRef, 1);
    return { outcome: "skipped" };
  }

  const customer = tx
    .select()
    .from(customers)
    .where(and(eq(customers.id, message.customerId), eq(customers.shopId, ref.shopId)))
    .get()!;
  const shop = tx.select().from(shops).where(eq(shops.id, ref.shopId)).get()!;
  const history = tx
    .select({ n: count(), lastAt: max(orders.orderedAt) })
    .from(orders)
    .where(and(eq(orders.shopId, ref.shopId), eq(orders.customerId, customer.id)))
    .get()!;
  const recentSends =
    loadRecentSends(tx, ref.shopId, now, lookbackDays(shop), customer.id).get(customer.id) ?? [];
  const decision = checkEligibility({
    customer: { ...customer, orderCount: history.n, lastOrderAt: history.lastAt },
    suppressed: isSuppressed(tx, ref.shopId, customer.email),
    campaign: campaignCategories(tx, ref.shopId, campaign),
    shop,
    recentSends,
    now,
  });
  if (!decision.eligible) {
    moveMessage(tx, ref, "queued", "skipped", { skipReason: decision.reason, error: decision.detail });
    settleCampaign(tx, campaignRef, 1);
    return { outcome: "skipped" };
  }
  // Outside the campaign's send window or in the recipient's quiet hours the
  // message waits, still queued, and meets the policy again when it is sent.
  const until = nextSendTimeFor(now, { customer, shop, campaign });
  if (until) return { outcome: "deferred", until };
  moveMessage(tx, ref, "queued", "sending", { sentAt: now, attempts: message.attempts + 1 });
  return { outcome: "send", message: { ...message, status: "sending" as const }, customer, shop };
}
