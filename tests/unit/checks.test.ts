import type { Audience, CustomerFeatures } from "../../jobs/audience/rules";
import {
  ageBand,
  fairnessFindings,
  findDisparities,
  selectionRates,
  type FairnessPerson,
} from "../../jobs/checks/fairness";
import { underSelection } from "../../jobs/checks/significance";
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

/** n people of one group, the first `selected` of them picked; all meet the campaign's rules unless said. */
function group(
  country: string,
  n: number,
  selected: number,
  f: Partial<CustomerFeatures> = {},
  qualified = true,
): FairnessPerson[] {
  return Array.from({ length: n }, (_, i) => ({
    groups: { country, age: null },
    selected: i < selected,
    qualified,
    features: features({ country, ...f }),
  }));
}

/** n people of one age band, the first `qualified` of them meeting the campaign's rules and the first `selected` picked. */
function ages(band: string, n: number, qualified: number, selected: number): FairnessPerson[] {
  return Array.from({ length: n }, (_, i) => ({
    groups: { country: null, age: band },
    selected: i < selected,
    qualified: i < qualified,
    features: features(),
  }));
}

describe("fairness: which groups are left out more than chance explains", () => {
  it("computes selection rates per group, leaving out unknown groups and groups too small to judge", () => {
    const people = [
      ...group("GB", 100, 50),
      ...group("IE", 40, 10),
      ...group("FR", 19, 0),
      { groups: { country: null, age: null }, selected: true, qualified: true, features: features() },
    ];
    expect(selectionRates(people, "country")).toEqual([
      { group: "GB", selected: 50, total: 100, rate: 0.5 },
      { group: "IE", selected: 10, total: 40, rate: 0.25 },
    ]);
  });

  it("tests under-selection with a z-test, or Fisher's exact test when counts are small", () => {
    expect(underSelection({ selected: 70, total: 200 }, { selected: 500, total: 1000 })).toMatchObject({
      test: "z",
      ratio: 0.7,
    });
    expect(underSelection({ selected: 70, total: 200 }, { selected: 500, total: 1000 }).pValue).toBeCloseTo(
      5.27e-5,
      6,
    );
    expect(underSelection({ selected: 7, total: 20 }, { selected: 50, total: 100 }).pValue).toBeCloseTo(
      0.11,
      2,
    );
    // Expected to select about one of 25: the exact test, and no evidence.
    const small = underSelection({ selected: 0, total: 25 }, { selected: 25, total: 500 });
    expect(small).toMatchObject({ test: "fisher", ratio: 0 });
    expect(small.pValue).toBeCloseTo(0.2867, 4);
    expect(underSelection({ selected: 1, total: 20 }, { selected: 10, total: 30 }).pValue).toBeCloseTo(
      0.01755,
      4,
    );
  });

  it("does not warn about a difference that small groups make by chance, and warns about the same difference in large ones", () => {
    expect(findDisparities([...group("GB", 100, 50), ...group("IE", 20, 7)], null)).toEqual([]);
    // Against fewer than twenty others, nobody is compared, however stark.
    expect(findDisparities([...group("GB", 19, 19), ...group("IE", 200, 0)], null)).toEqual([]);
    // Everyone else counts together, even when each other country is small.
    const others = [...group("GB", 10, 10), ...group("FR", 10, 10)];
    expect(findDisparities([...others, ...group("IE", 200, 0)], null).map((d) => d.group.group)).toEqual([
      "IE",
    ]);
    const [d] = findDisparities([...group("GB", 1000, 500), ...group("IE", 200, 70)], null);
    expect(d).toMatchObject({
      dimension: "country",
      group: { group: "IE", selected: 70, total: 200, restSelected: 500, restTotal: 1000 },
      explained: false,
    });
  });

  it("does not warn about a real but small difference", () => {
    // 46% against 50% of ten thousand each: certainly not chance, but not worth a warning.
    expect(findDisparities([...group("GB", 10_000, 5_000), ...group("IE", 10_000, 4_600)], null)).toEqual([]);
  });

  it("does not count no one selected of a group of 25 as a disparity when only 5% of others are", () => {
    expect(findDisparities([...group("GB", 500, 25), ...group("IE", 25, 0)], null)).toEqual([]);
  });

  it("says in plain words what differs and by how much, and asks for acknowledgement only when the rules do not explain it", () => {
    const [d] = findDisparities([...group("GB", 1000, 500), ...group("IE", 200, 70)], null);
    const [finding] = fairnessFindings([d], () => "");
    expect(finding).toMatchObject({ id: "fairness:country:IE", kind: "fairness", severity: "warning" });
    expect(finding.detail).toBe(
      "People in IE are 17% of your customers but 12% of this audience: 70 of 200 selected (35%), against 500 of 1,000 of everyone else (50%). " +
        "Too large to be chance with groups this size, and not explained by who the campaign is for: among customers who meet its rules, 70 of 200 people in IE are selected (35%), against 500 of 1,000 of everyone else (50%). " +
        "The ranking, the cap or the frequency rules leave them out.",
    );
  });

  it("notes, without asking for acknowledgement, a difference the campaign's own rule explains, and names the rule", () => {
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
    const people = [
      ...group("GB", 50, 50, coffee),
      ...group("IE", 10, 10, coffee),
      ...group("IE", 40, 0, {}, false),
    ];
    const [d] = findDisparities(people, audience);
    expect(d).toMatchObject({ explained: true, cause: { path: { group: 0, rule: 1 } } });
    const [finding] = fairnessFindings([d], () => "bought Coffee");
    expect(finding).toMatchObject({ id: "fairness:country:IE", severity: "note" });
    expect(finding.detail).toBe(
      "People in IE are 50% of your customers but 17% of this audience: 10 of 50 selected (20%), against 50 of 50 of everyone else (100%). " +
        "This follows from the campaign's own rule “bought Coffee”: among customers who meet its rules, 10 of 10 people in IE are selected (100%), against 50 of 50 of everyone else (100%).",
    );
  });

  it("treats a reorder reminder's claim as its rule: those not due are not a disparity", () => {
    // Older customers are mostly not due; every customer who is due is selected.
    const people = [...ages("25–34", 200, 100, 100), ...ages("65+", 200, 10, 10)];
    const [d] = findDisparities(people, null);
    expect(d).toMatchObject({ dimension: "age", explained: true, cause: null });
    const [finding] = fairnessFindings([d], () => "");
    expect(finding.severity).toBe("note");
    expect(finding.detail).toMatch(/^People aged 65\+ are 50% of your customers but 9% of this audience/);
    expect(finding.detail).toContain("This follows from who the campaign is for");
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
