import { and, desc, eq, inArray, lt } from "drizzle-orm";
import { auditLog, customers, users } from "../../db/schema";
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
  const customerIds = rows.flatMap((r) =>
    r.subject.startsWith("customer:") ? [Number(r.subject.slice(9))] : [],
  );
  const customerNames = new Map(
    customerIds.length
      ? db
          .select({
            id: customers.id,
            firstName: customers.firstName,
            lastName: customers.lastName,
            email: customers.email,
          })
          .from(customers)
          .where(and(eq(customers.shopId, shopId), inArray(customers.id, customerIds)))
          .all()
          .map((c) => [`customer:${c.id}`, [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email])
      : [],
  );
  return rows.map((r) => ({
    ...r,
    actorName: names.get(r.actor) ?? null,
    // An erased customer has no name left to show.
    subjectName:
      customerNames.get(r.subject) ?? (r.subject.startsWith("customer:") ? "an erased customer" : null),
  }));
}
