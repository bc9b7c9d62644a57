import { domainToASCII } from "node:url";
import mimeFuncs from "nodemailer/lib/mime-funcs/index.js";
import { withoutBidiControls } from "../../templates/bidi";

// The campaign email as one MIME message (multipart/alternative: plain text
// and HTML, both quoted-printable), built in one pass over each body.
// nodemailer's MailComposer streamed every part through several Transform
// streams and regular expressions: most of a worker's CPU per message. The
// header rules below follow nodemailer's, so the bytes on the wire mean the
// same to a mail client as before.

export type MimeInput = {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  date: Date;
  /** Header values used as given (neither folded nor encoded), line breaks aside. */
  prepared: [name: string, value: string][];
};

export type BuiltMessage = { envelope: { from: string; to: string[] }; raw: Buffer };

const noBreaks = (value: string) => value.replace(/[\r\n]+/g, " ");
// A subject or a sender's name as a mail client shows it: one line, in the order it was written.
const headerText = (value: string) => withoutBidiControls(noBreaks(value));

// "=" is always escaped in quoted-printable, so no encoded line can contain
// "=_" and the boundary can never occur inside a part.
const BOUNDARY = "=_tactful_alternative";

/** An address as nodemailer writes it: control characters and <> out, the domain in punycode. */
export function normalizeAddress(address: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what it removes
  const clean = address.replace(/[\x00-\x1F<>]+/g, " ").trim();
  const at = clean.lastIndexOf("@");
  if (at < 0) return clean;
  let user = clean.slice(0, at);
  const domain = clean.slice(at + 1).toLowerCase();
  const ascii = /^[ -~]*$/.test(domain) ? domain : domainToASCII(domain) || domain;
  if (user.includes(" ")) {
    if (!user.startsWith('"')) user = `"${user}`;
    if (!user.endsWith('"')) user = `${user}"`;
  }
  return `${user}@${ascii}`;
}

function addressName(name: string): string {
  if (/^[\w ]*$/.test(name)) return name;
  if (/^[\x20-\x7e]*$/.test(name)) return `"${name.replace(/([\\"])/g, "\\$1")}"`;
  return mimeFuncs.encodeWord(name, "Q", 52);
}

// nodemailer's own call: a subject with any non-ASCII word is encoded whole,
// as some clients drop the spaces between encoded and plain words. The
// fourth argument is missing from the published types.
const encodeWords = mimeFuncs.encodeWords.bind(mimeFuncs) as (
  value: string,
  encoding: "Q",
  max: number,
  all: boolean,
) => string;

const header = (name: string, value: string) => mimeFuncs.foldLines(`${name}: ${value}`, 76);

const HEX = Buffer.from("0123456789ABCDEF");
// Characters on a line before its soft break's "=": lines stay within 76.
const ROOM = 75;

/** "=" and a line break, for a line that is full. */
function softBreak(out: Buffer, pos: number): number {
  out[pos] = 0x3d;
  out[pos + 1] = 0x0d;
  out[pos + 2] = 0x0a;
  return pos + 3;
}

function escaped(out: Buffer, pos: number, byte: number): number {
  out[pos] = 0x3d;
  out[pos + 1] = HEX[byte >> 4];
  out[pos + 2] = HEX[byte & 15];
  return pos + 3;
}

/**
 * Quoted-printable (RFC 2045 6.7) of a string's UTF-8 bytes, with CRLF line
 * breaks, lines of at most 76 characters, whitespace before a line break
 * encoded and the bytes of one character kept on one line. Appends to `out`
 * from `pos` and returns the new end. One loop, no intermediate strings:
 * this runs over every byte of every message.
 */
export function writeQuotedPrintable(value: string, out: Buffer, pos: number): number {
  let lineStart = pos;
  const length = value.length;
  for (let i = 0; i < length; i++) {
    let c = value.charCodeAt(i);
    if (c > 0x20 && c < 0x7f && c !== 0x3d) {
      if (pos - lineStart >= ROOM) lineStart = pos = softBreak(out, pos);
      out[pos++] = c;
      continue;
    }
    if (c === 0x0a || (c === 0x0d && value.charCodeAt(i + 1) === 0x0a)) {
      if (c === 0x0d) i++;
      out[pos] = 0x0d;
      out[pos + 1] = 0x0a;
      lineStart = pos += 2;
      continue;
    }
    if (c === 0x20 || c === 0x09) {
      const next = i + 1 === length ? 0x0a : value.charCodeAt(i + 1);
      // Whitespace at the end of a line would be stripped in transit.
      if (next !== 0x0a && next !== 0x0d) {
        if (pos - lineStart >= ROOM) lineStart = pos = softBreak(out, pos);
        out[pos++] = c;
        continue;
      }
    }
    if (c < 0x80) {
      if (pos - lineStart > ROOM - 3) lineStart = pos = softBreak(out, pos);
      pos = escaped(out, pos, c);
      continue;
    }
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < length) {
      const low = value.charCodeAt(i + 1);
      if (low >= 0xdc00 && low < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    // A lone surrogate becomes U+FFFD, as Buffer.from(string) would make it.
    if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
    const bytes = c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (pos - lineStart > ROOM - 3 * bytes) lineStart = pos = softBreak(out, pos);
    if (bytes === 2) {
      pos = escaped(out, pos, 0xc0 | (c >> 6));
    } else if (bytes === 3) {
      pos = escaped(out, pos, 0xe0 | (c >> 12));
      pos = escaped(out, pos, 0x80 | ((c >> 6) & 63));
    } else {
      pos = escaped(out, pos, 0xf0 | (c >> 18));
      pos = escaped(out, pos, 0x80 | ((c >> 12) & 63));
      pos = escaped(out, pos, 0x80 | ((c >> 6) & 63));
    }
    pos = escaped(out, pos, 0x80 | (c & 63));
  }
  return pos;
}

/** The most a string of `length` UTF-16 units can take as quoted-printable. */
const qpBound = (length: number) => length * 9 + Math.ceil((length * 9) / (ROOM - 3)) * 3;

// Written here first, as the worst case is many times the actual size, and copied out at its real length.
let scratch = Buffer.allocUnsafe(64 * 1024);

/** The envelope and the whole message, ready to hand to SMTP as it is. */
export function buildMessage(mail: MimeInput): BuiltMessage {
  const from = normalizeAddress(mail.from.address);
  const to = normalizeAddress(mail.to);
  const name = headerText(mail.from.name);
  const messageId = noBreaks(mail.messageId);
  const head = [
    header("From", name ? `${addressName(name)} <${from}>` : from),
    header("To", to.includes(" ") ? `<${to}>` : to),
    header("Subject", encodeWords(headerText(mail.subject), "Q", 52, true)),
    `Message-ID: ${messageId.startsWith("<") ? "" : "<"}${messageId}${messageId.endsWith(">") ? "" : ">"}`,
    `Date: ${mail.date.toUTCString().replace(/GMT/, "+0000")}`,
    "MIME-Version: 1.0",
    ...mail.prepared.map(([key, value]) => `${key}: ${noBreaks(value)}`),
    `Content-Type: multipart/alternative; boundary="${BOUNDARY}"`,
    "",
    `--${BOUNDARY}`,
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    "",
  ].join("\r\n");
  const html = `\r\n--${BOUNDARY}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n`;
  const end = `\r\n--${BOUNDARY}--\r\n`;
  const bound =
    Buffer.byteLength(head) +
    html.length +
    end.length +
    qpBound(mail.text.length) +
    qpBound(mail.html.length);
  if (scratch.length < bound) scratch = Buffer.allocUnsafe(bound);
  const out = scratch;
  let pos = out.write(head, 0);
  pos = writeQuotedPrintable(mail.text, out, pos);
  pos += out.write(html, pos, "latin1");
  pos = writeQuotedPrintable(mail.html, out, pos);
  pos += out.write(end, pos, "latin1");
  return { envelope: { from, to: [to] }, raw: Buffer.from(out.subarray(0, pos)) };
}
