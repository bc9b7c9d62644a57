import type { customers } from "../../db/schema";
import {
  withoutLoosening,
  type Proposal,
  type Refusal,
  type Rules,
  type Withdrawal,
} from "../policy/protections";
import type { CustomerRecord } from "./plan";

// Pure: what one row of a customers file may write about a customer.

export type StoredCustomer = Pick<
  typeof customers.$inferSelect,
  "externalId" | "email" | "firstName" | "lastName" | "country" | "birthdate" | "marketingConsent"
>;
export type CustomerChanges = Partial<Omit<StoredCustomer, "email">> & { email?: string };

/**
 * The changes a file's row makes to a stored customer (or the values of a new
 * one, when `stored` is null), the consent to add to their history, and the
 * changes refused because they would lift a protection. Non-empty values
 * replace what is stored and empty ones keep it; a customer keeps the
 * platform id they were first stored with; consent, birthdate and address
 * go through the never-loosen rule the signup form uses too.
 */
export function importChanges(
  stored: StoredCustomer | null,
  withdrawal: Withdrawal | null,
  record: Omit<CustomerRecord, "line">,
  rules: Rules,
): { changes: CustomerChanges; consent: boolean | null; refused: Refusal[] } {
  const proposal: Proposal = {};
  if (record.consent !== null) proposal.consent = record.consent;
  if (record.birthdate !== null && record.birthdate !== stored?.birthdate)
    proposal.birthdate = record.birthdate;
  if (record.email !== null && record.email !== stored?.email) proposal.email = record.email;
  const { kept, refused } = withoutLoosening(
    { email: stored?.email ?? null, birthdate: stored?.birthdate ?? null, withdrawal },
    proposal,
    rules,
  );

  const changes: CustomerChanges = {};
  const replace = { firstName: record.firstName, lastName: record.lastName, country: record.country };
  for (const [key, value] of Object.entries(replace) as [keyof typeof replace, string | null][]) {
    if (value !== null && value !== stored?.[key]) changes[key] = value;
  }
  if (record.externalId !== null && !stored?.externalId) changes.externalId = record.externalId;
  if (kept.birthdate !== undefined) changes.birthdate = kept.birthdate;
  if (kept.email !== undefined) changes.email = kept.email;
  if (!stored) {
    changes.marketingConsent = kept.consent ?? false;
    return { changes, consent: kept.consent ?? null, refused };
  }
  const consentChanged = kept.consent !== undefined && kept.consent !== stored.marketingConsent;
  if (consentChanged) changes.marketingConsent = kept.consent;
  return { changes, consent: consentChanged ? kept.consent! : null, refused };
}
