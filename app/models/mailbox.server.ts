import { and, desc, eq } from "drizzle-orm";
import { caughtMail, messages } from "../../db/schema";
import { db } from "../db.server";

// The catcher's table is not shop data; joining it to the shop's own
// messages by Message-ID is what keeps one shop from seeing another's mail.

export function listCaughtMail({ shopId }: { shopId: number }) {
  return db
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
    .limit(200)
    .all();
}

export function getCaughtMail({ shopId, mailId }: { shopId: number; mailId: number }) {
  return db
    .select({ id: caughtMail.id, raw: caughtMail.raw, receivedAt: caughtMail.receivedAt, envelopeTo: caughtMail.envelopeTo })
    .from(caughtMail)
    .innerJoin(messages, eq(messages.messageIdHeader, caughtMail.messageIdHeader))
    .where(and(eq(caughtMail.id, mailId), eq(messages.shopId, shopId)))
    .get();
}
