import { simpleParser } from "mailparser";
import type { Db } from "../../db/client";
import { caughtMail } from "../../db/schema";
import { waitFor } from "./pipeline";

/** The account emails the SMTP catcher received for one address, parsed. */
export async function mailTo(db: Db, address: string) {
  const rows = db
    .select()
    .from(caughtMail)
    .all()
    .filter((r) => r.envelopeTo.includes(address));
  return Promise.all(rows.map((r) => simpleParser(r.raw)));
}

/** Waits for the next email to this address and returns the path of the link in it. */
export async function linkPathIn(db: Db, address: string, seen = 0) {
  await waitFor(
    `an email to ${address}`,
    () =>
      db
        .select()
        .from(caughtMail)
        .all()
        .filter((r) => r.envelopeTo.includes(address)).length > seen,
  );
  const mail = (await mailTo(db, address))[seen];
  const url = /https?:\/\/\S+\/(?:invite|reset-password|signup)\/[\w-]+/.exec(mail.text ?? "")?.[0];
  if (!url) throw new Error(`no link in the email to ${address}`);
  return { path: new URL(url).pathname, mail };
}
