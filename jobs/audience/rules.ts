import { z } from "zod";

// The owner's audience rules: groups of rules, each group matching all or any
// of its rules, and the groups combined by all or any. One level of groups
// covers "(bought coffee and spent over £50) or (ordered in the last month)"
// without a query language.

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Pick a date.");

export const RuleSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("bought"),
    negate: z.boolean(),
    target: z.enum(["product", "category"]),
    id: z.number().int().positive("Pick a product or category."),
  }),
  z.object({ kind: z.literal("last_order"), op: z.enum(["before", "after"]), date: isoDate }),
  z.object({
    kind: z.literal("orders"),
    op: z.enum(["gte", "lte"]),
    value: z.number().int().min(0, "Zero or more.").max(100_000),
  }),
  z.object({
    kind: z.literal("spend"),
    op: z.enum(["gte", "lte"]),
    value: z.number().min(0, "Zero or more.").max(10_000_000),
  }),
  // From the shop's latest fresh customer model run: "active" is the
  // probability, in percent, that the customer still buys; "purchases_90" the
  // number of purchases expected in the next 90 days.
  z
    .object({
      kind: z.literal("predicted"),
      measure: z.enum(["active", "purchases_90"]),
      op: z.enum(["gte", "lte"]),
      value: z.number().min(0, "Zero or more.").max(1000),
    })
    .refine((r) => r.measure !== "active" || r.value <= 100, {
      message: "A percentage from 0 to 100.",
      path: ["value"],
    }),
  z.object({
    kind: z.literal("country"),
    negate: z.boolean(),
    countries: z.array(z.string().regex(/^[A-Z]{2}$/)).min(1, "Pick at least one country."),
  }),
]);

const Match = z.enum(["all", "any"]);

export const AudienceSchema = z.object({
  match: Match,
  groups: z
    .array(z.object({ match: Match, rules: z.array(RuleSchema).min(1).max(10) }))
    .min(1)
    .max(5),
});

export type Rule = z.infer<typeof RuleSchema>;
export type Audience = z.infer<typeof AudienceSchema>;

/** What the rules look at for one customer, loaded in one pass (see features.ts). */
export type CustomerFeatures = {
  orderCount: number;
  totalCents: number;
  lastOrderAt: Date | null;
  country: string | null;
  productIds: ReadonlySet<number>;
  categoryIds: ReadonlySet<number>;
  /** The customer's predictions in the model run the rules read; null when there are none. */
  prediction: { pAlive: number; expected90: number } | null;
};

export type RuleNames = {
  product: (id: number) => string;
  category: (id: number) => string;
  /** Hundredths of the shop's currency in words, as moneyFormat gives them. */
  money: (cents: number) => string;
};

/** A rule as the owner would say it, to follow "customers who": for the review page and fairness findings. */
export function describeRule(rule: Rule, names: RuleNames) {
  switch (rule.kind) {
    case "bought":
      return `${rule.negate ? "did not buy" : "bought"} ${names[rule.target](rule.id)}`;
    case "last_order":
      return `last ordered ${rule.op} ${rule.date}`;
    case "orders":
      return `placed ${rule.op === "gte" ? "at least" : "at most"} ${rule.value} ${rule.value === 1 ? "order" : "orders"}`;
    case "spend":
      return `spent ${rule.op === "gte" ? "at least" : "at most"} ${names.money(Math.round(rule.value * 100))}`;
    case "predicted": {
      const bound = rule.op === "gte" ? "at least" : "at most";
      return rule.measure === "active"
        ? `are predicted ${bound} ${rule.value}% likely to still be active`
        : `are predicted to buy ${bound} ${rule.value} ${rule.value === 1 ? "time" : "times"} in the next 90 days`;
    }
    case "country":
      return `${rule.negate ? "do not live in" : "live in"} ${rule.countries.join(" or ")}`;
  }
}

/** All of an audience's rules in words, e.g. "bought Coffee and live in GB", to follow "customers who". */
export function describeAudience(audience: Audience, names: RuleNames): string {
  const groups = audience.groups.map((g) =>
    g.rules.map((r) => describeRule(r, names)).join(g.match === "all" ? " and " : " or "),
  );
  if (groups.length === 1) return groups[0]!;
  return groups.map((g) => `(${g})`).join(audience.match === "all" ? " and " : " or ");
}

export function matchesRule(rule: Rule, c: CustomerFeatures): boolean {
  switch (rule.kind) {
    case "bought": {
      const set = rule.target === "product" ? c.productIds : c.categoryIds;
      return set.has(rule.id) !== rule.negate;
    }
    case "last_order": {
      if (!c.lastOrderAt) return false;
      // The date is the owner's calendar day; "after 1 May" starts the next day.
      const day = Date.parse(`${rule.date}T00:00:00Z`);
      return rule.op === "before"
        ? c.lastOrderAt.getTime() < day
        : c.lastOrderAt.getTime() >= day + 86_400_000;
    }
    case "orders":
      return rule.op === "gte" ? c.orderCount >= rule.value : c.orderCount <= rule.value;
    case "spend": {
      const cents = Math.round(rule.value * 100);
      return rule.op === "gte" ? c.totalCents >= cents : c.totalCents <= cents;
    }
    case "predicted": {
      if (!c.prediction) return false;
      const value = rule.measure === "active" ? c.prediction.pAlive * 100 : c.prediction.expected90;
      return rule.op === "gte" ? value >= rule.value : value <= rule.value;
    }
    case "country":
      return (c.country !== null && rule.countries.includes(c.country.toUpperCase())) !== rule.negate;
  }
}

const combine = <T>(match: "all" | "any", items: T[], test: (item: T) => boolean) =>
  match === "all" ? items.every(test) : items.some(test);

/** Whether a customer is in the audience; no rules means everyone. Pure. */
export function matchesAudience(audience: Audience | null, c: CustomerFeatures): boolean {
  if (!audience) return true;
  return combine(audience.match, audience.groups, (g) => combine(g.match, g.rules, (r) => matchesRule(r, c)));
}

/** Whether any rule reads the customer model's predictions, which then must be fresh. */
export function usesPredictions(audience: Audience | null): boolean {
  return audience?.groups.some((g) => g.rules.some((r) => r.kind === "predicted")) ?? false;
}

/** A rule's position, so that fairness can say which rule caused a disparity. */
export type RulePath = { group: number; rule: number };

/**
 * The audience without one rule (a group left empty disappears), or null when
 * nothing would be left: everyone matches then.
 */
export function withoutRule(audience: Audience, path: RulePath): Audience | null {
  const groups = audience.groups
    .map((g, gi) => ({ ...g, rules: g.rules.filter((_, ri) => gi !== path.group || ri !== path.rule) }))
    .filter((g) => g.rules.length > 0);
  return groups.length > 0 ? { ...audience, groups } : null;
}

export function rulePaths(audience: Audience): RulePath[] {
  return audience.groups.flatMap((g, group) => g.rules.map((_, rule) => ({ group, rule })));
}

/**
 * The stored JSON as rules, or null when there are none. Rules are validated
 * when saved; stored rules that no longer validate throw rather than quietly
 * widening the audience to everyone.
 */
export function parseAudience(stored: unknown): Audience | null {
  return stored == null ? null : AudienceSchema.parse(stored);
}
