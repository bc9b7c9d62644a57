import { createShop, createUser } from "../../db/seed/factories";
import { seedShop } from "../../db/seed/demo";
import { producer } from "~/queue.server";
import { action as modelAction, loader as modelLoader } from "~/routes/app.model";
import { testDb } from "../setup/db";
import { startPipeline, waitFor } from "../setup/pipeline";
import { formRequest, getRequest, loginCookie } from "../setup/requests";

const db = testDb();
let pipeline: Awaited<ReturnType<typeof startPipeline>>;
beforeAll(async () => {
  pipeline = await startPipeline(db);
});
afterAll(async () => {
  await pipeline.stop();
  await producer.close();
});

const page = async (cookie: Record<string, string>) =>
  (await modelLoader({ params: {}, context: {}, request: getRequest("/app/model", cookie) })).json();

describe("model page", () => {
  it("refits in the background on request, then shows the run campaigns use and the holdout check", async () => {
    const { shopId } = seedShop(db, {
      slug: "model-shop",
      name: "Model Shop",
      seed: 9,
      customers: 600,
      ordersTarget: 6000,
      today: new Date(),
    });
    await createUser(db, shopId, { email: "owner@model.example" });
    const owner = await loginCookie("owner@model.example");
    expect((await page(owner)).used).toBeUndefined();

    const response = await modelAction({
      params: {},
      context: {},
      request: formRequest("/app/model", {}, owner),
    });
    expect(response.status).toBe(202);
    expect((await page(owner)).latest!.status).toBe("running");

    const { used, holdout } = await waitFor("the scoring run", async () => {
      const data = await page(owner);
      return data.latest?.status === "complete" && { used: data.used!, holdout: data.holdout! };
    });
    const bgnbd = used.bgnbd!;
    const predictions = used.predictions!;
    expect(bgnbd.converged).toBe(true);
    expect(bgnbd.r).toBeGreaterThan(0);
    expect(used.customers).toBeGreaterThan(500);
    expect(new Date(used.dataTo).getTime() - new Date(used.dataFrom).getTime()).toBeGreaterThan(
      365 * 86_400_000,
    );
    const histogramTotal = predictions.pAliveHistogram.reduce(
      (s: number, b: { count: number }) => s + b.count,
      0,
    );
    expect(histogramTotal).toBe(used.customers);
    expect(predictions.clv.top10).toBeGreaterThan(predictions.clv.median);
    expect(holdout.byFrequency.length).toBeGreaterThan(3);
    // On data with a real purchase process, the model must rank better than chance.
    expect(holdout.auc.model).toBeGreaterThan(0.6);
  });

  it("says why when a shop has too little history", async () => {
    const shop = createShop(db);
    await createUser(db, shop.id, { email: "owner@new.example" });
    const owner = await loginCookie("owner@new.example");
    await modelAction({ params: {}, context: {}, request: formRequest("/app/model", {}, owner) });
    const data = await waitFor("the scoring run", async () => {
      const d = await page(owner);
      return d.latest?.status === "complete" && d;
    });
    expect(data.used!.bgnbd).toBeNull();
    expect(data.used!.note).toMatch(/Only 0 customers have ordered more than once/);
    expect(data.holdout).toBeNull();
  });
});
