import { randomUUID } from "node:crypto";
import { open, rm, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { displayFileName, parseDisposition } from "./content-disposition";

// Our own reader for a multipart upload. Remix's (through
// @web3-storage/multipart-parser) splits Content-Disposition at every ";"
// and "=", so a file named "prices=final.csv" or "kunden;2025.csv" made the
// request fail with a 500.

export class UploadTooLarge extends Error {}
export class MalformedUpload extends Error {}

export type SavedUpload = { fileName: string; path: string; size: number };

const HEADERS_END = Buffer.from("\r\n\r\n");
const MAX_HEADER_BYTES = 16 * 1024;

function boundaryOf(contentType: string) {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!/^multipart\/form-data/i.test(contentType) || !match) {
    throw new MalformedUpload("Not a multipart form.");
  }
  return match[1] ?? match[2];
}

/**
 * Streams the file sent in form field `field` to a new file in `directory`
 * under a random name, as it arrives and never whole in memory; other
 * fields are ignored. Null when the form holds no such file. A file larger
 * than `maxBytes` is removed and refused (UploadTooLarge).
 */
export async function saveUploadedFile(
  request: Request,
  options: { directory: string; field: string; maxBytes: number },
): Promise<SavedUpload | null> {
  if (!request.body) throw new MalformedUpload("The form is empty.");
  // Every delimiter follows a line break, the first one included once one is put before the body.
  const delimiter = Buffer.from(`\r\n--${boundaryOf(request.headers.get("Content-Type") ?? "")}`);
  let buffer = Buffer.from("\r\n");
  let state = "preamble" as "preamble" | "delimited" | "headers" | "body" | "done";
  // The file being written, and the one written.
  const file: {
    writing: (SavedUpload & { handle: FileHandle }) | null;
    saved: SavedUpload | null;
  } = { writing: null, saved: null };

  const keep = async (bytes: Buffer) => {
    const { writing } = file;
    if (!writing || bytes.length === 0) return;
    writing.size += bytes.length;
    if (writing.size > options.maxBytes) throw new UploadTooLarge();
    await writing.handle.write(bytes);
  };

  /** Consumes what it can of the buffer; false when it needs more bytes. */
  const step = async (): Promise<boolean> => {
    switch (state) {
      case "preamble":
      case "body": {
        const at = buffer.indexOf(delimiter);
        if (at === -1) {
          // Keep what could be the start of a delimiter cut by the chunk's end.
          const safe = Math.max(0, buffer.length - delimiter.length + 1);
          if (state === "body") await keep(buffer.subarray(0, safe));
          buffer = buffer.subarray(safe);
          return false;
        }
        if (state === "body") {
          await keep(buffer.subarray(0, at));
          if (file.writing) {
            const { handle, ...written } = file.writing;
            await handle.close();
            file.saved = written;
            file.writing = null;
          }
        }
        buffer = buffer.subarray(at + delimiter.length);
        state = "delimited";
        return true;
      }
      case "delimited": {
        if (buffer.length < 2) return false;
        const next = buffer.subarray(0, 2).toString("latin1");
        buffer = buffer.subarray(2);
        if (next === "--") state = "done";
        else if (next === "\r\n") state = "headers";
        else throw new MalformedUpload("A part of the form is malformed.");
        return state !== "done";
      }
      case "headers": {
        const end = buffer.indexOf(HEADERS_END);
        if (end === -1) {
          if (buffer.length > MAX_HEADER_BYTES) throw new MalformedUpload("A part's headers are too long.");
          return false;
        }
        // Browsers write header values, file names included, in UTF-8.
        const headers = buffer.subarray(0, end).toString("utf8").split("\r\n");
        buffer = buffer.subarray(end + HEADERS_END.length);
        const disposition = headers.find((h) => /^content-disposition\s*:/i.test(h));
        const { name, filename } = parseDisposition(disposition ?? "");
        if (name === options.field && filename !== undefined && !file.saved) {
          const path = join(options.directory, `${randomUUID()}.upload`);
          file.writing = {
            handle: await open(path, "wx"),
            path,
            fileName: displayFileName(filename),
            size: 0,
          };
        }
        state = "body";
        return true;
      }
      case "done":
        return false;
    }
  };

  try {
    for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
      buffer = Buffer.concat([buffer, chunk]);
      while (await step());
      if (state === "done") break;
    }
    if (state !== "done") throw new MalformedUpload("The upload stopped before its end.");
    return file.saved;
  } catch (error) {
    if (file.writing) {
      await file.writing.handle.close();
      await rm(file.writing.path, { force: true });
    }
    if (file.saved) await rm(file.saved.path, { force: true });
    throw error;
  }
}
