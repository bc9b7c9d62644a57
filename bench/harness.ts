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
  /**
   * Whether a higher number is better (a rate, the default) or a lower one
   * (a latency); the goal is a minimum or a maximum accordingly.
   */
  better?: "higher" | "lower";
  /** What the subject should reach, in `unit`. */
  goal?: number;
  /** Runs only when named with `--only` (a long run on a data set of its own). */
  optIn?: boolean;
  /**
   * Prepares once per size and returns the runner; each call of `run`
   * measures the subject and the baseline once, in `unit`.
   */
  prepare(size: number): Promise<{ run(): Promise<Sample>; close(): Promise<void> }>;
};

export const meetsGoal = (bench: Benchmark, value: number) =>
  bench.goal === undefined ? null : bench.better === "lower" ? value <= bench.goal : value >= bench.goal;

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Items per second from a count and a start time taken with performance.now(). */
export const ratePerSecond = (items: number, startedAt: number) =>
  (items * 1000) / (performance.now() - startedAt);
