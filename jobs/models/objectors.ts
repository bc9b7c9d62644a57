import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { Db, Queryable } from "../../db/client";
import { messages, modelRuns, predictions, scoreRuns, scores, suppressions } from "../../db/schema";
import { hasWithdrawnConsent, isObjection } from "../policy/objection";
import { emailHash } from "../suppression";

// Bound to stay far below SQLite's limit on parameters in one statement.
const CHUNK = 500;

/**
 * The customers of a shop who objected to marketing (jobs/policy/objection.ts):
 * no prediction or score is made about them. Suppressions are kept as hashes,
 * so each address is hashed, but only while the shop has any such suppression.
 */
export function objectorIds(db: Db, shopId: number): Set<number> {
  const hashes = new Set(
    db
      .select({ hash: suppressions.emailHash, reason: suppressions.reason })
      .from(suppressions)
      .where(eq(suppressions.shopId, shopId))
      .all()
      .filter((s) => isObjection(s.reason))
      .map((s) => s.hash),
  );
  // Streamed: a shop may have a million customers, and only their ids are kept.
  const rows = db.$client
    .prepare(
      `SELECT id, email, marketing_consent, consent_at FROM customers
       WHERE shop_id = ? ${hashes.size > 0 ? "" : "AND marketing_consent = 0 AND consent_at IS NOT NULL"}`,
    )
    .raw(true)
    .iterate(shopId) as Iterable<[number, string, number, number | null]>;
  const ids = new Set<number>();
  for (const [id, email, consent, consentAt] of rows) {
    const withdrawn = hasWithdrawnConsent({
      marketingConsent: consent === 1,
      consentAt: consentAt === null ? null : new Date(consentAt),
    });
    if (withdrawn || (hashes.size > 0 && hashes.has(emailHash(email)))) ids.add(id);
  }
  return ids;
}

/**
 * Deletes every prediction about these customers, and their campaign scores
 * except those an email was drafted or sent with: that score is the record of
 * why the email went to them, which its why-page shows.
 */
export function forgetPredictions(db: Queryable, shopId: number, customerIds: Iterable<number>) {
  const ids = [...customerIds];
  const shopModelRuns = db.select({ id: modelRuns.id }).from(modelRuns).where(eq(modelRuns.shopId, shopId));
  const shopScoreRuns = db.select({ id: scoreRuns.id }).from(scoreRuns).where(eq(scoreRuns.shopId, shopId));
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    // By run and customer, the order of each table's key, so no delete reads the whole table.
    db.delete(predictions)
      .where(and(inArray(predictions.modelRunId, shopModelRuns), inArray(predictions.customerId, chunk)))
      .run();
    const explaining = db
      .select({ id: messages.scoreId })
      .from(messages)
      .where(
        and(
          eq(messages.shopId, shopId),
          inArray(messages.customerId, chunk),
          sql`${messages.scoreId} IS NOT NULL`,
        ),
      );
    db.delete(scores)
      .where(
        and(
          inArray(scores.scoreRunId, shopScoreRuns),
          inArray(scores.customerId, chunk),
          notInArray(scores.id, explaining),
        ),
      )
      .run();
  }
}
