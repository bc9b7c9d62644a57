import { createCustomer, createOrder, createProduct, createShop, createUser } from "../../db/seed/factories";
import { signRecipientToken } from "../../jobs/tokens";
import { campaignInReview } from "../setup/campaigns";
import { testDb } from "../setup/db";
import { renderPage } from "../setup/document";
import { loginCookie } from "../setup/requests";

// The dashboard shows a shop's money in its own currency and locale.

const db = testDb();
const shop = createShop(db, { currency: "USD", locale: "en-US" });
const product = createProduct(db, shop.id, { name: "Drip Blend", priceCents: 123456 });
const buyer = createCustomer(db, shop.id, { firstName: "Ada" });
createOrder(db, shop.id, {
  customerId: buyer.id,
  orderedAt: new Date(Date.now() - 10 * 86_400_000),
  lines: [{ productId: product.id, unitPriceCents: 1500 }],
});
let owner: Record<string, string>;

beforeAll(async () => {
  await createUser(db, shop.id, { email: "owner@usd.example" });
  owner = await loginCookie("owner@usd.example");
});

describe("a US shop's dashboard", () => {
  it("shows product prices in dollars", async () => {
    const html = await (await renderPage("/app/products", owner)).text();
    expect(html).toContain("$1,234.56");
    expect(html).not.toContain("£");
  });

  it("shows a customer's orders in dollars", async () => {
    const html = await (await renderPage(`/app/customers/${buyer.id}`, owner)).text();
    expect(html).toContain("$15.00");
    expect(html).not.toContain("£");
  });

  it("shows the customer their own orders in dollars on their data page", async () => {
    const { message } = campaignInReview(db, shop.id, undefined, buyer);
    const html = await (
      await renderPage(`/r/data/${signRecipientToken(shop.tokenSecret, message.publicId, "data")}`)
    ).text();
    expect(html).toContain("$15.00");
    expect(html).not.toContain("£");
  });
});
