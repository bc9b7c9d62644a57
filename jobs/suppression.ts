import { createHash } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
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
 * Suppressions the system made from what a mail server or provider said
 * (a refused address, a complaint). They may be mistaken, so an owner may
 * lift them. An unsubscribe is the customer's own: only they undo it; and
 * the shop's own or an erasure stay.
 */
export const LIFTABLE: SuppressionReason[] = ["bounced", "complained"];

/** The suppression of an address, if any, and whether an owner may lift it. */
export function suppressionOf(db: Queryable, shopId: number, email: string) {
  const row = db
    .select({ reason: suppressions.reason, source: suppressions.source, createdAt: suppressions.createdAt })
    .from(suppressions)
    .where(and(eq(suppressions.shopId, shopId), eq(suppressions.emailHash, emailHash(email))))
    .get();
  return row ? { ...row, liftable: LIFTABLE.includes(row.reason) } : null;
}

/**
 * An owner lifts a suppression the system made (see LIFTABLE), with an audit
 * entry saying which. Returns whether one was lifted.
 */
export function liftSuppression(
  db: Db,
  input: { shopId: number; email: string; actor: string; subject: string },
): boolean {
  return db.transaction((tx) => {
    const lifted = tx
      .delete(suppressions)
      .where(
        and(
          eq(suppressions.shopId, input.shopId),
          eq(suppressions.emailHash, emailHash(input.email)),
          inArray(suppressions.reason, LIFTABLE),
        ),
      )
      .returning({ reason: suppressions.reason, source: suppressions.source })
      .get();
    if (!lifted) return false;
    recordAudit(tx, {
      shopId: input.shopId,
      actor: input.actor,
      action: "suppression.lifted",
      subject: input.subject,
      detail: lifted,
    });
    return true;
  });
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
