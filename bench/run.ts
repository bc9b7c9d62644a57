import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { BENCHMARKS } from "./benchmarks";
import { median, meetsGoal, type Sample, type Size } from "./harness";

// `npm run bench -- [--size quick|full] [--only name] [--runs n]`: each
// benchmark beside its baseline in the same run, median of several runs,
// printed as a table and written to bench/results/<time>.json.
const { values } = parseArgs({
  options: {
    size: { type: "string", default: "quick" },
    only: { type: "string" },
    runs: { type: "string", default: "3" },
  },
});
if (values.size !== "quick" && values.size !== "full") throw new Error("--size is quick or full");
const size: Size = values.size;
const runs = Number(values.runs);
const chosen = BENCHMARKS.filter((b) => (values.only ? b.name === values.only : !b.optIn));
if (chosen.length === 0)
  throw new Error(`No benchmark named ${values.only}; try ${BENCHMARKS.map((b) => b.name).join(", ")}`);

// Three significant figures: enough for a rate of thousands or a latency of a few milliseconds.
const round = (n: number) => (Math.abs(n) >= 1000 ? Math.round(n) : Number(n.toPrecision(3)));

const results = [];
for (const bench of chosen) {
  const items = bench.sizes[size];
  console.info(`${bench.name}: ${bench.what}, ${items.toLocaleString("en-GB")} items, ${runs} runs…`);
  const runner = await bench.prepare(items);
  const samples: Sample[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const sample = await runner.run();
      console.info(
        `  run ${i + 1}: ${round(sample.subject)} vs baseline ${round(sample.baseline)} ${bench.unit}`,
      );
      samples.push(sample);
    }
  } finally {
    await runner.close();
  }
  const subject = median(samples.map((s) => s.subject));
  const extra = Object.fromEntries(
    Object.keys(samples[0]?.extra ?? {}).map((key) => [
      key,
      round(median(samples.map((s) => s.extra![key]))),
    ]),
  );
  const baseline = median(samples.map((s) => s.baseline));
  results.push({
    name: bench.name,
    what: bench.what,
    baselineWhat: bench.baselineWhat,
    size: items,
    unit: bench.unit,
    better: bench.better ?? "higher",
    goal: bench.goal ?? null,
    median: round(subject),
    baseline: round(baseline),
    ratio: Number((subject / baseline).toFixed(2)),
    meetsGoal: meetsGoal(bench, subject),
    extra,
    samples,
  });
}

const rows = results.map((r) => ({
  benchmark: r.name,
  size: r.size.toLocaleString("en-GB"),
  median: `${r.median.toLocaleString("en-GB")} ${r.unit}`,
  goal:
    r.goal === null
      ? ""
      : `${r.better === "lower" ? "<=" : ">="} ${r.goal.toLocaleString("en-GB")} ${r.meetsGoal ? "✓" : "✗"}`,
  baseline: `${r.baseline.toLocaleString("en-GB")} (${r.baselineWhat})`,
  ratio: `${r.ratio}×`,
  ...r.extra,
}));
console.table(rows);

const machine = {
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? "unknown",
  node: process.version,
  platform: process.platform,
};
mkdirSync("bench/results", { recursive: true });
const file = `bench/results/${new Date().toISOString().replace(/[:.]/g, "-")}-${size}.json`;
writeFileSync(
  file,
  JSON.stringify({ size, runs, machine, at: new Date().toISOString(), results }, null, 2) + "\n",
);
console.info(`Written to ${file}`);
