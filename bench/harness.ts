// The shape every benchmark shares, so that adding one (import, scoring,
// dashboard) is one file in bench/benchmarks/ and one line in its index.

export type Size = "quick" | "full";

/** One timed run of the thing measured and of its baseline, on the same input. */
export type Sample = { subject: number; baseline: number; extra?: Record<string, number> };

export type Benchmark = {
  name: string;
  /** What is measured, and what it is compared with. */
  what: string;
  baselineWhat: string;
  unit: string;
  /** Items per run at each size. */
  sizes: Record<Size, number>;
  /** A rate the subject should reach (per second, in `unit`). */
  goal?: number;
  /**
   * Prepares once per size and returns the runner; each call of `run` times
   * the subject and the baseline once and returns their rates per second.
   */
  prepare(size: number): Promise<{ run(): Promise<Sample>; close(): Promise<void> }>;
};

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Items per second from a count and a start time taken with performance.now(). */
export const ratePerSecond = (items: number, startedAt: number) =>
  (items * 1000) / (performance.now() - startedAt);
