import {
  birthdateProblem,
  cleanId,
  emailProblem,
  sensitiveKindOf,
  sensitiveTaxonomyKind,
  nonProductLine,
  normalizeEmail,
  parseBirthdate,
  parseConsent,
  parseDateTime,
  parseInteger,
  parseMoney,
  moneyProblem,
  orderDateProblem,
  quantityProblem,
  splitTags,
  taxonomyLeaf,
} from "./values";
import type { SensitiveKind } from "../../db/schema";
import type { RefusalCode } from "../policy/protections";
import { isSensitiveLabel } from "./formats";
import type { CsvRow } from "./read";

// Pure: rows of a file (already grouped per order or per product) in,
// records to save and the issues found out. No database, no I/O.

export type IssueCode =
  | "wrong_column_count"
  | "missing_key"
  | "invalid_email"
  | "bad_date"
  | "bad_number"
  | "return_line"
  | "cancelled_order"
  | "order_rows_apart"
  | "too_many_rows"
  | "duplicate_customer_merged"
  | "undeliverable_email"
  | "no_email"
  | "unreadable_consent"
  | "bad_birthdate"
  | "unreadable_currency"
  | "sensitive_column"
  | "sensitive_tags"
  | "sensitive_category"
  | "non_product_line"
  | "zero_price_line"
  | "duplicate_line"
  | "totals_mismatch"
  | "non_positive_total"
  | "future_order"
  | "before_opening"
  | RefusalCode;

/**
 * A row's problem: rejected (not imported), noted (imported with a remark),
 * or refused (imported without a change that would have lifted a protection).
 */
export type Issue = {
  line: number;
  outcome: "rejected" | "noted" | "refused";
  code: IssueCode;
  detail: string;
};

export const ISSUE_LABELS: Record<IssueCode, string> = {
  wrong_column_count: "Wrong number of columns",
  missing_key: "No order number, SKU or customer to file it under",
  invalid_email: "Invalid email address",
  bad_date: "Unreadable or impossible date",
  bad_number: "Unreadable number",
  return_line: "Return or cancellation line (negative quantity)",
  cancelled_order: "Cancelled order",
  order_rows_apart: "Rows of one order not together",
  too_many_rows: "More rows for one order or product than any has",
  duplicate_customer_merged: "Duplicate customer merged",
  undeliverable_email: "Email address unlikely to be delivered",
  no_email: "No email address: imported, never contactable",
  unreadable_consent: "Unreadable consent value: taken as no consent",
  bad_birthdate: "Unreadable or impossible birthdate: ignored",
  unreadable_currency: "Unreadable currency: order kept without one",
  sensitive_column: "Sensitive column not imported",
  sensitive_tags: "Sensitive tags not imported",
  sensitive_category: "Category marked sensitive",
  non_product_line: "Postage, fee or adjustment line: in the total, not a product",
  zero_price_line: "Line with a zero price",
  duplicate_line: "Exact duplicate line skipped",
  totals_mismatch: "Line items do not add up to the order total",
  non_positive_total: "Order total zero or negative",
  future_order: "Order dated in the future",
  before_opening: "Order dated before the shop opened",
  kept_withdrawal: "Consent not applied: the customer withdrew it",
  kept_minor: "Birthdate not applied: it would make a minor older",
  kept_address: "New address not applied: the customer unsubscribed under the one on record",
  kept_sensitive: "Category not applied: it would take a product out of a sensitive category",
};

export type Context = { now: Date; openedOn: Date | null };
type Cols = Record<string, number>;
const cell = (cells: string[], cols: Cols, field: string) =>
  cols[field] === undefined ? "" : (cells[cols[field]] ?? "").trim();

export type CustomerRecord = {
  line: number;
  email: string | null;
  externalId: string | null;
  firstName: string | null;
  lastName: string | null;
  consent: boolean | null;
  country: string | null;
  birthdate: string | null;
};

/** The address to file a customer under, and whether it can be used at all. */
function readEmail(raw: string, line: number, issues: Issue[]): string | null | false {
  if (!raw) return null;
  const email = normalizeEmail(raw);
  const problem = emailProblem(email);
  if (problem?.invalid) {
    issues.push({ line, outcome: "rejected", code: "invalid_email", detail: `"${raw}": ${problem.reason}` });
    return false;
  }
  if (problem)
    issues.push({
      line,
      outcome: "noted",
      code: "undeliverable_email",
      detail: `${email}: ${problem.reason}`,
    });
  return email;
}

function readTags(raw: string, line: number, issues: Issue[]) {
  const sensitive = splitTags(raw).filter(isSensitiveLabel);
  if (sensitive.length > 0) {
    issues.push({
      line,
      outcome: "noted",
      code: "sensitive_tags",
      detail: `${sensitive.length} tag(s) about health, religion, ethnicity, sexuality or similar were not stored`,
    });
  }
}

export function planCustomer(
  row: CsvRow,
  cols: Cols,
  ctx: Context,
): { record?: CustomerRecord; issues: Issue[] } {
  const issues: Issue[] = [];
  const { line, cells } = row;
  const email = readEmail(cell(cells, cols, "email"), line, issues);
  if (email === false) return { issues };
  const externalId = cleanId(cell(cells, cols, "externalId")) || null;
  if (!email && !externalId) {
    issues.push({ line, outcome: "rejected", code: "missing_key", detail: "no email and no customer id" });
    return { issues };
  }
  if (!email) {
    issues.push({ line, outcome: "noted", code: "no_email", detail: `customer ${externalId}` });
  }
  const consentRaw = cell(cells, cols, "consent");
  let consent = cols.consent === undefined ? null : parseConsent(consentRaw);
  if (cols.consent !== undefined && consent === null) {
    issues.push({ line, outcome: "noted", code: "unreadable_consent", detail: `"${consentRaw}"` });
    consent = false;
  }
  const birthRaw = cell(cells, cols, "birthdate");
  const parsedBirthdate = birthRaw ? parseBirthdate(birthRaw) : null;
  // A birthdate only narrows who may be emailed; without it the customer is of unknown age, never dropped.
  const birthProblem = parsedBirthdate && birthdateProblem(parsedBirthdate, ctx.now);
  const birthdate = birthProblem ? null : parsedBirthdate;
  if (birthRaw && !birthdate) {
    const detail = birthProblem ? `"${birthRaw}": ${birthProblem}` : `"${birthRaw}"`;
    issues.push({ line, outcome: "noted", code: "bad_birthdate", detail });
  }
  readTags(cell(cells, cols, "tags"), line, issues);
  return {
    record: {
      line,
      email,
      externalId,
      firstName: cell(cells, cols, "firstName") || null,
      lastName: cell(cells, cols, "lastName") || null,
      consent: email ? consent : false,
      country: cell(cells, cols, "country") || null,
      birthdate,
    },
    issues,
  };
}

export type OrderLine = { line: number; sku: string; name: string; quantity: number; unitCents: number };
export type OrderRecord = {
  line: number;
  orderId: string;
  orderedAt: Date;
  customer: {
    email: string | null;
    externalId: string | null;
    consent: boolean | null;
    country: string | null;
  };
  lines: OrderLine[];
  totalCents: number;
  /** ISO 4217, upper case; null when the file has none. */
  currency: string | null;
};

const CANCELLED = /^(voided|refunded|cancelled|canceled)$/i;

/**
 * One order from its rows. Order-level fields are read from the first row
 * (Shopify leaves them blank on the others); each row is one line item.
 */
export function planOrder(
  rows: CsvRow[],
  cols: Cols,
  ctx: Context,
): { record?: OrderRecord; issues: Issue[]; cancelled?: string } {
  const issues: Issue[] = [];
  const first = rows[0];
  const at = first.line;
  const orderId = cleanId(cell(first.cells, cols, "orderId"));
  const reject = (code: IssueCode, detail: string) => {
    for (const r of rows) issues.push({ line: r.line, outcome: "rejected", code, detail });
    return { issues };
  };
  const cancel = (detail: string) => ({ ...reject("cancelled_order", detail), cancelled: orderId });
  if (/^C\d+$/.test(orderId)) return cancel(`invoice ${orderId} is a cancellation`);
  const status = cell(first.cells, cols, "status");
  if (CANCELLED.test(status)) return cancel(`order ${orderId} is ${status.toLowerCase()}`);
  // Shopify keeps "paid" on an order cancelled afterwards: only "Cancelled at" says it was.
  const cancelledAt = cell(first.cells, cols, "cancelledAt");
  if (cancelledAt) return cancel(`order ${orderId} was cancelled on ${cancelledAt}`);
  const dateRaw = cell(first.cells, cols, "orderedAt");
  const orderedAt = parseDateTime(dateRaw);
  if (!orderedAt) return reject("bad_date", `order ${orderId}: "${dateRaw}"`);
  const dateProblem = orderDateProblem(orderedAt, ctx.now);
  if (dateProblem) return reject("bad_date", `order ${orderId}: ${dateProblem}`);

  const email = readEmail(cell(first.cells, cols, "email"), at, issues);
  if (email === false) return reject("invalid_email", `order ${orderId} has an invalid customer email`);
  const externalId = cleanId(cell(first.cells, cols, "customerId")) || null;
  if (!email && !externalId) return reject("missing_key", `order ${orderId} has no customer`);

  const lines: OrderLine[] = [];
  const seen = new Map<string, number>();
  let extraCents = 0;
  for (const r of rows) {
    const sku = cell(r.cells, cols, "sku");
    const name = cell(r.cells, cols, "productName");
    const quantity = parseInteger(cell(r.cells, cols, "quantity"));
    const unitCents = parseMoney(cell(r.cells, cols, "unitPrice"));
    if (quantity === null || unitCents === null) {
      issues.push({
        line: r.line,
        outcome: "rejected",
        code: "bad_number",
        detail: `quantity or price unreadable`,
      });
      continue;
    }
    const outOfRange = quantityProblem(quantity) ?? moneyProblem(unitCents);
    if (outOfRange) {
      issues.push({ line: r.line, outcome: "rejected", code: "bad_number", detail: outOfRange });
      continue;
    }
    const fee = nonProductLine(sku, name);
    if (fee) {
      extraCents += quantity * unitCents;
      issues.push({ line: r.line, outcome: "noted", code: "non_product_line", detail: fee });
      continue;
    }
    if (quantity <= 0) {
      issues.push({
        line: r.line,
        outcome: "rejected",
        code: "return_line",
        detail: `quantity ${quantity} of ${sku || name}`,
      });
      continue;
    }
    if (!sku && !name) {
      issues.push({
        line: r.line,
        outcome: "rejected",
        code: "missing_key",
        detail: "line item with no SKU or name",
      });
      continue;
    }
    const signature = [sku, name, quantity, unitCents].join("\u001f");
    if (seen.has(signature)) {
      issues.push({
        line: r.line,
        outcome: "noted",
        code: "duplicate_line",
        detail: `same as line ${seen.get(signature)}`,
      });
      continue;
    }
    seen.set(signature, r.line);
    if (unitCents === 0)
      issues.push({ line: r.line, outcome: "noted", code: "zero_price_line", detail: sku || name });
    lines.push({ line: r.line, sku, name, quantity, unitCents });
  }
  if (lines.length === 0) {
    if (!issues.some((i) => i.outcome === "rejected")) {
      issues.push({
        line: at,
        outcome: "rejected",
        code: "missing_key",
        detail: `order ${orderId} has no products`,
      });
    }
    return { issues };
  }

  const linesCents = lines.reduce((sum, l) => sum + l.quantity * l.unitCents, 0);
  const totalRaw = cell(first.cells, cols, "total");
  const total = totalRaw ? parseMoney(totalRaw) : linesCents + extraCents;
  if (total === null) return reject("bad_number", `order ${orderId}: total "${totalRaw}"`);
  const totalProblem = moneyProblem(total);
  if (totalProblem) return reject("bad_number", `order ${orderId}: total ${totalProblem}`);
  // Shopify's Subtotal is the line items after discounts, before shipping and
  // taxes; without it only files whose total is the sum of their lines are checked.
  const subtotal = parseMoney(cell(first.cells, cols, "subtotal"));
  const discount = parseMoney(cell(first.cells, cols, "discount")) ?? 0;
  const expected = subtotal ?? (totalRaw ? null : total);
  if (expected !== null && Math.abs(linesCents - discount + extraCents - expected) > 1) {
    issues.push({
      line: at,
      outcome: "noted",
      code: "totals_mismatch",
      detail: `order ${orderId}: lines ${money(linesCents - discount + extraCents)}, ${subtotal !== null ? "subtotal" : "total"} ${money(expected)}`,
    });
  }
  if (total <= 0)
    issues.push({
      line: at,
      outcome: "noted",
      code: "non_positive_total",
      detail: `order ${orderId}: ${money(total)}`,
    });
  if (orderedAt.getTime() > ctx.now.getTime()) {
    issues.push({
      line: at,
      outcome: "noted",
      code: "future_order",
      detail: `order ${orderId}: ${orderedAt.toISOString()}`,
    });
  }
  if (ctx.openedOn && orderedAt.getTime() < ctx.openedOn.getTime()) {
    issues.push({
      line: at,
      outcome: "noted",
      code: "before_opening",
      detail: `order ${orderId}: ${orderedAt.toISOString()}`,
    });
  }
  if (!email) issues.push({ line: at, outcome: "noted", code: "no_email", detail: `customer ${externalId}` });
  const consentRaw = cell(first.cells, cols, "consent");
  return {
    record: {
      line: at,
      orderId,
      orderedAt,
      customer: {
        email,
        externalId,
        consent: email && consentRaw ? parseConsent(consentRaw) : null,
        country: cell(first.cells, cols, "country") || null,
      },
      lines,
      totalCents: total,
      currency: readCurrency(cell(first.cells, cols, "currency"), at, issues),
    },
    issues,
  };
}

function readCurrency(raw: string, line: number, issues: Issue[]) {
  if (!raw) return null;
  const code = raw.toUpperCase();
  if (/^[A-Z]{3}$/.test(code)) return code;
  issues.push({ line, outcome: "noted", code: "unreadable_currency", detail: `"${raw}"` });
  return null;
}

const money = (cents: number) => (cents / 100).toFixed(2);

export type ProductRecord = {
  line: number;
  sku: string;
  name: string;
  category: string | null;
  sensitiveKind: SensitiveKind | null;
  priceCents: number;
  /** Where its page is, when the file says: Shopify's handle, or a URL column. */
  handle: string | null;
  url: string | null;
};

// Longer than any product page address a browser keeps in its address bar.
const MAX_URL = 2048;

/**
 * The variants of one product: Shopify puts the title, type and category on
 * the handle's first row only, and one more row per further variant.
 */
export function planProduct(rows: CsvRow[], cols: Cols): { records: ProductRecord[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const records: ProductRecord[] = [];
  const first = rows[0].cells;
  const handle = cell(first, cols, "handle");
  const title = cell(first, cols, "name");
  const categoryRaw = cell(first, cols, "category");
  const category = (categoryRaw ? taxonomyLeaf(categoryRaw) : cell(first, cols, "type")) || null;
  const type = cell(first, cols, "type");
  const sensitiveKind =
    (categoryRaw ? sensitiveTaxonomyKind(categoryRaw) : null) ?? (type !== "" ? sensitiveKindOf(type) : null);
  readTags(cell(first, cols, "tags"), rows[0].line, issues);
  if (sensitiveKind) {
    issues.push({
      line: rows[0].line,
      outcome: "noted",
      code: "sensitive_category",
      detail: `${category}: never featured to minors, customers of unknown age or customers needing care`,
    });
  }
  for (const r of rows) {
    const option = cell(r.cells, cols, "option");
    const variant = option && option !== "Default Title" ? option : "";
    const sku = cell(r.cells, cols, "sku") || (variant ? `${handle}/${variant}` : handle);
    const priceRaw = cell(r.cells, cols, "price");
    // Image-only rows of a Shopify export carry a handle and nothing else.
    if (!priceRaw && r !== rows[0] && !cell(r.cells, cols, "sku")) continue;
    if (!sku) {
      issues.push({ line: r.line, outcome: "rejected", code: "missing_key", detail: "no SKU or handle" });
      continue;
    }
    const priceCents = parseMoney(priceRaw);
    const priceProblem = priceCents === null ? null : moneyProblem(priceCents);
    if (priceCents === null || priceProblem) {
      issues.push({
        line: r.line,
        outcome: "rejected",
        code: "bad_number",
        detail: `price "${priceRaw}" of ${sku}${priceProblem ? `: ${priceProblem}` : ""}`,
      });
      continue;
    }
    const name = variant ? `${title} – ${variant}` : title;
    if (!name) {
      issues.push({ line: r.line, outcome: "rejected", code: "missing_key", detail: `${sku} has no name` });
      continue;
    }
    const url = cell(r.cells, cols, "url") || cell(first, cols, "url");
    records.push({
      line: r.line,
      sku,
      name,
      category,
      sensitiveKind,
      priceCents,
      handle: handle || null,
      url: url && url.length <= MAX_URL ? url : null,
    });
  }
  return { records, issues };
}
