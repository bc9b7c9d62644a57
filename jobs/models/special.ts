// Special functions the customer models need. Plain maths, no dependencies.

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos approximation, about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** log(e^a + e^b) without overflow. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const max = Math.max(a, b);
  return max + Math.log(Math.exp(a - max) + Math.exp(b - max));
}

/**
 * Gauss's hypergeometric function 2F1(a, b; c; z) for 0 <= z < 1 by its power
 * series, which converges there; the models only need that range.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (z < 0 || z >= 1) throw new RangeError(`hyp2f1 needs 0 <= z < 1, got ${z}`);
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 100_000; n++) {
    term *= ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    sum += term;
    if (Math.abs(term) < 1e-15 * Math.abs(sum)) return sum;
  }
  throw new Error("hyp2f1 did not converge");
}
