import { and, asc, count, eq, sql } from "drizzle-orm";
import { customers, exclusions, messages } from "../../db/schema";
import { db } from "../db.server";

type Ref = { shopId: number; campaignId: number };

// Who a row is about, as the review lists show it.
const person = { email: customers.email, firstName: customers.firstName, lastName: customers.lastName };
export const PAGE_SIZE = 50;

/** Recipients by message status, and excluded customers by reason. */
export function reviewCounts({ shopId, campaignId }: Ref) {
  const byStatus = db
    .select({ status: messages.status, n: count() })
    .from(messages)
    .where(and(eq(messages.shopId, shopId), eq(messages.campaignId, campaignId)))
    .groupBy(messages.status)
    .all();
  const skipped = db
    .select({ reason: messages.skipReason, n: count() })
    .from(messages)
    .where(
      and(eq(messages.shopId, shopId), eq(messages.campaignId, campaignId), eq(messages.status, "skipped")),
    )
    .groupBy(messages.skipReason)
    .all();
  const excluded = db
    .select({ reason: exclusions.reason, n: count() })
    .from(exclusions)
    .where(and(eq(exclusions.shopId, shopId), eq(exclusions.campaignId, campaignId)))
    .groupBy(exclusions.reason)
    .orderBy(sql`count(*) desc`)
    .all();
  return {
    byStatus: Object.fromEntries(byStatus.map((r) => [r.status, r.n])) as Partial<Record<string, number>>,
    recipients: byStatus.reduce((sum, r) => sum + r.n, 0),
    excluded,
    skippedAtSend: skipped,
  };
}

export function sampleMessages({ shopId, campaignId }: Ref, limit = 3) {
  return db
    .select({
      id: messages.id,
      subject: messages.subject,
      html: messages.html,
      reasons: messages.reasons,
      firstName: customers.firstName,
      lastName: customers.lastName,
    })
    .from(messages)
    .innerJoin(customers, eq(customers.id, messages.customerId))
    .where(and(eq(messages.shopId, shopId), eq(messages.campaignId, campaignId)))
    .orderBy(asc(messages.rank))
    .limit(limit)
    .all();
}

export function recipientPage({ shopId, campaignId, page }: Ref & { page: number }) {
  return db
    .select({
      id: messages.id,
      rank: messages.rank,
      status: messages.status,
      score: messages.score,
      reasons: messages.reasons,
      skipReason: messages.skipReason,
      ...person,
    })
    .from(messages)
    .innerJoin(customers, eq(customers.id, messages.customerId))
    .where(and(eq(messages.shopId, shopId), eq(messages.campaignId, campaignId)))
    .orderBy(asc(messages.rank))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .all();
}

export function exclusionPage({ shopId, campaignId, page }: Ref & { page: number }) {
  return db
    .select({
      id: exclusions.id,
      reason: exclusions.reason,
      detail: exclusions.detail,
      ...person,
    })
    .from(exclusions)
    .innerJoin(customers, eq(customers.id, exclusions.customerId))
    .where(and(eq(exclusions.shopId, shopId), eq(exclusions.campaignId, campaignId)))
    .orderBy(asc(exclusions.reason), asc(customers.lastName), asc(exclusions.id))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .all();
}

/** Messages whose delivery is unknown, for the owner to resolve; the first `limit` of them. */
export function unknownMessages({ shopId, campaignId }: Ref, limit = 200) {
  return db
    .select({ id: messages.id, attemptedAt: messages.sentAt, error: messages.error, ...person })
    .from(messages)
    .innerJoin(customers, eq(customers.id, messages.customerId))
    .where(
      and(eq(messages.shopId, shopId), eq(messages.campaignId, campaignId), eq(messages.status, "unknown")),
    )
    .orderBy(asc(messages.rank))
    .limit(limit)
    .all();
}
