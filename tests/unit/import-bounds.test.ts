import { planCustomer, planOrder } from "../../jobs/import/plan";
import {
  birthdateProblem,
  moneyProblem,
  orderDateProblem,
  parseDateTime,
  quantityProblem,
} from "../../jobs/import/values";

const NOW = new Date("2026-01-10T12:00:00Z");

describe("values beyond what a shop's export can hold", () => {
  it("refuses amounts of money no order or price reaches", () => {
    expect(moneyProblem(1250)).toBeNull();
    expect(moneyProblem(-300)).toBeNull();
    expect(moneyProblem(99_999_999_999)).toBeNull();
    expect(moneyProblem(1e22)).toMatch(/beyond 1,000,000,000\.00 either way/);
    expect(moneyProblem(-1e22)).toMatch(/beyond 1,000,000,000\.00 either way/);
  });

  it("refuses quantities no line item reaches", () => {
    expect(quantityProblem(6)).toBeNull();
    expect(quantityProblem(100_000)).toBeNull();
    expect(quantityProblem(1e12)).toMatch(/quantity 1000000000000 is beyond 100,000/);
    expect(quantityProblem(-1e12)).toMatch(/beyond 100,000 either way/);
  });

  it("reads years before 100 as they are written, not as 19xx", () => {
    expect(parseDateTime("0001-01-01")?.toISOString()).toBe("0001-01-01T00:00:00.000Z");
    expect(parseDateTime("29/02/0004 10:00")?.toISOString()).toBe("0004-02-29T10:00:00.000Z");
    expect(parseDateTime("29/02/0001")).toBeNull();
  });

  it("refuses order dates before online shops or days ahead of now", () => {
    expect(orderDateProblem(new Date("2010-12-01T08:26:00Z"), NOW)).toBeNull();
    // A day ahead is a time zone or a clock, not an error.
    expect(orderDateProblem(new Date("2026-01-11T09:00:00Z"), NOW)).toBeNull();
    expect(orderDateProblem(new Date("0001-01-01T00:00:00Z"), NOW)).toMatch(/0001-01-01 is before 1990/);
    expect(orderDateProblem(new Date("2099-01-01T09:00:00Z"), NOW)).toMatch(/2099-01-01 is in the future/);
  });

  it("refuses birthdates in the future or before 1900", () => {
    expect(birthdateProblem("1984-06-30", NOW)).toBeNull();
    expect(birthdateProblem("2026-01-10", NOW)).toBeNull();
    expect(birthdateProblem("2099-01-01", NOW)).toMatch(/2099-01-01 is in the future/);
    expect(birthdateProblem("1850-01-01", NOW)).toMatch(/1850-01-01 is before 1900/);
  });
});

describe("a row with an absurd value", () => {
  const cols = { orderId: 0, orderedAt: 1, email: 2, sku: 3, quantity: 4, unitPrice: 5, total: 6 };
  const order = (cells: string[]) => planOrder([{ line: 7, cells }], cols, { now: NOW, openedOn: null });

  it("is rejected with its line and the reason, not stored", () => {
    const rows = {
      total: ["A", "2025-01-01", "a@shop.io", "X", "1", "2.00", "100000000000000000000"],
      quantity: ["A", "2025-01-01", "a@shop.io", "X", "1000000000000", "2.00", "2.00"],
      price: ["A", "2025-01-01", "a@shop.io", "X", "1", "100000000000000000000", ""],
      early: ["A", "0001-01-01", "a@shop.io", "X", "1", "2.00", "2.00"],
      late: ["A", "2099-01-01", "a@shop.io", "X", "1", "2.00", "2.00"],
    };
    for (const [what, cells] of Object.entries(rows)) {
      const { record, issues } = order(cells);
      expect(record, what).toBeUndefined();
      expect(issues[0], what).toMatchObject({ line: 7, outcome: "rejected" });
      expect(issues[0].detail, what).toMatch(/beyond|before 1990|in the future/);
    }
    expect(order(["A", "2025-01-01", "a@shop.io", "X", "1", "2.00", "2.00"]).record).toBeDefined();
  });

  it("keeps a customer but never stores a birthdate in the future, and says why", () => {
    const { record, issues } = planCustomer(
      { line: 4, cells: ["ann@lee.io", "2099-01-01"] },
      { email: 0, birthdate: 1 },
      { now: NOW, openedOn: null },
    );
    expect(record?.birthdate).toBeNull();
    expect(issues).toEqual([
      {
        line: 4,
        outcome: "noted",
        code: "bad_birthdate",
        detail: '"2099-01-01": 2099-01-01 is in the future',
      },
    ]);
  });
});
