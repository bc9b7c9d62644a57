// Why a customer is left out of a campaign, at drafting or at the moment of
// sending. Stored as exclusions.reason and messages.skip_reason.
export const REASON_CODES = [
  "no_consent",
  "suppressed",
  "needs_care",
  "minor",
  "unknown_age_sensitive",
  "category_opt_out",
  "no_orders",
  "stale",
  "preference_frequency",
  "frequency_cap",
  "too_soon",
  "audience_limit",
  "not_due",
  "not_lapsed",
  "removed_by_owner",
  "cancelled",
  "changed_after_approval",
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

export const REASON_LABELS: Record<ReasonCode, string> = {
  no_consent: "No marketing consent",
  suppressed: "Unsubscribed or suppressed",
  needs_care: "Flagged as needing care",
  minor: "Under the minimum age",
  unknown_age_sensitive: "Age unknown, sensitive products",
  category_opt_out: "Opted out of this category",
  no_orders: "No order history to personalize from",
  stale: "Data too old (no recent order or consent)",
  preference_frequency: "Asked for fewer emails",
  frequency_cap: "Reached the email frequency cap",
  too_soon: "Emailed too recently",
  audience_limit: "Over the campaign cap",
  not_due: "Not running low, so the reminder would not be true",
  not_lapsed: "Not away long for them, so “a while” would not be true",
  removed_by_owner: "Removed by the owner",
  cancelled: "The campaign was cancelled",
  changed_after_approval: "Changed after approval, so not sent",
};

/**
 * Groups the owner may put back into a campaign before approving it: those
 * left out by the owner's own choices. Never consent, suppression, age,
 * care or opt-outs; nor the frequency rules, which the policy checks again
 * at the moment of sending anyway.
 */
export const RESTORABLE = ["removed_by_owner", "audience_limit"] as const satisfies readonly ReasonCode[];
export type RestorableReason = (typeof RESTORABLE)[number];
