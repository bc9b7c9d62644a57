import { itemSimilarity, recommend, relevance } from "../../jobs/models/affinity";
import { collectGaps, dueness, mostDue, nextOrder, typicalInterval } from "../../jobs/models/replenish";

// Products: 1 coffee beans, 2 paper filters, 3 dripper, 4 tea, 5 teapot, 6 a rare gift.
const baskets = [
  ...Array.from({ length: 40 }, () => [1, 2]),
  ...Array.from({ length: 10 }, () => [1, 2, 3]),
  ...Array.from({ length: 30 }, () => [4, 5]),
  ...Array.from({ length: 20 }, () => [1]),
  [6, 3],
];

describe("co-purchase similarity", () => {
  const sim = itemSimilarity(baskets);
  const between = (a: number, b: number) => sim.get(a)?.find((n) => n.productId === b)?.similarity ?? 0;

  it("is symmetric and highest for products bought together most", () => {
    expect(between(1, 2)).toBeCloseTo(between(2, 1), 12);
    expect(between(1, 2)).toBeGreaterThan(between(1, 3));
    expect(between(4, 5)).toBeGreaterThan(0.8);
    expect(between(1, 4)).toBe(0);
  });

  it("shrinks pairs seen together only a few times", () => {
    // 6 and 3 are each other's only partner once: a cosine of 0.3, shrunk by 1/(1+5).
    const cosine = 1 / Math.sqrt(1 * 11);
    expect(between(6, 3)).toBeCloseTo(cosine * (1 / 6), 12);
    expect(itemSimilarity(baskets, 0).get(6)![0].similarity).toBeCloseTo(cosine, 12);
  });

  it("recommends what a customer's purchases point to, never what they own, and says why", () => {
    const recs = recommend(sim, [1]);
    expect(recs.map((r) => r.productId)).toEqual([2, 3]);
    expect(recs.every((r) => r.because === 1)).toBe(true);
    expect(recommend(sim, [1, 2]).map((r) => r.productId)).toEqual([3]);
    expect(recommend(sim, [4], { exclude: new Set([5]) })).toEqual([]);
  });

  it("rates a campaign's fit: 1 for owners, else the strongest similar purchase", () => {
    expect(relevance(sim, [2], [2])).toMatchObject({ relevance: 1, boughtFeatured: true });
    expect(relevance(sim, [1], [2, 5])).toMatchObject({ relevance: between(1, 2), via: 1, featured: 2 });
    expect(relevance(sim, [4], [3])).toMatchObject({ relevance: 0, via: null });
  });
});

describe("next order for replenished products", () => {
  it("takes the median gap across customers as typical", () => {
    const gaps: number[] = [];
    collectGaps([0, 30, 60], gaps);
    collectGaps([10, 50], gaps);
    collectGaps([5], gaps);
    expect(gaps).toEqual([30, 30, 40]);
    expect(typicalInterval(gaps)).toBe(30);
    expect(typicalInterval([20, 40])).toBe(30);
    expect(typicalInterval([])).toBeNull();
  });

  it("shrinks a customer's own interval toward the typical one", () => {
    // One gap of 10 days against a typical 40 with a prior worth 2 gaps: (10 + 80) / 3.
    const due = nextOrder({ productId: 1, days: [100, 110] }, 40, 130)!;
    expect(due.intervalDays).toBeCloseTo(30, 12);
    expect(due).toMatchObject({ timesBought: 2, daysSince: 20 });
    expect(due.dueAt.getTime()).toBe((110 + 30) * 86_400_000);
    // Many regular gaps outweigh the prior.
    const regular = nextOrder({ productId: 1, days: [0, 14, 28, 42, 56, 70, 84, 98, 112] }, 40, 120)!;
    expect(regular.intervalDays).toBeCloseTo((8 * 14 + 2 * 40) / 10, 12);
  });

  it("is most due at the interval and not due at half or twice it", () => {
    expect(dueness(30, 30)).toBe(1);
    expect(dueness(15, 30)).toBe(0);
    expect(dueness(60, 30)).toBe(0);
    expect(dueness(22.5, 30)).toBeCloseTo(0.5, 12);
    expect(dueness(45, 30)).toBeCloseTo(0.5, 12);
  });

  it("needs a typical interval or a repeat to say anything, and picks the most due product", () => {
    expect(nextOrder({ productId: 1, days: [100] }, null, 130)).toBeNull();
    const a = nextOrder({ productId: 1, days: [100] }, 30, 130);
    const b = nextOrder({ productId: 2, days: [100] }, 60, 130);
    expect(mostDue([b, null, a])?.productId).toBe(1);
  });
});
