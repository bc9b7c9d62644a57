import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { Transform, type Readable } from "node:stream";
import { parse } from "csv-parse";
import { parse as parseSync } from "csv-parse/sync";

export type Encoding = "utf-8" | "windows-1252";
export type Delimiter = "," | ";" | "\t";
export type Sniffed = { encoding: Encoding; delimiter: Delimiter; header: string[] };
export type CsvRow = { line: number; cells: string[] };

const SAMPLE_BYTES = 64 * 1024;

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
 * UTF-8 unless the sample is not valid UTF-8, in which case the file is taken
 * to be Windows-1252 (what Excel on Windows writes). A multi-byte character
 * cut by the end of the sample is not a sign of another encoding.
 */
export function detectEncoding(sample: Buffer): Encoding {
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

function firstRecordText(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) return text.slice(0, i);
  }
  return text;
}

export function sniff(sample: Buffer): Sniffed {
  const encoding = detectEncoding(sample);
  const text = new TextDecoder(encoding).decode(sample).replace(/^\uFEFF/, "");
  const line = firstRecordText(text);
  const delimiter = detectDelimiter(line);
  const header = parseHeader(line, delimiter);
  return { encoding, delimiter, header };
}

function parseHeader(line: string, delimiter: Delimiter): string[] {
  const [header = []] = parseSync(line, { delimiter, relax_quotes: true }) as string[][];
  return header.map((h) => h.trim());
}

export class EncodingError extends Error {}

/**
 * Decodes a byte stream. UTF-8 is decoded strictly, so a file whose sample
 * looked like UTF-8 but holds invalid bytes further on fails loudly rather
 * than importing mojibake.
 */
function decoder(encoding: Encoding) {
  const text = new TextDecoder(encoding, { fatal: encoding === "utf-8", ignoreBOM: false });
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _enc, done) {
      try {
        done(null, text.decode(chunk, { stream: true }));
      } catch {
        done(new EncodingError("The file is not valid UTF-8 after its first 64 KB; save it again as UTF-8."));
      }
    },
    flush(done) {
      try {
        done(null, text.decode());
      } catch {
        done(new EncodingError("The file ends in the middle of a UTF-8 character."));
      }
    },
  });
}

/**
 * Streams the data rows of a CSV file (the header excluded) with the line
 * number each row starts on, in bounded memory. `onBytes` reports how far
 * into the file the reader is, for progress.
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
  } finally {
    // A reader that stops early (a preview) must not leave the file open.
    bytes.destroy();
  }
}
