import { and, count, eq } from "drizzle-orm";
import { campaigns, customers, messages, shops } from "../../db/schema";
import { nextSendTimeFor } from "../../jobs/policy/send-window";
import type { QueuedTiming } from "~/utils/delivery-note";
import { db } from "../db.server";

type Ref = { shopId: number; campaignId: number };

/**
 * When the campaign's queued emails may go, by the same rule the send
 * applies (quiet hours in the recipient's time zone, the campaign's send
 * window). Counted per time zone, so a large campaign costs a few checks.
 */
export function queuedTiming(ref: Ref, now: Date): QueuedTiming {
  const shop = db.select().from(shops).where(eq(shops.id, ref.shopId)).get()!;
  const campaign = db
    .select({ sendWindow: campaigns.sendWindow })
    .from(campaigns)
    .where(and(eq(campaigns.id, ref.campaignId), eq(campaigns.shopId, ref.shopId)))
    .get()!;
  const zones = db
    .select({ timezone: customers.timezone, n: count() })
    .from(messages)
    .innerJoin(customers, and(eq(customers.id, messages.customerId), eq(customers.shopId, messages.shopId)))
    .where(
      and(
        eq(messages.shopId, ref.shopId),
        eq(messages.campaignId, ref.campaignId),
        eq(messages.status, "queued"),
      ),
    )
    .groupBy(customers.timezone)
    .all();
  const timing: QueuedTiming = { dueNow: 0, waiting: 0, nextAt: null };
  for (const { timezone, n } of zones) {
    const at = nextSendTimeFor(now, { customer: { timezone }, shop, campaign });
    if (!at) {
      timing.dueNow += n;
      continue;
    }
    timing.waiting += n;
    if (!timing.nextAt || at < timing.nextAt) timing.nextAt = at;
  }
  return timing;
}
