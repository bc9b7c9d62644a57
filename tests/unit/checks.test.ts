import type { Audience, CustomerFeatures } from "../../jobs/audience/rules";
import {
  ageBand,
  fairnessFindings,
  findDisparities,
  selectionRates,
  type FairnessPerson,
} from "../../jobs/checks/fairness";
import { measurePushiness, pushinessFindings } from "../../jobs/checks/pushiness";

const now = new Date("2026-11-23T12:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

const features = (overrides: Partial<CustomerFeatures> = {}): CustomerFeatures => ({
  orderCount: 2,
  totalCents: 4_000,
  lastOrderAt: daysAgo(30),
  country: "GB",
  productIds: new Set(),
  categoryIds: new Set(),
  prediction: null,
  ...overrides,
});

/** n people of one group, the first `selected` of them picked. */
function group(
  country: string,
  n: number,
  selected: number,
  f: Partial<CustomerFeatures> = {},
): FairnessPerson[] {
  return Array.from({ length: n }, (_, i) => ({
    groups: { country, age: null },
    selected: i < selected,
    features: features({ country, ...f }),
  }));
}

describe("fairness: the four-fifths rule", () => {
  it("computes selection rates per group, leaving out unknown groups and groups too small to judge", () => {
    const people = [
      ...group("GB", 100, 50),
      ...group("IE", 40, 10),
      ...group("FR", 19, 0),
      { groups: { country: null, age: null }, selected: true, features: features() },
    ];
    expect(selectionRates(people, "country")).toEqual([
      { group: "GB", selected: 50, total: 100, rate: 0.5 },
      { group: "IE", selected: 10, total: 40, rate: 0.25 },
    ]);
  });

  it("passes rates within four fifths of each other, and flags 79%", () => {
    expect(findDisparities([...group("GB", 100, 50), ...group("IE", 100, 40)], null)).toEqual([]);
    const [d] = findDisparities([...group("GB", 100, 50), ...group("IE", 100, 39)], null);
    expect(d).toMatchObject({
      dimension: "country",
      low: { group: "IE" },
      high: { group: "GB" },
      cause: null,
    });
    expect(d.ratio).toBeCloseTo(0.78);
  });

  it("attributes a disparity to the audience rule that causes it", () => {
    // Irish customers mostly have not bought coffee (category 1); the spend rule treats both alike.
    const audience: Audience = {
      match: "all",
      groups: [
        {
          match: "all",
          rules: [
            { kind: "spend", op: "gte", value: 10 },
            { kind: "bought", negate: false, target: "category", id: 1 },
          ],
        },
      ],
    };
    const coffee = { categoryIds: new Set([1]) };
    const people = [...group("GB", 50, 50, coffee), ...group("IE", 10, 10, coffee), ...group("IE", 40, 0)];
    const [d] = findDisparities(people, audience);
    expect(d.ratio).toBeCloseTo(0.2);
    expect(d.cause).toEqual({ path: { group: 0, rule: 1 }, ratio: 1 });
    const [finding] = fairnessFindings([d], () => "bought Coffee");
    expect(finding).toMatchObject({ id: "fairness:country:IE:GB", kind: "fairness" });
    expect(finding.detail).toBe(
      "Selection rates GB: 100% (50 of 50); IE: 20% (10 of 50). The lowest is 20% of the highest; the four-fifths rule asks for at least 80%. " +
        "The audience rule “bought Coffee” causes most of it: without it the ratio would be 100%.",
    );
  });

  it("says so when no audience rule explains the gap", () => {
    const [d] = findDisparities([...group("GB", 50, 40), ...group("IE", 50, 10)], {
      match: "all",
      groups: [{ match: "all", rules: [{ kind: "orders", op: "gte", value: 1 }] }],
    });
    expect(d.cause).toBeNull();
    expect(fairnessFindings([d], () => "")[0].detail).toMatch(/No single audience rule causes it/);
  });

  it("bands adults by age, and leaves minors and unknown ages out", () => {
    expect(ageBand("2001-11-24", now, 18)).toBe("18–24");
    expect(ageBand("2001-11-23", now, 18)).toBe("25–34");
    expect(ageBand("1950-01-01", now, 18)).toBe("65+");
    expect(ageBand("2010-01-01", now, 18)).toBeNull();
    expect(ageBand(null, now, 18)).toBeNull();
    expect(ageBand("1990-02-30", now, 18)).toBeNull();
  });
});

describe("pushiness", () => {
  const shop = { capCount: 2, capWindowDays: 7 };

  it("counts recipients this email brings to their cap and those emailed in the last three days", () => {
    const p = measurePushiness({
      recentSends: [[], [daysAgo(5)], [daysAgo(2)], [daysAgo(20)]],
      shop,
      now,
    });
    expect(p).toEqual({ recipients: 4, nearCap: 2, recentlyEmailed: 1, capCount: 2, capWindowDays: 7 });
    expect(pushinessFindings(p).map((f) => [f.id, f.detail])).toEqual([
      ["pushiness:near_cap", "2 of 4 recipients reach the limit of 2 emails in 7 days with this one."],
      ["pushiness:recent", "1 of 4 recipients got an email from you in the last 3 days."],
    ]);
  });

  it("shows the numbers without a warning when few recipients are affected", () => {
    const sends = [[daysAgo(2)], ...Array.from({ length: 9 }, () => [])];
    const p = measurePushiness({ recentSends: sends, shop, now });
    expect(p.recentlyEmailed).toBe(1);
    expect(pushinessFindings(p)).toEqual([]);
  });

  it("does not call everyone near the cap when the cap is one email", () => {
    expect(
      measurePushiness({ recentSends: [[], []], shop: { capCount: 1, capWindowDays: 7 }, now }).nearCap,
    ).toBe(0);
  });
});
