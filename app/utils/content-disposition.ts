// Reading a multipart part's Content-Disposition header (RFC 7578) as
// browsers write it: parameters are tokens or quoted strings, a quoted
// string may hold ";" and "=", and a file name's quote, CR and LF arrive
// percent-encoded (WHATWG HTML, "multipart/form-data encoding algorithm").

export type Disposition = { name?: string; filename?: string };

const PARAM = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
// Only what browsers percent-encode; a "%" of the name's own (100%.csv) stays.
const BROWSER_ESCAPES: Record<string, string> = { "%22": '"', "%0D": "\r", "%0A": "\n" };

function extendedValue(value: string) {
  const match = /^utf-8'[^']*'(.*)$/i.exec(value.trim());
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}

export function parseDisposition(header: string): Disposition {
  const params = new Map<string, string>();
  for (const [, key, quoted, bare] of header.matchAll(PARAM)) {
    const value = quoted === undefined ? bare.trim() : quoted.replace(/\\"/g, '"');
    params.set(key.toLowerCase(), value);
  }
  const extended = params.has("filename*") ? extendedValue(params.get("filename*")!) : undefined;
  const plain = params
    .get("filename")
    ?.replace(/%22|%0D|%0A/gi, (code) => BROWSER_ESCAPES[code.toUpperCase()]);
  return { name: params.get("name"), filename: extended ?? plain };
}

// Control characters, and the bidirectional overrides that can make
// "invoice‮vsc.exe" look like it ends in ".csv".
const UNSHOWABLE = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;

/**
 * The name to show for an uploaded file: its own name without a folder
 * (old browsers sent the whole path), without characters that cannot be
 * shown, at most 200 characters.
 */
export function displayFileName(filename: string): string {
  const name = filename.split(/[/\\]/).pop()!.replace(UNSHOWABLE, "").trim();
  return Array.from(name).slice(0, 200).join("") || "upload.csv";
}

/**
 * A Content-Disposition for downloading a file under `name` (RFC 6266): an
 * ASCII stand-in for old clients, and the name itself in UTF-8.
 */
export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\w.-]/g, "_");
  // encodeURIComponent leaves ' ( ) * as they are; RFC 8187 wants them encoded.
  const utf8 = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}
