import { generateKeyPairSync } from "node:crypto";
import { simpleParser } from "mailparser";
import DKIM from "nodemailer/lib/dkim";
import MailComposer from "nodemailer/lib/mail-composer";
import { DKIM_HEADERS, signer } from "../../jobs/dispatch/mailer";
import { buildMessage, normalizeAddress, writeQuotedPrintable } from "../../jobs/dispatch/mime";

const qp = (value: string) => {
  const out = Buffer.alloc(value.length * 12 + 64);
  return out.subarray(0, writeQuotedPrintable(value, out, 0)).toString("latin1");
};

// Decodes as RFC 2045 says, independently of the encoder: soft breaks go, =XX are bytes.
const decodeQp = (encoded: string) =>
  Buffer.from(
    encoded
      .replace(/=\r\n/g, "")
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    "latin1",
  ).toString("utf8");

const mail = (over: Partial<Parameters<typeof buildMessage>[0]> = {}) => ({
  from: { name: "Bean & Leaf", address: "hello@beanandleaf.example" },
  to: "ada@mail.example",
  subject: "Your House Blend",
  text: "Hello Ada,\n\nYour last order was 3 weeks ago.",
  html: "<p>Hello Ada,</p>",
  messageId: "<m1@beanandleaf.example>",
  date: new Date("2026-12-03T10:00:00Z"),
  prepared: [
    ["List-Id", "<campaign-1.bean.beanandleaf.example>"],
    ["List-Unsubscribe-Post", "List-Unsubscribe=One-Click"],
  ] as [string, string][],
  ...over,
});

// Shapes that quoted-printable gets wrong most easily: long lines, "=", trailing
// whitespace, every UTF-8 length at a line's end, CR without LF, control bytes.
const HARD = [
  "",
  "a",
  "=".repeat(100),
  "x".repeat(75),
  "x".repeat(76),
  "x".repeat(77),
  `${"y".repeat(300)} end`,
  "trailing space \nand tab\t\r\nend ",
  "é".repeat(40),
  `${"z".repeat(73)}€${"z".repeat(10)}`,
  `${"z".repeat(72)}😀😀 and 中文 and ñ`,
  "lone \r carriage and \u0000 nul and \u007f del",
  "broken surrogate \ud800 here",
  ".starts with a dot\n.\n..",
  `<p style="color:#7a3b2e">${"A fresh bag of House Blend is waiting for you. ".repeat(60)}</p>`,
];

describe("quoted-printable", () => {
  it.each(HARD.map((value) => [value]))("decodes back to the text with CRLF line breaks: %j", (value) => {
    const encoded = qp(value);
    const expected = Buffer.from(value.replace(/\r?\n/g, "\r\n")).toString("utf8");
    expect(decodeQp(encoded)).toBe(expected);
    for (const line of encoded.split("\r\n")) {
      expect(line.length).toBeLessThanOrEqual(76);
      expect(line).toMatch(/^[\x21-\x7e \t]*$/);
      expect(line).not.toMatch(/[ \t]$/);
      // Whole escapes only: a soft line break never cuts one.
      expect(line).toMatch(/^(?:[^=]|=[0-9A-F]{2})*=?$/);
    }
    expect(encoded).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
  });
});

describe("the campaign message", () => {
  it("reads back in a mail parser as what was given, with the prepared headers unchanged", async () => {
    const text = HARD.slice(0, -4).join("\n");
    const built = buildMessage(mail({ subject: "Für Ada: ☕ «House Blend»", text }));
    const parsed = await simpleParser(built.raw);
    expect(parsed.from?.value).toEqual([{ name: "Bean & Leaf", address: "hello@beanandleaf.example" }]);
    expect(parsed.to).toMatchObject({ value: [{ address: "ada@mail.example" }] });
    expect(parsed.subject).toBe("Für Ada: ☕ «House Blend»");
    expect(parsed.messageId).toBe("<m1@beanandleaf.example>");
    expect(parsed.date?.toISOString()).toBe("2026-12-03T10:00:00.000Z");
    expect(parsed.text?.replace(/\r\n/g, "\n")).toBe(text.replace(/\r\n/g, "\n"));
    expect(parsed.html).toBe("<p>Hello Ada,</p>");
    const head = built.raw.toString().split("\r\n\r\n")[0];
    expect(head).toContain("\r\nList-Id: <campaign-1.bean.beanandleaf.example>\r\n");
    expect(head).toContain("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
    expect(built.envelope).toEqual({ from: "hello@beanandleaf.example", to: ["ada@mail.example"] });
  });

  it("keeps line breaks and extra recipients out of every header and the envelope", async () => {
    const built = buildMessage(
      mail({
        from: {
          name: "Shop\r\nBcc: victim@evil.example",
          address: "hello@shop.example\r\nBcc: x@evil.example",
        },
        to: "one@mail.example,\r\nBcc: two@evil.example",
        subject: "Hi\r\nBcc: three@evil.example",
        messageId: "<id@shop.example>\r\nBcc: four@evil.example",
      }),
    );
    const head = built.raw.toString().split("\r\n\r\n")[0];
    expect(head).not.toMatch(/^bcc:/im);
    expect(built.envelope.to).toHaveLength(1);
    expect(built.envelope.to[0]).not.toMatch(/[\r\n]/);
    expect(built.envelope.from).not.toMatch(/[\r\n]/);
    const parsed = await simpleParser(built.raw);
    expect(parsed.headers.has("bcc")).toBe(false);
    expect(parsed.subject).toBe("Hi Bcc: three@evil.example");
  });

  it("writes addresses and names as nodemailer does", () => {
    for (const [name, address, to] of [
      ["Bean & Leaf", "hello@Bean.Example", "Ada.Lovelace@Mail.Example"],
      ["Plain Name", "a@jõgeva.ee", "b@müller.example"],
      ["Ümlaut Café", "a@b.example", "with space@c.example"],
      ['Quote "me" \\ please', "a@b.example", "c@d.example"],
    ]) {
      const ours = buildMessage(mail({ from: { name, address }, to })).raw.toString();
      const theirs = new MailComposer({ from: { name, address }, to: { name: "", address: to } }).compile();
      const headers = theirs.buildHeaders();
      const line = (h: string, key: string) => new RegExp(`^${key}: .*(\\r\\n[ \\t].*)*`, "m").exec(h)?.[0];
      expect(line(ours, "From")).toBe(line(headers, "From"));
      expect(line(ours, "To")).toBe(line(headers, "To"));
      expect(buildMessage(mail({ from: { name, address }, to })).envelope).toEqual(theirs.getEnvelope());
    }
    expect(normalizeAddress("x@Jõgeva.EE")).toBe("x@xn--jgeva-dua.ee");
  });
});

describe("DKIM", () => {
  it("signs with the key read once exactly as with the PEM text each time", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const key = { domainName: "beanandleaf.example", keySelector: "tactful", privateKey: pem };
    const raw = buildMessage(mail()).raw;
    const signed = async (dkim: DKIM) => Buffer.concat(await dkim.sign(raw).toArray()).toString();

    const once = await signed(signer(key));
    expect(once).toMatch(/^DKIM-Signature: .*b=[A-Za-z0-9+/=\r\n ]{300,}/s);
    expect(once).toBe(await signed(new DKIM({ ...key, headerFieldNames: DKIM_HEADERS })));
  });
});
