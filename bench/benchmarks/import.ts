import { execFile } from "node:child_process";
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { createGunzip } from "node:zlib";
import { writeOrdersExport } from "../import/orders-export";
import type { Benchmark, Sample } from "../harness";

// Input files are made once and kept in .cache/bench/ between runs.
const CACHE = ".cache/bench";
const UCI = "../shared/data/online-retail/online_retail.csv.gz";
const UCI_ROWS = 541_909;

type Measured = { rows: number; seconds: number; peakRssMb: number };

/** One import or parse of `file` in a fresh process (bench/import/measure.ts). */
async function measure(mode: "import" | "parse", file: string, database?: string): Promise<Measured> {
  const args = ["--import", "tsx", "bench/import/measure.ts", mode, file, ...(database ? [database] : [])];
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as Measured;
}

async function cached(name: string, make: (path: string) => Promise<void>) {
  mkdirSync(CACHE, { recursive: true });
  const path = join(CACHE, name);
  if (!existsSync(path)) {
    console.info(`  writing ${path}…`);
    // Written beside, then renamed, so an interrupted run leaves no half file.
    await make(`${path}.partial`);
    renameSync(`${path}.partial`, path);
  }
  return path;
}

/**
 * Each run imports the whole file into a new SQLite database in its own
 * process, then parses it in another with the same streaming reader: the
 * rates and the peak RSS the OS reports for each process.
 */
function importRunner(file: string, expectedRows: number) {
  const dir = mkdtempSync(join(tmpdir(), "tactful-bench-import-"));
  let n = 0;
  return {
    async run(): Promise<Sample> {
      const database = join(dir, `run-${++n}.sqlite`);
      const imported = await measure("import", file, database);
      rmSync(database, { force: true });
      const parsed = await measure("parse", file);
      if (imported.rows !== expectedRows || parsed.rows !== expectedRows)
        throw new Error(`expected ${expectedRows} rows, imported ${imported.rows}, parsed ${parsed.rows}`);
      return {
        subject: imported.rows / imported.seconds,
        baseline: parsed.rows / parsed.seconds,
        extra: {
          seconds: imported.seconds,
          peakRssMb: imported.peakRssMb,
          parsePeakRssMb: parsed.peakRssMb,
        },
      };
    },
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

const shared = {
  baselineWhat: "bare streaming CSV parse of the same file",
  unit: "rows/s",
} as const;

export const importOrders: Benchmark = {
  ...shared,
  name: "import",
  what: "import a generated Shopify orders export (own process, new database)",
  sizes: { quick: 50_000, full: 1_000_000 },
  async prepare(rows) {
    const file = await cached(`shopify-orders-${rows}.csv`, (path) => writeOrdersExport(path, rows));
    return importRunner(file, rows);
  },
};

export const importUci: Benchmark = {
  ...shared,
  name: "import-uci",
  what: "import the whole UCI Online Retail file through the generic mapping",
  // The whole file at either size.
  sizes: { quick: UCI_ROWS, full: UCI_ROWS },
  optIn: true,
  async prepare() {
    if (!existsSync(UCI)) throw new Error(`${UCI} is missing (the UCI Online Retail data set)`);
    const file = await cached("online_retail.csv", (path) =>
      pipeline(createReadStream(UCI), createGunzip(), createWriteStream(path)),
    );
    return importRunner(file, UCI_ROWS);
  },
};
