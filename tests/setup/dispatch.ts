import { randomBytes } from "node:crypto";
import type { Socket } from "node:net";
import { eq } from "drizzle-orm";
import { SMTPServer, type SMTPServerSession } from "smtp-server";
import type { Db } from "../../db/client";
import { campaigns, messages } from "../../db/schema";
import { createCustomer, createOrder, createProduct, createUser } from "../../db/seed/factories";
import { messageIdOf } from "../../scripts/mail-catcher";
import { approveCampaign } from "../../jobs/state";

/**
 * An approved campaign of `size` recipients, each a customer with an order
 * (so the policy lets them through), with messages written as the drafting
 * job writes them.
 */
export async function approvedCampaign(db: Db, shopId: number, size: number, name = "Autumn roast") {
  const product = createProduct(db, shopId);
  const owner = await createUser(db, shopId);
  const campaign = db
    .insert(campaigns)
    .values({ shopId, name, subject: "Hello", body: "Hi", status: "review" })
    .returning()
    .get();
  const people = [];
  for (let i = 0; i < size; i++) {
    const customer = createCustomer(db, shopId);
    createOrder(db, shopId, {
      customerId: customer.id,
      orderedAt: new Date(Date.now() - 10 * 86_400_000),
      lines: [{ productId: product.id }],
    });
    const publicId = randomBytes(18).toString("base64url");
    db.insert(messages)
      .values({
        shopId,
        campaignId: campaign.id,
        customerId: customer.id,
        publicId,
        subject: `Hello ${customer.firstName ?? ""}`,
        html: `<p>Hi ${i}</p>`,
        text: `Hi ${i}`,
        reasons: [],
        dataUsed: [],
        score: 0.5,
        rank: i + 1,
        messageIdHeader: `<${publicId}@shop.example>`,
      })
      .run();
    people.push(customer);
  }
  approveCampaign(db, { shopId, campaignId: campaign.id, userId: owner.id });
  const ref = { shopId, campaignId: campaign.id };
  return { campaign, people, ref, ownerId: owner.id };
}

export const campaignStatus = (db: Db, id: number) =>
  db.select().from(campaigns).where(eq(campaigns.id, id)).get()!.status;
export const messagesOf = (db: Db, id: number) =>
  db.select().from(messages).where(eq(messages.campaignId, id)).all();

// "silent": never answers, keeping the connection open, as a server that hangs.
type Answer = "accept" | "drop" | "silent" | { code: number; text: string };
type Hooks = {
  /** How to answer RCPT TO for this address; the n-th RCPT overall, from 0. */
  rcpt?: (to: string, n: number) => Answer;
  /** How to answer once the whole message has arrived; the n-th message, from 0. */
  data?: (to: string, n: number) => Answer;
  /** Milliseconds to wait before answering each message, to keep a campaign running for a while. */
  delayMs?: number;
};

/**
 * A real SMTP server whose answers a test scripts: accept, refuse with a
 * code, or drop the connection without a word. `received` lists what it
 * accepted; `arrived` also counts messages whose answer it never gave;
 * `rcpts` every RCPT TO. `startedAt`: when the transaction began (MAIL FROM).
 */
export async function startTestSmtp(hooks: Hooks = {}) {
  type Mail = { to: string; messageId: string | null; raw: string; startedAt: number };
  const received: Mail[] = [];
  const arrived: Mail[] = [];
  const rcpts: { to: string; startedAt: number; at: number }[] = [];
  const startedAt = new Map<string, number>();
  const sockets = new Set<Socket>();
  const respond = (answer: Answer, session: SMTPServerSession, done: (error?: Error) => void) => {
    if (answer === "accept") return done();
    if (answer === "silent") return;
    if (answer === "drop") {
      for (const socket of sockets) if (socket.remotePort === session.remotePort) socket.destroy();
      return;
    }
    done(Object.assign(new Error(answer.text), { responseCode: answer.code }));
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onConnect(session, callback) {
      callback();
    },
    onMailFrom(_address, session, callback) {
      startedAt.set(session.id, Date.now());
      callback();
    },
    onRcptTo(address, session, callback) {
      const n =
        rcpts.push({ to: address.address, startedAt: startedAt.get(session.id)!, at: Date.now() }) - 1;
      respond(hooks.rcpt?.(address.address, n) ?? "accept", session, callback);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString();
        const mail = {
          to: session.envelope.rcptTo[0]?.address ?? "",
          messageId: messageIdOf(raw),
          raw,
          startedAt: startedAt.get(session.id)!,
        };
        const n = arrived.push(mail) - 1;
        const answer = hooks.data?.(mail.to, n) ?? "accept";
        setTimeout(() => {
          if (answer === "accept") received.push(mail);
          respond(answer, session, callback);
        }, hooks.delayMs ?? 0);
      });
    },
  });
  // A worker killed mid-conversation resets its connections; smtp-server
  // reports that as an error event, which is the test's scenario, not a fault.
  server.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "ECONNRESET") throw error;
  });
  server.server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    arrived,
    rcpts,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Addresses that appear more than once. */
export const duplicates = (addresses: string[]) => addresses.filter((a, i) => addresses.indexOf(a) !== i);
