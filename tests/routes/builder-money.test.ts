import { createShop, createUser } from "../../db/seed/factories";
import { loader } from "~/routes/app.campaigns.new";
import { testDb } from "../setup/db";
import { getRequest, loginCookie } from "../setup/requests";

// The audience builder's spend field carries the shop's own currency sign.

const db = testDb();
const shop = createShop(db, { currency: "USD", locale: "en-US" });

it("offers a US shop's spend rule in dollars", async () => {
  await createUser(db, shop.id, { email: "owner@usbuilder.example" });
  const owner = await loginCookie("owner@usbuilder.example");
  const data = await (
    await loader({ request: getRequest("/app/campaigns/new", owner), params: {}, context: {} })
  ).json();
  expect(data.options.currencySymbol).toBe("$");
});
