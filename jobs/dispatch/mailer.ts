import { createPrivateKey } from "node:crypto";
import { connect, type Socket } from "node:net";
import { PassThrough } from "node:stream";
import nodemailer from "nodemailer";
// The file, not the directory: plain Node (remix-serve in `remix dev`) refuses directory imports.
import DKIM from "nodemailer/lib/dkim/index.js";
import type Mail from "nodemailer/lib/mailer";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import { buildMessage, type BuiltMessage, type MimeInput } from "./mime";

export type OutgoingMail = Omit<MimeInput, "prepared"> & {
  listId: string;
  /** The RFC 8058 one-click https link. */
  listUnsubscribe: string;
};

export type Mailer = {
  /**
   * `stillWanted` is asked once the server has accepted the envelope and
   * waits for the content: the last moment at which a message can be held
   * back without the recipient getting it. Answering false ends the
   * transaction unfinished and rejects with a WithheldError.
   */
  send(mail: OutgoingMail, options?: { stillWanted?: () => boolean }): Promise<void>;
  close(): void;
};

export type DkimKey = { domainName: string; keySelector: string; privateKey: string };

// How long a mail server may stay silent (connecting, greeting, answering a
// command or the end of a message) before that connection is given up: one
// hung connection then holds one message for this long, not the campaign.
export const DEFAULT_SMTP_TIMEOUT_MS = 30_000;

// Signed besides nodemailer's defaults (which already cover List-Id and
// List-Unsubscribe): the RFC 8058 one-click header.
export const DKIM_HEADERS =
  "From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:" +
  "Content-Transfer-Encoding:List-Id:List-Unsubscribe:List-Unsubscribe-Post";

/**
 * A TCP connection with TCP_NODELAY, handed to nodemailer as an open
 * `connection` (its contract for a socket it is given; STARTTLS still
 * upgrades it). Without TCP_NODELAY the end of each message waits for the
 * server's delayed ACK (some 40 ms on Linux), which held a connection to
 * about 25 messages a second.
 */
export function connectSocket(
  target: { host: string; port: number; timeoutMs: number },
  callback: (error: Error | null, socket?: Socket) => void,
) {
  const socket = connect({ host: target.host, port: target.port });
  socket.setNoDelay(true);
  socket.setTimeout(target.timeoutMs);
  const fail = (error: Error) => {
    socket.off("connect", connected);
    socket.off("timeout", timedOut);
    socket.destroy();
    callback(error);
  };
  const timedOut = () => fail(Object.assign(new Error("Connection timeout"), { code: "ETIMEDOUT" }));
  // The connection's own listeners go once it is open: nodemailer sets its
  // socket timeout and handlers, and these must not pile up on the socket.
  const connected = () => {
    socket.off("error", fail);
    socket.off("timeout", timedOut);
    socket.setTimeout(0);
    callback(null, socket);
  };
  socket.once("error", fail);
  socket.once("timeout", timedOut);
  socket.once("connect", connected);
}

/** nodemailer transport options from an smtp:// or smtps:// URL. */
export function transportOptions(
  smtpUrl: string,
  maxConnections = 5,
  timeoutMs = DEFAULT_SMTP_TIMEOUT_MS,
): SMTPPool.Options {
  const url = new URL(smtpUrl);
  const secure = url.protocol === "smtps:";
  const host = url.hostname;
  const port = Number(url.port || (secure ? 465 : 587));
  return {
    host,
    port,
    secure,
    auth: url.username
      ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
      : undefined,
    pool: true,
    maxConnections,
    maxMessages: Infinity,
    // SMTPS: nodemailer connects its own TLS socket.
    getSocket: (_options, callback) => {
      if (secure) return callback(null, false);
      connectSocket({ host, port, timeoutMs }, (error, socket) =>
        callback(error, error ? null : { connection: socket }),
      );
    },
    // A send that hangs must end well within the claim's lease (jobs/config.ts).
    // Silent after the message: the connection closes, the message is
    // "unknown" (it may have arrived) and the pool opens another connection.
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  };
}

/**
 * Raised when the connection failed after the whole message had gone out:
 * the server may have accepted it, so it must not be sent again.
 */
export class DeliveryUnknownError extends Error {
  constructor(cause: Error) {
    super(`Connection lost after the message was sent; delivery unknown (${cause.message})`);
    this.name = "DeliveryUnknownError";
  }
}

/** The message was held back before its content went out (see Mailer.send): nobody got it. */
export class WithheldError extends Error {
  constructor() {
    super("Held back before the content was sent.");
    this.name = "WithheldError";
  }
}

type Tracker = { bodySent: boolean; withheld: boolean; stillWanted?: () => boolean };

/** The MIME message and its envelope (jobs/dispatch/mime.ts). */
function composeMail(mail: OutgoingMail): BuiltMessage {
  return buildMessage({
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    date: mail.date,
    // Prepared (not folded or re-encoded) so that a DKIM signature over
    // these headers survives relays; RFC 8058 needs both.
    prepared: [
      ["List-Id", mail.listId],
      ["List-Unsubscribe", `<${mail.listUnsubscribe}>`],
      ["List-Unsubscribe-Post", "List-Unsubscribe=One-Click"],
    ],
  });
}

/**
 * DKIM with the key read once: given the PEM text, node:crypto would parse
 * it again for every signature. nodemailer hands the key to crypto's sign()
 * as it is, which takes a KeyObject (its types only say string).
 */
export function signer(key: DkimKey) {
  const privateKey = createPrivateKey(key.privateKey) as unknown as string;
  return new DKIM({ ...key, privateKey, headerFieldNames: DKIM_HEADERS });
}

/** One pooled SMTP transport per worker process. */
export function createMailer(
  smtpUrl: string,
  options: { dkim?: DkimKey; maxConnections?: number; timeoutMs?: number } = {},
): Mailer {
  const transport = nodemailer.createTransport(
    transportOptions(smtpUrl, options.maxConnections, options.timeoutMs),
  );
  // Notes when the whole message has been streamed into the DATA phase: an
  // error without an SMTP answer after that leaves the outcome unknowable.
  transport.use("stream", (mail, done) => {
    const tracker = (mail.data as { tracker?: Tracker }).tracker;
    if (tracker) {
      const create = mail.message.createReadStream.bind(mail.message);
      mail.message.createReadStream = (...args) => {
        const source = create(...args);
        const pipe = source.pipe.bind(source);
        source.pipe = <T extends NodeJS.WritableStream>(destination: T, opts?: { end?: boolean }) => {
          // When the envelope is refused nodemailer drains the message into a
          // bare PassThrough; only the real DATA stream counts as sent.
          if (destination instanceof PassThrough) return pipe(destination, opts);
          if (tracker.stillWanted && !tracker.stillWanted()) {
            // nodemailer fails the send and closes the connection mid-DATA,
            // so the server discards the transaction.
            tracker.withheld = true;
            process.nextTick(() => source.emit("error", new WithheldError()));
            return destination;
          }
          source.once("end", () => (tracker.bodySent = true));
          return pipe(destination, opts);
        };
        return source;
      };
    }
    done();
  });
  const dkim = options.dkim ? signer(options.dkim) : null;
  return {
    async send(mail, { stillWanted } = {}) {
      // Built (and signed) whole before SMTP sees it, so that the DATA phase
      // gets the message in one piece instead of nodemailer's many small
      // writes, each a system call and a packet on each side.
      const { envelope, raw: built } = composeMail(mail);
      const raw = dkim ? Buffer.concat(await dkim.sign(built).toArray()) : built;
      const tracker: Tracker = { bodySent: false, withheld: false, stillWanted };
      try {
        // The Message-ID only spares nodemailer making one of random bytes for
        // its own records: a raw message goes out as it is.
        const message: Mail.Options & { tracker: Tracker } = {
          envelope,
          raw,
          messageId: mail.messageId,
          tracker,
        };
        await transport.sendMail(message);
      } catch (error) {
        if (tracker.withheld) throw new WithheldError();
        const answered = (error as { responseCode?: number }).responseCode !== undefined;
        if (tracker.bodySent && !answered) throw new DeliveryUnknownError(error as Error);
        throw error;
      }
    },
    close: () => transport.close(),
  };
}

export type SmtpFailure = {
  kind: "permanent" | "throttled" | "temporary" | "unreachable" | "unknown";
  recipientRejected: boolean;
  message: string;
};

// Answers with which servers ask the sender to slow down, not to give up.
const THROTTLING = new Set([421, 454]);
// Other temporary answers that say the same in words ("rate limited",
// "too many connections", "server busy").
const THROTTLING_TEXT = /\brate\b|throttl|too many|busy/i;
// A permanent refusal of a recipient that is about us, not the address:
// enhanced status 5.7.x (policy, security, relaying; RFC 3463) or said so.
const POLICY = /^\d{3}[ -]5\.7\.\d{1,3}\b|\b(relay|policy)/i;

/**
 * 5xx answers are permanent, and a refused recipient is suppressed unless
 * the refusal is about policy or relaying (5.7.x): then it is only this
 * message that failed. 421 and 454 (or a 4xx that says as much) mean "slow
 * down"; other 4xx are worth a retry; no answer at all means the server
 * could not be reached, unless the message had already gone out.
 */
export function classifySmtpError(error: unknown): SmtpFailure {
  const err = error as { responseCode?: number; command?: string; message?: string; response?: string };
  const message = (err.message ?? String(error)).slice(0, 500);
  const code = err.responseCode;
  const response = err.response ?? "";
  if (error instanceof DeliveryUnknownError) return { kind: "unknown", recipientRejected: false, message };
  if (code === undefined) return { kind: "unreachable", recipientRejected: false, message };
  if (code >= 500 && code < 600) {
    const recipientRejected = err.command === "RCPT TO" && !POLICY.test(response);
    return { kind: "permanent", recipientRejected, message };
  }
  const throttled = THROTTLING.has(code) || THROTTLING_TEXT.test(response);
  return { kind: throttled ? "throttled" : "temporary", recipientRejected: false, message };
}
