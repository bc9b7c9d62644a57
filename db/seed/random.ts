// A small seeded PRNG (sfc32, from the PractRand suite) and the samplers the
// generator needs. Only 32-bit integer maths feeds the stream, so a seed gives
// the same numbers on every platform.

// Finalizer of MurmurHash3: spreads every input bit over the whole word, so
// that neighbouring seeds (customer 41 and 42) start unrelated streams.
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** One 32-bit seed from several parts: (shop seed, customer, purpose) → an independent stream. */
export function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) h = fmix32(Math.imul(h ^ (part >>> 0), 0x01000193) ^ Math.floor(part / 2 ** 32));
  return h;
}

/**
 * sfc32 with the samplers the generator needs. A class rather than closures:
 * the generator makes several of these per customer, a million customers at
 * a time, and methods on the prototype cost nothing to create.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;

  constructor(seed: number) {
    this.a = fmix32(seed ^ 0x9e3779b9);
    this.b = fmix32(this.a ^ 0x243f6a88);
    this.c = fmix32(this.b ^ 0xb7e15162);
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Inclusive at both ends. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** An index into `weights`, drawn in proportion to them. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let roll = this.next() * total;
    for (let i = 0; i < weights.length; i++) if ((roll -= weights[i]) < 0) return i;
    return weights.length - 1;
  }

  exponential(rate: number): number {
    return -Math.log(1 - this.next()) / rate;
  }

  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Shape and scale; BG/NBD's λ ~ Gamma(r, α) has scale 1/α. */
  gamma(shape: number, scale: number): number {
    return this.standardGamma(shape) * scale;
  }

  beta(a: number, b: number): number {
    const x = this.standardGamma(a);
    return x / (x + this.standardGamma(b));
  }

  // Marsaglia & Tsang (2000); shapes below 1 use their boost u^(1/shape).
  private standardGamma(shape: number): number {
    if (shape < 1) return this.standardGamma(shape + 1) * Math.pow(1 - this.next(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - this.next();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  }
}

export function createRandom(seed: number): Random {
  return new Random(seed);
}
