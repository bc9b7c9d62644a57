import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { Transform, type Readable } from "node:stream";
import { parse } from "csv-parse";
import { parse as parseSync } from "csv-parse/sync";
import {
  firstLineTooLong,
  invalidText,
  MAX_ROW_BYTES,
  nulByte,
  parserRefusal,
  SAMPLE_BYTES,
  sampleProblem,
  UnreadableFile,
  utf16Bom,
  type Encoding,
} from "./refusals";

export type Delimiter = "," | ";" | "\t";
export type Sniffed = { encoding: Encoding; delimiter: Delimiter; header: string[] };
export type CsvRow = { line: number; cells: string[] };

/** The first bytes of a file: enough to tell its encoding, delimiter and header. */
export async function readSample(path: string): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * UTF-16 when the file starts with its byte-order mark (Excel's "Unicode
 * text"); otherwise UTF-8 unless the sample is not valid UTF-8, in which
 * case the file is taken to be Windows-1252 (what Excel on Windows writes).
 * A multi-byte character cut by the end of the sample is not a sign of
 * another encoding.
 */
export function detectEncoding(sample: Buffer): Encoding {
  const bom = utf16Bom(sample);
  if (bom) return bom;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(sample, { stream: true });
    return "utf-8";
  } catch {
    return "windows-1252";
  }
}

/** The header line's most frequent separator outside quotes (Excel in much of Europe writes ";"). */
export function detectDelimiter(firstLine: string): Delimiter {
  const counts: Record<Delimiter, number> = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char in counts) counts[char as Delimiter] += 1;
  }
  const best = (Object.keys(counts) as Delimiter[]).sort((a, b) => counts[b] - counts[a])[0];
  return counts[best] > 0 ? best : ",";
}

/** The text of the first record, or null when no line break ends it. */
function firstRecordText(text: string): string | null {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) return text.slice(0, i);
  }
  return null;
}

/**
 * A file's encoding, delimiter and header, from its first bytes; refuses
 * (UnreadableFile) what cannot be a CSV file: a workbook, binary data, a
 * first line that never ends.
 */
export function sniff(sample: Buffer): Sniffed {
  const encoding = detectEncoding(sample);
  const problem = sampleProblem(sample, encoding);
  if (problem) throw new UnreadableFile(problem);
  const text = new TextDecoder(encoding).decode(sample).replace(/^\uFEFF/, "");
  if (text.includes("\0")) throw nulByte(1);
  const wholeFile = sample.length < SAMPLE_BYTES;
  const line = firstRecordText(text) ?? (wholeFile ? text : null);
  if (line === null) throw firstLineTooLong();
  const delimiter = detectDelimiter(line);
  const header = parseHeader(line, delimiter);
  return { encoding, delimiter, header };
}

function parseHeader(line: string, delimiter: Delimiter): string[] {
  try {
    const [header = []] = parseSync(line, { delimiter, relax_quotes: true }) as string[][];
    return header.map((h) => h.trim());
  } catch (error) {
    throw parserRefusal(error, 1);
  }
}

const countLineBreaks = (text: string, end: number) => {
  let count = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < end; i = text.indexOf("\n", i + 1)) count += 1;
  return count;
};

/**
 * Decodes a byte stream, strictly for UTF-8 and UTF-16, so that a file
 * whose sample looked right but holds invalid bytes further on fails loudly
 * rather than importing mojibake; a NUL byte anywhere refuses the file, as
 * in its sample.
 */
function decoder(encoding: Encoding) {
  const text = new TextDecoder(encoding, { fatal: encoding !== "windows-1252", ignoreBOM: false });
  let line = 1;
  const checked = (decoded: string) => {
    const nul = decoded.indexOf("\0");
    if (nul !== -1) throw nulByte(line + countLineBreaks(decoded, nul));
    line += countLineBreaks(decoded, decoded.length);
    return decoded;
  };
  const decode = (chunk?: Buffer) => {
    try {
      return chunk ? text.decode(chunk, { stream: true }) : text.decode();
    } catch {
      // Where in the chunk: the first character a lenient decoder could not read.
      const lenient = chunk ? new TextDecoder(encoding).decode(chunk) : "";
      const bad = lenient.indexOf("\uFFFD");
      throw invalidText(encoding, line + (bad === -1 ? 0 : countLineBreaks(lenient, bad)));
    }
  };
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _enc, done) {
      try {
        done(null, checked(decode(chunk)));
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        done(null, checked(decode()));
      } catch (error) {
        done(error as Error);
      }
    },
  });
}

/**
 * Streams the data rows of a CSV file (the header excluded) with the line
 * number each row starts on, in bounded memory: a row longer than
 * MAX_ROW_BYTES refuses the file. `onBytes` reports how far into the file
 * the reader is, for progress. Whatever makes the file unreadable is thrown
 * as an UnreadableFile naming its line.
 */
export async function* readRows(
  path: string,
  sniffed: Sniffed,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<CsvRow> {
  const bytes: Readable = createReadStream(path, { highWaterMark: 256 * 1024 });
  let read = 0;
  bytes.on("data", (chunk: Buffer) => {
    read += chunk.length;
    onBytes?.(read);
  });
  const decode = decoder(sniffed.encoding);
  const parser = bytes.pipe(decode).pipe(
    parse({
      delimiter: sniffed.delimiter,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      max_record_size: MAX_ROW_BYTES,
    }),
  );
  bytes.on("error", (error) => parser.destroy(error));
  decode.on("error", (error) => parser.destroy(error));
  let nextLine = 1;
  let first = true;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const line = nextLine;
      nextLine = info.lines + 1;
      if (first) {
        first = false;
        continue;
      }
      yield { line, cells: record };
    }
  } catch (error) {
    throw parserRefusal(error, nextLine);
  } finally {
    // A reader that stops early (a preview) must not leave the file open.
    bytes.destroy();
  }
}

/**
 * Reads a whole file as an import will, so that a file that cannot be read
 * to its end is refused before anything of it is saved.
 */
export async function checkFile(path: string, sniffed: Sniffed): Promise<void> {
  const rows = readRows(path, sniffed);
  while (!(await rows.next()).done);
}
