import { statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { shops } from "../db/schema";
import { checkMapping, formatLabel, type Kind } from "../jobs/import/formats";
import {
  createImport,
  describeFile,
  processImport,
  rememberedMapping,
  rememberMapping,
} from "../jobs/import/job";
import { ISSUE_LABELS, type IssueCode } from "../jobs/import/plan";
import { ENCODING_LABELS } from "../jobs/import/refusals";

// `npm run import -- --shop SLUG FILE...`: the same import as the Data page,
// with a progress bar on stderr and a summary at the end. Shopify exports are
// recognised; any other file needs --kind and --map once, after which the
// shop's mapping for that header is remembered. A file that cannot be read
// is refused with the Data page's message, never a stack trace, and the
// command exits non-zero.
const { positionals: files, values } = parseArgs({
  allowPositionals: true,
  options: {
    shop: { type: "string" },
    kind: { type: "string" },
    map: { type: "string", multiple: true },
    database: { type: "string" },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

if (!values.shop || files.length === 0) {
  fail(
    "Usage: npm run import -- --shop SLUG [--kind customers|orders|products --map field=Column ...] FILE...",
  );
}
const db = openDatabase(values.database ?? process.env.DATABASE_PATH ?? ".data/tactful.sqlite");
migrateDatabase(db);
const shop =
  db.select({ id: shops.id }).from(shops).where(eq(shops.slug, values.shop)).get() ??
  fail(`No shop with the slug "${values.shop}".`);

function bar(fraction: number, rows: number) {
  const width = 30;
  const filled = Math.round(fraction * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${Math.round(fraction * 100)}% ${rows.toLocaleString("en-GB")} rows`;
}

const list = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([entity, n]) => `${n.toLocaleString("en-GB")} ${entity}`)
    .join(", ") || "nothing";

/** Imports one file; throws what makes it fail. */
async function importFile(file: string) {
  const path = resolve(file);
  const described = await describeFile(path);
  let format = described.format?.id;
  let mapping = described.format?.mapping;
  if (!format) {
    const given = values.map?.map((pair) => pair.split("=", 2) as [string, string]);
    const remembered = rememberedMapping(db, shop.id, described.header);
    const kind = (values.kind ?? remembered?.kind) as Kind | undefined;
    mapping = given ? Object.fromEntries(given) : remembered?.mapping;
    if (!kind || !mapping) {
      fail(
        `${file}: not a known export. Columns: ${described.header.join(", ")}\nGive --kind and --map field=Column.`,
      );
    }
    const problems = checkMapping(kind, mapping, described.header);
    if (problems.length > 0) fail(`${file}: ${problems.join(" ")}`);
    rememberMapping(db, { shopId: shop.id, header: described.header, kind, mapping });
    format = `mapped-${kind}`;
  }
  const size = statSync(path).size;
  const record = createImport(db, {
    shopId: shop.id,
    fileName: basename(path),
    storedPath: path,
    sizeBytes: size,
    format,
    mapping: mapping!,
  });
  process.stderr.write(
    `${basename(path)}: ${formatLabel(format)} (${ENCODING_LABELS[described.encoding]}, "${described.delimiter}")\n`,
  );
  const started = performance.now();
  const summary = await processImport(
    db,
    { shopId: shop.id, importId: record.id },
    {
      onProgress: ({ bytes, rows }) => process.stderr.write(`\r${bar(Math.min(1, bytes / size), rows)}`),
    },
  );
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`\r${bar(1, summary.rows)}\n`);
  console.log(`${basename(path)}: ${summary.rows.toLocaleString("en-GB")} rows in ${seconds.toFixed(1)} s`);
  console.log(`  new: ${list(summary.created)}`);
  console.log(`  updated: ${list(summary.updated)}`);
  console.log(`  unchanged: ${list(summary.unchanged)}`);
  for (const [code, n] of Object.entries(summary.issues)) {
    console.log(`  ${ISSUE_LABELS[code as IssueCode]}: ${n.toLocaleString("en-GB")}`);
  }
  console.log(`  every row with an issue: import ${record.id} on the Data page`);
}

let failed = false;
for (const file of files) {
  try {
    await importFile(file);
  } catch (error) {
    failed = true;
    process.stderr.write("\n");
    console.error(`${basename(file)}: ${(error as Error).message}`);
  }
}
db.$client.close();
process.exit(failed ? 1 : 0);
