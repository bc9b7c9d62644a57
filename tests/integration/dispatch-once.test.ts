import { and, eq } from "drizzle-orm";
import { campaigns, messages } from "../../db/schema";
import { createCustomer, createOrder, createProduct, createShop, createUser } from "../../db/seed/factories";
import { claimMessages } from "../../jobs/dispatch/claim";
import { approveCampaign, startDrafting, startSending } from "../../jobs/state";
import { suppressEmail } from "../../jobs/suppression";
import { testDb } from "../setup/db";
import { startPipeline, waitFor } from "../setup/pipeline";

const db = testDb();
const shop = createShop(db);
const product = createProduct(db, shop.id);
let pipeline: Awaited<ReturnType<typeof startPipeline>>;
let ownerId: number;

function customerWithOrder() {
  const c = createCustomer(db, shop.id);
  createOrder(db, shop.id, {
    customerId: c.id,
    orderedAt: new Date(Date.now() - 10 * 86_400_000),
    lines: [{ productId: product.id }],
  });
  return c;
}

const people = [customerWithOrder(), customerWithOrder(), customerWithOrder()];

const campaignStatus = (id: number) => db.select().from(campaigns).where(eq(campaigns.id, id)).get()!.status;
const messagesOf = (id: number) => db.select().from(messages).where(eq(messages.campaignId, id)).all();

async function draftedCampaign(name: string) {
  const c = db
    .insert(campaigns)
    .values({ shopId: shop.id, name, subject: "Hello {{ customer.first_name }}", body: "Hi" })
    .returning()
    .get();
  startDrafting(db, { shopId: shop.id, campaignId: c.id });
  await pipeline.producer.enqueueDrafting({ shopId: shop.id, campaignId: c.id });
  await waitFor("review", () => campaignStatus(c.id) === "review");
  return c;
}

beforeAll(async () => {
  pipeline = await startPipeline(db);
  ownerId = (await createUser(db, shop.id)).id;
});
afterAll(() => pipeline.stop());
beforeEach(() => {
  // Each case starts with customers who have not been emailed recently.
  db.update(messages)
    .set({ sentAt: new Date(Date.now() - 30 * 86_400_000) })
    .run();
});

describe("dispatch sends each message at most once", () => {
  it("marks a message left 'sending' past its lease as unknown instead of sending it again", async () => {
    const c = await draftedCampaign("crash");
    approveCampaign(db, { shopId: shop.id, campaignId: c.id, userId: ownerId });
    const [victim] = messagesOf(c.id);
    // As if a worker claimed this message and died before recording the result.
    db.update(campaigns).set({ status: "sending" }).where(eq(campaigns.id, c.id)).run();
    db.update(messages).set({ status: "queued" }).where(eq(messages.campaignId, c.id)).run();
    db.update(messages)
      .set({ status: "sending", sentAt: new Date(Date.now() - 10 * 60_000) })
      .where(eq(messages.id, victim.id))
      .run();

    const before = (await pipeline.mail()).length;
    await pipeline.producer.enqueueSends(
      shop.id,
      messagesOf(c.id).map((m) => m.id),
    );
    await waitFor("sent", () => campaignStatus(c.id) === "sent");
    const statuses = Object.fromEntries(messagesOf(c.id).map((m) => [m.id, m.status]));
    expect(statuses[victim.id]).toBe("unknown");
    const mail = (await pipeline.mail()).slice(before);
    expect(mail).toHaveLength(2);
    expect(mail.map((m) => m.messageId)).not.toContain(victim.messageIdHeader);
  });

  it("sends once when the dispatch job and the send jobs are queued twice", async () => {
    const c = await draftedCampaign("twice");
    approveCampaign(db, { shopId: shop.id, campaignId: c.id, userId: ownerId });
    const before = (await pipeline.mail()).length;
    await Promise.all([
      pipeline.producer.enqueueDispatch({ shopId: shop.id, campaignId: c.id }),
      pipeline.producer.enqueueDispatch({ shopId: shop.id, campaignId: c.id }),
    ]);
    await waitFor("sent", () => campaignStatus(c.id) === "sent");
    await pipeline.producer.enqueueSends(
      shop.id,
      messagesOf(c.id).map((m) => m.id),
    );
    await new Promise((r) => setTimeout(r, 500));
    const mail = (await pipeline.mail()).slice(before);
    expect(mail.map((m) => m.envelopeTo[0]).sort()).toEqual(people.map((p) => p.email).sort());
  });

  it("skips a customer who unsubscribed after approval", async () => {
    const c = await draftedCampaign("late unsubscribe");
    approveCampaign(db, { shopId: shop.id, campaignId: c.id, userId: ownerId });
    suppressEmail(db, {
      shopId: shop.id,
      email: people[0].email,
      reason: "unsubscribed",
      source: "test",
      actor: "recipient",
      subject: "customer",
    });
    const before = (await pipeline.mail()).length;
    await pipeline.producer.enqueueDispatch({ shopId: shop.id, campaignId: c.id });
    await waitFor("sent", () => campaignStatus(c.id) === "sent");
    const skipped = db
      .select()
      .from(messages)
      .where(and(eq(messages.campaignId, c.id), eq(messages.status, "skipped")))
      .all();
    expect(skipped).toMatchObject([{ customerId: people[0].id, skipReason: "suppressed" }]);
    const mail = (await pipeline.mail()).slice(before);
    expect(mail.map((m) => m.envelopeTo[0])).not.toContain(people[0].email);
    expect(mail).toHaveLength(2);
  });

  it("never lets two campaigns sending at once exceed a customer's cap", async () => {
    const a = await draftedCampaign("parallel A");
    const b = await draftedCampaign("parallel B");
    approveCampaign(db, { shopId: shop.id, campaignId: a.id, userId: ownerId });
    approveCampaign(db, { shopId: shop.id, campaignId: b.id, userId: ownerId });
    const before = (await pipeline.mail()).length;
    await Promise.all([
      pipeline.producer.enqueueDispatch({ shopId: shop.id, campaignId: a.id }),
      pipeline.producer.enqueueDispatch({ shopId: shop.id, campaignId: b.id }),
    ]);
    await waitFor("both sent", () => campaignStatus(a.id) === "sent" && campaignStatus(b.id) === "sent");
    const mail = (await pipeline.mail()).slice(before);
    // people[0] is suppressed; the others get exactly one of the two (24 hours apart at least).
    expect(mail.map((m) => m.envelopeTo[0]).sort()).toEqual([people[1].email, people[2].email].sort());
    const tooSoon = [...messagesOf(a.id), ...messagesOf(b.id)].filter((m) => m.skipReason === "too_soon");
    expect(tooSoon).toHaveLength(2);
  });

  it("counts each message a batch claims towards the cap of the messages after it", async () => {
    const a = await draftedCampaign("batch A");
    const b = await draftedCampaign("batch B");
    for (const c of [a, b]) {
      approveCampaign(db, { shopId: shop.id, campaignId: c.id, userId: ownerId });
      startSending(db, { shopId: shop.id, campaignId: c.id });
    }
    const to = (c: { id: number }) => messagesOf(c.id).find((m) => m.customerId === people[1].id)!.id;
    const claims = claimMessages(db, shop.id, [to(a), to(b)], new Date(), 60_000);
    expect(claims.map((c) => c.claim.outcome)).toEqual(["send", "skipped"]);
    const rows = [...messagesOf(a.id), ...messagesOf(b.id)].filter((m) => m.customerId === people[1].id);
    expect(rows.map((m) => [m.status, m.skipReason])).toEqual([
      ["sending", null],
      ["skipped", "too_soon"],
    ]);
  });
});
