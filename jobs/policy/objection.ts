import type { SuppressionReason } from "../suppression";

// GDPR Art. 21(2)-(3): a person may object to their data being used for
// direct marketing, profiling included, and it must then stop. These rules say
// who has objected; jobs/models/objectors.ts applies them to a shop.

/**
 * Suppressions that are the person's own objection: unsubscribing, a spam
 * complaint, erasure. A bounce is about the address, not the person.
 */
const OBJECTIONS: ReadonlySet<SuppressionReason> = new Set(["unsubscribed", "complained", "erased"]);

export const isObjection = (reason: SuppressionReason) => OBJECTIONS.has(reason);

/**
 * Consent that was given and then taken back. consentAt is set whenever
 * consent is given or changes (never for someone who simply never agreed), so
 * consent off with a time is a withdrawal.
 */
export const hasWithdrawnConsent = (c: { marketingConsent: boolean; consentAt: Date | null }) =>
  !c.marketingConsent && c.consentAt !== null;

export type Objection = { how: "unsubscribed" | "withdrew consent"; since: Date };

/** How and since when a customer objected, or null while they have not. */
export function objectionOf(
  customer: { marketingConsent: boolean; consentAt: Date | null },
  suppression: { reason: SuppressionReason; since: Date } | null,
): Objection | null {
  if (suppression && isObjection(suppression.reason))
    return { how: "unsubscribed", since: suppression.since };
  if (hasWithdrawnConsent(customer)) return { how: "withdrew consent", since: customer.consentAt! };
  return null;
}

/** The sentence the recipient's pages show once they have objected. */
export function objectionWords(objection: Pick<Objection, "how">, shopName: string, on: string): string {
  const what = objection.how === "unsubscribed" ? "unsubscribed" : "withdrew your consent to marketing";
  return `You ${what} on ${on}, so ${shopName} no longer makes predictions about you, and has deleted the ones it had.`;
}
