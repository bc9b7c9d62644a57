import type { Contribution, Reason } from "../../db/schema";
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

export type ExplainInput = {
  aggregate: CustomerAggregate;
  contributions: Contribution[];
  featured: Featured | null;
  /** The shop's median total spend, so a spending reason is only ever a true comparison. */
  medianTotalCents: number;
  now: Date;
};

function boughtFeatured(featured: Featured, lines: number): string {
  const times = lines === 1 ? "before" : `${lines} times`;
  if (featured.kind === "category") return `You've bought from our ${featured.name} range ${times}.`;
  const what = featured.names.length === 1 ? featured.names[0] : "products featured in this email";
  return `You've bought ${what} ${times}.`;
}

function sentence(feature: string, input: ExplainInput): Reason | null {
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
      if (!input.featured || a.featuredLines === 0) return null;
      return { code: "affinity", text: boughtFeatured(input.featured, a.featuredLines) };
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
    .map((c) => sentence(c.feature, input))
    .filter((r): r is Reason => r !== null)
    .slice(0, limit);
}

/** What data about the customer was used, in their words. */
export function describeDataUsed(input: {
  aggregate: CustomerAggregate;
  featured: Featured | null;
  consentAt: Date | null;
  consentSource: string | null;
}): string[] {
  const a = input.aggregate;
  const used = [
    a.orderCount === 1
      ? `1 order, in ${monthYear(a.firstOrderAt)}`
      : `${a.orderCount} orders between ${monthYear(a.firstOrderAt)} and ${monthYear(a.lastOrderAt)}`,
    "The total value of your orders, compared with other customers",
  ];
  if (input.featured?.kind === "category")
    used.push(`Which of your purchases were from our ${input.featured.name} range`);
  if (input.featured?.kind === "products")
    used.push("Which of your purchases were of the products in this email");
  if (input.consentAt) {
    const source = input.consentSource ? ` (${input.consentSource})` : "";
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
