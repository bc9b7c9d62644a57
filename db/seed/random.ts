// A small seeded PRNG (sfc32, from the PractRand suite) and the samplers the
// generator needs. Deterministic across platforms: only 32-bit integer maths.

export type Random = {
  next(): number; // uniform in [0, 1)
  int(min: number, max: number): number; // inclusive
  pick<T>(items: readonly T[]): T;
  gamma(shape: number, scale: number): number;
  beta(a: number, b: number): number;
  normal(): number;
};

export function createRandom(seed: number): Random {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 ^ (seed >>> 1);
  let c = 0xb7e15162;
  let d = 1;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();

  const normal = () => {
    const u = 1 - next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };

  // Marsaglia & Tsang (2000); shapes below 1 use the boost u^(1/shape).
  const gamma = (shape: number, scale: number): number => {
    if (shape < 1) return gamma(shape + 1, scale) * Math.pow(1 - next(), 1 / shape);
    const d3 = shape - 1 / 3;
    const c3 = 1 / Math.sqrt(9 * d3);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + c3 * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - next();
      if (Math.log(u) < 0.5 * x * x + d3 - d3 * v + d3 * Math.log(v)) return d3 * v * scale;
    }
  };

  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    gamma,
    beta: (x, y) => {
      const g1 = gamma(x, 1);
      return g1 / (g1 + gamma(y, 1));
    },
    normal,
  };
}
