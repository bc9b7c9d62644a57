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
 * The total log-likelihood of the repeat customers' mean spends (Fader &
 * Hardie, "The Gamma-Gamma Model of Monetary Value", eq. 5) as a function of
 * the parameters; the log-gamma terms depend on the parameters and the
 * frequency only, so they are computed once per distinct frequency.
 */
export function gammaGammaLogLikelihood(repeaters: SpendSummary[]): (params: GammaGammaParams) => number {
  const frequencies = [...new Set(repeaters.map((c) => c.frequency))];
  const slot = new Map(frequencies.map((x, i) => [x, i]));
  const size = repeaters.length;
  const [x, logM, logX, xm, k] = [0, 0, 0, 0, 0].map(() => new Float64Array(size));
  repeaters.forEach((c, i) => {
    [x[i], logM[i], logX[i], xm[i], k[i]] = [
      c.frequency,
      Math.log(c.monetaryValue),
      Math.log(c.frequency),
      c.frequency * c.monetaryValue,
      slot.get(c.frequency)!,
    ];
  });
  const byFrequency = new Float64Array(frequencies.length);
  return ({ p, q, gamma }) => {
    const shared = -logGamma(q) + q * Math.log(gamma);
    frequencies.forEach((f, j) => (byFrequency[j] = shared + logGamma(p * f + q) - logGamma(p * f)));
    let total = 0;
    for (let j = 0; j < size; j++) {
      const px = p * x[j];
      total += byFrequency[k[j]] + (px - 1) * logM[j] + px * logX[j] - (px + q) * Math.log(xm[j] + gamma);
    }
    return total;
  };
}

/** Fits on customers with at least one repeat purchase and a positive mean spend. */
export function fitGammaGamma(customers: SpendSummary[]): GammaGammaFit {
  const repeaters = customers.filter((c) => c.frequency > 0 && c.monetaryValue > 0);
  const logLikelihood = gammaGammaLogLikelihood(repeaters);
  const negLogLikelihood = (logParams: number[]) => {
    const [p, q, gamma] = logParams.map(Math.exp);
    return -logLikelihood({ p, q, gamma });
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
