import { compileCampaign } from "../../templates/campaign";
import { copyFindings } from "../../jobs/checks/copy-lint";
import { MIN_AUDIENCE, planSuggestions, REST_DAYS, type ShopSignals } from "../../jobs/suggestions/plan";

const today = new Date("2026-11-23T06:00:00Z");
const signals = (overrides: Partial<ShopSignals> = {}): ShopSignals => ({
  today,
  due: { categoryId: 3, categoryName: "Blends", customers: 40, typicalWeeks: 4 },
  drifting: { customers: 12, minSpendCents: 25_000, quietDays: 45 },
  newProduct: {
    productId: 9,
    name: "Gesha 100 g",
    categoryId: 4,
    categoryName: "Single origin",
    customers: 30,
  },
  pending: new Set(),
  lastSuggested: {},
  money: { currency: "GBP", locale: "en-GB" },
  ...overrides,
});

describe("suggested campaigns", () => {
  it("proposes one campaign per kind the data supports, with its audience and the numbers behind it", () => {
    const plans = planSuggestions(signals());
    expect(plans.map((p) => p.kind)).toEqual(["replenish", "win_back", "new_product"]);
    const [replenish, winBack, newProduct] = plans;
    expect(replenish).toMatchObject({ featuredCategoryId: 3, audienceLimit: 40 });
    expect(replenish.rationale).toMatch(/^40 customers who buy Blends are due to reorder/);
    expect(replenish.audienceRules!.groups[0].rules).toEqual([
      { kind: "bought", negate: false, target: "category", id: 3 },
    ]);
    expect(winBack.audienceRules!.groups[0].rules).toEqual([
      { kind: "orders", op: "gte", value: 2 },
      { kind: "spend", op: "gte", value: 250 },
      { kind: "last_order", op: "before", date: "2026-10-09" },
    ]);
    expect(winBack.rationale).toContain("£250.00 or more in total, nothing since 2026-10-09");
    const [, usd] = planSuggestions(signals({ money: { currency: "USD", locale: "en-US" } }));
    expect(usd.rationale).toContain("$250.00 or more in total");
    // What each email says of its recipient is checked for each of them, and the rationale says how.
    expect(replenish.rationale).toContain("no order in the last 7 days");
    expect(winBack.rationale).toContain(
      "over 2 times their own usual time between orders, and at least 60 days",
    );
    expect(newProduct).toMatchObject({ featuredProductIds: [9], audienceLimit: 30 });
    expect(newProduct.audienceRules!.groups[0].rules).toContainEqual({
      kind: "bought",
      negate: true,
      target: "product",
      id: 9,
    });
  });

  it("stays quiet below ten customers, without data, and while one of a kind waits for the owner", () => {
    const small = signals({
      due: { categoryId: 3, categoryName: "Blends", customers: MIN_AUDIENCE - 1, typicalWeeks: 4 },
      drifting: null,
      newProduct: null,
    });
    expect(planSuggestions(small)).toEqual([]);
    expect(
      planSuggestions(signals({ pending: new Set(["replenish", "new_product"]) })).map((p) => p.kind),
    ).toEqual(["win_back"]);
  });

  it("rests each kind for its days after the last one, accepted or dismissed alike, then suggests it again", () => {
    const daysAgo = (days: number) => new Date(today.getTime() - days * 86_400_000);
    const kinds = (lastSuggested: ShopSignals["lastSuggested"]) =>
      planSuggestions(signals({ lastSuggested })).map((p) => p.kind);
    expect(REST_DAYS).toEqual({ replenish: 14, win_back: 30, new_product: 30 });
    expect(kinds({ replenish: daysAgo(13), win_back: daysAgo(29), new_product: daysAgo(0) })).toEqual([]);
    expect(kinds({ replenish: daysAgo(14), win_back: daysAgo(29), new_product: daysAgo(31) })).toEqual([
      "replenish",
      "new_product",
    ]);
    expect(kinds({ win_back: daysAgo(30) })).toEqual(["replenish", "win_back", "new_product"]);
  });

  it("writes templates that compile for every customer, in copy the manipulative-copy linter finds nothing in", () => {
    for (const plan of planSuggestions(signals())) {
      expect(() => compileCampaign({ subject: plan.subject, body: plan.body })).not.toThrow();
      expect(copyFindings({ subject: plan.subject, body: plan.body })).toEqual([]);
    }
  });
});
