import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { products } from "../../db/schema";
import { createShop } from "../../db/seed/factories";
import { testDb } from "../setup/db";
import { importFixture } from "../setup/imports";

// Where a product's page is: Shopify's handle, or a URL column of any other file.

const db = testDb();
const productsOf = (shopId: number) =>
  Object.fromEntries(
    db
      .select()
      .from(products)
      .where(eq(products.shopId, shopId))
      .all()
      .map((p) => [p.sku, { handle: p.handle, url: p.url }]),
  );

describe("product pages from imports", () => {
  it("keeps each Shopify product's handle, for every variant", async () => {
    const shop = createShop(db);
    await importFixture(db, shop.id, "shopify/products_export.csv");
    const stored = productsOf(shop.id);
    expect(stored["ESP-250"]).toEqual({ handle: "house-espresso", url: null });
    expect(stored["ESP-1000"]).toEqual({ handle: "house-espresso", url: null });
    expect(stored["LIQ-500"]).toEqual({ handle: "coffee-liqueur", url: null });
  });

  it("keeps a mapped file's URL column, and a later file's new URL replaces it", async () => {
    const shop = createShop(db);
    const dir = mkdtempSync(join(tmpdir(), "tactful-urls-"));
    const file = (name: string, url: string) => {
      const path = join(dir, name);
      writeFileSync(path, `sku,name,price,page\nMUG-1,Mug,12.00,${url}\n`);
      return path;
    };
    const mapping = { sku: "sku", name: "name", price: "price", url: "page" };
    await importFixture(db, shop.id, file("a.csv", "https://roastery.example/mug"), {
      kind: "products",
      mapping,
    });
    expect(productsOf(shop.id)["MUG-1"]).toEqual({ handle: null, url: "https://roastery.example/mug" });
    await importFixture(db, shop.id, file("b.csv", "https://roastery.example/mugs/1"), {
      kind: "products",
      mapping,
    });
    expect(productsOf(shop.id)["MUG-1"]).toEqual({ handle: null, url: "https://roastery.example/mugs/1" });
  });
});
