import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import { and, desc, eq, like } from "drizzle-orm";
import { caughtMail, messages } from "../../db/schema";
import { db } from "../db.server";
import { inviteMessageIdPattern } from "../mail.server";

// The catcher's table is not shop data; joining it to the shop's own
// messages by Message-ID is what keeps one shop from seeing another's mail.
// Team invitations carry the shop in their Message-ID instead.

const LIMIT = 200;

export function listCaughtMail({ shopId }: { shopId: number }) {
  const invitations = db
    .select({ id: caughtMail.id, envelopeTo: caughtMail.envelopeTo, receivedAt: caughtMail.receivedAt })
    .from(caughtMail)
    .where(like(caughtMail.messageIdHeader, inviteMessageIdPattern(shopId)))
    .orderBy(desc(caughtMail.receivedAt), desc(caughtMail.id))
    .limit(LIMIT)
    .all()
    .map((m) => ({ ...m, subject: "Invitation to join the team" }));
  const campaignMail = db
    .select({
      id: caughtMail.id,
      envelopeTo: caughtMail.envelopeTo,
      receivedAt: caughtMail.receivedAt,
      subject: messages.subject,
    })
    .from(caughtMail)
    .innerJoin(messages, eq(messages.messageIdHeader, caughtMail.messageIdHeader))
    .where(eq(messages.shopId, shopId))
    .orderBy(desc(caughtMail.receivedAt), desc(caughtMail.id))
    .limit(LIMIT)
    .all();
  return [...campaignMail, ...invitations]
    .sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime() || b.id - a.id)
    .slice(0, LIMIT);
}

const SHOWN = {
  id: caughtMail.id,
  raw: caughtMail.raw,
  receivedAt: caughtMail.receivedAt,
  envelopeTo: caughtMail.envelopeTo,
};

export function getCaughtMail({ shopId, mailId }: { shopId: number; mailId: number }) {
  return (
    db
      .select(SHOWN)
      .from(caughtMail)
      .innerJoin(messages, eq(messages.messageIdHeader, caughtMail.messageIdHeader))
      .where(and(eq(caughtMail.id, mailId), eq(messages.shopId, shopId)))
      .get() ??
    db
      .select(SHOWN)
      .from(caughtMail)
      .where(and(eq(caughtMail.id, mailId), like(caughtMail.messageIdHeader, inviteMessageIdPattern(shopId))))
      .get()
  );
}

const SHOWN_HEADERS = [
  "from",
  "to",
  "subject",
  "date",
  "message-id",
  "list-unsubscribe",
  "list-unsubscribe-post",
];

const addresses = (value: AddressObject | AddressObject[] | undefined) =>
  value === undefined
    ? undefined
    : [value]
        .flat()
        .map((a) => a.text)
        .join(", ");

// Headers whose value may travel as RFC 2047 encoded words (=?UTF-8?Q?…?=):
// names and the subject. They are shown as a mail program shows them; the
// other headers are plain ASCII and are shown as sent.
const DECODED: Record<string, (mail: ParsedMail) => string | undefined> = {
  from: (mail) => addresses(mail.from),
  to: (mail) => addresses(mail.to),
  subject: (mail) => mail.subject,
};

/**
 * The parts of a caught message the Mailbox page shows: each header named as
 * sent, its value decoded and on one line (the raw source keeps the bytes).
 */
export async function readCaughtMail(raw: string) {
  const parsed = await simpleParser(raw);
  const headers = SHOWN_HEADERS.map((name) => {
    const line = parsed.headerLines.find((h) => h.key === name)?.line ?? "";
    const colon = line.indexOf(":");
    const sent = line
      .slice(colon + 1)
      .replace(/\r?\n[ \t]+/g, " ")
      .trim();
    return { name: line.slice(0, colon) || name, value: DECODED[name]?.(parsed) ?? sent };
  }).filter((h) => h.value);
  return {
    subject: parsed.subject ?? "(no subject)",
    headers,
    html: typeof parsed.html === "string" ? parsed.html : null,
    text: parsed.text ?? "",
  };
}
