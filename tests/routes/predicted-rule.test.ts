import type { LoaderFunctionArgs } from "@remix-run/node";
import { and, eq, gte } from "drizzle-orm";
import { campaigns, exclusions, messages, predictions } from "../../db/schema";
import { seedShop } from "../../db/seed/demo";
import { createCustomer, createOrder, createProduct, createShop, createUser } from "../../db/seed/factories";
import { draftCampaign } from "../../jobs/drafting/draft-campaign";
import { latestCompleteRun, runShopModel } from "../../jobs/models/model-run";
import { startDrafting } from "../../jobs/state";
import { loader as countLoader } from "~/routes/app.audience-count";
import { loader as newLoader, action as newAction } from "~/routes/app.campaigns.new";
import { producer } from "~/queue.server";
import { testDb } from "../setup/db";
import { formRequest, getRequest, loginCookie, responseOf } from "../setup/requests";

const db = testDb();
const now = new Date();
const { shopId } = seedShop(db, {
  slug: "predicted",
  name: "Predicted",
  seed: 5,
  customers: 300,
  ordersTarget: 2500,
  today: new Date(now.getTime() - 86_400_000),
});
// Too little history to fit a model: a handful of one-off buyers.
const thin = createShop(db);
const thinProduct = createProduct(db, thin.id);
for (let i = 0; i < 3; i++) {
  const c = createCustomer(db, thin.id);
  createOrder(db, thin.id, {
    customerId: c.id,
    orderedAt: new Date(now.getTime() - (i + 2) * 86_400_000),
    lines: [{ productId: thinProduct.id }],
  });
}
let owner: Record<string, string>;
let thinOwner: Record<string, string>;

beforeAll(async () => {
  await createUser(db, shopId, { email: "owner@predicted.example" });
  await createUser(db, thin.id, { email: "owner@thin.example" });
  owner = await loginCookie("owner@predicted.example");
  thinOwner = await loginCookie("owner@thin.example");
});
afterAll(async () => {
  await producer.queue.obliterate({ force: true });
  await producer.close();
});

const likelyActive = {
  match: "all",
  groups: [{ match: "all", rules: [{ kind: "predicted", measure: "active", op: "gte", value: 60 }] }],
};
type RouteFunction = (args: LoaderFunctionArgs) => Promise<unknown>;
const call = (fn: RouteFunction, request: Request) =>
  responseOf(() => fn({ request, params: {}, context: {} }));
const count = (cookie: Record<string, string>) =>
  call(
    countLoader,
    getRequest(
      `/app/audience-count?${new URLSearchParams({ audience: JSON.stringify(likelyActive) })}`,
      cookie,
    ),
  );
const save = (cookie: Record<string, string>) =>
  call(
    newAction,
    formRequest(
      "/app/campaigns/new",
      {
        name: "Still with us",
        subject: "Hello",
        body: "Hello {{ customer.first_name }}!",
        audience: JSON.stringify(likelyActive),
        featuredCategoryId: "",
        audienceLimit: "",
      },
      cookie,
    ),
  );

describe("the predicted activity rule", () => {
  it("cannot be used before the customer model has been fitted, and says so", async () => {
    const builder = await (await call(newLoader, getRequest("/app/campaigns/new", owner))).json();
    expect(builder.options.predictionsProblem).toMatch(/fit it on the Model page/);
    const counted = await count(owner);
    expect(counted.status).toBe(400);
    expect((await counted.json()).error).toMatch(/needs the customer model/);
    const saved = await save(owner);
    expect(saved.status).toBe(400);
    expect((await saved.json()).errors.audience).toMatch(/needs the customer model/);
  });

  it("counts, saves and drafts from the latest fresh run's predictions", async () => {
    const run = runShopModel(db, { shopId, now });
    const expected = db
      .select({ customerId: predictions.customerId })
      .from(predictions)
      .where(and(eq(predictions.modelRunId, run.id), gte(predictions.pAlive, 0.6)))
      .all()
      .map((p) => p.customerId);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(300);

    const builder = await (await call(newLoader, getRequest("/app/campaigns/new", owner))).json();
    expect(builder.options.predictionsProblem).toBeNull();
    const counted = await count(owner);
    expect(counted.status).toBe(200);
    expect((await counted.json()).count.matching).toBe(expected.length);

    const saved = await save(owner);
    expect(saved.status).toBe(302);
    const campaignId = Number(saved.headers.get("Location")!.split("/")[3]);
    // Drafting straight away on the same run: the candidates are exactly those the count showed.
    db.update(campaigns).set({ status: "drafting" }).where(eq(campaigns.id, campaignId)).run();
    expect(draftCampaign(db, { shopId, campaignId, publicUrl: "http://tactful.test", now })).toBe("drafted");
    const considered = [
      ...db
        .select({ id: messages.customerId })
        .from(messages)
        .where(eq(messages.campaignId, campaignId))
        .all(),
      ...db
        .select({ id: exclusions.customerId })
        .from(exclusions)
        .where(eq(exclusions.campaignId, campaignId))
        .all(),
    ].map((r) => r.id);
    expect(considered.sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
    expect(latestCompleteRun(db, shopId)!.id).toBe(run.id);
  });

  it("is refused again once orders arrive after the run", async () => {
    const customer = createCustomer(db, shopId);
    const product = createProduct(db, shopId);
    createOrder(db, shopId, {
      customerId: customer.id,
      orderedAt: new Date(),
      externalId: "after-the-run",
      lines: [{ productId: product.id }],
    });
    const counted = await count(owner);
    expect(counted.status).toBe(400);
    expect((await counted.json()).error).toMatch(/out of date/);
  });

  it("is refused, with the model's own reason, when the history is too thin to fit", async () => {
    runShopModel(db, { shopId: thin.id, now });
    const counted = await count(thinOwner);
    expect(counted.status).toBe(400);
    expect((await counted.json()).error).toMatch(/^Predicted activity is not available: /);

    // A campaign saved earlier with the rule fails at drafting with that reason, rather than reaching no one.
    const c = db
      .insert(campaigns)
      .values({
        shopId: thin.id,
        name: "Old",
        subject: "Hi",
        body: "Hello there",
        audienceRules: likelyActive,
      })
      .returning()
      .get();
    startDrafting(db, { shopId: thin.id, campaignId: c.id });
    expect(
      draftCampaign(db, { shopId: thin.id, campaignId: c.id, publicUrl: "http://tactful.test", now }),
    ).toBe("failed");
    expect(db.select().from(campaigns).where(eq(campaigns.id, c.id)).get()!.lastError).toMatch(
      /^The audience uses predicted activity, but /,
    );
  });
});
