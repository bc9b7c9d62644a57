import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db, Queryable } from "../db/client";
import { suppressions } from "../db/schema";
import { recordAudit } from "./audit";

export type SuppressionReason = (typeof suppressions.$inferInsert)["reason"];

export function emailHash(email: string): string {
  return createHash("sha256").update(email.trim().toLowerCase()).digest("hex");
}

export function isSuppressed(db: Queryable, shopId: number, email: string): boolean {
  const row = db
    .select({ id: suppressions.id })
    .from(suppressions)
    .where(and(eq(suppressions.shopId, shopId), eq(suppressions.emailHash, emailHash(email))))
    .get();
  return row !== undefined;
}

/**
 * Suppresses an address for every later send of the shop. Written straight to
 * SQLite (never through the queue) so that unsubscribing works while Redis is
 * down; repeating it changes nothing. Returns whether it was newly suppressed.
 */
export function suppressEmail(
  db: Db,
  input: {
    shopId: number;
    email: string;
    reason: SuppressionReason;
    source: string;
    actor: string;
    subject: string;
  },
): boolean {
  return db.transaction((tx) => {
    const inserted = tx
      .insert(suppressions)
      .values({
        shopId: input.shopId,
        emailHash: emailHash(input.email),
        reason: input.reason,
        source: input.source,
      })
      .onConflictDoNothing()
      .run();
    if (inserted.changes === 0) return false;
    recordAudit(tx, {
      shopId: input.shopId,
      actor: input.actor,
      action: `suppression.${input.reason}`,
      subject: input.subject,
      detail: { source: input.source },
    });
    return true;
  });
}
