import "../jobs/env-file";
import { pathToFileURL } from "node:url";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { caughtMail } from "../db/schema";

export type MailCatcher = { url: string; port: number; stop(): Promise<void> };

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/** The Message-ID header of a raw message, angle brackets included. */
export function messageIdOf(raw: string): string | null {
  const headerEnd = raw.search(/\r?\n\r?\n/);
  const headers = (headerEnd === -1 ? raw : raw.slice(0, headerEnd)).replace(/\r?\n[ \t]+/g, " ");
  const match = /^message-id:\s*(<[^>\r\n]+>)/im.exec(headers);
  return match ? match[1] : null;
}

// Sign-up confirmations and password resets name no shop, so no Mailbox
// shows them; with mail caught here and delivered nowhere, their link is
// printed, or nobody could finish signing up to a demo.
const ACCOUNT_MAIL = /^<(signup|reset)\./;
const ACCOUNT_LINK = /https?:\/\/\S+\/(?:signup|reset-password)\/[\w-]+/;

async function announceAccountMail(raw: string, to: string[]) {
  const kind = ACCOUNT_MAIL.exec(messageIdOf(raw) ?? "")?.[1];
  if (!kind) return;
  const link = ACCOUNT_LINK.exec((await simpleParser(raw)).text ?? "")?.[0];
  const what = kind === "signup" ? "sign-up" : "password reset";
  console.info(`Caught a ${what} email to ${to.join(", ")}${link ? `; its link: ${link}` : ""}`);
}

/**
 * A local SMTP server that keeps every message it receives in the
 * caught_mail table, for the dashboard's Mailbox page and for tests. A
 * message it cannot store is refused with a temporary error so that the
 * sender retries instead of losing it.
 */
/**
 * A sender that goes away mid-message (a worker killed or stopped while
 * sending) is part of normal life for a catcher that outlives its workers;
 * smtp-server reports it as an error event, which must not end the process.
 */
function reportConnectionError(error: NodeJS.ErrnoException) {
  if (error.code === "ECONNRESET" || error.code === "EPIPE") return;
  console.warn(`Mail catcher: ${error.message}`);
}

export async function startMailCatcher(options: {
  databasePath: string;
  port?: number;
}): Promise<MailCatcher> {
  const db = openDatabase(options.databasePath);
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", (error) => callback(error));
      stream.on("end", () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          return callback(Object.assign(new Error("Message too large"), { responseCode: 552 }));
        }
        try {
          const raw = Buffer.concat(chunks).toString("utf8");
          const to = session.envelope.rcptTo.map((r) => r.address);
          db.insert(caughtMail)
            .values({
              messageIdHeader: messageIdOf(raw),
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              envelopeTo: to,
              raw,
              receivedAt: new Date(),
            })
            .run();
          callback();
          announceAccountMail(raw, to).catch((error: Error) =>
            console.warn(`Could not read a caught account email: ${error.message}`),
          );
        } catch (error) {
          callback(
            Object.assign(new Error(`Could not store the message: ${(error as Error).message}`), {
              responseCode: 451,
            }),
          );
        }
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      server.on("error", reportConnectionError);
      const address = server.server.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          db.$client.close();
          resolve();
        }),
      ),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const databasePath = process.env.DATABASE_PATH ?? ".data/tactful.sqlite";
  const db = openDatabase(databasePath);
  migrateDatabase(db);
  db.$client.close();
  const catcher = await startMailCatcher({ databasePath, port: Number(process.env.CATCHER_PORT ?? 0) });
  console.info(`Mail catcher listening at ${catcher.url}, storing into ${databasePath}`);
  process.on("SIGINT", () => void catcher.stop().then(() => process.exit(0)));
  process.on("SIGTERM", () => void catcher.stop().then(() => process.exit(0)));
}
