import { and, eq } from "drizzle-orm";
import type { Db, Queryable } from "../../db/client";
import { columnMappings, imports, shops, type ImportSummary } from "../../db/schema";
import { recordAudit } from "../audit";
import { REFUSAL_CODES } from "../policy/protections";
import { detectFormat, headerKey, KNOWN_FORMATS, type Kind, type Mapping } from "./formats";
import { adoptOrderCurrency } from "./apply";
import { checkFile, readRows, readSample, sniff } from "./read";
import { UnreadableFile } from "./refusals";
import { ImportFailed, runImport } from "./run";

/** What a file looks like before it is imported: encoding, delimiter, header, first rows, known format. */
export async function describeFile(path: string, previewRows = 5) {
  const sniffed = sniff(await readSample(path));
  const preview: string[][] = [];
  for await (const row of readRows(path, sniffed)) {
    preview.push(row.cells);
    if (preview.length >= previewRows) break;
  }
  return { ...sniffed, preview, format: detectFormat(sniffed.header) };
}

export function createImport(
  db: Db,
  input: {
    shopId: number;
    fileName: string;
    storedPath: string;
    sizeBytes: number;
    format: string;
    mapping: Mapping | null;
    createdBy?: number;
  },
) {
  return db.insert(imports).values(input).returning().get();
}

/** The kind of records an import holds, from its format id ("shopify-orders", "mapped-customers"). */
export function kindOf(format: string): Kind | undefined {
  const known = KNOWN_FORMATS.find((f) => f.id === format);
  if (known) return known.kind;
  const kind = format.replace(/^mapped-/, "");
  return kind === "customers" || kind === "orders" || kind === "products" ? kind : undefined;
}

/**
 * Runs a confirmed import (from the worker or the command line) and records
 * how it went. A file that cannot be read to its end (an unterminated quote,
 * NUL bytes, a row without end) fails the import before any of it is saved;
 * a failure while saving (a crash) keeps the batches before it, listed in
 * its summary.
 */
export async function processImport(
  db: Db,
  ref: { shopId: number; importId: number },
  options: { now?: Date; batchSize?: number; onProgress?: (p: { bytes: number; rows: number }) => void } = {},
) {
  const scope = and(eq(imports.id, ref.importId), eq(imports.shopId, ref.shopId));
  const row = db.select().from(imports).where(scope).get();
  if (!row) throw new Error(`No import ${ref.importId} for shop ${ref.shopId}`);
  const kind = kindOf(row.format);
  if (!kind || !row.mapping) throw new Error(`Import ${row.id} has no confirmed mapping`);
  const shop = db.select().from(shops).where(eq(shops.id, ref.shopId)).get()!;
  db.update(imports).set({ status: "running", error: null }).where(scope).run();
  try {
    await checkWholeFile(row.storedPath);
    const summary = await runImport(db, {
      shopId: ref.shopId,
      importId: row.id,
      path: row.storedPath,
      fileName: row.fileName,
      kind,
      mapping: row.mapping,
      context: {
        now: options.now ?? new Date(),
        openedOn: shop.openedOn ? new Date(`${shop.openedOn}T00:00:00Z`) : null,
      },
      minorAge: shop.minorAge,
      batchSize: options.batchSize,
      onProgress: options.onProgress,
    });
    db.transaction((tx) => {
      tx.update(imports)
        .set({ status: "done", summary, bytesDone: row.sizeBytes, finishedAt: new Date() })
        .where(scope)
        .run();
      auditRefusals(tx, row, summary);
      if (kind === "orders") adoptOrderCurrency(tx, ref.shopId);
    });
    return summary;
  } catch (error) {
    const message =
      error instanceof ImportFailed ? error.message : `Import failed: ${(error as Error).message}`;
    db.transaction((tx) => {
      tx.update(imports).set({ status: "failed", error: message, finishedAt: new Date() }).where(scope).run();
      // The batches saved before the failure stay, and so do the changes they refused.
      if (error instanceof ImportFailed) auditRefusals(tx, row, error.summary);
    });
    throw error;
  }
}

/**
 * One audit entry for an import that refused changes to keep protections:
 * who ran it, and how many it refused of each kind. The rows themselves are
 * in the import's report.
 */
function auditRefusals(db: Queryable, row: typeof imports.$inferSelect, summary: ImportSummary) {
  if (!summary.refused) return;
  const byKind = Object.fromEntries(
    REFUSAL_CODES.filter((code) => summary.issues[code]).map((code) => [code, summary.issues[code]]),
  );
  recordAudit(db, {
    shopId: row.shopId,
    actor: row.createdBy ? `user:${row.createdBy}` : "system",
    action: "import.protections_kept",
    subject: `import:${row.id}`,
    detail: { file: row.fileName, refused: summary.refused, ...byKind },
  });
}

/**
 * A file that cannot be read to its end fails as an import that stopped
 * before its first row: the same every time, so the worker does not retry it.
 */
async function checkWholeFile(path: string) {
  try {
    await checkFile(path, sniff(await readSample(path)));
  } catch (error) {
    if (!(error instanceof UnreadableFile)) throw error;
    throw new ImportFailed(error.message, 0, {
      rows: 0,
      created: {},
      updated: {},
      unchanged: {},
      issues: {},
    });
  }
}

/** The mapping this shop chose the last time it uploaded a file with this header. */
export function rememberedMapping(db: Db, shopId: number, header: string[]) {
  return db
    .select({ kind: columnMappings.kind, mapping: columnMappings.mapping })
    .from(columnMappings)
    .where(and(eq(columnMappings.shopId, shopId), eq(columnMappings.headerKey, headerKey(header))))
    .get();
}

export function rememberMapping(
  db: Db,
  input: { shopId: number; header: string[]; kind: Kind; mapping: Mapping },
) {
  const values = { kind: input.kind, mapping: input.mapping, updatedAt: new Date() };
  db.insert(columnMappings)
    .values({ shopId: input.shopId, headerKey: headerKey(input.header), ...values })
    .onConflictDoUpdate({ target: [columnMappings.shopId, columnMappings.headerKey], set: values })
    .run();
}
