import { eq } from "drizzle-orm";
import { campaigns } from "../../db/schema";
import { createShop, createUser } from "../../db/seed/factories";
import { isSuppressed } from "../../jobs/suppression";
import { signRecipientToken } from "../../jobs/tokens";
import { campaignInReview } from "../setup/campaigns";
import { testDb } from "../setup/db";

// Nothing listens on port 1: this file's app runs with Redis unreachable. The
// app reads its environment when first imported, hence the imports below.
process.env.REDIS_URL = "redis://127.0.0.1:1";
const { loader: healthLoader } = await import("~/routes/healthcheck");
const { action: newCampaignAction } = await import("~/routes/app.campaigns.new");
const { action: reviewAction, loader: reviewLoader } = await import("~/routes/app.campaigns.$campaignId");
const { renderPage } = await import("../setup/document");
const { action: unsubscribeAction } = await import("~/routes/r.unsubscribe.$token");
const { producer } = await import("~/queue.server");
const { formRequest, getRequest, loginCookie, responseOf } = await import("../setup/requests");

const db = testDb();
const shop = createShop(db);
let owner: Record<string, string>;

beforeAll(async () => {
  await createUser(db, shop.id, { email: "owner@down.example" });
  owner = await loginCookie("owner@down.example");
});
afterAll(() => producer.close());

const campaign = (id: number) => db.select().from(campaigns).where(eq(campaigns.id, id)).get()!;
const reviewCall = (id: number, fields: Record<string, string>) =>
  responseOf(() =>
    reviewAction({
      params: { campaignId: String(id) },
      context: {},
      request: formRequest("/", fields, owner),
    }),
  );

describe("while Redis is unreachable", () => {
  it("the healthcheck answers 503 naming Redis", async () => {
    const response = await healthLoader();
    expect(response.status).toBe(503);
    expect(await response.text()).toMatch(/Redis did not answer/);
  });

  it("a new campaign is saved, its page says the queue is down, and queueing it again says so too", async () => {
    const response = await newCampaignAction({
      params: {},
      context: {},
      request: formRequest(
        "/app/campaigns/new",
        { name: "Spring", subject: "Hello", body: "Hello there.", featuredCategoryId: "", audienceLimit: "" },
        owner,
      ),
    });
    expect(response.status).toBe(302);
    const location = response.headers.get("Location")!;
    expect(location).toMatch(/\/app\/campaigns\/\d+\?queue=down$/);
    const id = Number(/campaigns\/(\d+)/.exec(location)![1]);
    expect(campaign(id)).toMatchObject({ status: "drafting", progressStage: "queued" });

    const retry = await reviewCall(id, { intent: "draft" });
    expect(retry.status).toBe(409);
    expect((await retry.json()).error).toMatch(/Redis\) is not reachable/);
  });

  it("an owner's approval is recorded and the page says sending has not started", async () => {
    const { campaign: inReview } = campaignInReview(db, shop.id);
    const response = await reviewCall(inReview.id, { intent: "approve", confirm: "yes" });
    expect(response.status).toBe(409);
    expect((await response.json()).error).toMatch(/not reachable/);
    expect(campaign(inReview.id)).toMatchObject({ status: "approved", approvedAt: expect.any(Date) });
  });

  it("after Draft again fails, the page keeps saying the queue is down as it polls, not that a worker is coming", async () => {
    const { campaign: inReview } = campaignInReview(db, shop.id);
    const response = await reviewCall(inReview.id, { intent: "draft" });
    expect(response.status).toBe(409);
    expect((await response.json()).error).toMatch(/Redis\) is not reachable/);
    expect(campaign(inReview.id)).toMatchObject({ status: "drafting", progressStage: "queued" });

    // What the page's polling asks for: the loader alone, without the action's answer.
    const polled = await reviewLoader({
      params: { campaignId: String(inReview.id) },
      context: {},
      request: getRequest(`/app/campaigns/${inReview.id}`, owner),
    });
    expect(await polled.json()).toMatchObject({ queueDown: true });
    const page = await (await renderPage(`/app/campaigns/${inReview.id}`, owner)).text();
    expect(page).not.toMatch(/Waiting for a worker/);
    expect(page).toMatch(/Redis\) is not reachable/);
  });

  it("a recipient can still unsubscribe: it writes to the database, not the queue", async () => {
    const { message, customer } = campaignInReview(db, shop.id);
    const token = signRecipientToken(shop.tokenSecret, message.publicId, "unsubscribe");
    const response = await unsubscribeAction({
      params: { token },
      context: { clientIp: "203.0.113.9" },
      request: formRequest(`/r/unsubscribe/${token}`, { intent: "unsubscribe" }),
    });
    expect(response.status).toBe(200);
    expect(isSuppressed(db, shop.id, customer.email)).toBe(true);
  });
});
