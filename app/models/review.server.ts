import { and, asc, count, eq, or, sql, type SQL } from "drizzle-orm";
import { customers, exclusions, messages } from "../../db/schema";
import { countExclusions, draftCounts } from "../../jobs/drafting/counts";
import { removeRecipient as remove } from "../../jobs/state";
import { db } from "../db.server";

type Ref = { shopId: number; campaignId: number };

// Who a row is about, as the review lists show it.
const person = { email: customers.email, firstName: customers.firstName, lastName: customers.lastName };
export const PAGE_SIZE = 50;

/** Customers whose email or name contains the text, as typed (% and _ match themselves). */
function matching(q: string): SQL | undefined {
  const text = q.trim().toLowerCase();
  if (!text) return undefined;
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const like = (column: SQL) => sql`lower(${column}) LIKE ${pattern} ESCAPE '\\'`;
  return or(
    like(sql`${customers.email}`),
    like(sql`coalesce(${customers.firstName}, '') || ' ' || coalesce(${customers.lastName}, '')`),
  );
}

/**
 * Recipients by message status, and excluded customers by reason. In review
 * every message is still a draft, so the counts stored with the drafts serve
 * (jobs/drafting/counts.ts); once sending starts they are counted afresh.
 */
export function reviewCounts({ shopId, campaignId }: Ref, status: string) {
  const stored = status === "review" ? draftCounts(db, { shopId, campaignId }) : undefined;
  if (stored) {
    return {
      byStatus: { draft: stored.recipients } as Partial<Record<string, number>>,
      recipients: stored.recipients,
      excluded: stored.excluded,
      skippedAtSend: [],
    };
  }
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
  return {
    byStatus: Object.fromEntries(byStatus.map((r) => [r.status, r.n])) as Partial<Record<string, number>>,
    recipients: byStatus.reduce((sum, r) => sum + r.n, 0),
    excluded: countExclusions(db, { shopId, campaignId }),
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

export function recipientPage({ shopId, campaignId, page, q = "" }: Ref & { page: number; q?: string }) {
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
    .where(and(eq(messages.shopId, shopId), eq(messages.campaignId, campaignId), matching(q)))
    .orderBy(asc(messages.rank))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .all();
}

export function exclusionPage({ shopId, campaignId, page, q = "" }: Ref & { page: number; q?: string }) {
  return (
    db
      .select({
        id: exclusions.id,
        reason: exclusions.reason,
        detail: exclusions.detail,
        ...person,
      })
      .from(exclusions)
      .innerJoin(customers, eq(customers.id, exclusions.customerId))
      .where(and(eq(exclusions.shopId, shopId), eq(exclusions.campaignId, campaignId), matching(q)))
      // In the order of the index, so a page is read without sorting every exclusion.
      .orderBy(asc(exclusions.reason), asc(exclusions.id))
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE)
      .all()
  );
}

/** Takes one recipient out of a campaign that has not started sending (see jobs/state.ts). */
export function removeRecipient(input: Ref & { messageId: number; userId: number }) {
  return remove(db, input);
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
