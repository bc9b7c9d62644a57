import type { Suggestion } from "../../db/schema";
import type { Audience } from "../audience/rules";
import { RECENT_ORDER_DAYS, WIN_BACK_FACTOR, WIN_BACK_MIN_DAYS } from "./claims";
import { moneyFormat, type ShopMoney } from "../../templates/money";

// What the suggestion job found in a shop's data, and the campaigns it proposes
// from it. Pure, so the thresholds and the wording can be tested on their own.

/** Below this many customers a suggestion is not worth the owner's time. */
export const MIN_AUDIENCE = 10;

export const DAY = 86_400_000;

/**
 * Days a kind of suggestion rests after the last one of its kind was
 * suggested or approved, whatever the owner did with it. Suggested again at
 * once, an accepted "we miss you" would ask the same customers the same thing
 * days later, and a dismissed one would ask the owner again the next morning.
 * A reorder reminder rests two weeks: by then the customers due are mostly
 * others.
 */
export const REST_DAYS: Record<Suggestion["kind"], number> = { replenish: 14, win_back: 30, new_product: 30 };

/** When a kind last suggested at `at` may be suggested again. */
export const restsUntil = (kind: Suggestion["kind"], at: Date) =>
  new Date(at.getTime() + REST_DAYS[kind] * DAY);

export type ShopSignals = {
  today: Date;
  /** The shop's currency and locale, for the amounts in rationales. */
  money: ShopMoney;
  /** The replenishable category with the most customers "running low" (see claims.ts). */
  due: { categoryId: number; categoryName: string; customers: number; typicalWeeks: number } | null;
  /**
   * Valuable customers (top quarter of 12-month value) whose chance of still
   * being active is falling, and who have been quiet "a while" (see claims.ts).
   */
  drifting: { customers: number; minSpendCents: number; quietDays: number } | null;
  /** A product new in the last 30 days, and how many buy from its category but not it. */
  newProduct: {
    productId: number;
    name: string;
    categoryId: number;
    categoryName: string;
    customers: number;
  } | null;
  /** Kinds that already have a suggestion waiting for the owner. */
  pending: ReadonlySet<Suggestion["kind"]>;
  /** When each kind was last suggested (or, once approved, approved), whether accepted, dismissed or waiting. */
  lastSuggested: Partial<Record<Suggestion["kind"], Date>>;
};

export type SuggestionPlan = {
  kind: Suggestion["kind"];
  name: string;
  subject: string;
  body: string;
  featuredCategoryId: number | null;
  featuredProductIds: number[];
  audienceRules: Audience | null;
  audienceLimit: number;
  rationale: string;
};

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export function planSuggestions(s: ShopSignals): SuggestionPlan[] {
  const plans: SuggestionPlan[] = [];
  const open = (kind: Suggestion["kind"]) => {
    const last = s.lastSuggested[kind];
    return !s.pending.has(kind) && !(last && s.today < restsUntil(kind, last));
  };
  if (s.due && s.due.customers >= MIN_AUDIENCE && open("replenish")) {
    plans.push({
      kind: "replenish",
      name: `Reorder reminder: ${s.due.categoryName}`,
      subject: "Running low, {{ customer.first_name | default: 'friend' }}?",
      body: "Hello {{ customer.first_name | default: 'there' }},\n\n{{ reason }}\n\nIf you would like more, it is ready when you are. If not, no need to do anything.",
      featuredCategoryId: s.due.categoryId,
      featuredProductIds: [],
      audienceRules: {
        match: "all",
        groups: [
          {
            match: "all",
            rules: [{ kind: "bought", negate: false, target: "category", id: s.due.categoryId }],
          },
        ],
      },
      audienceLimit: s.due.customers,
      rationale: `${s.due.customers} customers who buy ${s.due.categoryName} are due to reorder in about the next week, going by their own rhythm (shrunk toward the usual ${s.due.typicalWeeks} weeks for these products). The email says they are running low, so only those it is true of receive it: due within a week of today by their own rhythm, and no order in the last ${RECENT_ORDER_DAYS} days. Each draft shows the due date and last purchase it rests on; everyone else who buys ${s.due.categoryName} is left out with the reason.`,
    });
  }
  if (s.drifting && s.drifting.customers >= MIN_AUDIENCE && open("win_back")) {
    const since = new Date(s.today.getTime() - s.drifting.quietDays * DAY);
    plans.push({
      kind: "win_back",
      name: "We miss you: valued customers gone quiet",
      subject: "It has been a while, {{ customer.first_name | default: 'friend' }}",
      body: "Hello {{ customer.first_name | default: 'there' }},\n\nWe have not seen you for a while and wanted to say hello. {{ reason }}\n\nNo offer, no pressure: just a note that we are still here.",
      featuredCategoryId: null,
      featuredProductIds: [],
      audienceRules: {
        match: "all",
        groups: [
          {
            match: "all",
            rules: [
              { kind: "orders", op: "gte", value: 2 },
              { kind: "spend", op: "gte", value: Math.round(s.drifting.minSpendCents / 100) },
              { kind: "last_order", op: "before", date: isoDay(since) },
            ],
          },
        ],
      },
      audienceLimit: s.drifting.customers,
      rationale: `${s.drifting.customers} of your most valuable customers (expected 12-month spend in your top quarter) look to be drifting away: the model puts their chance of still being active between 20% and 60%. The audience rules approximate them: at least 2 orders, ${moneyFormat(s.money)(Math.round(s.drifting.minSpendCents / 100) * 100)} or more in total, nothing since ${isoDay(since)}. The email says “we have not seen you for a while”, so only those it is true of receive it: quiet for over ${WIN_BACK_FACTOR} times their own usual time between orders, and at least ${WIN_BACK_MIN_DAYS} days. Each draft shows the last order it rests on.`,
    });
  }
  if (s.newProduct && s.newProduct.customers >= MIN_AUDIENCE && open("new_product")) {
    plans.push({
      kind: "new_product",
      name: `New: ${s.newProduct.name}`,
      subject: "Something new in a range you buy from, {{ customer.first_name | default: 'friend' }}",
      body: "Hello {{ customer.first_name | default: 'there' }},\n\nWe have just added something new to a range you buy from.\n\n{{ reason }}",
      featuredCategoryId: null,
      featuredProductIds: [s.newProduct.productId],
      audienceRules: {
        match: "all",
        groups: [
          {
            match: "all",
            rules: [
              { kind: "bought", negate: false, target: "category", id: s.newProduct.categoryId },
              { kind: "bought", negate: true, target: "product", id: s.newProduct.productId },
            ],
          },
        ],
      },
      audienceLimit: s.newProduct.customers,
      rationale: `${s.newProduct.name} is new in ${s.newProduct.categoryName}. ${s.newProduct.customers} customers buy from ${s.newProduct.categoryName} and have not bought it; the campaign score ranks them by how active they are and how well it fits what they buy.`,
    });
  }
  return plans;
}
