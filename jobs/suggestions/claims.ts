import type { Reason, Suggestion } from "../../db/schema";
import type { DueItem } from "../models/replenish";
import type { ReasonCode } from "../policy/reasons";
import { spokenDays, timeAgo } from "../scoring/explain";

// A suggested campaign's copy says something about each recipient: a reorder
// reminder that they are running low, a win-back that they have been away a
// while. Ranking by score does not make that true for everyone ranked, so
// each recipient is checked against the claim itself, by their own history,
// and the fact it rests on is stored with their draft for the owner and the
// recipient to see. Pure.

const DAY = 86_400_000;

/** Someone who ordered anything this recently is not running low, whatever their rhythm says. */
export const RECENT_ORDER_DAYS = 7;
/** "Running low" means due within this many days of today, either side (the suggestion counts the same way). */
export const DUE_WINDOW_DAYS = 7;
/**
 * And at least this share of their own interval since they last bought it:
 * on a fortnightly rhythm, a week's window alone would take in someone who
 * bought eight days ago.
 */
export const DUE_SHARE = 0.8;
/** "A while" means quiet for at least this many times their own usual interval… */
export const WIN_BACK_FACTOR = 2;
/** …and never less than this: a month without an order is not a while, however often they buy. */
export const WIN_BACK_MIN_DAYS = 60;

/** Why someone is left out of a suggestion whose copy would not be true of them (see jobs/policy/reasons.ts). */
export const CLAIM_REASONS = ["not_due", "not_lapsed"] as const satisfies readonly ReasonCode[];
export type ClaimReason = (typeof CLAIM_REASONS)[number];
export type ClaimCheck =
  { holds: true; fact: Reason } | { holds: false; reason: ClaimReason; detail: string };

export type ClaimFacts = {
  /** Their product closest to due in the featured range, with its name; null without a rhythm. */
  due: (DueItem & { productName: string }) | null;
  orderCount: number;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
  now: Date;
};

const DAY_MONTH = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", timeZone: "UTC" });
const dayMonth = (d: Date) => DAY_MONTH.format(d);
const calendarDays = (from: Date, to: Date) =>
  Math.floor(to.getTime() / DAY) - Math.floor(from.getTime() / DAY);

/** The claim "running low": due to reorder now, by their own rhythm, and no order in the last week. */
export function runningLow(input: Pick<ClaimFacts, "due" | "lastOrderAt" | "now">): ClaimCheck {
  const { due, lastOrderAt, now } = input;
  const out = (detail: string): ClaimCheck => ({ holds: false, reason: "not_due", detail });
  if (lastOrderAt && calendarDays(lastOrderAt, now) < RECENT_ORDER_DAYS)
    return out(`ordered ${timeAgo(lastOrderAt, now)}: not running low`);
  if (!due) return out("no reorder rhythm for this range yet: cannot say they are running low");
  const lastBought = new Date(now.getTime() - due.daysSince * DAY);
  const rhythm = `last bought ${due.productName} ${timeAgo(lastBought, now)}, usually every ${spokenDays(due.intervalDays)}`;
  const dueIn = (due.dueAt.getTime() - now.getTime()) / DAY;
  if (dueIn < -DUE_WINDOW_DAYS)
    return out(`was due around ${dayMonth(due.dueAt)} (${rhythm}): “running low” would be a guess`);
  if (dueIn > DUE_WINDOW_DAYS || due.daysSince < DUE_SHARE * due.intervalDays)
    return out(`due around ${dayMonth(due.dueAt)} (${rhythm}): not running low yet`);
  return {
    holds: true,
    fact: {
      code: "claim",
      text: `You last bought ${due.productName} on ${dayMonth(lastBought)}, and you usually reorder about every ${spokenDays(due.intervalDays)}, so you are due around ${dayMonth(due.dueAt)}.`,
    },
  };
}

/** The claim "we have not seen you for a while": quiet for much longer than their own usual interval. */
export function wentQuiet(input: Omit<ClaimFacts, "due">): ClaimCheck {
  const { orderCount, firstOrderAt, lastOrderAt, now } = input;
  const out = (detail: string): ClaimCheck => ({ holds: false, reason: "not_lapsed", detail });
  if (orderCount < 2 || !firstOrderAt || !lastOrderAt)
    return out("one order so far: no usual interval to say “a while” by");
  const usual = (lastOrderAt.getTime() - firstOrderAt.getTime()) / DAY / (orderCount - 1);
  const quiet = calendarDays(lastOrderAt, now);
  if (quiet < Math.max(WIN_BACK_MIN_DAYS, WIN_BACK_FACTOR * usual))
    return out(
      `last order ${timeAgo(lastOrderAt, now)}, and they usually order about every ${spokenDays(usual)}: not “a while” for them`,
    );
  return {
    holds: true,
    fact: {
      code: "claim",
      text: `Your last order was on ${dayMonth(lastOrderAt)}, ${timeAgo(lastOrderAt, now)}; you used to order about every ${spokenDays(usual)}.`,
    },
  };
}

/** The check for a suggestion's claim, or null for a campaign whose copy claims nothing of the recipient. */
export function checkClaim(kind: Suggestion["kind"] | undefined, facts: ClaimFacts): ClaimCheck | null {
  switch (kind) {
    case "replenish":
      return runningLow(facts);
    case "win_back":
      return wentQuiet(facts);
    default:
      return null;
  }
}
