import { UnrecoverableError } from "bullmq";
import { and, eq } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { auditLog, campaigns, messages } from "../../db/schema";
import { createCustomer, createOrder, createProduct, createShop, createUser } from "../../db/seed/factories";
import { loadConfig } from "../../jobs/config";
import { createMailer } from "../../jobs/dispatch/mailer";
import { sendMessage, SlowDownError } from "../../jobs/dispatch/send-message";
import { smtpSlots } from "../../jobs/dispatch/smtp-slots";
import { startWorker } from "../../jobs/processor";
import { createProducer } from "../../jobs/queue";
import { approveCampaign, startDrafting } from "../../jobs/state";
import { isSuppressed } from "../../jobs/suppression";
import { testDb } from "../setup/db";
import { waitFor } from "../setup/pipeline";

// A real SMTP server that answers like a provider does: it rejects "bounce"
// recipients for good (550), defers "flaky" ones once (451) and always
// defers "down" ones.
const received: { to: string[]; raw: string }[] = [];
const deferred = new Set<string>();
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  onRcptTo(address, _session, callback) {
    const to = address.address;
    const reject = (code: number, text: string) =>
      callback(Object.assign(new Error(text), { responseCode: code }));
    if (to.startsWith("bounce")) return reject(550, "No such user here");
    if (to.startsWith("gone")) return reject(550, "5.1.1 The email account does not exist");
    if (to.startsWith("policy")) return reject(550, "5.7.1 Relaying denied by policy");
    if (to.startsWith("down")) return reject(451, "Try again later");
    if (to.startsWith("flaky") && !deferred.has(to)) {
      deferred.add(to);
      return reject(451, "Greylisted, try again later");
    }
    callback();
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => {
      received.push({
        to: session.envelope.rcptTo.map((r) => r.address),
        raw: Buffer.concat(chunks).toString(),
      });
      callback();
    });
  },
});

const db = testDb();
const shop = createShop(db, {
  name: 'Evil "Shop"\r\nBcc: all@evil.example',
  fromEmail: "hello@shop.example",
});
const product = createProduct(db, shop.id);

function customer(email: string) {
  const c = createCustomer(db, shop.id, { email });
  createOrder(db, shop.id, {
    customerId: c.id,
    orderedAt: new Date(Date.now() - 10 * 86_400_000),
    lines: [{ productId: product.id }],
  });
  return c;
}

let smtpUrl: string;
let pipeline: ReturnType<typeof startWorker>;
let producer: ReturnType<typeof createProducer>;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${(server.server.address() as { port: number }).port}`;
  const config = loadConfig({ ...process.env, SMTP_URL: smtpUrl });
  pipeline = startWorker({ config, db, logger: { info: () => {}, warn: () => {}, error: () => {} } });
  producer = createProducer(config);
});
afterAll(async () => {
  await pipeline.close();
  await producer.queue.obliterate({ force: true });
  await producer.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const campaignStatus = (id: number) => db.select().from(campaigns).where(eq(campaigns.id, id)).get()!.status;

async function approvedCampaign(subject: string) {
  const c = db
    .insert(campaigns)
    .values({ shopId: shop.id, name: subject, subject, body: "Hi" })
    .returning()
    .get();
  startDrafting(db, { shopId: shop.id, campaignId: c.id });
  await producer.enqueueDrafting({ shopId: shop.id, campaignId: c.id });
  await waitFor("review", () => campaignStatus(c.id) === "review");
  const owner = await createUser(db, shop.id);
  approveCampaign(db, { shopId: shop.id, campaignId: c.id, userId: owner.id });
  return c;
}

describe("dispatch on SMTP failures", () => {
  it("retries a deferred recipient, fails and suppresses a rejected one, and sends the rest once", async () => {
    const ok = customer("ok@mail.example");
    const flaky = customer("flaky@mail.example");
    const bounce = customer("bounce@mail.example");
    const c = await approvedCampaign("Hello\r\nBcc: subject@evil.example");
    await producer.enqueueDispatch({ shopId: shop.id, campaignId: c.id });
    await waitFor("sent", () => campaignStatus(c.id) === "sent");

    const byCustomer = new Map(
      db
        .select()
        .from(messages)
        .where(eq(messages.campaignId, c.id))
        .all()
        .map((m) => [m.customerId, m]),
    );
    expect(byCustomer.get(ok.id)).toMatchObject({ status: "sent", attempts: 1, error: null });
    expect(byCustomer.get(flaky.id)).toMatchObject({ status: "sent", attempts: 2, error: null });
    expect(byCustomer.get(bounce.id)!.status).toBe("failed");
    expect(byCustomer.get(bounce.id)!.error).toMatch(/550/);
    expect(received.map((r) => r.to).sort()).toEqual([[flaky.email], [ok.email]]);

    // A rejected address is suppressed for every later campaign, with an audit entry.
    expect(isSuppressed(db, shop.id, bounce.email)).toBe(true);
    expect(isSuppressed(db, shop.id, flaky.email)).toBe(false);
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.shopId, shop.id), eq(auditLog.action, "suppression.bounced")))
      .all();
    expect(audit).toMatchObject([{ subject: `customer:${bounce.id}`, actor: "system" }]);

    // The permanent failure was not retried.
    expect(byCustomer.get(bounce.id)!.attempts).toBe(1);

    // Line breaks in the shop name and the subject never become headers.
    for (const { raw } of received) {
      const mail = await simpleParser(raw);
      expect(mail.headerLines.map((h) => h.key)).not.toContain("bcc");
      expect(mail.subject).toBe("Hello Bcc: subject@evil.example");
      expect(mail.from?.value[0].address).toBe("hello@shop.example");
    }
  });

  it("fails a recipient refused for policy (5.7.x) without suppressing the address; 5.1.1 suppresses", async () => {
    const policy = customer("policy@mail.example");
    const gone = customer("gone@mail.example");
    const c = await approvedCampaign("Policy");
    await producer.enqueueDispatch({ shopId: shop.id, campaignId: c.id });
    await waitFor("sent", () => campaignStatus(c.id) === "sent");

    const messageOf = (customerId: number) =>
      db
        .select()
        .from(messages)
        .where(and(eq(messages.campaignId, c.id), eq(messages.customerId, customerId)))
        .get()!;
    // The refusal says nothing about the address: the server would not take
    // this mail from us. The owner sees why; the customer stays mailable.
    expect(messageOf(policy.id)).toMatchObject({ status: "failed", attempts: 1 });
    expect(messageOf(policy.id).error).toMatch(/550 5\.7\.1 Relaying denied/);
    expect(isSuppressed(db, shop.id, policy.email)).toBe(false);
    expect(messageOf(gone.id)).toMatchObject({ status: "failed", attempts: 1 });
    expect(isSuppressed(db, shop.id, gone.email)).toBe(true);
  });

  it("puts a deferred message back in the queue, and fails it on the last attempt", async () => {
    const down = customer("down@mail.example");
    const c = await approvedCampaign("Later");
    db.update(campaigns).set({ status: "sending" }).where(eq(campaigns.id, c.id)).run();
    db.update(messages).set({ status: "queued" }).where(eq(messages.campaignId, c.id)).run();
    const message = db
      .select()
      .from(messages)
      .where(and(eq(messages.campaignId, c.id), eq(messages.customerId, down.id)))
      .get()!;
    const ref = { shopId: shop.id, messageId: message.id, publicUrl: "http://tactful.test", leaseMs: 60_000 };
    const mailer = createMailer(smtpUrl);
    try {
      const temporary = await sendMessage(
        db,
        { mailer, slots: smtpSlots(1), pace: async () => 0, slowDown: async () => 0 },
        { ...ref, lastAttempt: false },
      ).catch((e: Error) => e);
      expect(temporary).toBeInstanceOf(Error);
      expect(temporary).not.toBeInstanceOf(UnrecoverableError);
      expect((temporary as Error).message).toMatch(/451/);
      expect(db.select().from(messages).where(eq(messages.id, message.id)).get()).toMatchObject({
        status: "queued",
        sentAt: null,
      });

      await expect(
        sendMessage(
          db,
          { mailer, slots: smtpSlots(1), pace: async () => 0, slowDown: async () => 0 },
          { ...ref, lastAttempt: true },
        ),
      ).rejects.toThrow(/451/);
      expect(db.select().from(messages).where(eq(messages.id, message.id)).get()!.status).toBe("failed");
      expect(isSuppressed(db, shop.id, down.email)).toBe(false);
    } finally {
      mailer.close();
    }
  });

  it("puts the message back and notes the campaign when the mail server cannot be reached", async () => {
    const c = await approvedCampaign("Refused");
    db.update(campaigns).set({ status: "sending" }).where(eq(campaigns.id, c.id)).run();
    db.update(messages).set({ status: "queued" }).where(eq(messages.campaignId, c.id)).run();
    const [message] = db.select().from(messages).where(eq(messages.campaignId, c.id)).all();
    const mailer = createMailer("smtp://127.0.0.1:1");
    try {
      await expect(
        sendMessage(
          db,
          { mailer, slots: smtpSlots(1), pace: async () => 0, slowDown: async () => 0 },
          {
            shopId: shop.id,
            messageId: message.id,
            publicUrl: "http://tactful.test",
            // Even on the last attempt: an unreachable server slows the queue
            // down instead of failing recipients.
            lastAttempt: true,
            leaseMs: 60_000,
          },
        ),
      ).rejects.toThrow(SlowDownError);
      expect(db.select().from(messages).where(eq(messages.id, message.id)).get()!.status).toBe("queued");
      expect(db.select().from(campaigns).where(eq(campaigns.id, c.id)).get()!.lastError).toMatch(
        /cannot be reached.*ECONNREFUSED/,
      );
    } finally {
      mailer.close();
    }
  });
});
