import { basename } from "node:path";
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { importIssues, imports, type ImportSummary } from "../../db/schema";
import {
  applyCustomer,
  applyOrder,
  applyProduct,
  prepareOrderStatements,
  removeCancelledOrder,
  type ApplyContext,
  type Entity,
  type Outcome,
} from "./apply";
import { columnIndexes, isSensitiveLabel, type Kind, type Mapping } from "./formats";
import { planCustomer, planOrder, planProduct, type Context, type Issue, type OrderRecord } from "./plan";
import { readRows, readSample, sniff, type CsvRow } from "./read";
import { cleanId } from "./values";

export type RunInput = {
  shopId: number;
  importId: number;
  path: string;
  fileName: string;
  kind: Kind;
  mapping: Mapping;
  context: Context;
  /** The shop's minimum age, below which an import may not make a customer older. */
  minorAge: number;
  /** Rows per transaction; a batch never splits an order or a product's variants. */
  batchSize?: number;
  /** Called inside each batch's transaction, after its writes; a throw undoes the batch. */
  onProgress?: (progress: { bytes: number; rows: number }) => void;
};

export class ImportFailed extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly summary: ImportSummary,
  ) {
    super(message);
  }
}

// Far more line items than an order has, or variants than a product has
// (Shopify allows 2,048): more rows under one key is a wrong column mapped
// as the order number or handle, and the rows would all be held in memory.
const MAX_GROUP_ROWS = 5000;

const emptySummary = (): ImportSummary => ({ rows: 0, created: {}, updated: {}, unchanged: {}, issues: {} });

type Unit =
  | { kind: "customer"; rows: CsvRow[] }
  | { kind: "order"; rows: CsvRow[] }
  | { kind: "product"; rows: CsvRow[] };

/**
 * Imports one file: streams its rows, groups them (one order's line items,
 * one product's variants), and saves them in batches of about `batchSize`
 * rows, each batch in one transaction with its issues and progress. A crash
 * leaves every batch either whole or absent; importing the file again
 * finishes the job, because saving is keyed by natural keys.
 */
export async function runImport(db: Db, input: RunInput): Promise<ImportSummary> {
  const batchSize = input.batchSize ?? 1000;
  const sniffed = sniff(await readSample(input.path));
  const { header } = sniffed;
  const cols = columnIndexes(input.mapping, header);
  const summary = emptySummary();
  const mapped = new Set(Object.values(input.mapping));
  // Issues not yet written: the header's, and rows rejected before planning.
  const pending: Issue[] = header
    .filter((h) => isSensitiveLabel(h) && !mapped.has(h))
    .map((h) => ({
      line: 1,
      outcome: "noted" as const,
      code: "sensitive_column" as const,
      detail: `"${h}" is about health, religion, ethnicity, sexuality or similar and was not stored`,
    }));

  const count = (entity: Entity, outcome: Outcome) => {
    const counts = (summary[outcome] ??= {});
    counts[entity] = (counts[entity] ?? 0) + 1;
  };
  const applyCtx: ApplyContext = {
    shopId: input.shopId,
    consentSource: `import:${basename(input.fileName)}`,
    now: input.context.now,
    minorAge: input.minorAge,
    count,
    known: { customers: new Map(), products: new Map() },
    statements: prepareOrderStatements(db),
  };
  // Keys seen earlier in this file, to report duplicates and split orders;
  // bounded by the number of customers and orders, not of rows.
  const customerLines = new Map<string, number>();
  const orderLines = new Map<string, number>();

  let batch: Unit[] = [];
  let batchRows = 0;
  let bytes = 0;
  let lastLine = 1;

  const flush = () => {
    const units = batch;
    const rowsInBatch = batchRows;
    batch = [];
    batchRows = 0;
    db.transaction((tx) => {
      const issues: Issue[] = pending.splice(0);
      for (const unit of units) issues.push(...saveUnit(tx, unit));
      writeIssues(tx, input, issues);
      for (const issue of issues) {
        summary.issues[issue.code] = (summary.issues[issue.code] ?? 0) + 1;
        if (issue.outcome === "refused") summary.refused = (summary.refused ?? 0) + 1;
      }
      summary.rows += rowsInBatch;
      tx.update(imports)
        .set({ bytesDone: bytes, summary })
        .where(and(eq(imports.id, input.importId), eq(imports.shopId, input.shopId)))
        .run();
      input.onProgress?.({ bytes, rows: summary.rows });
    });
  };

  const saveUnit = (tx: Tx, unit: Unit): Issue[] => {
    if (unit.kind === "customer") {
      const { record, issues } = planCustomer(unit.rows[0], cols, input.context);
      if (!record) return issues;
      const key = record.externalId ? `id:${record.externalId}` : `email:${record.email}`;
      const emailKey = record.email ? `email:${record.email}` : null;
      const earlier = customerLines.get(key) ?? (emailKey ? customerLines.get(emailKey) : undefined);
      if (earlier !== undefined) {
        issues.push({
          line: record.line,
          outcome: "noted",
          code: "duplicate_customer_merged",
          detail: `same ${customerLines.has(key) ? "customer id" : "email"} as line ${earlier}; its non-empty values were kept`,
        });
      }
      customerLines.set(key, customerLines.get(key) ?? record.line);
      if (emailKey) customerLines.set(emailKey, customerLines.get(emailKey) ?? record.line);
      issues.push(...applyCustomer(tx, applyCtx, record, record.line).issues);
      return issues;
    }
    if (unit.kind === "product") {
      const { records, issues } = planProduct(unit.rows, cols);
      for (const record of records) issues.push(...applyProduct(tx, applyCtx, record));
      return issues;
    }
    const { record, issues, cancelled } = planOrder(unit.rows, cols, input.context);
    if (cancelled !== undefined) {
      summary.cancelledOrders = (summary.cancelledOrders ?? 0) + 1;
      if (removeCancelledOrder(tx, applyCtx, cancelled)) {
        for (const issue of issues) issue.detail += "; the copy imported before was removed";
      }
    }
    if (record) issues.push(...applyOrder(tx, applyCtx, record satisfies OrderRecord));
    return issues;
  };

  const groupKey = (row: CsvRow) => {
    if (input.kind === "orders") return cleanId(row.cells[cols.orderId] ?? "");
    if (input.kind === "products") return (row.cells[cols.handle ?? cols.sku] ?? "").trim();
    return null;
  };

  let group: CsvRow[] = [];
  let groupId: string | null = null;
  let groupTooLong = false;
  const tooLong = (row: CsvRow): Issue => ({
    line: row.line,
    outcome: "rejected",
    code: "too_many_rows",
    detail: `${input.kind === "orders" ? "order" : "product"} ${groupId} has more than ${MAX_GROUP_ROWS.toLocaleString("en-GB")} rows: is the ${input.kind === "orders" ? "order number" : "handle or SKU"} column the right one?`,
  });
  const closeGroup = () => {
    if (group.length === 0) return;
    if (input.kind === "orders" && groupId) {
      const earlier = orderLines.get(groupId);
      if (earlier !== undefined) {
        const detail = `order ${groupId} already appeared at line ${earlier}; its rows must be together`;
        pending.push(
          ...group.map((r) => ({
            line: r.line,
            outcome: "rejected" as const,
            code: "order_rows_apart" as const,
            detail,
          })),
        );
        batchRows += group.length;
        group = [];
        return;
      }
      orderLines.set(groupId, group[0].line);
    }
    batch.push({ kind: input.kind === "orders" ? "order" : "product", rows: group });
    batchRows += group.length;
    group = [];
  };

  // A file of rejected rows is saved batch by batch too, or its issues would all be held in memory.
  const rejectRow = (issue: Issue) => {
    pending.push(issue);
    batchRows += 1;
    if (batchRows >= batchSize) flush();
  };

  try {
    for await (const row of readRows(input.path, sniffed, (b) => (bytes = b))) {
      lastLine = row.line;
      if (row.cells.length !== header.length) {
        rejectRow({
          line: row.line,
          outcome: "rejected",
          code: "wrong_column_count",
          detail: `${row.cells.length} columns, the header has ${header.length}`,
        });
        continue;
      }
      if (input.kind === "customers") {
        batch.push({ kind: "customer", rows: [row] });
        batchRows += 1;
      } else {
        const key = groupKey(row)!;
        if (!key) {
          rejectRow({
            line: row.line,
            outcome: "rejected",
            code: "missing_key",
            detail: input.kind === "orders" ? "no order number" : "no handle or SKU",
          });
          continue;
        }
        if (key !== groupId) {
          closeGroup();
          groupId = key;
          groupTooLong = false;
          if (batchRows >= batchSize) flush();
        }
        if (groupTooLong) {
          rejectRow(tooLong(row));
          continue;
        }
        group.push(row);
        if (group.length > MAX_GROUP_ROWS) {
          groupTooLong = true;
          for (const held of group.splice(0)) rejectRow(tooLong(held));
        }
      }
      if (input.kind === "customers" && batchRows >= batchSize) flush();
    }
    closeGroup();
    flush();
  } catch (error) {
    const message = (error as Error).message;
    throw new ImportFailed(`Stopped near line ${lastLine}: ${message}`, lastLine, summary);
  }
  return summary;
}

function writeIssues(tx: Tx, input: RunInput, issues: Issue[]) {
  for (let i = 0; i < issues.length; i += 500) {
    tx.insert(importIssues)
      .values(
        issues
          .slice(i, i + 500)
          .map((issue) => ({ shopId: input.shopId, importId: input.importId, ...issue })),
      )
      .run();
  }
}
