import { rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { and, asc, count, desc, eq } from "drizzle-orm";
import { importIssues, imports, shops } from "../../db/schema";
import { checkMapping, formatLabel, KNOWN_FORMATS, type Kind, type Mapping } from "../../jobs/import/formats";
import {
  createImport,
  describeFile,
  kindOf,
  rememberedMapping,
  rememberMapping,
} from "../../jobs/import/job";
import { ISSUE_LABELS, type IssueCode } from "../../jobs/import/plan";
import { checkFile } from "../../jobs/import/read";
import { ENCODING_LABELS, UnreadableFile } from "../../jobs/import/refusals";
import { shopQuality } from "../../jobs/import/quality";
import { db } from "../db.server";
import { env } from "../env.server";

type ShopRef = { shopId: number };
type ImportRef = ShopRef & { importId: number };

/** Uploaded files live next to the database, one folder per shop. */
export const uploadDirectory = (shopId: number) =>
  join(dirname(env.DATABASE_PATH), "imports", String(shopId));

export class UnreadableUpload extends Error {}

/**
 * Registers an uploaded file: refuses what cannot be imported (a workbook,
 * binary data, a row without end, an unterminated quote: the import
 * command's rules and words, read through the whole file), recognises a
 * known export or a header this shop mapped before, and leaves the import
 * waiting for confirmation.
 */
export async function registerUpload(
  input: ShopRef & { userId: number; path: string; fileName: string; size: number },
) {
  let described;
  try {
    described = await describeFile(input.path);
    await checkFile(input.path, described);
  } catch (error) {
    await rm(input.path, { force: true });
    if (error instanceof UnreadableFile) throw new UnreadableUpload(error.message);
    throw error;
  }
  const remembered = described.format ? undefined : rememberedMapping(db, input.shopId, described.header);
  const stored = `${input.path}.csv`;
  await rename(input.path, stored);
  return createImport(db, {
    shopId: input.shopId,
    fileName: input.fileName,
    storedPath: stored,
    sizeBytes: input.size,
    format: described.format?.id ?? (remembered ? `mapped-${remembered.kind}` : "unknown"),
    mapping: described.format?.mapping ?? remembered?.mapping ?? null,
    createdBy: input.userId,
  });
}

export function listImports({ shopId }: ShopRef) {
  return db
    .select({
      id: imports.id,
      fileName: imports.fileName,
      format: imports.format,
      status: imports.status,
      summary: imports.summary,
      createdAt: imports.createdAt,
    })
    .from(imports)
    .where(eq(imports.shopId, shopId))
    .orderBy(desc(imports.createdAt), desc(imports.id))
    .limit(50)
    .all()
    .map((i) => ({ ...i, formatLabel: formatLabel(i.format) }));
}

function getImportRow({ shopId, importId }: ImportRef) {
  return db
    .select()
    .from(imports)
    .where(and(eq(imports.id, importId), eq(imports.shopId, shopId)))
    .get();
}

const ISSUE_LIMIT = 50;

/** One import: the file's first rows and mapping, its progress, and its report. */
export async function getImport(ref: ImportRef) {
  const row = getImportRow(ref);
  if (!row) return undefined;
  const described = row.status === "uploaded" ? await describeFile(row.storedPath) : null;
  const withOutcome = (outcome: "rejected" | "noted" | "refused") =>
    and(
      eq(importIssues.importId, row.id),
      eq(importIssues.shopId, ref.shopId),
      eq(importIssues.outcome, outcome),
    );
  const issueRows = (outcome: "rejected" | "noted" | "refused") =>
    db
      .select({ line: importIssues.line, code: importIssues.code, detail: importIssues.detail })
      .from(importIssues)
      .where(withOutcome(outcome))
      .orderBy(asc(importIssues.line), asc(importIssues.id))
      .limit(ISSUE_LIMIT)
      .all()
      .map((i) => ({ ...i, label: ISSUE_LABELS[i.code as IssueCode] ?? i.code }));
  const issueCount = (outcome: "rejected" | "refused") =>
    db.select({ n: count() }).from(importIssues).where(withOutcome(outcome)).get()!.n;
  return {
    import: {
      id: row.id,
      fileName: row.fileName,
      format: row.format,
      formatLabel: formatLabel(row.format),
      known: KNOWN_FORMATS.some((f) => f.id === row.format),
      kind: kindOf(row.format) ?? null,
      mapping: row.mapping,
      status: row.status,
      sizeBytes: row.sizeBytes,
      bytesDone: row.bytesDone,
      summary: row.summary,
      error: row.error,
      createdAt: row.createdAt,
      finishedAt: row.finishedAt,
    },
    file: described && {
      encoding: described.encoding,
      encodingLabel: ENCODING_LABELS[described.encoding],
      delimiter: described.delimiter,
      header: described.header,
      preview: described.preview,
    },
    rejected: issueRows("rejected"),
    rejectedCount: issueCount("rejected"),
    noted: issueRows("noted"),
    refused: issueRows("refused"),
    refusedCount: issueCount("refused"),
    issueLimit: ISSUE_LIMIT,
    labels: ISSUE_LABELS,
  };
}

/** Checks the chosen mapping and queues the import; field errors when it will not do. */
export async function confirmImport(ref: ImportRef & { kind: Kind; mapping: Mapping }) {
  const row = getImportRow(ref);
  if (!row) throw new Response("Not found", { status: 404 });
  if (row.status !== "uploaded") return { ok: false as const, errors: ["This import has already started."] };
  const { header } = await describeFile(row.storedPath);
  const known = KNOWN_FORMATS.find((f) => f.id === row.format);
  const kind = known?.kind ?? ref.kind;
  const mapping = known?.mapping ?? ref.mapping;
  const errors = checkMapping(kind, mapping, header);
  if (errors.length > 0) return { ok: false as const, errors };
  if (!known) rememberMapping(db, { shopId: ref.shopId, header, kind, mapping });
  db.update(imports)
    .set({ status: "queued", format: known?.id ?? `mapped-${kind}`, mapping })
    .where(and(eq(imports.id, row.id), eq(imports.shopId, ref.shopId)))
    .run();
  return { ok: true as const };
}

/** Back to "uploaded" when the queue could not take the job, so the owner can try again. */
export function unqueueImport(ref: ImportRef) {
  db.update(imports)
    .set({ status: "uploaded" })
    .where(and(eq(imports.id, ref.importId), eq(imports.shopId, ref.shopId), eq(imports.status, "queued")))
    .run();
}

/** A cell a spreadsheet would run as a formula is prefixed with ' so it shows as text. */
export function neutralise(cell: string) {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

const csvCell = (value: string | number) => {
  const text = neutralise(String(value));
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** Every rejected, noted or refused row of an import as CSV: file, line, outcome, reason, detail. */
export function issuesCsv(ref: ImportRef) {
  const row = getImportRow(ref);
  if (!row) return undefined;
  const lines = [["file", "line", "outcome", "reason", "detail"].join(",")];
  const issues = db
    .select()
    .from(importIssues)
    .where(and(eq(importIssues.importId, row.id), eq(importIssues.shopId, ref.shopId)))
    .orderBy(asc(importIssues.line), asc(importIssues.id))
    .all();
  for (const issue of issues) {
    const label = ISSUE_LABELS[issue.code as IssueCode] ?? issue.code;
    lines.push([row.fileName, issue.line, issue.outcome, label, issue.detail].map(csvCell).join(","));
  }
  return { fileName: row.fileName, csv: `${lines.join("\r\n")}\r\n` };
}

export function dataQuality({ shopId }: ShopRef) {
  const shop = db
    .select({ staleMonths: shops.staleMonths, openedOn: shops.openedOn, minorAge: shops.minorAge })
    .from(shops)
    .where(eq(shops.id, shopId))
    .get()!;
  return { settings: shop, checks: shopQuality(db, shopId) };
}

export function setDataSettings(input: ShopRef & { staleMonths: number; openedOn: string | null }) {
  db.update(shops)
    .set({ staleMonths: input.staleMonths, openedOn: input.openedOn })
    .where(eq(shops.id, input.shopId))
    .run();
}
