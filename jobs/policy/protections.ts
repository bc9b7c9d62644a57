import type { suppressions } from "../../db/schema";
import { ageOn } from "./eligibility";

// Pure: what a source that cannot vouch for the customer's latest wish (an
// imported file, the public signup form) may change about a customer's
// protections. Such a source may add a protection, never lift one: lifting is
// for the customer themselves (their signed links) or the owner, on record.

export type ConsentEvent = { consent: boolean; source: string; at: Date };
export type Suppression = { reason: (typeof suppressions.$inferSelect)["reason"]; source: string };

/** A withdrawal still standing: a suppression (filed under the address) or a "no" in the consent history. */
export type Withdrawal = { by: "suppression" | "consent"; text: string };

/** The consent source the public signup form records. */
export const SIGNUP_SOURCE = "signup form";

/** Sources that cannot give back consent once it was withdrawn: anyone can fill in a file or a form. */
const outsideSource = (source: string) => source.startsWith("import:") || source === SIGNUP_SOURCE;

const SUPPRESSION_TEXT: Record<Suppression["reason"], string | null> = {
  unsubscribed: "unsubscribed",
  complained: "reported an email as spam",
  owner: "stopped by the shop",
  erased: "asked to be erased",
  // An address that bounced says nothing about what its owner wants.
  bounced: null,
};

/**
 * The withdrawal on record, if one stands. A "no" is a withdrawal when it
 * follows a "yes" or was recorded by someone other than an import (whose
 * first "no" only says consent was never given); it stands until consent is
 * given back by a source that can vouch for it.
 */
export function standingWithdrawal(
  history: ConsentEvent[],
  suppression: Suppression | null,
): Withdrawal | null {
  const text = suppression ? SUPPRESSION_TEXT[suppression.reason] : null;
  if (suppression && text) return { by: "suppression", text: `${text} (${suppression.source})` };
  let consented = false;
  let withdrawal: Withdrawal | null = null;
  for (const event of [...history].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    if (event.consent) {
      consented = true;
      if (!outsideSource(event.source)) withdrawal = null;
    } else if (consented || !outsideSource(event.source)) {
      withdrawal = {
        by: "consent",
        text: `consent withdrawn on ${event.at.toISOString().slice(0, 10)} (${event.source})`,
      };
    }
  }
  return withdrawal;
}

/** What is on record about a customer; all null for a customer not stored yet. */
export type OnRecord = { email: string | null; birthdate: string | null; withdrawal: Withdrawal | null };
export type Proposal = { consent?: boolean; birthdate?: string; email?: string };
export const REFUSAL_CODES = ["kept_withdrawal", "kept_minor", "kept_address", "kept_sensitive"] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];
export type Refusal = { field: keyof Proposal | "category"; code: RefusalCode; reason: string };
export type Rules = { now: Date; minorAge: number };

const isMinor = (birthdate: string | null, rules: Rules) => {
  const age = birthdate ? ageOn(birthdate, rules.now) : null;
  return age !== null && age < rules.minorAge;
};

/**
 * The proposed changes that loosen nothing, and a reason for each one that
 * would: consent over a withdrawal; a birthdate that makes a minor on record
 * older (it may make anyone younger, or a minor); a new address for a
 * customer whose unsubscribe is filed under the old one.
 */
export function withoutLoosening(
  onRecord: OnRecord,
  proposal: Proposal,
  rules: Rules,
): { kept: Proposal; refused: Refusal[] } {
  const kept: Proposal = {};
  const refused: Refusal[] = [];
  const { withdrawal } = onRecord;
  if (proposal.consent !== undefined) {
    if (proposal.consent && withdrawal) {
      refused.push({
        field: "consent",
        code: "kept_withdrawal",
        reason: `${withdrawal.text}; kept withdrawn`,
      });
    } else kept.consent = proposal.consent;
  }
  if (proposal.birthdate !== undefined) {
    const stored = onRecord.birthdate;
    if (stored && isMinor(stored, rules) && proposal.birthdate < stored) {
      refused.push({
        field: "birthdate",
        code: "kept_minor",
        reason: `under ${rules.minorAge} on record; only the owner can make them older`,
      });
    } else kept.birthdate = proposal.birthdate;
  }
  if (proposal.email !== undefined) {
    if (withdrawal?.by === "suppression" && onRecord.email !== null && proposal.email !== onRecord.email) {
      refused.push({
        field: "email",
        code: "kept_address",
        reason: `${withdrawal.text} under the address on record; a new address would not be`,
      });
    } else kept.email = proposal.email;
  }
  return { kept, refused };
}

type Category = { name: string; sensitive: boolean };

/**
 * Whether a file may move a product to another category: into any, or from
 * one sensitive category to another, but never out of a sensitive one into
 * an ordinary one, which would let it reach minors and customers needing care.
 */
export function categoryMove(
  current: Category | null,
  next: Category,
): { move: true } | { move: false; refusal: Refusal } {
  if (!current?.sensitive || next.sensitive) return { move: true };
  return {
    move: false,
    refusal: {
      field: "category",
      code: "kept_sensitive",
      reason: `kept in ${current.name}, which is sensitive; ${next.name} is not`,
    },
  };
}
