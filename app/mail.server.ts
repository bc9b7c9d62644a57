import { randomBytes } from "node:crypto";
import nodemailer from "nodemailer";
import type { AccountMail } from "../templates/account";
import { transportOptions } from "../jobs/dispatch/mailer";
import { env } from "./env.server";

const globalForMail = globalThis as typeof globalThis & { __tactfulMailer?: nodemailer.Transporter };

/**
 * Account email (invitations, password resets) leaves over the same SMTP
 * server as campaigns, straight from the web process: its link holds a secret
 * that must not sit in a job payload, and the person is waiting for it.
 */
/**
 * The Message-ID of a shop's invitation names the shop, so that the Mailbox
 * can show the shop its own invitations from the local catcher. Password
 * resets and sign-ups name no shop: nobody but the address's holder should
 * see them.
 */
export const inviteMessageIdPattern = (shopId: number) => `<invite.%.s${shopId}@%`;

export async function sendAccountMail(
  to: string,
  mail: AccountMail,
  kind: { invite: { shopId: number } } | "reset" | "signup",
) {
  // Not pooled: account email is rare, and an idle pooled connection would
  // hold the SMTP server open.
  const { pool: _pool, maxConnections: _max, ...options } = transportOptions(env.SMTP_URL);
  const transport = (globalForMail.__tactfulMailer ??= nodemailer.createTransport(options));
  const host = new URL(env.PUBLIC_URL).hostname;
  await transport.sendMail({
    from: { name: "Tactful", address: `no-reply@${host}` },
    // An address object is exactly one recipient, and a subject loses any line
    // break, so nothing typed into a form can add a header or a recipient.
    to: { name: "", address: to },
    subject: mail.subject.replace(/[\r\n]+/g, " "),
    text: mail.text,
    html: mail.html,
    messageId:
      typeof kind === "string"
        ? `<${kind}.${randomBytes(12).toString("hex")}@${host}>`
        : `<invite.${randomBytes(12).toString("hex")}.s${kind.invite.shopId}@${host}>`,
  });
}
