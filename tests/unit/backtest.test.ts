import { auc, backtest } from "../../jobs/models/backtest";
import type { CustomerSummary } from "../../jobs/models/summary";

describe("AUC", () => {
  it("is 1 for a perfect ranking, 0 for a reversed one, ½ for ties", () => {
    expect(auc([1, 2, 3, 4], [false, false, true, true])).toBe(1);
    expect(auc([4, 3, 2, 1], [false, false, true, true])).toBe(0);
    expect(auc([5, 5, 5, 5], [false, true, false, true])).toBe(0.5);
    expect(auc([1, 2, 3], [false, true, false])).toBe(0.5);
  });
});

describe("holdout backtest", () => {
  it("groups by earlier repeat purchases and compares the model's ranking with the baseline", () => {
    const calibration: CustomerSummary[] = [
      { customerId: 1, frequency: 0, recency: 0, T: 30, monetaryValue: 0 },
      { customerId: 2, frequency: 3, recency: 29, T: 30, monetaryValue: 20 },
      { customerId: 3, frequency: 9, recency: 28, T: 30, monetaryValue: 20 },
      { customerId: 4, frequency: 9, recency: 2, T: 30, monetaryValue: 20 },
    ];
    const holdout = new Map([
      [2, 1],
      [3, 4],
    ]);
    const result = backtest(calibration, holdout, { r: 0.5, alpha: 5, a: 0.8, b: 3 }, 26);
    expect(result.byFrequency.map((b) => [b.frequency, b.customers, b.actual])).toEqual([
      ["0", 1, 0],
      ["3", 1, 1],
      ["7+", 2, 2],
    ]);
    expect(result.holdoutBuyers).toBe(2);
    // The lapsed frequent buyer (4) is ranked below the active ones: a perfect ranking here.
    expect(result.auc.model).toBe(1);
  });
});
