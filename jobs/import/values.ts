// Pure parsers for the values found in shops' exports. Each returns null for
// a value it cannot read, so that the caller decides between rejecting the
// row and keeping it with a remark.

import type { SensitiveKind } from "../../db/schema";

/** Money to integer cents: "12.50", "£1,234.50", "12,50" (comma decimals), "-3". */
export function parseMoney(raw: string): number | null {
  let text = raw
    .trim()
    .replace(/^'/, "")
    .replace(/[£$€\s]|[A-Z]{3}$/g, "");
  if (text === "") return null;
  if (/^-?\d{1,3}(\.\d{3})*(,\d{1,2})?$/.test(text) && text.includes(",")) {
    text = text.replace(/\./g, "").replace(",", ".");
  } else {
    text = text.replace(/,/g, "");
  }
  if (!/^-?\d+(\.\d+)?$/.test(text)) return null;
  return Math.round(Number(text) * 100);
}

export function parseInteger(raw: string): number | null {
  const text = raw.trim().replace(/\.0+$/, "");
  return /^-?\d+$/.test(text) ? Number(text) : null;
}

/**
 * A date and time. Accepts ISO 8601, Shopify's "2024-01-15 10:00:00 +0100",
 * "2010-12-01 08:26:00" (taken as UTC) and day-first "15/01/2024"; rejects
 * anything that is not a real calendar date.
 */
export function parseDateTime(raw: string): Date | null {
  const text = raw.trim();
  let m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(
      text,
    );
  if (m) {
    const [, y, mo, d, h = "0", mi = "0", s = "0", zone] = m;
    return build(+y, +mo, +d, +h, +mi, +s, zone);
  }
  m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?: (\d{1,2}):(\d{2}))?$/.exec(text);
  if (m) {
    const [, d, mo, y, h = "0", mi = "0"] = m;
    return build(+y, +mo, +d, +h, +mi, 0, undefined);
  }
  return null;
}

// Date.UTC reads years 0–99 as 1900–1999; "0001-01-01" must stay year 1 to be seen for what it is.
function utcTime(y: number, mo: number, d: number, h = 0, mi = 0, s = 0) {
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  date.setUTCFullYear(y, mo - 1, d);
  return date.getTime();
}

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, zone?: string) {
  const utc = utcTime(y, mo, d, h, mi, s);
  const check = new Date(utcTime(y, mo, d));
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  if (!zone || zone === "Z") return new Date(utc);
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  return new Date(utc - offset * 60_000);
}

/** yyyy-mm-dd for a birthdate, or null. */
export function parseBirthdate(raw: string): string | null {
  const date = parseDateTime(raw);
  return date ? date.toISOString().slice(0, 10) : null;
}

// Bounds on what a small shop's export can hold. A value beyond them is a
// corrupted cell or a spreadsheet's overflow, never a sale, and stored it
// would skew every total and score it is summed into.

// Cents, either sign: 1,000,000,000.00 is over $40,000 in the currencies with
// the smallest units (Indonesian rupiah, Vietnamese dong), and far beyond any
// order in the others. With quantities bounded below, a line's cents stay
// exact integers in JavaScript and SQLite.
const MAX_MONEY_CENTS = 100_000_000_000;
// A line item of a small shop: UCI Online Retail's wholesale lines reach
// 80,995 units.
const MAX_QUANTITY = 100_000;
// Online shops began in the mid-1990s; a till or mail-order history may go
// a little further back, a date before 1990 is a blank cell read as a date.
const EARLIEST_ORDER = Date.UTC(1990, 0, 1);
// An export made in a time zone ahead of the server, or on a machine whose
// clock is off, can carry tomorrow's date; more than that is a wrong date.
const FUTURE_SLACK_MS = 2 * 24 * 3600_000;
// No customer alive was born before 1900.
const EARLIEST_BIRTHDATE = "1900-01-01";

const day = (date: Date) => date.toISOString().slice(0, 10);

/** Why an amount in cents cannot be real, or null. */
export function moneyProblem(cents: number): string | null {
  if (Math.abs(cents) < MAX_MONEY_CENTS) return null;
  const limit = (MAX_MONEY_CENTS / 100).toLocaleString("en-GB", { minimumFractionDigits: 2 });
  return `${(cents / 100).toFixed(2)} is beyond ${limit} either way`;
}

/** Why a line item's quantity cannot be real, or null. */
export function quantityProblem(quantity: number): string | null {
  if (Math.abs(quantity) <= MAX_QUANTITY) return null;
  return `quantity ${quantity} is beyond ${MAX_QUANTITY.toLocaleString("en-GB")} either way`;
}

/** Why an order cannot have been placed on this date, or null. */
export function orderDateProblem(orderedAt: Date, now: Date): string | null {
  if (orderedAt.getTime() < EARLIEST_ORDER) return `${day(orderedAt)} is before 1990`;
  if (orderedAt.getTime() > now.getTime() + FUTURE_SLACK_MS) return `${day(orderedAt)} is in the future`;
  return null;
}

/** Why a yyyy-mm-dd cannot be a living customer's birthdate, or null. */
export function birthdateProblem(birthdate: string, now: Date): string | null {
  if (birthdate < EARLIEST_BIRTHDATE) return `${birthdate} is before 1900`;
  if (birthdate > day(now)) return `${birthdate} is in the future`;
  return null;
}

/** Shopify writes yes/no; other tools true/false, 1/0, subscribed/unsubscribed. Null when unreadable. */
export function parseConsent(raw: string): boolean | null {
  const text = raw.trim().toLowerCase();
  if (["yes", "y", "true", "1", "subscribed", "opted_in", "opt-in"].includes(text)) return true;
  if (
    ["no", "n", "false", "0", "unsubscribed", "not_subscribed", "opted_out", "opt-out", ""].includes(text)
  ) {
    return false;
  }
  return null;
}

/** Spreadsheets turn long ids into 17850.0 or prefix them with ' to keep them text. */
export const cleanId = (raw: string) => raw.trim().replace(/^'/, "").replace(/\.0+$/, "");

export const normalizeEmail = (raw: string) => raw.trim().toLowerCase();

const EMAIL =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const RESERVED_DOMAIN = /(^|\.)(example\.(com|org|net)|example|test|invalid|localhost|local)$/;
const ROLE = /^(no-?reply|do-?not-?reply|mailer-daemon|postmaster|bounce[s]?)@/;
const TYPO_DOMAIN = /@(gmial|gmai|gnail|hotmial|hotmal|yaho|outlok)\.|\.(con|cmo|coom)$/;

type EmailProblem = { invalid: boolean; reserved: boolean; reason: string };

/**
 * Why an address cannot be used (invalid) or is unlikely to be delivered;
 * null for a usable one. Reserved domains (RFC 2606: example.*, .test,
 * .invalid, …) never reach anyone, which is right only for made-up data.
 */
export function emailProblem(email: string): EmailProblem | null {
  const problem = (reason: string, more: Partial<EmailProblem> = {}) => ({
    invalid: false,
    reserved: false,
    reason,
    ...more,
  });
  if (!EMAIL.test(email) || email.includes("..")) return problem("not an email address", { invalid: true });
  if (RESERVED_DOMAIN.test(email.split("@")[1]))
    return problem("reserved domain, never delivered", { reserved: true });
  if (ROLE.test(email)) return problem("a no-reply or system address");
  if (TYPO_DOMAIN.test(email)) return problem("looks like a mistyped domain");
  return null;
}

// Lines that are not goods: postage, fees, manual adjustments and discounts.
// Codes short enough to be someone's real SKU (UCI Online Retail's M, D, S,
// B, C2) count only with a name that says so; the rest are unambiguous.
const NON_PRODUCT_SKU = /^(post|dot|amazonfee|bank charges|cruk)$/i;
const NON_PRODUCT_NAME =
  /postage|carriage|shipping|delivery charge|^manual$|^discount$|bank charges|amazon fee|bad debt|^samples$|commission|pads to match/i;

export function nonProductLine(sku: string, name: string): string | null {
  const code = sku.trim();
  const label = name.trim();
  if (NON_PRODUCT_SKU.test(code) || NON_PRODUCT_NAME.test(label)) {
    return code && label ? `${code} (${label})` : code || label;
  }
  return null;
}

// The category names that make a product sensitive, by kind: never marketed
// to minors, customers of unknown age, or customers who need care.
const SENSITIVE_NAMES: [SensitiveKind, RegExp][] = [
  // Whole words for the short ones: "Single-origin coffee" and "Face serum" are not gin or rum.
  ["alcohol", /alcohol|spirit|wine|beer|liquor|liqueur|whisk(e)?y|\bgin\b|vodka|\brum\b/i],
  ["tobacco", /tobacco|cigar|vape|e-?cig|nicotine/i],
  ["gambling", /gambl|betting|lotter/i],
  ["weight_loss", /weight ?loss|diet pill|slimming/i],
  ["credit", /credit|loan/i],
  ["adult", /adult|erotic|sex toy/i],
];

export const sensitiveKindOf = (name: string): SensitiveKind | null =>
  SENSITIVE_NAMES.find(([, pattern]) => pattern.test(name))?.[0] ?? null;

export const isSensitiveCategory = (name: string) => sensitiveKindOf(name) !== null;

/**
 * A Shopify taxonomy path is sensitive when any level below the top one is:
 * "Food, Beverages & Tobacco" holds coffee as well as cigars.
 */
export const sensitiveTaxonomyKind = (path: string): SensitiveKind | null =>
  path
    .split(">")
    .slice(1)
    .concat(taxonomyLeaf(path))
    .reduce<SensitiveKind | null>((kind, level) => kind ?? sensitiveKindOf(level), null);

export const isSensitiveTaxonomy = (path: string) => sensitiveTaxonomyKind(path) !== null;

/** "Food, Beverages & Tobacco > Beverages > Coffee" → "Coffee". */
export const taxonomyLeaf = (raw: string) => raw.split(">").pop()!.trim();

export const splitTags = (raw: string) =>
  raw
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
