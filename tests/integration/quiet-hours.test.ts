import { eq } from "drizzle-orm";
import { campaigns, messages, shops } from "../../db/schema";
import { createCustomer, createOrder, createProduct, createShop, createUser } from "../../db/seed/factories";
import { approveCampaign, startDrafting } from "../../jobs/state";
import { testDb } from "../setup/db";
import { startPipeline, waitFor } from "../setup/pipeline";

// A quiet window that contains the current hour in UTC, whatever the time the test runs.
const hour = new Date().getUTCHours();
const db = testDb();
const shop = createShop(db, { quietStartHour: hour, quietEndHour: (hour + 2) % 24 });
const product = createProduct(db, shop.id);
const sleeper = createCustomer(db, shop.id, { timezone: "UTC" });
createOrder(db, shop.id, {
  customerId: sleeper.id,
  orderedAt: new Date(Date.now() - 9 * 86_400_000),
  lines: [{ productId: product.id }],
});
let pipeline: Awaited<ReturnType<typeof startPipeline>>;

beforeAll(async () => {
  pipeline = await startPipeline(db);
});
afterAll(() => pipeline.stop());

describe("quiet hours at the moment of sending", () => {
  it("postpone the email to the end of the recipient's quiet hours instead of sending or dropping it", async () => {
    const owner = await createUser(db, shop.id);
    const c = db
      .insert(campaigns)
      .values({ shopId: shop.id, name: "Night", subject: "Hello", body: "Hi" })
      .returning()
      .get();
    startDrafting(db, { shopId: shop.id, campaignId: c.id });
    await pipeline.producer.enqueueDrafting({ shopId: shop.id, campaignId: c.id });
    await waitFor(
      "review",
      () => db.select().from(campaigns).where(eq(campaigns.id, c.id)).get()!.status === "review",
    );
    approveCampaign(db, { shopId: shop.id, campaignId: c.id, userId: owner.id });
    await pipeline.producer.enqueueDispatch({ shopId: shop.id, campaignId: c.id });

    const message = db.select().from(messages).where(eq(messages.campaignId, c.id)).get()!;
    const job = await pipeline.delayedJob(`send-${message.id}`);
    const endOfQuiet = new Date();
    endOfQuiet.setUTCHours((hour + 2) % 24, 0, 0, 0);
    if (endOfQuiet.getTime() < Date.now()) endOfQuiet.setUTCDate(endOfQuiet.getUTCDate() + 1);
    expect(job.delay + job.timestamp).toBeGreaterThan(Date.now());
    // Within the minute: the next allowed time is rounded up to a whole minute.
    expect(Math.abs(job.timestamp + job.delay - endOfQuiet.getTime())).toBeLessThanOrEqual(60_000);
    expect(db.select().from(messages).where(eq(messages.id, message.id)).get()!.status).toBe("queued");
    expect(await pipeline.mail()).toHaveLength(0);

    // Morning comes (the shop's quiet hours end): the same job sends the email once.
    db.update(shops).set({ quietStartHour: 0, quietEndHour: 0 }).where(eq(shops.id, shop.id)).run();
    await job.promote();
    await waitFor(
      "sent",
      () => db.select().from(messages).where(eq(messages.id, message.id)).get()!.status === "sent",
    );
    expect(await pipeline.mail()).toHaveLength(1);
  });
});
