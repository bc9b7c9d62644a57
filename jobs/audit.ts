import type { Queryable } from "../db/client";
import { auditLog } from "../db/schema";

export type AuditEntry = {
  shopId: number;
  actor: string; // "user:12", "recipient", "system"
  action: string; // "campaign.approved", "suppression.unsubscribed", ...
  subject: string; // "campaign:4", "customer:9"
  detail?: Record<string, unknown>;
};

export function recordAudit(db: Queryable, entry: AuditEntry): void {
  db.insert(auditLog).values(entry).run();
}
