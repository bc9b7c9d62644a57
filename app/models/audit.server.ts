import { and, desc, eq, lt } from "drizzle-orm";
import { auditLog, users } from "../../db/schema";
import { db } from "../db.server";

export const AUDIT_PAGE_SIZE = 50;

/** The shop's audit trail, newest first, with user actors named. */
export function auditPage({ shopId, before }: { shopId: number; before?: number }) {
  const rows = db
    .select({
      id: auditLog.id,
      actor: auditLog.actor,
      action: auditLog.action,
      subject: auditLog.subject,
      detail: auditLog.detail,
      at: auditLog.at,
    })
    .from(auditLog)
    .where(and(eq(auditLog.shopId, shopId), before ? lt(auditLog.id, before) : undefined))
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE)
    .all();
  const names = new Map(
    db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(eq(users.shopId, shopId))
      .all()
      .map((u) => [`user:${u.id}`, u.name]),
  );
  return rows.map((r) => ({ ...r, actorName: names.get(r.actor) ?? null }));
}
