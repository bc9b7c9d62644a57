import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { createRandom } from "../../db/seed/random";
import { expectedPurchases, fitBgNbd, probabilityAlive, type RfmSummary } from "../../jobs/models/bgnbd";
import { expectedAverageSpend, fitGammaGamma } from "../../jobs/models/gamma-gamma";
import { hyp2f1, logGamma } from "../../jobs/models/special";

const cdnow = (
  parse(readFileSync("tests/fixtures/cdnow/cdnow_customers_summary_with_transactions.csv"), {
    columns: true,
  }) as Record<string, string>[]
).map((r) => ({
  frequency: Number(r.x),
  recency: Number(r.t_x),
  T: Number(r.T),
  monetaryValue: Number(r.zbar),
}));

describe("special functions", () => {
  it("log-gamma matches known values", () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(100)).toBeCloseTo(359.1342053695754, 9);
  });

  it("2F1 matches closed forms", () => {
    const z = 0.4;
    expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 12);
    expect(hyp2f1(2.5, 1, 1, z)).toBeCloseTo(Math.pow(1 - z, -2.5), 12);
  });
});

describe("BG/NBD on the CDNOW sample", () => {
  const fit = fitBgNbd(cdnow);

  it("reproduces the published estimates (Fader, Hardie & Lee 2005)", () => {
    expect(fit.converged).toBe(true);
    expect(fit.r).toBeCloseTo(0.243, 3);
    expect(fit.alpha).toBeCloseTo(4.414, 2);
    expect(fit.a).toBeCloseTo(0.793, 3);
    expect(fit.b).toBeCloseTo(2.426, 2);
    expect(fit.logLikelihood).toBeCloseTo(-9582.4, 1);
  });

  it("gives sensible probabilities and expectations", () => {
    const regular: RfmSummary = { frequency: 10, recency: 37, T: 38.86 };
    const lapsed: RfmSummary = { frequency: 10, recency: 5, T: 38.86 };
    expect(probabilityAlive(fit, { frequency: 0, recency: 0, T: 38.86 })).toBe(1);
    expect(probabilityAlive(fit, regular)).toBeGreaterThan(0.9);
    expect(probabilityAlive(fit, lapsed)).toBeLessThan(0.05);
    expect(expectedPurchases(fit, regular, 39)).toBeGreaterThan(expectedPurchases(fit, lapsed, 39));
    expect(expectedPurchases(fit, regular, 39)).toBeGreaterThan(expectedPurchases(fit, regular, 13));
    expect(expectedPurchases(fit, regular, 13)).toBeGreaterThan(0);
  });
});

describe("Gamma-Gamma on the CDNOW sample", () => {
  it("reproduces the published estimates (Fader & Hardie 2013)", () => {
    const fit = fitGammaGamma(cdnow);
    expect(fit.customers).toBe(946);
    expect(fit.p).toBeCloseTo(6.25, 1);
    expect(fit.q).toBeCloseTo(3.74, 1);
    expect(fit.gamma).toBeCloseTo(15.44, 0);
    // A customer with many purchases is believed; one purchase is shrunk toward the mean.
    const many = expectedAverageSpend(fit, { frequency: 20, monetaryValue: 100 });
    const one = expectedAverageSpend(fit, { frequency: 1, monetaryValue: 100 });
    expect(many).toBeGreaterThan(one);
    expect(one).toBeGreaterThan(expectedAverageSpend(fit, { frequency: 0, monetaryValue: 0 }));
  });
});

describe("parameter recovery", () => {
  it("recovers BG/NBD parameters from customers simulated with them", () => {
    const truth = { r: 0.6, alpha: 5, a: 0.8, b: 4 };
    const random = createRandom(42);
    const customers: RfmSummary[] = [];
    for (let i = 0; i < 20_000; i++) {
      const lambda = random.gamma(truth.r, 1 / truth.alpha);
      const p = random.beta(truth.a, truth.b);
      const T = 20 + 32 * random.next();
      let t = 0;
      let frequency = 0;
      let recency = 0;
      for (;;) {
        t += -Math.log(1 - random.next()) / lambda;
        if (t > T) break;
        frequency++;
        recency = t;
        if (random.next() < p) break;
      }
      customers.push({ frequency, recency, T });
    }
    const fit = fitBgNbd(customers);
    for (const key of ["r", "alpha", "a", "b"] as const) {
      expect(Math.abs(fit[key] - truth[key]) / truth[key], key).toBeLessThan(0.15);
    }
  });
});
