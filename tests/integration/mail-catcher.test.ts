import { connect, type Socket } from "node:net";
import { createTransport } from "nodemailer";
import { caughtMail } from "../../db/schema";
import { startMailCatcher, type MailCatcher } from "../../scripts/mail-catcher";
import { testDb } from "../setup/db";

// The demo's catcher is a long-lived process that every worker talks to. A
// worker killed mid-message resets its connection inside a mail transaction,
// which smtp-server reports as an "error" event: with nobody listening, that
// event ended the catcher, and every later email had nowhere to go.

const db = testDb();
let catcher: MailCatcher;

beforeAll(async () => {
  catcher = await startMailCatcher({ databasePath: process.env.DATABASE_PATH! });
});
afterAll(() => catcher?.stop());

/** Speaks SMTP up to the middle of a message's content, then resets the connection. */
async function resetMidMessage(port: number) {
  const socket: Socket = connect(port, "127.0.0.1");
  const replies: string[] = [];
  socket.on("data", (chunk: Buffer) => replies.push(chunk.toString()));
  const waitForReply = async (count: number) => {
    for (let i = 0; i < 200 && replies.length < count; i++) await new Promise((r) => setTimeout(r, 10));
  };
  await waitForReply(1);
  for (const [n, line] of [
    "EHLO killed.example",
    "MAIL FROM:<shop@example.com>",
    "RCPT TO:<ada@example.com>",
    "DATA",
  ].entries()) {
    socket.write(`${line}\r\n`);
    await waitForReply(n + 2);
  }
  socket.write("Subject: half a message\r\n\r\nThe worker dies here");
  await new Promise((r) => setTimeout(r, 50));
  socket.resetAndDestroy();
  await new Promise((r) => socket.once("close", r));
}

it("keeps catching mail after a sender is killed in the middle of a message", async () => {
  // Twice: the first reset used to be swallowed by the listener left from start-up.
  for (let i = 0; i < 2; i++) {
    await resetMidMessage(catcher.port);
    // Give the reset time to reach the catcher before the next sender.
    await new Promise((r) => setTimeout(r, 100));
  }

  const transport = createTransport({ url: catcher.url } as never);
  await transport.sendMail({
    from: "shop@example.com",
    to: "bo@example.com",
    subject: "after the crash",
    text: "Still here.",
  });
  transport.close();

  const caught = db.select({ to: caughtMail.envelopeTo }).from(caughtMail).all();
  expect(caught).toEqual([{ to: ["bo@example.com"] }]);
});
