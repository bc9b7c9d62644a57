import { ageOn, checkEligibility, type PolicyInput } from "../../jobs/policy/eligibility";
import { REASON_CODES, REASON_LABELS } from "../../jobs/policy/reasons";

const now = new Date("2026-11-23T12:00:00Z");
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

function input(
  overrides: Partial<Omit<PolicyInput, "customer">> & { customer?: Partial<PolicyInput["customer"]> } = {},
): PolicyInput {
  return {
    suppressed: false,
    campaign: { sensitive: false, categoryIds: [7] },
    shop: {
      capCount: 2,
      capWindowDays: 7,
      minGapHours: 24,
      minorAge: 18,
      allowUnknownAgeSensitive: false,
      staleMonths: 24,
    },
    recentSends: [],
    now,
    ...overrides,
    customer: {
      marketingConsent: true,
      birthdate: "1990-05-01",
      needsCare: false,
      orderCount: 3,
      lastOrderAt: hoursAgo(24 * 60),
      consentAt: null,
      emailFrequency: "as_sent",
      optedOutCategoryIds: [],
      ...overrides.customer,
    },
  };
}

const reasonOf = (i: PolicyInput) => {
  const d = checkEligibility(i);
  return d.eligible ? "eligible" : d.reason;
};

describe("eligibility policy", () => {
  it.each([
    ["a consenting adult customer with orders", input(), "eligible"],
    ["no marketing consent", input({ customer: { marketingConsent: false } }), "no_consent"],
    ["a suppressed address", input({ suppressed: true }), "suppressed"],
    ["a customer flagged for care", input({ customer: { needsCare: true } }), "needs_care"],
    ["a 16-year-old", input({ customer: { birthdate: "2010-01-01" } }), "minor"],
    ["unknown age, ordinary campaign", input({ customer: { birthdate: null } }), "eligible"],
    [
      "unknown age, sensitive campaign",
      input({ customer: { birthdate: null }, campaign: { sensitive: true, categoryIds: [7] } }),
      "unknown_age_sensitive",
    ],
    [
      "unknown age, sensitive campaign, the shop opted in",
      input({
        customer: { birthdate: null },
        campaign: { sensitive: true, categoryIds: [7] },
        shop: { ...input().shop, allowUnknownAgeSensitive: true },
      }),
      "eligible",
    ],
    [
      "a minor, sensitive campaign, the shop opted in for unknown ages",
      input({
        customer: { birthdate: "2012-01-01" },
        campaign: { sensitive: true, categoryIds: [7] },
        shop: { ...input().shop, allowUnknownAgeSensitive: true },
      }),
      "minor",
    ],
    ["an adult, sensitive campaign", input({ campaign: { sensitive: true, categoryIds: [7] } }), "eligible"],
    ["no orders", input({ customer: { orderCount: 0 } }), "no_orders"],
    [
      "last order 25 months ago",
      input({ customer: { lastOrderAt: new Date("2024-10-20T00:00:00Z") } }),
      "stale",
    ],
    [
      "last order 25 months ago, consent renewed last month",
      input({
        customer: {
          lastOrderAt: new Date("2024-10-20T00:00:00Z"),
          consentAt: new Date("2026-10-20T00:00:00Z"),
        },
      }),
      "eligible",
    ],
    [
      "last order 13 months ago, shop's window 12 months",
      input({
        customer: { lastOrderAt: new Date("2025-10-20T00:00:00Z") },
        shop: {
          capCount: 2,
          capWindowDays: 7,
          minGapHours: 24,
          minorAge: 18,
          allowUnknownAgeSensitive: false,
          staleMonths: 12,
        },
      }),
      "stale",
    ],
    [
      "opted out of the featured category",
      input({ customer: { optedOutCategoryIds: [3, 7] } }),
      "category_opt_out",
    ],
    ["opted out of another category", input({ customer: { optedOutCategoryIds: [3] } }), "eligible"],
    [
      "weekly, emailed 3 days ago",
      input({ customer: { emailFrequency: "weekly" }, recentSends: [hoursAgo(72)] }),
      "preference_frequency",
    ],
    [
      "weekly, emailed 8 days ago",
      input({ customer: { emailFrequency: "weekly" }, recentSends: [hoursAgo(24 * 8)] }),
      "eligible",
    ],
    [
      "monthly, emailed 20 days ago",
      input({ customer: { emailFrequency: "monthly" }, recentSends: [hoursAgo(24 * 20)] }),
      "preference_frequency",
    ],
    [
      "monthly, emailed 31 days ago",
      input({ customer: { emailFrequency: "monthly" }, recentSends: [hoursAgo(24 * 31)] }),
      "eligible",
    ],
    ["two sends this week", input({ recentSends: [hoursAgo(30), hoursAgo(100)] }), "frequency_cap"],
    ["one send 30 hours ago", input({ recentSends: [hoursAgo(30)] }), "eligible"],
    ["one send 23 hours ago", input({ recentSends: [hoursAgo(23)] }), "too_soon"],
    [
      "two sends, one outside the window",
      input({ recentSends: [hoursAgo(30), hoursAgo(24 * 8)] }),
      "eligible",
    ],
    [
      "two sends, one exactly at the window's edge",
      input({ recentSends: [hoursAgo(30), hoursAgo(24 * 7)] }),
      "eligible",
    ],
    [
      "two sends, one just inside the window",
      input({ recentSends: [hoursAgo(30), hoursAgo(24 * 7 - 0.01)] }),
      "frequency_cap",
    ],
    ["one send exactly 24 hours ago", input({ recentSends: [hoursAgo(24)] }), "eligible"],
    ["one send just under 24 hours ago", input({ recentSends: [hoursAgo(23.99)] }), "too_soon"],
    ["turns 18 today", input({ customer: { birthdate: "2008-11-23" } }), "eligible"],
    ["turns 18 tomorrow", input({ customer: { birthdate: "2008-11-24" } }), "minor"],
    [
      "a malformed birthdate, sensitive campaign",
      input({ customer: { birthdate: "23/11/1990" }, campaign: { sensitive: true, categoryIds: [7] } }),
      "unknown_age_sensitive",
    ],
    [
      "an impossible birthdate, sensitive campaign",
      input({ customer: { birthdate: "1990-02-30" }, campaign: { sensitive: true, categoryIds: [7] } }),
      "unknown_age_sensitive",
    ],
    ["a malformed birthdate, ordinary campaign", input({ customer: { birthdate: "soon" } }), "eligible"],
  ])("%s → %s", (_name, policyInput, expected) => {
    expect(reasonOf(policyInput)).toBe(expected);
  });

  it("reports the most fundamental reason first", () => {
    const everything = input({
      suppressed: true,
      customer: { marketingConsent: false, needsCare: true, birthdate: "2012-01-01", orderCount: 0 },
      recentSends: [hoursAgo(1), hoursAgo(2)],
    });
    // Lifting each problem in turn reveals the next, in the stated order.
    const lifted: [Partial<PolicyInput["customer"]>, Partial<PolicyInput>, string][] = [
      [{}, {}, "no_consent"],
      [{ marketingConsent: true }, {}, "suppressed"],
      [{}, { suppressed: false }, "needs_care"],
      [{ needsCare: false }, {}, "minor"],
      [{ birthdate: null }, {}, "unknown_age_sensitive"],
      [{ birthdate: "1990-01-01" }, {}, "category_opt_out"],
      [{ optedOutCategoryIds: [] }, {}, "no_orders"],
      [{ orderCount: 2 }, {}, "preference_frequency"],
      [{ emailFrequency: "as_sent" }, {}, "frequency_cap"],
      [{}, { recentSends: [hoursAgo(1)] }, "too_soon"],
      [{}, { recentSends: [] }, "eligible"],
    ];
    let current: PolicyInput = {
      ...everything,
      campaign: { sensitive: true, categoryIds: [7] },
      customer: { ...everything.customer, optedOutCategoryIds: [7], emailFrequency: "weekly" },
    };
    for (const [customer, rest, expected] of lifted) {
      current = { ...current, ...rest, customer: { ...current.customer, ...customer } };
      expect(reasonOf(current)).toBe(expected);
    }
  });

  it("respects the shop's own cap and minimum age", () => {
    const strict = {
      capCount: 1,
      capWindowDays: 30,
      minGapHours: 72,
      minorAge: 21,
      allowUnknownAgeSensitive: false,
      staleMonths: 24,
    };
    expect(reasonOf(input({ shop: strict, recentSends: [hoursAgo(24 * 20)] }))).toBe("frequency_cap");
    expect(reasonOf(input({ shop: strict, customer: { birthdate: "2006-01-01" } }))).toBe("minor");
  });

  it("has an owner-facing label for every reason code", () => {
    for (const code of REASON_CODES) expect(REASON_LABELS[code]).toMatch(/\w/);
  });
});

describe("age on a date", () => {
  it("counts a birthday only once it has arrived", () => {
    expect(ageOn("2008-11-23", now)).toBe(18);
    expect(ageOn("2008-11-24", now)).toBe(17);
  });

  it("treats a 29 February birthday as reached on 1 March in common years", () => {
    expect(ageOn("2008-02-29", new Date("2026-02-28T12:00:00Z"))).toBe(17);
    expect(ageOn("2008-02-29", new Date("2026-03-01T00:00:00Z"))).toBe(18);
    expect(ageOn("2008-02-29", new Date("2028-02-29T00:00:00Z"))).toBe(20);
  });

  it("gives no age for a date that is not a real calendar date", () => {
    for (const bad of ["2007-02-29", "1990-13-01", "1990-1-1", "", "1990-01-01T00:00"]) {
      expect(ageOn(bad, now)).toBeNull();
    }
  });
});
