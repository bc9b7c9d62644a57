import { and, eq } from "drizzle-orm";
import { auditLog, categories, products } from "../../db/schema";
import { createCategory, createProduct, createShop, createUser } from "../../db/seed/factories";
import { campaignCategories } from "../../jobs/drafting/load";
import { action as productsAction, loader as productsLoader } from "~/routes/app.products";
import { testDb } from "../setup/db";
import { importFixture } from "../setup/imports";
import { formRequest, getRequest, loginCookie, responseOf } from "../setup/requests";

const db = testDb();
const shop = createShop(db);
const emptyShop = createShop(db);
const coffee = createCategory(db, shop.id, { name: "Coffee" });
const gifts = createCategory(db, shop.id, { name: "Gifts" });
const beans = createProduct(db, shop.id, {
  name: "House Espresso",
  categoryId: coffee.id,
  priceCents: 950,
  replenishDays: 30,
});
const hamper = createProduct(db, shop.id, { name: "Hamper with liqueur", categoryId: gifts.id });

let owner: Record<string, string>;
let staff: Record<string, string>;
let emptyOwner: Record<string, string>;

beforeAll(async () => {
  await createUser(db, shop.id, { email: "owner@products.example" });
  await createUser(db, shop.id, { email: "staff@products.example", role: "staff" });
  await createUser(db, emptyShop.id, { email: "owner@no-products.example" });
  owner = await loginCookie("owner@products.example");
  staff = await loginCookie("staff@products.example");
  emptyOwner = await loginCookie("owner@no-products.example");
});

const load = async (cookie: Record<string, string>) =>
  (await productsLoader({ params: {}, context: {}, request: getRequest("/app/products", cookie) })).json();
const act = (cookie: Record<string, string>, fields: Record<string, string>) =>
  responseOf(() =>
    productsAction({ params: {}, context: {}, request: formRequest("/app/products", fields, cookie) }),
  );
const category = (id: number) => db.select().from(categories).where(eq(categories.id, id)).get()!;
const product = (id: number) => db.select().from(products).where(eq(products.id, id)).get()!;
const sensitiveFeaturing = (featured: { featuredCategoryId?: number; featuredProductIds?: number[] }) =>
  campaignCategories(db, shop.id, {
    featuredCategoryId: featured.featuredCategoryId ?? null,
    featuredProductIds: featured.featuredProductIds ?? [],
  }).sensitive;

describe("the Products page", () => {
  it("has an empty state for a shop with no products", async () => {
    expect(await load(emptyOwner)).toMatchObject({ categories: [], products: [] });
  });

  it("lists categories with their product counts and products with price and reorder interval", async () => {
    const data = await load(staff);
    expect(data.categories.map((c) => [c.name, c.productCount, c.sensitive])).toEqual([
      ["Coffee", 1, false],
      ["Gifts", 1, false],
    ]);
    expect(data.products.find((p) => p.id === beans.id)).toMatchObject({
      name: "House Espresso",
      categoryId: coffee.id,
      priceCents: 950,
      replenishDays: 30,
      sensitive: false,
    });
  });

  it("lets staff mark a product sensitive, which makes a campaign featuring it sensitive", async () => {
    expect(sensitiveFeaturing({ featuredProductIds: [hamper.id] })).toBe(false);
    expect(
      (await act(staff, { intent: "product", productId: String(hamper.id), sensitive: "yes" })).status,
    ).toBe(200);
    expect(product(hamper.id).sensitive).toBe(true);
    expect(sensitiveFeaturing({ featuredProductIds: [hamper.id] })).toBe(true);
    // Featuring its ordinary category does not make a campaign sensitive: the
    // hamper is left out of that category's featured products instead.
    expect(sensitiveFeaturing({ featuredCategoryId: gifts.id })).toBe(false);
  });

  it("lets only an owner unmark a product", async () => {
    expect(
      (await act(staff, { intent: "product", productId: String(hamper.id), sensitive: "no" })).status,
    ).toBe(403);
    expect(
      (await act(owner, { intent: "product", productId: String(hamper.id), sensitive: "no" })).status,
    ).toBe(200);
    expect(product(hamper.id).sensitive).toBe(false);
  });

  it("marks a whole category sensitive with its kind, audited, and refuses an unknown kind", async () => {
    const bad = await act(staff, { intent: "category", categoryId: String(coffee.id), kind: "spicy" });
    expect(bad.status).toBe(400);
    expect(category(coffee.id).sensitive).toBe(false);
    const response = await act(staff, { intent: "category", categoryId: String(coffee.id), kind: "alcohol" });
    expect(response.status).toBe(200);
    expect(category(coffee.id)).toMatchObject({ sensitive: true, sensitiveKind: "alcohol" });
    expect(sensitiveFeaturing({ featuredCategoryId: coffee.id })).toBe(true);
    expect(sensitiveFeaturing({ featuredProductIds: [beans.id] })).toBe(true);
    const entry = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.shopId, shop.id), eq(auditLog.subject, `category:${coffee.id}`)))
      .get();
    expect(entry).toMatchObject({ action: "category.marked_sensitive", detail: { kind: "alcohol" } });
  });

  it("keeps a category's mark for products imported into it later", async () => {
    // The Shopify fixture's House Espresso lands in "Coffee", marked above.
    await importFixture(db, shop.id, "shopify/products_export.csv");
    const imported = db
      .select()
      .from(products)
      .where(and(eq(products.shopId, shop.id), eq(products.sku, "ESP-250")))
      .get()!;
    expect(imported.categoryId).toBe(coffee.id);
    expect(sensitiveFeaturing({ featuredProductIds: [imported.id] })).toBe(true);
    expect(category(coffee.id)).toMatchObject({ sensitive: true, sensitiveKind: "alcohol" });
  });

  it("lets only an owner make a category ordinary again", async () => {
    const fields = { intent: "category", categoryId: String(coffee.id), kind: "none" };
    expect((await act(staff, fields)).status).toBe(403);
    expect((await act(owner, fields)).status).toBe(200);
    expect(category(coffee.id)).toMatchObject({ sensitive: false, sensitiveKind: null });
  });
});
