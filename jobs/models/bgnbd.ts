import { hyp2f1, logAddExp, logGamma } from "./special";
import { nelderMead } from "./optimize";

/** One customer's repeat-purchase summary, in the lifetimes convention (any time unit). */
export type RfmSummary = { frequency: number; recency: number; T: number };
export type BgNbdParams = { r: number; alpha: number; a: number; b: number };
export type BgNbdFit = BgNbdParams & { logLikelihood: number; customers: number; converged: boolean };

/**
 * The total log-likelihood of a shop's customers under BG/NBD (Fader, Hardie
 * & Lee 2005, eq. 6), as a function of the parameters. Customers with the
 * same summary share one weighted term, and the log-gamma terms, which depend
 * on the parameters and the frequency only, are computed once per distinct
 * frequency: a million customers cost two logarithms each per evaluation.
 */
export function bgnbdLogLikelihood(customers: RfmSummary[]): (params: BgNbdParams) => number {
  const groups = new Map<string, { s: RfmSummary; n: number }>();
  for (const c of customers) {
    const key = `${c.frequency}|${c.recency}|${c.T}`;
    const g = groups.get(key);
    if (g) g.n++;
    else groups.set(key, { s: c, n: 1 });
  }
  const frequencies = [...new Set(Array.from(groups.values(), (g) => g.s.frequency))];
  const slot = new Map(frequencies.map((x, i) => [x, i]));
  const size = groups.size;
  const [x, tx, T, n, k] = [0, 0, 0, 0, 0].map(() => new Float64Array(size));
  let i = 0;
  for (const g of groups.values()) {
    [x[i], tx[i], T[i], n[i], k[i]] = [g.s.frequency, g.s.recency, g.s.T, g.n, slot.get(g.s.frequency)!];
    i++;
  }
  const byFrequency = new Float64Array(frequencies.length);
  const dropout = new Float64Array(frequencies.length);
  return ({ r, alpha, a, b }) => {
    const shared = -logGamma(r) + r * Math.log(alpha) + logGamma(a + b) - logGamma(b);
    frequencies.forEach((f, j) => {
      byFrequency[j] = shared + logGamma(r + f) + logGamma(b + f) - logGamma(a + b + f);
      dropout[j] = f > 0 ? Math.log(a) - Math.log(b + f - 1) : -Infinity;
    });
    let total = 0;
    for (let j = 0; j < size; j++) {
      const rx = r + x[j];
      const a3 = -rx * Math.log(alpha + T[j]);
      const a4 = x[j] > 0 ? dropout[k[j]] - rx * Math.log(alpha + tx[j]) : -Infinity;
      total += n[j] * (byFrequency[k[j]] + logAddExp(a3, a4));
    }
    return total;
  };
}

/** Maximum-likelihood fit, in log-parameter space so that every parameter stays positive. */
export function fitBgNbd(customers: RfmSummary[]): BgNbdFit {
  const logLikelihood = bgnbdLogLikelihood(customers);
  const negLogLikelihood = (logParams: number[]) => {
    const [r, alpha, a, b] = logParams.map(Math.exp);
    return -logLikelihood({ r, alpha, a, b });
  };
  // Start from moderate values; two restarts from the first optimum polish it.
  let best = nelderMead(negLogLikelihood, [0, 0, 0, 0]);
  for (let i = 0; i < 2; i++) best = nelderMead(negLogLikelihood, best.x, { step: 0.1 });
  const [r, alpha, a, b] = best.x.map(Math.exp);
  return {
    r,
    alpha,
    a,
    b,
    logLikelihood: -best.value,
    customers: customers.length,
    converged: best.converged,
  };
}

/** P(still active | history) (Fader, Hardie & Lee 2005, eq. 12). */
export function probabilityAlive(
  { r, alpha, a, b }: BgNbdParams,
  { frequency: x, recency: tx, T }: RfmSummary,
) {
  if (x === 0) return 1;
  const logRatio = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(logRatio));
}

/** Expected purchases in the next `t` units given the history (eq. 10). */
export function expectedPurchases(params: BgNbdParams, customer: RfmSummary, t: number) {
  const { r, alpha, a, b } = params;
  const { frequency: x, T } = customer;
  const z = t / (alpha + T + t);
  const head = (a + b + x - 1) / (a - 1);
  const tail = 1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z);
  return head * tail * probabilityAlive(params, customer);
}
