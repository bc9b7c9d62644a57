import { statSync } from "node:fs";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { createShop } from "../../db/seed/factories";
import { guessMapping } from "../../jobs/import/formats";
import { createImport, describeFile, processImport } from "../../jobs/import/job";
import { readRows, readSample, sniff } from "../../jobs/import/read";

// Run in a process of its own by bench/benchmarks/import.ts, so that the peak
// memory the OS reports for this process is the import's (or the parse's):
//   node --import tsx bench/import/measure.ts import|parse FILE [DATABASE]
// Prints one line of JSON: rows, seconds, peakRssMb.
const [mode, file, database] = process.argv.slice(2);

async function importFile() {
  const db = openDatabase(database);
  migrateDatabase(db);
  const shop = createShop(db);
  const described = await describeFile(file);
  const kind = described.format?.kind ?? "orders";
  const record = createImport(db, {
    shopId: shop.id,
    fileName: file,
    storedPath: file,
    sizeBytes: statSync(file).size,
    format: described.format?.id ?? `mapped-${kind}`,
    mapping: described.format?.mapping ?? guessMapping(kind, described.header),
  });
  const started = performance.now();
  const summary = await processImport(db, { shopId: shop.id, importId: record.id });
  const seconds = (performance.now() - started) / 1000;
  db.$client.close();
  return { rows: summary.rows, seconds };
}

/** The baseline: the same streaming reader and parser, rows counted and dropped. */
async function parseFile() {
  const started = performance.now();
  const sniffed = sniff(await readSample(file));
  let rows = 0;
  for await (const row of readRows(file, sniffed)) if (row.cells.length > 0) rows++;
  return { rows, seconds: (performance.now() - started) / 1000 };
}

if (mode !== "import" && mode !== "parse") throw new Error("usage: measure.ts import|parse FILE [DATABASE]");
if (mode === "import" && !database) throw new Error("import needs a DATABASE path");
const result = mode === "import" ? await importFile() : await parseFile();
// maxRSS is the OS's peak resident set of this process, in kilobytes.
const peakRssMb = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ ...result, peakRssMb }));
