export type Minimum = { x: number[]; value: number; iterations: number; converged: boolean };

/**
 * Nelder–Mead simplex minimisation: derivative-free and robust for the
 * smooth, low-dimensional likelihoods here (run on log-parameters so that
 * every point it tries is valid).
 */
export function nelderMead(
  f: (x: number[]) => number,
  start: number[],
  options: { step?: number; tolerance?: number; maxIterations?: number } = {},
): Minimum {
  const n = start.length;
  const step = options.step ?? 0.5;
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 5000;
  const value = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  let simplex = [start, ...start.map((_, i) => start.map((s, j) => (i === j ? s + step : s)))].map((x) => ({
    x,
    v: value(x),
  }));
  const combine = (a: number[], b: number[], t: number) => a.map((ai, i) => ai + t * (b[i] - ai));

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    simplex.sort((p, q) => p.v - q.v);
    const best = simplex[0];
    const worst = simplex[n];
    if (Math.abs(worst.v - best.v) <= tolerance * (Math.abs(best.v) + tolerance)) {
      return { x: best.x, value: best.v, iterations: iteration, converged: true };
    }
    const centroid = start.map((_, j) => simplex.slice(0, n).reduce((s, p) => s + p.x[j], 0) / n);
    const reflected = combine(centroid, worst.x, -1);
    const vr = value(reflected);
    if (vr < best.v) {
      const expanded = combine(centroid, worst.x, -2);
      const ve = value(expanded);
      simplex[n] = ve < vr ? { x: expanded, v: ve } : { x: reflected, v: vr };
    } else if (vr < simplex[n - 1].v) {
      simplex[n] = { x: reflected, v: vr };
    } else {
      const contracted = vr < worst.v ? combine(centroid, reflected, 0.5) : combine(centroid, worst.x, 0.5);
      const vc = value(contracted);
      if (vc < Math.min(vr, worst.v)) {
        simplex[n] = { x: contracted, v: vc };
      } else {
        simplex = simplex.map((p, i) =>
          i === 0 ? p : { x: combine(best.x, p.x, 0.5), v: value(combine(best.x, p.x, 0.5)) },
        );
      }
    }
  }
  simplex.sort((p, q) => p.v - q.v);
  return { x: simplex[0].x, value: simplex[0].v, iterations: maxIterations, converged: false };
}
