import nodemailer from "nodemailer";

export type OutgoingMail = {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  date: Date;
  listUnsubscribe: { https: string; mailto: string };
};

export type Mailer = { send(mail: OutgoingMail): Promise<void>; close(): void };

const noBreaks = (value: string) => value.replace(/[\r\n]+/g, " ");

/** nodemailer transport options from an smtp:// or smtps:// URL. */
export function transportOptions(smtpUrl: string) {
  const url = new URL(smtpUrl);
  const secure = url.protocol === "smtps:";
  return {
    host: url.hostname,
    port: Number(url.port || (secure ? 465 : 587)),
    secure,
    auth: url.username
      ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
      : undefined,
    pool: true,
    maxConnections: 5,
  };
}

/** One pooled SMTP transport per worker process. */
export function createMailer(smtpUrl: string): Mailer {
  const transport = nodemailer.createTransport(transportOptions(smtpUrl));
  return {
    async send(mail) {
      await transport.sendMail({
        from: { name: noBreaks(mail.from.name), address: mail.from.address },
        // An address object is always exactly one recipient: an address with
        // commas or line breaks in it cannot fan out to others.
        to: { name: "", address: mail.to },
        subject: noBreaks(mail.subject),
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        date: mail.date,
        headers: {
          // Prepared (not folded or re-encoded) so that a DKIM signature over
          // these headers survives relays; RFC 8058 needs both. nodemailer
          // leaves prepared values untouched, so line breaks are removed here.
          "List-Unsubscribe": {
            prepared: true,
            value: noBreaks(`<${mail.listUnsubscribe.https}>, <${mail.listUnsubscribe.mailto}>`),
          },
          "List-Unsubscribe-Post": { prepared: true, value: "List-Unsubscribe=One-Click" },
        },
      });
    },
    close: () => transport.close(),
  };
}

export type SmtpFailure = { permanent: boolean; recipientRejected: boolean; message: string };

/** 5xx answers are permanent; everything else (4xx, network) is worth a retry. */
export function classifySmtpError(error: unknown): SmtpFailure {
  const err = error as { responseCode?: number; command?: string; message?: string };
  const code = err.responseCode ?? 0;
  const permanent = code >= 500 && code < 600;
  return {
    permanent,
    recipientRejected: permanent && err.command === "RCPT TO",
    message: (err.message ?? String(error)).slice(0, 500),
  };
}
