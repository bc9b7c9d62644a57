import { hyp2f1, logAddExp, logGamma } from "./special";
import { nelderMead } from "./optimize";

/** One customer's repeat-purchase summary, in the lifetimes convention (any time unit). */
export type RfmSummary = { frequency: number; recency: number; T: number };
export type BgNbdParams = { r: number; alpha: number; a: number; b: number };
export type BgNbdFit = BgNbdParams & { logLikelihood: number; customers: number; converged: boolean };

/** A customer's log-likelihood under BG/NBD (Fader, Hardie & Lee 2005, eq. 6). */
export function bgnbdLogLikelihood(
  { r, alpha, a, b }: BgNbdParams,
  { frequency: x, recency: tx, T }: RfmSummary,
) {
  const a1 = logGamma(r + x) - logGamma(r) + r * Math.log(alpha);
  const a2 = logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + T);
  const a4 = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : -Infinity;
  return a1 + a2 + logAddExp(a3, a4);
}

/**
 * Maximum-likelihood fit. Customers with the same summary share one term
 * (weighted), which makes a shop of a million customers cheap to fit.
 */
export function fitBgNbd(customers: RfmSummary[]): BgNbdFit {
  const groups = new Map<string, { s: RfmSummary; n: number }>();
  for (const c of customers) {
    const key = `${c.frequency}|${c.recency}|${c.T}`;
    const g = groups.get(key);
    if (g) g.n++;
    else groups.set(key, { s: c, n: 1 });
  }
  const weighted = [...groups.values()];
  const negLogLikelihood = (logParams: number[]) => {
    const [r, alpha, a, b] = logParams.map(Math.exp);
    let total = 0;
    for (const { s, n } of weighted) total += n * bgnbdLogLikelihood({ r, alpha, a, b }, s);
    return -total;
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
