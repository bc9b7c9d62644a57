import type { Contribution, Reason } from "../../db/schema";
import { consentSourceForCustomer } from "../policy/consent-words";
import type { CustomerAggregate } from "./rfm";

const DAY = 86_400_000;

// Built once: constructing an Intl formatter per call dominated drafting time.
const MONTH_YEAR = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
const FULL_DATE = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});
const monthYear = (d: Date) => MONTH_YEAR.format(d);
const fullDate = (d: Date) => FULL_DATE.format(d);

/** What the campaign features, for "you've bought …" sentences. */
export type Featured = { kind: "category"; name: string } | { kind: "products"; names: string[] };

export function timeAgo(then: Date, now: Date): string {
  // Calendar days, so an order late yesterday is "yesterday" the next morning.
  const days = Math.floor(now.getTime() / DAY) - Math.floor(then.getTime() / DAY);
  if (days <= 0) return "today";
  if (days === 1) return "yesterday";
  if (days < 14) return `${days} days ago`;
  if (days < 60) return `${Math.round(days / 7)} weeks ago`;
  if (days < 730) return `${Math.round(days / 30.4)} months ago`;
  return `${Math.round(days / 365.25)} years ago`;
}

const WORDS = [
  "no",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
];
const count = (n: number) => WORDS[n] ?? String(n);
const times = (n: number) => (n === 1 ? "once" : n === 2 ? "twice" : `${count(n)} times`);

/** A span of days the way people say it: "10 days", "five weeks", "three months". */
export function spokenDays(days: number): string {
  const d = Math.max(1, Math.round(days));
  if (d < 14) return d === 1 ? "a day" : `${count(d)} days`;
  if (d < 70) return `${count(Math.round(d / 7))} weeks`;
  const months = Math.round(d / 30.4);
  return months === 1 ? "a month" : `${count(months)} months`;
}

export type ExplainInput = {
  aggregate: CustomerAggregate;
  contributions: Contribution[];
  featured: Featured | null;
  /** The shop's median total spend, so a spending reason is only ever a true comparison. */
  medianTotalCents: number;
  now: Date;
};

function boughtFeatured(featured: Featured, lines: number): string {
  const often = lines === 1 ? "before" : times(lines);
  if (featured.kind === "category") return `You've bought from our ${featured.name} range ${often}.`;
  const what = featured.names.length === 1 ? featured.names[0] : "products featured in this email";
  return `You've bought ${what} ${often}.`;
}

function affinitySentence(input: ExplainInput, detail: Contribution["detail"]): Reason | null {
  const lines = input.aggregate.featuredLines;
  if (detail?.via && detail.featured)
    return {
      code: "affinity",
      text: `You bought ${detail.via}; customers who buy it often choose ${detail.featured} too.`,
    };
  if (!input.featured || lines === 0) return null;
  return { code: "affinity", text: boughtFeatured(input.featured, lines) };
}

function sentence(feature: string, input: ExplainInput, detail?: Contribution["detail"]): Reason | null {
  const { aggregate: a, now } = input;
  switch (feature) {
    case "recency":
      return { code: "recency", text: `Your last order was ${timeAgo(a.lastOrderAt, now)}.` };
    case "frequency":
      return a.orderCount > 1
        ? {
            code: "frequency",
            text: `You've ordered ${a.orderCount} times since ${monthYear(a.firstOrderAt)}.`,
          }
        : { code: "frequency", text: `You ordered from us in ${monthYear(a.firstOrderAt)}.` };
    case "monetary":
      return {
        code: "monetary",
        text:
          a.totalCents > input.medianTotalCents
            ? "Your orders with us add up to more than most customers' do."
            : "You've spent with us before.",
      };
    case "affinity":
      return affinitySentence(input, detail);
    case "active":
      return {
        code: "active",
        text:
          a.orderCount > 1
            ? `You've ordered ${times(a.orderCount)} since ${monthYear(a.firstOrderAt)}, most recently ${timeAgo(a.lastOrderAt, now)}.`
            : `You ordered from us ${timeAgo(a.lastOrderAt, now)}.`,
      };
    case "expected": {
      if (a.orderCount < 2)
        return { code: "expected", text: `You ordered from us in ${monthYear(a.firstOrderAt)}.` };
      const gap = (a.lastOrderAt.getTime() - a.firstOrderAt.getTime()) / DAY / (a.orderCount - 1);
      return { code: "expected", text: `You usually order from us about every ${spokenDays(gap)}.` };
    }
    case "value":
      return { code: "value", text: sentence("monetary", input)!.text };
    case "due": {
      const d = detail ?? {};
      return {
        code: "due",
        text: `You've bought ${d.product} ${times(Number(d.times))}, about every ${spokenDays(Number(d.intervalDays))}; it's been ${spokenDays(Number(d.daysSince))}.`,
      };
    }
    default:
      return null;
  }
}

/**
 * The reasons a recipient and the owner see, in the order of the stored
 * contributions (largest first), so the explanation is the model's own.
 * Built only from order history: never age, care flags or other sensitive data.
 */
export function explainScore(input: ExplainInput, limit = 2): Reason[] {
  return [...input.contributions]
    .filter((c) => c.contribution > 0)
    .sort((x, y) => y.contribution - x.contribution)
    .map((c) => sentence(c.feature, input, c.detail))
    .filter((r): r is Reason => r !== null)
    .slice(0, limit);
}

/** What data about the customer was used, in their words. */
export function describeDataUsed(input: {
  aggregate: CustomerAggregate;
  featured: Featured | null;
  consentAt: Date | null;
  consentSource: string | null;
  /** Whether the customer model (product history and order timing) was used, not only the RFM rule. */
  productHistory: boolean;
  /** The owner's audience rules in words ("bought Coffee and live in GB"), when the campaign has any. */
  audience: string | null;
}): string[] {
  const a = input.aggregate;
  const used = [
    a.orderCount === 1
      ? `1 order, in ${monthYear(a.firstOrderAt)}`
      : `${a.orderCount} orders between ${monthYear(a.firstOrderAt)} and ${monthYear(a.lastOrderAt)}`,
    "The total value of your orders, compared with other customers",
  ];
  if (input.productHistory)
    used.push("Which products you bought and when, to estimate when you may run out and what goes with them");
  if (input.featured?.kind === "category")
    used.push(`Which of your purchases were from our ${input.featured.name} range`);
  if (input.featured?.kind === "products")
    used.push("Which of your purchases were of the products in this email");
  if (input.audience)
    used.push(`This email was only for customers who ${input.audience}; you were one of them`);
  if (input.consentAt) {
    const words = consentSourceForCustomer(input.consentSource);
    const source = words ? ` (${words})` : "";
    used.push(`You agreed to marketing email on ${fullDate(input.consentAt)}${source}`);
  }
  return used;
}

/** The middle of the shop's total spends (0 for a shop without orders). */
export function medianTotalCents(aggregates: Iterable<CustomerAggregate>): number {
  const totals = Array.from(aggregates, (a) => a.totalCents).sort((x, y) => x - y);
  if (totals.length === 0) return 0;
  const mid = Math.floor(totals.length / 2);
  return totals.length % 2 === 1 ? totals[mid] : (totals[mid - 1] + totals[mid]) / 2;
}
