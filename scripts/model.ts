import "../jobs/env-file";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { openDatabase } from "../db/client";
import { shops } from "../db/schema";
import { fitBgNbd } from "../jobs/models/bgnbd";
import { fitGammaGamma } from "../jobs/models/gamma-gamma";
import { shopSummaries } from "../jobs/models/summary";

// `npm run model -- fit --summary FILE.csv` or `npm run model -- fit --shop SLUG`:
// fits BG/NBD (and Gamma-Gamma when spend is known) and prints JSON.
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { summary: { type: "string" }, shop: { type: "string" }, database: { type: "string" } },
});

type Row = { frequency: number; recency: number; T: number; monetaryValue?: number };

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function readSummaryFile(path: string): Row[] {
  const records = parse(readFileSync(path), {
    columns: true,
    bom: true,
    skip_empty_lines: true,
    trim: true,
  }) as Record<string, string>[];
  if (records.length === 0) fail(`${path}: no rows.`);
  for (const column of ["frequency", "recency", "T"]) {
    if (!(column in records[0]))
      fail(`${path}: missing column "${column}" (need frequency,recency,T[,monetary_value]).`);
  }
  return records.map((r, i) => {
    const row: Row = { frequency: Number(r.frequency), recency: Number(r.recency), T: Number(r.T) };
    if ("monetary_value" in r) row.monetaryValue = Number(r.monetary_value);
    const bad = Object.entries(row).find(([, v]) => !Number.isFinite(v) || (v as number) < 0);
    if (bad) fail(`${path}: line ${i + 2}: ${bad[0]} is not a non-negative number.`);
    return row;
  });
}

function readShop(slug: string): Row[] {
  const db = openDatabase(values.database ?? process.env.DATABASE_PATH ?? ".data/tactful.sqlite");
  const shop = db.select({ id: shops.id }).from(shops).where(eq(shops.slug, slug)).get();
  if (!shop) fail(`No shop with the slug "${slug}".`);
  return shopSummaries(db, shop.id, { asOf: new Date() });
}

if (positionals[0] !== "fit" || (!values.summary && !values.shop)) {
  fail("Usage: npm run model -- fit --summary FILE.csv | --shop SLUG");
}
const rows = values.summary ? readSummaryFile(values.summary) : readShop(values.shop!);
const bgnbd = fitBgNbd(rows);
const result: Record<string, unknown> = {
  bgnbd: { r: bgnbd.r, alpha: bgnbd.alpha, a: bgnbd.a, b: bgnbd.b, logLikelihood: bgnbd.logLikelihood },
};
if (rows.some((r) => r.monetaryValue !== undefined)) {
  const gg = fitGammaGamma(
    rows.map((r) => ({ frequency: r.frequency, monetaryValue: r.monetaryValue ?? 0 })),
  );
  result.gammaGamma = { p: gg.p, q: gg.q, gamma: gg.gamma };
}
console.log(JSON.stringify(result, null, 2));
