import {
  describeDataUsed,
  explainScore,
  medianTotalCents,
  timeAgo,
  type Featured,
} from "../../jobs/scoring/explain";
import { percentileRanks, scoreRfm, type CustomerAggregate } from "../../jobs/scoring/rfm";

const now = new Date("2026-11-23T09:00:00Z");
const day = 86_400_000;

function customer(
  id: number,
  orders: number,
  lastDaysAgo: number,
  totalCents: number,
  featuredLines = 0,
): CustomerAggregate {
  return {
    customerId: id,
    orderCount: orders,
    firstOrderAt: new Date(now.getTime() - 400 * day),
    lastOrderAt: new Date(now.getTime() - lastDaysAgo * day),
    totalCents,
    featuredLines,
  };
}

const shop = [
  customer(1, 12, 5, 40_000, 9),
  customer(2, 2, 200, 3_000, 0),
  customer(3, 6, 30, 15_000, 2),
  customer(4, 1, 600, 900, 0),
];
const coffee: Featured = { kind: "category", name: "Single-origin coffee" };
const median = medianTotalCents(shop);

describe("RFM score", () => {
  it("ranks ties together and spans 0 to 1", () => {
    expect(percentileRanks([5, 1, 5, 9])).toEqual([0.5, 0, 0.5, 1]);
    expect(percentileRanks([3])).toEqual([1]);
  });

  it("stores contributions that add up to the score, and orders customers sensibly", () => {
    const scored = scoreRfm(shop, { featured: true });
    for (const s of scored) {
      const sum = s.contributions.reduce((total, c) => total + c.contribution, 0);
      expect(s.score).toBeCloseTo(sum, 12);
      expect(s.score).toBeGreaterThanOrEqual(0);
      expect(s.score).toBeLessThanOrEqual(1);
    }
    const order = [...scored].sort((a, b) => b.score - a.score).map((s) => s.customerId);
    expect(order).toEqual([1, 3, 2, 4]);
  });

  it("gives no affinity credit to someone who never bought the category", () => {
    const scored = scoreRfm(shop, { featured: true });
    const lapsed = scored.find((s) => s.customerId === 4)!;
    expect(lapsed.contributions.find((c) => c.feature === "affinity")!.contribution).toBe(0);
  });

  it("leaves affinity out when the campaign features nothing", () => {
    const scored = scoreRfm(shop, { featured: false });
    expect(scored[0].contributions.map((c) => c.feature)).toEqual(["recency", "frequency", "monetary"]);
    expect(Math.max(...scored.map((s) => s.score))).toBeCloseTo(1, 12);
  });
});

describe("explanations", () => {
  it("follow the largest stored contributions, in order", () => {
    for (const s of scoreRfm(shop, { featured: true })) {
      const aggregate = shop.find((c) => c.customerId === s.customerId)!;
      const reasons = explainScore({
        aggregate,
        contributions: s.contributions,
        featured: coffee,
        medianTotalCents: median,
        now,
      });
      const expected = [...s.contributions]
        .filter((c) => c.contribution > 0 && !(c.feature === "affinity" && aggregate.featuredLines === 0))
        .sort((a, b) => b.contribution - a.contribution)
        .slice(0, 2)
        .map((c) => c.feature);
      expect(reasons.map((r) => r.code)).toEqual(expected);
    }
  });

  it("follow the largest stored contributions for every customer of random shops", () => {
    const random = mulberry32(7);
    for (let trial = 0; trial < 50; trial++) {
      const aggregates = Array.from({ length: 40 }, (_, i) =>
        customer(
          i + 1,
          1 + Math.floor(random() * 15),
          Math.floor(random() * 700),
          Math.floor(random() * 50_000),
          Math.floor(random() * 3) * Math.floor(random() * 5),
        ),
      );
      const featured: Featured | null =
        trial % 3 === 0 ? null : trial % 3 === 1 ? coffee : { kind: "products", names: ["Ethiopia"] };
      const shopMedian = medianTotalCents(aggregates);
      for (const s of scoreRfm(aggregates, { featured: featured !== null })) {
        const aggregate = aggregates[s.customerId - 1];
        const input = {
          aggregate,
          contributions: s.contributions,
          featured,
          medianTotalCents: shopMedian,
          now,
        };
        const top = [...s.contributions]
          .filter((c) => c.contribution > 0)
          .sort((a, b) => b.contribution - a.contribution)
          .slice(0, 2)
          .map((c) => c.feature);
        const reasons = explainScore(input);
        expect(reasons.map((r) => r.code)).toEqual(top);
        for (const r of reasons) expect(r.text).not.toMatch(/\bage\b|birth|care|health|minor/i);
      }
    }
  });

  it("only claim higher spending than most when it is true", () => {
    const modest = customer(9, 1, 900, 1_000);
    const contributions = [
      { feature: "monetary", value: modest.totalCents, contribution: 0.06 },
      { feature: "recency", value: modest.lastOrderAt.getTime(), contribution: 0.01 },
    ];
    const explain = (medianTotal: number) =>
      explainScore({
        aggregate: modest,
        contributions,
        featured: null,
        medianTotalCents: medianTotal,
        now,
      })[0].text;
    expect(explain(5_000)).not.toMatch(/more than most/);
    expect(explain(500)).toBe("Your orders with us add up to more than most customers' do.");
  });

  it("name featured products when the campaign features products rather than a category", () => {
    const reasonFor = (names: string[], lines: number) =>
      explainScore({
        aggregate: customer(5, 3, 10, 9_000, lines),
        contributions: [{ feature: "affinity", value: lines, contribution: 0.2 }],
        featured: { kind: "products", names },
        medianTotalCents: median,
        now,
      })[0].text;
    expect(reasonFor(["Ethiopia Yirgacheffe"], 3)).toBe("You've bought Ethiopia Yirgacheffe three times.");
    expect(reasonFor(["A", "B"], 1)).toBe("You've bought products featured in this email before.");
  });

  it("take the median of the shop's total spends", () => {
    expect(medianTotalCents([])).toBe(0);
    expect(medianTotalCents(shop)).toBe((3_000 + 15_000) / 2);
    expect(medianTotalCents(shop.slice(0, 3))).toBe(15_000);
  });

  it("say what the customer would recognise, and nothing sensitive", () => {
    const top = scoreRfm(shop, { featured: true })[0];
    const reasons = explainScore(
      {
        aggregate: shop[0],
        contributions: top.contributions,
        featured: coffee,
        medianTotalCents: median,
        now,
      },
      4,
    );
    const text = reasons.map((r) => r.text).join(" ");
    expect(text).toContain("Your last order was 5 days ago.");
    expect(text).toContain("You've ordered 12 times since");
    expect(text).toContain("You've bought from our Single-origin coffee range nine times.");
    expect(text).not.toMatch(/age|birth|care|health/i);
  });

  it("describe the data used, including when consent was given", () => {
    const used = describeDataUsed({
      aggregate: shop[0],
      featured: null,
      consentAt: new Date("2025-05-02T10:00:00Z"),
      consentSource: "checkout",
      productHistory: false,
      audience: null,
    });
    expect(used[0]).toMatch(/^12 orders between \w+ \d{4} and November 2026$/);
    expect(used).toContain("You agreed to marketing email on 2 May 2025 (checkout)");
    expect(used.join(" ")).not.toMatch(/products you bought|only for customers who/);
    const imported = (source: string) =>
      describeDataUsed({
        aggregate: shop[0],
        featured: null,
        consentAt: new Date("2025-05-02T10:00:00Z"),
        consentSource: source,
        productHistory: false,
        audience: null,
      }).at(-1);
    expect(imported("import:customers_export.csv")).toBe(
      "You agreed to marketing email on 2 May 2025 (as kept in the shop's customer list, customers_export.csv)",
    );
    expect(imported("signup form")).toBe(
      "You agreed to marketing email on 2 May 2025 (through the shop's signup form)",
    );
    expect(imported("owner")).toBe("You agreed to marketing email on 2 May 2025 (recorded by the shop)");
    const withModel = describeDataUsed({
      aggregate: shop[0],
      featured: null,
      consentAt: null,
      consentSource: null,
      productHistory: true,
      audience: "bought Coffee and live in GB or FR",
    });
    expect(withModel).toContain(
      "This email was only for customers who bought Coffee and live in GB or FR; you were one of them",
    );
    expect(withModel).toContain(
      "Which products you bought and when, to estimate when you may run out and what goes with them",
    );
  });

  it("count calendar days for recency", () => {
    expect(timeAgo(new Date("2026-11-22T21:00:00Z"), now)).toBe("yesterday");
    expect(timeAgo(new Date("2026-11-23T01:00:00Z"), now)).toBe("today");
    expect(timeAgo(new Date("2026-10-26T12:00:00Z"), now)).toBe("4 weeks ago");
  });
});

/** A small deterministic generator, so a failing case can be replayed. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
