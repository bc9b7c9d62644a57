import { eq } from "drizzle-orm";
import { auditLog, campaigns, shops } from "../../db/schema";
import { createShop, createUser } from "../../db/seed/factories";
import { action as reviewAction } from "~/routes/app.campaigns.$campaignId";
import { producer } from "~/queue.server";
import { campaignInReview } from "../setup/campaigns";
import { testDb } from "../setup/db";
import { formRequest, loginCookie, responseOf } from "../setup/requests";

const db = testDb();
const shop = createShop(db);
let owner: Record<string, string>;
let staff: Record<string, string>;

beforeAll(async () => {
  await createUser(db, shop.id, { email: "owner@controls.example", role: "owner" });
  await createUser(db, shop.id, { email: "staff@controls.example", role: "staff" });
  owner = await loginCookie("owner@controls.example");
  staff = await loginCookie("staff@controls.example");
});
afterAll(async () => {
  await producer.queue.obliterate({ force: true });
  await producer.close();
});

const campaign = (id: number) => db.select().from(campaigns).where(eq(campaigns.id, id)).get()!;
const act = (id: number, fields: Record<string, string>, as = owner) =>
  responseOf(() =>
    reviewAction({
      params: { campaignId: String(id) },
      context: {},
      request: formRequest("/", fields, as),
    }),
  );
const localUtc = (d: Date) => d.toISOString().slice(0, 16);

describe("scheduling", () => {
  it("refuses a time in the past with a field error, and approves nothing", async () => {
    const { campaign: c } = campaignInReview(db, shop.id);
    const past = localUtc(new Date(Date.now() - 3_600_000));
    const response = await act(c.id, { intent: "approve", confirm: "yes", when: "later", sendAt: past });
    expect(response.status).toBe(400);
    expect((await response.json()).fieldErrors.sendAt).toMatch(/next 90 days/);
    expect(campaign(c.id).status).toBe("review");
  });

  it("approves for a later time and queues dispatch to wait until then", async () => {
    const { campaign: c } = campaignInReview(db, shop.id);
    const at = new Date(Math.ceil((Date.now() + 2 * 3_600_000) / 60_000) * 60_000);
    const response = await act(c.id, {
      intent: "approve",
      confirm: "yes",
      when: "later",
      sendAt: localUtc(at),
    });
    expect(response.status).toBe(200);
    expect(campaign(c.id)).toMatchObject({ status: "approved", sendAt: at });
    const job = await producer.queue.getJob(`dispatch-${c.id}`);
    expect(await job?.getState()).toBe("delayed");
    expect(job!.delay).toBeGreaterThan(3_600_000);
  });

  it("reads the time in the shop's time zone and stores it in UTC", async () => {
    db.update(shops).set({ timezone: "Asia/Kolkata" }).where(eq(shops.id, shop.id)).run();
    try {
      const { campaign: c } = campaignInReview(db, shop.id);
      const at = new Date(Math.ceil((Date.now() + 2 * 3_600_000) / 60_000) * 60_000);
      // Kolkata is UTC+5:30 all year: its wall clock reads 5 h 30 min ahead.
      const wallClock = localUtc(new Date(at.getTime() + 5.5 * 3_600_000));
      const response = await act(c.id, {
        intent: "approve",
        confirm: "yes",
        when: "later",
        sendAt: wallClock,
      });
      expect(response.status).toBe(200);
      expect(campaign(c.id)).toMatchObject({ status: "approved", sendAt: at });
    } finally {
      db.update(shops).set({ timezone: "UTC" }).where(eq(shops.id, shop.id)).run();
    }
  });
});

describe("pause, resume, cancel", () => {
  it("are for owners only", async () => {
    const { campaign: c } = campaignInReview(db, shop.id);
    await act(c.id, { intent: "approve", confirm: "yes" });
    expect((await act(c.id, { intent: "pause" }, staff)).status).toBe(403);
    expect((await act(c.id, { intent: "cancel", confirm: "yes" }, staff)).status).toBe(403);
    expect(campaign(c.id).status).toBe("approved");
  });

  it("pause and resume, queueing a fresh dispatch round, each in the audit log", async () => {
    const { campaign: c } = campaignInReview(db, shop.id);
    await act(c.id, { intent: "approve", confirm: "yes" });
    expect((await act(c.id, { intent: "pause" })).status).toBe(200);
    expect(campaign(c.id).status).toBe("paused");
    expect((await act(c.id, { intent: "pause" })).status).toBe(409);
    expect((await act(c.id, { intent: "resume" })).status).toBe(200);
    expect(campaign(c.id)).toMatchObject({ status: "approved", dispatchRound: 1 });
    expect((await producer.queue.getJob(`dispatch-${c.id}-r1`))?.data).toEqual({
      shopId: shop.id,
      campaignId: c.id,
      round: 1,
    });
    const actions = db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subject, `campaign:${c.id}`))
      .all()
      .map((a) => a.action);
    expect(actions).toEqual(["campaign.approved", "campaign.paused", "campaign.resumed"]);
  });

  it("cancel needs a confirmation, then skips everything not yet sent", async () => {
    const { campaign: c } = campaignInReview(db, shop.id);
    await act(c.id, { intent: "approve", confirm: "yes" });
    const unconfirmed = await act(c.id, { intent: "cancel" });
    expect(unconfirmed.status).toBe(400);
    expect(campaign(c.id).status).toBe("approved");
    expect((await act(c.id, { intent: "cancel", confirm: "yes" })).status).toBe(200);
    expect(campaign(c.id).status).toBe("cancelled");
    expect((await act(c.id, { intent: "resume" })).status).toBe(409);
  });
});
