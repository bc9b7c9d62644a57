import { eq } from "drizzle-orm";
import { campaigns, messages } from "../../db/schema";
import { createCustomer, createOrder, createProduct, createShop } from "../../db/seed/factories";
import { draftCampaign } from "../../jobs/drafting/draft-campaign";
import { startDrafting } from "../../jobs/state";
import { testDb } from "../setup/db";

// Drafting turns a shop's web address and its products' handles and URLs
// into the email's links to buy, and prices into the shop's own money.

const db = testDb();
const now = new Date("2026-11-23T12:00:00Z");
const publicUrl = "http://tactful.test";

function draftFor(shop: ReturnType<typeof createShop>, productIds: number[]) {
  const buyer = createCustomer(db, shop.id);
  createOrder(db, shop.id, {
    customerId: buyer.id,
    orderedAt: new Date("2026-11-01T12:00:00Z"),
    lines: [{ productId: productIds[0]! }],
  });
  const c = db
    .insert(campaigns)
    .values({
      shopId: shop.id,
      name: "New in",
      subject: "New in",
      body: "Hello {{ customer.first_name }}",
      featuredProductIds: productIds,
    })
    .returning()
    .get();
  startDrafting(db, { shopId: shop.id, campaignId: c.id });
  expect(draftCampaign(db, { shopId: shop.id, campaignId: c.id, publicUrl, now })).toBe("drafted");
  return db.select().from(messages).where(eq(messages.campaignId, c.id)).get()!;
}

describe("links to buy in drafted emails", () => {
  it("links products by handle and by an on-site URL, never an off-site one, with a button to the shop", () => {
    const shop = createShop(db, { name: "Roastery", webAddress: "https://roastery.example" });
    const ids = [
      createProduct(db, shop.id, { name: "House Blend", handle: "house-blend" }).id,
      createProduct(db, shop.id, { name: "Filters", url: "https://roastery.example/p/filters" }).id,
      createProduct(db, shop.id, { name: "Kettle", url: "https://evil.example/kettle" }).id,
    ];
    const draft = draftFor(shop, ids);
    expect(draft.html).toContain('<a href="https://roastery.example/products/house-blend"');
    expect(draft.html).toContain('<a href="https://roastery.example/p/filters"');
    expect(draft.html).not.toContain("evil.example");
    expect(draft.html).toContain('<a href="https://roastery.example" ');
    expect(draft.html).toContain(">Visit Roastery</a>");
    expect(draft.text).toContain("https://roastery.example/products/house-blend");
    expect(draft.text).toContain("Visit Roastery: https://roastery.example");
    expect(draft.text).not.toContain("evil.example");
  });

  it("carries no links to buy for a shop without a web address", () => {
    const shop = createShop(db);
    const draft = draftFor(shop, [createProduct(db, shop.id, { handle: "house-blend" }).id]);
    expect(draft.html).not.toContain("/products/");
    expect(draft.text).not.toContain("/products/");
  });

  it("shows a US shop's prices in dollars, with no pound sign anywhere in the email", () => {
    const shop = createShop(db, {
      name: "Brooklyn Beans",
      webAddress: "https://brooklynbeans.example",
      currency: "USD",
      locale: "en-US",
    });
    const draft = draftFor(shop, [
      createProduct(db, shop.id, { name: "Drip Blend", priceCents: 123456, handle: "drip" }).id,
    ]);
    expect(draft.html).toContain("$1,234.56");
    expect(draft.text).toContain("- Drip Blend ($1,234.56): https://brooklynbeans.example/products/drip");
    expect(draft.html).toContain(">See Drip Blend</a>");
    for (const part of [draft.subject, draft.html, draft.text]) {
      expect(part).not.toContain("£");
      expect(part).not.toContain("GBP");
    }
  });
});
