// What makes a file unreadable, and what the person importing it is told:
// one set of rules and messages for the Data page, the worker and the
// import command. Pure: bytes and parser errors in, a refusal out.

/** A file that cannot be imported, with a message for the person who chose it. */
export class UnreadableFile extends Error {}

export type Encoding = "utf-8" | "windows-1252" | "utf-16le" | "utf-16be";

export const ENCODING_LABELS: Record<Encoding, string> = {
  "utf-8": "UTF-8",
  "windows-1252": "Windows-1252",
  "utf-16le": "UTF-16 (little-endian)",
  "utf-16be": "UTF-16 (big-endian)",
};

/** The bytes a file starts with, enough to tell its encoding, delimiter and header. */
export const SAMPLE_BYTES = 64 * 1024;

// The longest row read. A Shopify product's description, the longest cell
// shops export, stays far below it; a longer "row" is a file without line
// breaks, which would otherwise be held whole in memory.
export const MAX_ROW_BYTES = 1024 * 1024;

const SAVE_AS_CSV = "Save it as CSV (File → Save as → CSV UTF-8) and import that.";

const WORKBOOK = `This is a spreadsheet workbook, not a CSV file. ${SAVE_AS_CSV}`;
const NOT_TEXT = `This file holds NUL bytes, so it is not a CSV file: a workbook, a database or a damaged copy. ${SAVE_AS_CSV}`;
const UTF16_WITHOUT_BOM = `This file is UTF-16 without a byte-order mark, so its encoding cannot be told for sure. ${SAVE_AS_CSV}`;

/** The encoding a byte-order mark names, if the file starts with one of UTF-16's. */
export function utf16Bom(sample: Uint8Array): Encoding | null {
  if (sample[0] === 0xff && sample[1] === 0xfe) return "utf-16le";
  if (sample[0] === 0xfe && sample[1] === 0xff) return "utf-16be";
  return null;
}

// Zip (xlsx, ods) and OLE2 (xls) containers.
const WORKBOOK_MAGIC = [Buffer.from("PK\u0003\u0004", "latin1"), Buffer.from("d0cf11e0a1b11ae1", "hex")];

/**
 * UTF-16 text without a byte-order mark: in its first bytes, zeros fill one
 * of each pair's halves (the high byte of Latin characters) and not the other.
 */
function looksLikeUtf16(sample: Buffer) {
  const pairs = Math.floor(Math.min(sample.length, 1024) / 2);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < pairs; i++) {
    if (sample[2 * i] === 0) even += 1;
    if (sample[2 * i + 1] === 0) odd += 1;
  }
  return pairs > 0 && Math.max(even, odd) > pairs / 2 && Math.min(even, odd) === 0;
}

/** Why a file cannot be CSV text, judged by its first bytes; null when it may be. */
export function sampleProblem(sample: Buffer, encoding: Encoding): string | null {
  if (sample.length === 0) return "This file is empty.";
  if (WORKBOOK_MAGIC.some((magic) => sample.subarray(0, magic.length).equals(magic))) return WORKBOOK;
  if (encoding === "utf-16le" || encoding === "utf-16be") return null;
  if (!sample.includes(0)) return null;
  return looksLikeUtf16(sample) ? UTF16_WITHOUT_BOM : NOT_TEXT;
}

export const nulByte = (line: number) =>
  new UnreadableFile(`Line ${line} holds a NUL byte, so this is not a CSV file. ${SAVE_AS_CSV}`);

export const invalidText = (encoding: Encoding, line: number) =>
  new UnreadableFile(`Line ${line} is not valid ${ENCODING_LABELS[encoding]}. ${SAVE_AS_CSV}`);

export const firstLineTooLong = () =>
  new UnreadableFile(
    `The first line is longer than ${SAMPLE_BYTES / 1024} KB: the file has no line breaks where a CSV file has them. ${SAVE_AS_CSV}`,
  );

type ParserError = Error & { code?: string; lines?: number; quoting?: boolean };

const MAX_ROW_MB = MAX_ROW_BYTES / 1024 / 1024;

/**
 * A csv-parse error in words, with the line of the row it is about: the
 * row that started at `rowLine`, or the parser's own line for a stray
 * quote. Anything else (a disk error) is not the file's fault and is kept.
 */
export function parserRefusal(error: unknown, rowLine: number): unknown {
  const { code, lines, quoting } = error as ParserError;
  if (typeof code !== "string" || !code.startsWith("CSV_")) return error;
  switch (code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return new UnreadableFile(
        `Line ${rowLine} opens a quoted value that is never closed: a " is missing or one too many in that row.`,
      );
    case "CSV_MAX_RECORD_SIZE":
      return new UnreadableFile(
        quoting
          ? `Line ${rowLine} opens a quoted value that is not closed within ${MAX_ROW_MB} MB: a " is missing or one too many in that row.`
          : `Line ${rowLine} is longer than ${MAX_ROW_MB} MB: the file has no line breaks where a CSV file has them. ${SAVE_AS_CSV}`,
      );
    case "CSV_INVALID_OPENING_QUOTE":
    case "CSV_INVALID_CLOSING_QUOTE":
      return new UnreadableFile(
        `Line ${lines ?? rowLine} has a " inside a value that is not quoted as CSV quotes it (a quote inside a quoted value is written "").`,
      );
    default:
      return new UnreadableFile(`Line ${rowLine} cannot be read as CSV: ${(error as Error).message}`);
  }
}
