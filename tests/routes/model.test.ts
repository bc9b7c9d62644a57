import { createShop, createUser } from "../../db/seed/factories";
import { seedShop } from "../../db/seed/demo";
import { loader as modelLoader } from "~/routes/app.model";
import { testDb } from "../setup/db";
import { getRequest, loginCookie } from "../setup/requests";

const db = testDb();

describe("model page", () => {
  it("fits the shop's own orders and shows the holdout check", async () => {
    const { shopId } = seedShop(db, {
      slug: "model-shop",
      name: "Model Shop",
      seed: 9,
      customers: 600,
      ordersTarget: 6000,
      today: new Date(),
    });
    await createUser(db, shopId, { email: "owner@model.example" });
    const response = await modelLoader({
      params: {},
      context: {},
      request: getRequest("/app/model", await loginCookie("owner@model.example")),
    });
    const model = (await response.json()).model!;
    expect(model.bgnbd.converged).toBe(true);
    expect(model.bgnbd.r).toBeGreaterThan(0);
    expect(model.data.customers).toBeGreaterThan(500);
    expect(model.pAliveHistogram.reduce((s: number, b: { count: number }) => s + b.count, 0)).toBe(
      model.data.customers,
    );
    expect(model.backtest.byFrequency.length).toBeGreaterThan(3);
    // On data with a real purchase process, the model must rank better than chance.
    expect(model.backtest.auc.model).toBeGreaterThan(0.6);
  });

  it("says so when a shop has too little history", async () => {
    const shop = createShop(db);
    await createUser(db, shop.id, { email: "owner@new.example" });
    const response = await modelLoader({
      params: {},
      context: {},
      request: getRequest("/app/model", await loginCookie("owner@new.example")),
    });
    expect((await response.json()).model).toBeNull();
  });
});
