import type { ReasonCode } from "./reasons";

export type PolicyInput = {
  customer: {
    marketingConsent: boolean;
    birthdate: string | null; // yyyy-mm-dd
    needsCare: boolean;
    orderCount: number;
    lastOrderAt: Date | null;
    consentAt: Date | null;
    emailFrequency: "as_sent" | "weekly" | "monthly";
    optedOutCategoryIds: number[];
  };
  suppressed: boolean;
  /** The categories the campaign features (directly or through its products). */
  campaign: { sensitive: boolean; categoryIds: number[] };
  shop: {
    capCount: number;
    capWindowDays: number;
    minGapHours: number;
    minorAge: number;
    /** The owner's opt-in to send sensitive campaigns to customers of unknown age. */
    allowUnknownAgeSensitive: boolean;
    staleMonths: number;
  };
  /** This customer's marketing sends (sent, sending or unknown) across all campaigns. */
  recentSends: Date[];
  now: Date;
};

export type PolicyDecision = { eligible: true } | { eligible: false; reason: ReasonCode; detail: string };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PREFERENCE_DAYS = { weekly: 7, monthly: 30 } as const;

/** How far back a customer's sends matter: the shop's cap window or their own "monthly". */
export function lookbackDays(shop: { capWindowDays: number }): number {
  return Math.max(shop.capWindowDays, PREFERENCE_DAYS.monthly);
}

/**
 * Whole years between a yyyy-mm-dd birthdate and `now`, in UTC; null when the
 * date is not a real calendar date, so that bad data counts as "age unknown"
 * and never as "adult".
 */
export function ageOn(birthdate: string, now: Date): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthdate);
  if (!match) return null;
  const [y, m, d] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  const years = now.getUTCFullYear() - y;
  const month = now.getUTCMonth() + 1;
  const hadBirthday = month > m || (month === m && now.getUTCDate() >= d);
  return hadBirthday ? years : years - 1;
}

/**
 * Years-old data makes for wrong personal email: a customer with no order or
 * consent change in the shop's window waits until they order again or renew
 * their consent.
 */
export function isStale(
  customer: { lastOrderAt: Date | null; consentAt: Date | null },
  now: Date,
  staleMonths: number,
): boolean {
  const lastActivity = Math.max(
    customer.lastOrderAt?.getTime() ?? -Infinity,
    customer.consentAt?.getTime() ?? -Infinity,
  );
  const staleBefore = new Date(now);
  staleBefore.setUTCMonth(staleBefore.getUTCMonth() - staleMonths);
  return lastActivity < staleBefore.getTime();
}

/**
 * Whether the customer lets the shop mail them at all: consent given and not
 * suppressed (unsubscribed, bounced, complained, removed by the shop). The
 * first checks of the one rule below, and the last look before a message's
 * content goes to SMTP, as these can change while a campaign is sending.
 */
export function checkPermission(
  input: Pick<PolicyInput, "suppressed"> & { customer: Pick<PolicyInput["customer"], "marketingConsent"> },
): PolicyDecision {
  if (!input.customer.marketingConsent)
    return { eligible: false, reason: "no_consent", detail: "has not agreed to marketing email" };
  if (input.suppressed)
    return {
      eligible: false,
      reason: "suppressed",
      detail: "unsubscribed, bounced or suppressed by the shop",
    };
  return { eligible: true };
}

/**
 * The one eligibility rule, used when drafting (to show the owner who is in
 * and why) and again at the moment of sending (the truth then). Checks run in
 * a fixed order so that the reason shown is the most fundamental one:
 * consent, suppression, care flag, minor, unknown age for a sensitive
 * campaign, category opt-out, no orders, stale data, the customer's own frequency
 * preference, the shop's frequency cap, the minimum gap between emails.
 */
export function checkEligibility(input: PolicyInput): PolicyDecision {
  const { customer, shop, now } = input;
  const out = (reason: ReasonCode, detail: string): PolicyDecision => ({ eligible: false, reason, detail });

  const permission = checkPermission(input);
  if (!permission.eligible) return permission;
  if (customer.needsCare) return out("needs_care", "flagged by the shop as needing care");
  const age = customer.birthdate ? ageOn(customer.birthdate, now) : null;
  if (age !== null && age < shop.minorAge) return out("minor", `younger than ${shop.minorAge}`);
  if (age === null && input.campaign.sensitive && !shop.allowUnknownAgeSensitive) {
    return out("unknown_age_sensitive", "age unknown and the campaign features a sensitive category");
  }
  const optedOut = input.campaign.categoryIds.find((id) => customer.optedOutCategoryIds.includes(id));
  if (optedOut !== undefined) return out("category_opt_out", "asked not to hear about this category");
  if (customer.orderCount === 0) return out("no_orders", "no orders to personalize from");
  if (isStale(customer, now, shop.staleMonths)) {
    return out("stale", `no order or consent change in the last ${shop.staleMonths} months`);
  }
  if (customer.emailFrequency !== "as_sent") {
    const days = PREFERENCE_DAYS[customer.emailFrequency];
    const since = now.getTime() - days * DAY;
    if (input.recentSends.some((s) => s.getTime() > since)) {
      return out(
        "preference_frequency",
        `asked for at most one email ${customer.emailFrequency === "weekly" ? "a week" : "a month"}`,
      );
    }
  }

  const windowStart = now.getTime() - shop.capWindowDays * DAY;
  const inWindow = input.recentSends.filter((s) => s.getTime() > windowStart);
  if (inWindow.length >= shop.capCount) {
    return out("frequency_cap", `${inWindow.length} emails in the last ${shop.capWindowDays} days`);
  }
  const last = Math.max(...input.recentSends.map((s) => s.getTime()), -Infinity);
  if (now.getTime() - last < shop.minGapHours * HOUR) {
    return out("too_soon", `last email less than ${shop.minGapHours} hours ago`);
  }
  return { eligible: true };
}
