import { eq } from "drizzle-orm";
import { campaigns, messages } from "../../db/schema";
import { createCustomer, createOrder, createProduct, createShop, createUser } from "../../db/seed/factories";
import { approveCampaign, startDrafting } from "../../jobs/state";
import { testDb } from "../setup/db";
import { startPipeline, waitFor } from "../setup/pipeline";

const DAY = 86_400_000;
const db = testDb();
const shop = createShop(db);
const product = createProduct(db, shop.id);
const customer = createCustomer(db, shop.id, { timezone: "UTC" });
createOrder(db, shop.id, {
  customerId: customer.id,
  orderedAt: new Date(Date.now() - 9 * DAY),
  lines: [{ productId: product.id }],
});
let pipeline: Awaited<ReturnType<typeof startPipeline>>;

beforeAll(async () => {
  pipeline = await startPipeline(db);
});
afterAll(() => pipeline.stop());

describe("a campaign's send window at the moment of sending", () => {
  it("holds the email until the window opens in the recipient's time zone, then sends it once", async () => {
    const owner = await createUser(db, shop.id);
    // Open only the day after tomorrow (UTC), all day: whenever the test runs, now is outside it.
    const opens = new Date(Date.now() + 2 * DAY);
    opens.setUTCHours(0, 0, 0, 0);
    const c = db
      .insert(campaigns)
      .values({
        shopId: shop.id,
        name: "Later",
        subject: "Hello",
        body: "Hi",
        sendWindow: { start: 0, end: 24 * 60, days: [opens.getUTCDay()] },
      })
      .returning()
      .get();
    const ref = { shopId: shop.id, campaignId: c.id };
    startDrafting(db, ref);
    await pipeline.producer.enqueueDrafting(ref);
    await waitFor(
      "review",
      () => db.select().from(campaigns).where(eq(campaigns.id, c.id)).get()!.status === "review",
    );
    approveCampaign(db, { ...ref, userId: owner.id });
    await pipeline.producer.enqueueDispatch(ref);

    const message = db.select().from(messages).where(eq(messages.campaignId, c.id)).get()!;
    const job = await pipeline.delayedJob(`send-${message.id}`);
    expect(job.timestamp + job.delay).toBe(opens.getTime());
    expect(db.select().from(messages).where(eq(messages.id, message.id)).get()!.status).toBe("queued");
    expect(await pipeline.mail()).toHaveLength(0);

    // The window opens (as if the clock had moved on to it): the same job sends the email once.
    db.update(campaigns)
      .set({ sendWindow: { start: 0, end: 24 * 60, days: [0, 1, 2, 3, 4, 5, 6] } })
      .where(eq(campaigns.id, c.id))
      .run();
    await job.promote();
    await waitFor(
      "sent",
      () => db.select().from(messages).where(eq(messages.id, message.id)).get()!.status === "sent",
    );
    expect(await pipeline.mail()).toHaveLength(1);
  });
});
