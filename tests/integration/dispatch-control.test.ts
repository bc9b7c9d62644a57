import { eq } from "drizzle-orm";
import { auditLog, campaigns, messages } from "../../db/schema";
import { createShop } from "../../db/seed/factories";
import { loadConfig } from "../../jobs/config";
import { cancelCampaign, pauseCampaign, resumeCampaign } from "../../jobs/control";
import { startWorker } from "../../jobs/processor";
import { createProducer } from "../../jobs/queue";
import { suppressEmail } from "../../jobs/suppression";
import { testDb } from "../setup/db";
import { approvedCampaign, campaignStatus, duplicates, messagesOf, startTestSmtp } from "../setup/dispatch";
import { waitFor } from "../setup/pipeline";

const db = testDb();
const shop = createShop(db);
const silent = { info: () => {}, warn: () => {}, error: () => {} };
// Each message takes a moment to be accepted, so a campaign is still running
// when the test acts on it.
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let worker: ReturnType<typeof startWorker>;
let producer: ReturnType<typeof createProducer>;

beforeAll(async () => {
  smtp = await startTestSmtp({ delayMs: 40 });
  const config = loadConfig({ ...process.env, SMTP_URL: smtp.url, WORKER_CONCURRENCY: "2" });
  worker = startWorker({ config, db, logger: silent });
  producer = createProducer(config);
});
afterAll(async () => {
  await worker.close();
  await producer.queue.obliterate({ force: true });
  await producer.close();
  await smtp.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const settled = (campaignId: number) =>
  waitFor("sends in flight to finish", () =>
    messagesOf(db, campaignId).every((m) => m.status !== "sending"),
  ).then(() => sleep(100));
const receivedFor = (emails: string[]) => smtp.received.filter((r) => emails.includes(r.to));

describe("approval gates every send", () => {
  it("editing a message after approval voids the approval: dispatch sends nothing", async () => {
    const { campaign, people, ref } = await approvedCampaign(db, shop.id, 3, "edited");
    db.update(messages)
      .set({ html: "<p>A different offer</p>" })
      .where(eq(messages.customerId, people[1].id))
      .run();
    await producer.enqueueDispatch(ref);
    await waitFor("back in review", () => campaignStatus(db, campaign.id) === "review");
    await sleep(200);
    expect(receivedFor(people.map((p) => p.email))).toEqual([]);
    const after = db.select().from(campaigns).where(eq(campaigns.id, campaign.id)).get()!;
    expect(after).toMatchObject({ approvedBy: null, approvedHash: null });
    expect(after.lastError).toMatch(/changed after it was approved/);
    expect(messagesOf(db, campaign.id).map((m) => m.status)).toEqual(["draft", "draft", "draft"]);
    const audit = db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subject, `campaign:${campaign.id}`))
      .all();
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ["campaign.approved", expect.stringMatching(/^user:/)],
      ["campaign.approval_voided", "system"],
    ]);
  });

  it("a message changed while the campaign is sending is refused, the others go", async () => {
    const { campaign, people } = await approvedCampaign(db, shop.id, 4, "edited while sending");
    const last = people[3];
    db.update(messages).set({ subject: "Changed" }).where(eq(messages.customerId, last.id)).run();
    // The dispatch job checked the whole campaign before this edit would have been seen.
    db.update(campaigns).set({ status: "sending" }).where(eq(campaigns.id, campaign.id)).run();
    db.update(messages).set({ status: "queued" }).where(eq(messages.campaignId, campaign.id)).run();
    await producer.enqueueSends(
      shop.id,
      messagesOf(db, campaign.id).map((m) => m.id),
    );
    await waitFor("sent", () => campaignStatus(db, campaign.id) === "sent");
    const refused = messagesOf(db, campaign.id).find((m) => m.customerId === last.id)!;
    expect(refused).toMatchObject({ status: "skipped", skipReason: "changed_after_approval" });
    expect(
      receivedFor(people.map((p) => p.email))
        .map((r) => r.to)
        .sort(),
    ).toEqual(
      people
        .slice(0, 3)
        .map((p) => p.email)
        .sort(),
    );
  });
});

describe("owner controls while sending", () => {
  it("pause stops the sends; resume finishes them without loss or duplicates", async () => {
    const { campaign, people, ref, ownerId } = await approvedCampaign(db, shop.id, 60, "paused");
    const emails = people.map((p) => p.email);
    await producer.enqueueDispatch(ref);
    await waitFor("a few sent", () => receivedFor(emails).length >= 3);
    pauseCampaign(db, { ...ref, userId: ownerId });
    await settled(campaign.id); // the sends in flight finish; nothing new starts
    const atPause = receivedFor(emails).length;
    await sleep(400);
    expect(receivedFor(emails).length).toBe(atPause);
    // Sends stop after the batches in flight (WORKER_CONCURRENCY × SEND_BATCH_SIZE).
    expect(atPause).toBeLessThanOrEqual(3 + 2 * 10);
    expect(campaignStatus(db, campaign.id)).toBe("paused");

    const { round } = resumeCampaign(db, { ...ref, userId: ownerId });
    await producer.enqueueDispatch({ ...ref, round });
    await waitFor("sent", () => campaignStatus(db, campaign.id) === "sent");
    const got = receivedFor(emails).map((r) => r.to);
    expect(duplicates(got)).toEqual([]);
    expect(got.sort()).toEqual([...emails].sort());
    const done = db.select().from(campaigns).where(eq(campaigns.id, campaign.id)).get()!;
    expect(done).toMatchObject({ progressDone: 60, progressTotal: 60 });
  });

  it("cancel stops further sends within moments and skips the rest", async () => {
    const { campaign, people, ref, ownerId } = await approvedCampaign(db, shop.id, 60, "cancelled");
    const emails = people.map((p) => p.email);
    await producer.enqueueDispatch(ref);
    await waitFor("a few sent", () => receivedFor(emails).length >= 3);
    const { skipped } = cancelCampaign(db, { ...ref, userId: ownerId });
    await settled(campaign.id);
    const afterCancel = receivedFor(emails).length;
    await sleep(500);
    expect(receivedFor(emails).length).toBe(afterCancel);
    const statuses = messagesOf(db, campaign.id).map((m) => m.status);
    expect(statuses.filter((s) => s === "skipped")).toHaveLength(skipped);
    expect(statuses.filter((s) => s === "sent")).toHaveLength(afterCancel);
    expect(skipped + afterCancel).toBe(60);
    expect(afterCancel).toBeLessThanOrEqual(3 + 2 * 10);
    expect(campaignStatus(db, campaign.id)).toBe("cancelled");
  });

  it("an unsubscribe during dispatch stops that customer's email", async () => {
    const { campaign, people, ref } = await approvedCampaign(db, shop.id, 60, "unsubscribe while sending");
    const emails = people.map((p) => p.email);
    const leaving = people[59];
    await producer.enqueueDispatch(ref);
    await waitFor("first sent", () => receivedFor(emails).length >= 1);
    suppressEmail(db, {
      shopId: shop.id,
      email: leaving.email,
      reason: "unsubscribed",
      source: "one-click",
      actor: "recipient",
      subject: `customer:${leaving.id}`,
    });
    await waitFor("sent", () => campaignStatus(db, campaign.id) === "sent");
    expect(receivedFor([leaving.email])).toEqual([]);
    expect(messagesOf(db, campaign.id).find((m) => m.customerId === leaving.id)).toMatchObject({
      status: "skipped",
      skipReason: "suppressed",
    });
    expect(receivedFor(emails)).toHaveLength(59);
  });
});
