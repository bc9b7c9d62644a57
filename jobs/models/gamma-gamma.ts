import { logGamma } from "./special";
import { nelderMead } from "./optimize";

export type SpendSummary = { frequency: number; monetaryValue: number };
export type GammaGammaParams = { p: number; q: number; gamma: number };
export type GammaGammaFit = GammaGammaParams & {
  logLikelihood: number;
  customers: number;
  converged: boolean;
};

/**
 * A customer's log-likelihood of their mean spend over x repeat purchases
 * (Fader & Hardie, "The Gamma-Gamma Model of Monetary Value", eq. 5).
 */
export function gammaGammaLogLikelihood(
  { p, q, gamma }: GammaGammaParams,
  { frequency: x, monetaryValue: m }: SpendSummary,
) {
  return (
    logGamma(p * x + q) -
    logGamma(p * x) -
    logGamma(q) +
    q * Math.log(gamma) +
    (p * x - 1) * Math.log(m) +
    p * x * Math.log(x) -
    (p * x + q) * Math.log(x * m + gamma)
  );
}

/** Fits on customers with at least one repeat purchase and a positive mean spend. */
export function fitGammaGamma(customers: SpendSummary[]): GammaGammaFit {
  const repeaters = customers.filter((c) => c.frequency > 0 && c.monetaryValue > 0);
  const negLogLikelihood = (logParams: number[]) => {
    const [p, q, gamma] = logParams.map(Math.exp);
    return -repeaters.reduce((sum, c) => sum + gammaGammaLogLikelihood({ p, q, gamma }, c), 0);
  };
  let best = nelderMead(negLogLikelihood, [0, 0, 0]);
  for (let i = 0; i < 2; i++) best = nelderMead(negLogLikelihood, best.x, { step: 0.1 });
  const [p, q, gamma] = best.x.map(Math.exp);
  return { p, q, gamma, logLikelihood: -best.value, customers: repeaters.length, converged: best.converged };
}

/** Expected mean spend per purchase given the customer's history (eq. 8). */
export function expectedAverageSpend(
  { p, q, gamma }: GammaGammaParams,
  { frequency: x, monetaryValue: m }: SpendSummary,
) {
  const populationMean = (p * gamma) / (q - 1);
  if (x === 0) return populationMean;
  const weight = (p * x) / (p * x + q - 1);
  return (1 - weight) * populationMean + weight * m;
}
