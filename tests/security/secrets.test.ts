import { createCustomer, createOrder, createProduct, createShop, createUser } from "../../db/seed/factories";
import { campaignChecks } from "../../jobs/checks/campaign-checks";
import { campaignInReview } from "../setup/campaigns";
import { testDb } from "../setup/db";
import { getRequest, loginCookie, responseOf } from "../setup/requests";
import { dashboardRouteFiles, importRoute } from "../setup/routes";

// A shop row carries the secrets that sign its recipients' links. Pages get
// their data from rows that sit beside it (checks stored with the campaign
// once copied the whole shop), so every page is searched for them.

const db = testDb();
const shop = createShop(db, { name: "Alder Coffee" });
const owner = await createUser(db, shop.id, { role: "owner" });
const customer = createCustomer(db, shop.id, { firstName: "Ada" });
const product = createProduct(db, shop.id, { name: "House Blend" });
createOrder(db, shop.id, {
  customerId: customer.id,
  orderedAt: new Date("2026-10-01T10:00:00Z"),
  lines: [{ productId: product.id }],
});
const { campaign } = campaignInReview(db, shop.id, undefined, customer);
campaignChecks(db, { shopId: shop.id, campaignId: campaign.id });

describe("the shop's link-signing secret", () => {
  it("is on no dashboard page, the review page with its stored checks included", async () => {
    const cookie = await loginCookie(owner.email);
    let pages = 0;
    for (const file of dashboardRouteFiles()) {
      const { loader } = await importRoute(file);
      if (!loader || (file.includes("$") && !file.includes("$campaignId."))) continue;
      const params = file.includes("$campaignId") ? { campaignId: String(campaign.id) } : {};
      const response = await responseOf(async () =>
        loader({ params, context: {}, request: getRequest(`/${file}`, cookie) }),
      );
      expect(response.status, file).toBe(200);
      const text = await response.text();
      expect(text, file).not.toContain(shop.tokenSecret);
      expect(text, file).not.toContain("tokenSecret");
      pages++;
    }
    expect(pages).toBeGreaterThanOrEqual(10);
  });
});
