import { moneyFormat } from "../../templates/money";
import {
  AudienceSchema,
  describeRule,
  matchesAudience,
  matchesRule,
  parseAudience,
  withoutRule,
  type Audience,
  type CustomerFeatures,
  type Rule,
  usesPredictions,
} from "../../jobs/audience/rules";

const customer = (overrides: Partial<CustomerFeatures> = {}): CustomerFeatures => ({
  orderCount: 3,
  totalCents: 6_000,
  lastOrderAt: new Date("2026-10-15T09:00:00Z"),
  country: "GB",
  productIds: new Set([11, 12]),
  categoryIds: new Set([1]),
  prediction: { pAlive: 0.72, expected90: 1.4 },
  ...overrides,
});

describe("audience rules", () => {
  it.each<[string, Rule, Partial<CustomerFeatures>, boolean]>([
    ["bought a product", { kind: "bought", negate: false, target: "product", id: 11 }, {}, true],
    ["bought another product", { kind: "bought", negate: false, target: "product", id: 99 }, {}, false],
    ["did not buy a category", { kind: "bought", negate: true, target: "category", id: 1 }, {}, false],
    ["did not buy another category", { kind: "bought", negate: true, target: "category", id: 2 }, {}, true],
    ["last order before", { kind: "last_order", op: "before", date: "2026-10-16" }, {}, true],
    ["last order before, same day", { kind: "last_order", op: "before", date: "2026-10-15" }, {}, false],
    ["last order after, same day", { kind: "last_order", op: "after", date: "2026-10-15" }, {}, false],
    ["last order after", { kind: "last_order", op: "after", date: "2026-10-14" }, {}, true],
    [
      "no orders is never before or after",
      { kind: "last_order", op: "before", date: "2030-01-01" },
      { lastOrderAt: null },
      false,
    ],
    ["at least 3 orders", { kind: "orders", op: "gte", value: 3 }, {}, true],
    ["at most 2 orders", { kind: "orders", op: "lte", value: 2 }, {}, false],
    ["spent at least £60", { kind: "spend", op: "gte", value: 60 }, {}, true],
    ["spent at least £60.01", { kind: "spend", op: "gte", value: 60.01 }, {}, false],
    ["spent at most £59.99", { kind: "spend", op: "lte", value: 59.99 }, {}, false],
    ["in GB or IE", { kind: "country", negate: false, countries: ["IE", "GB"] }, {}, true],
    [
      "lower-case country data",
      { kind: "country", negate: false, countries: ["GB"] },
      { country: "gb" },
      true,
    ],
    ["not in GB", { kind: "country", negate: true, countries: ["GB"] }, {}, false],
    [
      "unknown country is not in GB",
      { kind: "country", negate: false, countries: ["GB"] },
      { country: null },
      false,
    ],
    [
      "unknown country is not in GB, negated",
      { kind: "country", negate: true, countries: ["GB"] },
      { country: null },
      true,
    ],
    [
      "predicted at least 70% active",
      { kind: "predicted", measure: "active", op: "gte", value: 70 },
      {},
      true,
    ],
    [
      "predicted at least 73% active",
      { kind: "predicted", measure: "active", op: "gte", value: 73 },
      {},
      false,
    ],
    [
      "predicted at most 72% active",
      { kind: "predicted", measure: "active", op: "lte", value: 72 },
      {},
      true,
    ],
    [
      "expected at least 1.4 purchases in 90 days",
      { kind: "predicted", measure: "purchases_90", op: "gte", value: 1.4 },
      {},
      true,
    ],
    [
      "expected at most 1 purchase in 90 days",
      { kind: "predicted", measure: "purchases_90", op: "lte", value: 1 },
      {},
      false,
    ],
    [
      "no prediction is neither above nor below",
      { kind: "predicted", measure: "active", op: "lte", value: 100 },
      { prediction: null },
      false,
    ],
  ])("%s", (_label, rule, overrides, expected) => {
    expect(matchesRule(rule, customer(overrides))).toBe(expected);
  });

  const coffeeOrBigSpender: Audience = {
    match: "any",
    groups: [
      {
        match: "all",
        rules: [
          { kind: "bought", negate: false, target: "category", id: 1 },
          { kind: "country", negate: false, countries: ["GB"] },
        ],
      },
      { match: "all", rules: [{ kind: "spend", op: "gte", value: 500 }] },
    ],
  };

  it("combines rules within a group and groups with and/or", () => {
    expect(matchesAudience(coffeeOrBigSpender, customer())).toBe(true);
    expect(matchesAudience(coffeeOrBigSpender, customer({ country: "FR" }))).toBe(false);
    expect(matchesAudience(coffeeOrBigSpender, customer({ country: "FR", totalCents: 50_000 }))).toBe(true);
    expect(matchesAudience({ ...coffeeOrBigSpender, match: "all" }, customer({ totalCents: 50_000 }))).toBe(
      true,
    );
    expect(matchesAudience({ ...coffeeOrBigSpender, match: "all" }, customer())).toBe(false);
    expect(matchesAudience(null, customer())).toBe(true);
  });

  it("removes one rule for attribution, and an emptied group with it", () => {
    expect(withoutRule(coffeeOrBigSpender, { group: 0, rule: 1 })!.groups[0].rules).toHaveLength(1);
    expect(withoutRule(coffeeOrBigSpender, { group: 1, rule: 0 })!.groups).toHaveLength(1);
    const single: Audience = {
      match: "all",
      groups: [{ match: "all", rules: [{ kind: "orders", op: "gte", value: 1 }] }],
    };
    expect(withoutRule(single, { group: 0, rule: 0 })).toBeNull();
  });

  it("validates stored rules and refuses malformed ones instead of widening to everyone", () => {
    expect(parseAudience(null)).toBeNull();
    expect(parseAudience(coffeeOrBigSpender)).toEqual(coffeeOrBigSpender);
    expect(() => parseAudience({ match: "all", groups: [] })).toThrow();
    const bad = AudienceSchema.safeParse({
      match: "all",
      groups: [{ match: "all", rules: [{ kind: "country", negate: false, countries: [] }] }],
    });
    expect(bad.success).toBe(false);
    const overHundred = AudienceSchema.safeParse({
      match: "all",
      groups: [{ match: "all", rules: [{ kind: "predicted", measure: "active", op: "gte", value: 120 }] }],
    });
    expect(overHundred.success).toBe(false);
    expect(overHundred.error?.issues[0].message).toBe("A percentage from 0 to 100.");
    expect(usesPredictions(coffeeOrBigSpender)).toBe(false);
    expect(usesPredictions(null)).toBe(false);
    const predicted: Audience = {
      match: "any",
      groups: [
        ...coffeeOrBigSpender.groups,
        { match: "all", rules: [{ kind: "predicted", measure: "purchases_90", op: "gte", value: 1 }] },
      ],
    };
    expect(usesPredictions(predicted)).toBe(true);
  });

  it("describes each rule as the owner would say it, spend in the shop's currency", () => {
    const names = {
      product: (id: number) => `product ${id}`,
      category: () => "Coffee",
      money: moneyFormat({ currency: "USD", locale: "en-US" }),
    };
    expect(coffeeOrBigSpender.groups.flatMap((g) => g.rules.map((r) => describeRule(r, names)))).toEqual([
      "bought Coffee",
      "live in GB",
      "spent at least $500.00",
    ]);
    const more: Rule[] = [
      { kind: "last_order", op: "after", date: "2026-05-01" },
      { kind: "orders", op: "lte", value: 1 },
      { kind: "country", negate: true, countries: ["IE", "FR"] },
      { kind: "predicted", measure: "active", op: "gte", value: 60 },
      { kind: "predicted", measure: "purchases_90", op: "lte", value: 1 },
    ];
    expect(more.map((r) => describeRule(r, names))).toEqual([
      "last ordered after 2026-05-01",
      "placed at most 1 order",
      "do not live in IE or FR",
      "are predicted at least 60% likely to still be active",
      "are predicted to buy at most 1 time in the next 90 days",
    ]);
  });
});
