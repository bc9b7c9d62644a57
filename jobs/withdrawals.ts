import { and, asc, eq } from "drizzle-orm";
import type { Queryable } from "../db/client";
import { consentEvents, suppressions } from "../db/schema";
import { standingWithdrawal } from "./policy/protections";
import { emailHash } from "./suppression";

/**
 * The withdrawal standing on record for a customer (their consent history)
 * or an address (its suppression); a customer not stored yet has only the latter.
 */
export function withdrawalOnRecord(
  db: Queryable,
  input: { shopId: number; customerId: number | null; email: string },
) {
  const suppression =
    db
      .select({ reason: suppressions.reason, source: suppressions.source })
      .from(suppressions)
      .where(and(eq(suppressions.shopId, input.shopId), eq(suppressions.emailHash, emailHash(input.email))))
      .get() ?? null;
  const history =
    input.customerId === null
      ? []
      : db
          .select({ consent: consentEvents.consent, source: consentEvents.source, at: consentEvents.at })
          .from(consentEvents)
          .where(and(eq(consentEvents.shopId, input.shopId), eq(consentEvents.customerId, input.customerId)))
          .orderBy(asc(consentEvents.at), asc(consentEvents.id))
          .all();
  return standingWithdrawal(history, suppression);
}
