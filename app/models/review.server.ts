import { and, asc, count, eq, or, sql, type SQL } from "drizzle-orm";
import { customers, exclusions, messages } from "../../db/schema";
import { countExclusions, draftCounts } from "../../jobs/drafting/counts";
import { removeRecipient as remove } from "../../jobs/state";
import { db, prepared } from "../db.server";

const placeholder = sql.placeholder;

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

const samples = prepared(() =>
  db
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
    .where(
      and(eq(messages.shopId, placeholder("shopId")), eq(messages.campaignId, placeholder("campaignId"))),
    )
    .orderBy(asc(messages.rank))
    .limit(placeholder("limit"))
    .prepare(),
);

export function sampleMessages({ shopId, campaignId }: Ref, limit = 3) {
  return samples().all({ shopId, campaignId, limit });
}

const recipientColumns = {
  id: messages.id,
  rank: messages.rank,
  status: messages.status,
  score: messages.score,
  // A suggestion's claim ("running low") is stored first with the fact it rests on
  // (jobs/suggestions/claims.ts); the list shows that fact and the model's first
  // reason after it. The rest stay in the database rather than the page.
  fact: sql<string | null>`CASE WHEN json_extract(${messages.reasons}, '$[0].code') = 'claim'
    THEN json_extract(${messages.reasons}, '$[0].text') END`,
  mainReason: sql<string | null>`json_extract(${messages.reasons},
    CASE WHEN json_extract(${messages.reasons}, '$[0].code') = 'claim' THEN '$[1].text' ELSE '$[0].text' END)`,
  skipReason: messages.skipReason,
  ...person,
};

function recipientQuery(q: string) {
  return db
    .select(recipientColumns)
    .from(messages)
    .innerJoin(customers, eq(customers.id, messages.customerId))
    .where(
      and(
        eq(messages.shopId, placeholder("shopId")),
        eq(messages.campaignId, placeholder("campaignId")),
        matching(q),
      ),
    )
    .orderBy(asc(messages.rank))
    .limit(PAGE_SIZE)
    .offset(placeholder("offset"));
}

const exclusionColumns = {
  id: exclusions.id,
  reason: exclusions.reason,
  detail: exclusions.detail,
  ...person,
};

function exclusionQuery(q: string) {
  return (
    db
      .select(exclusionColumns)
      .from(exclusions)
      .innerJoin(customers, eq(customers.id, exclusions.customerId))
      .where(
        and(
          eq(exclusions.shopId, placeholder("shopId")),
          eq(exclusions.campaignId, placeholder("campaignId")),
          matching(q),
        ),
      )
      // In the order of the index, so a page is read without sorting every exclusion.
      .orderBy(asc(exclusions.reason), asc(exclusions.id))
      .limit(PAGE_SIZE)
      .offset(placeholder("offset"))
  );
}

// The unsearched first pages are what every review page shows; searches are built as they come.
const recipientsUnsearched = prepared(() => recipientQuery("").prepare());
const exclusionsUnsearched = prepared(() => exclusionQuery("").prepare());

export function recipientPage({ shopId, campaignId, page, q = "" }: Ref & { page: number; q?: string }) {
  const values = { shopId, campaignId, offset: (page - 1) * PAGE_SIZE };
  return q.trim() ? recipientQuery(q).all(values) : recipientsUnsearched().all(values);
}

export function exclusionPage({ shopId, campaignId, page, q = "" }: Ref & { page: number; q?: string }) {
  const values = { shopId, campaignId, offset: (page - 1) * PAGE_SIZE };
  return q.trim() ? exclusionQuery(q).all(values) : exclusionsUnsearched().all(values);
}

/** Takes one recipient out of a campaign that has not started sending (see jobs/state.ts). */
export function removeRecipient(input: Ref & { messageId: number; userId: number }) {
  return remove(db, input);
}

const unknown = prepared(() =>
  db
    .select({ id: messages.id, attemptedAt: messages.sentAt, error: messages.error, ...person })
    .from(messages)
    .innerJoin(customers, eq(customers.id, messages.customerId))
    .where(
      and(
        eq(messages.shopId, placeholder("shopId")),
        eq(messages.campaignId, placeholder("campaignId")),
        eq(messages.status, "unknown"),
      ),
    )
    .orderBy(asc(messages.rank))
    .limit(placeholder("limit"))
    .prepare(),
);

/** Messages whose delivery is unknown, for the owner to resolve; the first `limit` of them. */
export function unknownMessages({ shopId, campaignId }: Ref, limit = 200) {
  return unknown().all({ shopId, campaignId, limit });
}
