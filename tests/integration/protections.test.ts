import type { ActionFunction } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { campaigns, exclusions, messages, shops } from "../../db/schema";
import {
  createCategory,
  createCustomer,
  createOrder,
  createProduct,
  createShop,
  createUser,
} from "../../db/seed/factories";
import { startDrafting } from "../../jobs/state";
import { action as customerAction } from "~/routes/app.customers.$customerId";
import { action as productsAction } from "~/routes/app.products";
import { action as settingsAction } from "~/routes/app.settings";
import { testDb } from "../setup/db";
import { startPipeline, waitFor } from "../setup/pipeline";
import { formRequest, loginCookie, responseOf } from "../setup/requests";

// What the owner sets on the Customers, Products and Settings pages reaches
// the drafting job: the real actions, then a real drafting run on Redis.

const db = testDb();
const now = new Date();
const shop = createShop(db);
const coffee = createCategory(db, shop.id, { name: "Coffee" });
const gifts = createCategory(db, shop.id, { name: "Gifts" });
const beans = createProduct(db, shop.id, { name: "House Espresso", categoryId: coffee.id });
const hamper = createProduct(db, shop.id, { name: "Hamper with coffee liqueur", categoryId: gifts.id });

function buyer(firstName: string, overrides: Parameters<typeof createCustomer>[2] = {}) {
  const c = createCustomer(db, shop.id, { firstName, ...overrides });
  for (const days of [15, 45]) {
    createOrder(db, shop.id, {
      customerId: c.id,
      orderedAt: new Date(now.getTime() - days * 86_400_000),
      lines: [{ productId: beans.id }],
    });
  }
  return c;
}

const adult = buyer("Adult");
const flagged = buyer("Flagged");
const withdrawn = buyer("Withdrawn");
const minor = buyer("Minor", { birthdate: `${now.getUTCFullYear() - 16}-01-01` });
const unknownAge = buyer("Unknown", { birthdate: null });

let pipeline: Awaited<ReturnType<typeof startPipeline>>;
let owner: Record<string, string>;
let staff: Record<string, string>;

beforeAll(async () => {
  pipeline = await startPipeline(db);
  await createUser(db, shop.id, { email: "owner@protect.example" });
  await createUser(db, shop.id, { email: "staff@protect.example", role: "staff" });
  owner = await loginCookie("owner@protect.example");
  staff = await loginCookie("staff@protect.example");
});
afterAll(() => pipeline.stop());

async function post(
  run: ActionFunction,
  cookie: Record<string, string>,
  path: string,
  fields: Record<string, string>,
  params: Record<string, string> = {},
) {
  const response = await responseOf(async () =>
    run({ params, context: {}, request: formRequest(path, fields, cookie) }),
  );
  expect(response.status, `${path} ${JSON.stringify(fields)}`).toBe(200);
}

/** Drafts a new campaign and returns who is in and why each other customer is out. */
async function draft(featured: { featuredCategoryId?: number; featuredProductIds?: number[] }) {
  const campaign = db
    .insert(campaigns)
    .values({
      shopId: shop.id,
      name: "Test",
      subject: "Hello",
      body: "Hello {{ customer.first_name }}",
      ...featured,
    })
    .returning()
    .get();
  startDrafting(db, { shopId: shop.id, campaignId: campaign.id });
  await pipeline.producer.enqueueDrafting({ shopId: shop.id, campaignId: campaign.id });
  await waitFor(
    "drafting",
    () => db.select().from(campaigns).where(eq(campaigns.id, campaign.id)).get()!.status === "review",
  );
  const recipients = db
    .select({ customerId: messages.customerId })
    .from(messages)
    .where(eq(messages.campaignId, campaign.id))
    .all()
    .map((m) => m.customerId)
    .sort((a, b) => a - b);
  const reasons = Object.fromEntries(
    db
      .select()
      .from(exclusions)
      .where(eq(exclusions.campaignId, campaign.id))
      .all()
      .map((e) => [e.customerId, e.reason]),
  );
  return { recipients, reasons };
}

describe("the owner's protections reach the next drafted campaign", () => {
  it("leaves out a customer flagged for care and one whose withdrawal was recorded", async () => {
    await post(
      customerAction,
      staff,
      `/app/customers/${flagged.id}`,
      { intent: "care", reason: "financial_hardship", note: "" },
      { customerId: String(flagged.id) },
    );
    await post(
      customerAction,
      staff,
      `/app/customers/${withdrawn.id}`,
      { intent: "consent", consent: "withdrawn", consentReason: "asked in shop" },
      { customerId: String(withdrawn.id) },
    );
    const { recipients, reasons } = await draft({ featuredCategoryId: coffee.id });
    expect(recipients).toEqual([adult.id, unknownAge.id]);
    expect(reasons).toEqual({
      [flagged.id]: "needs_care",
      [withdrawn.id]: "no_consent",
      [minor.id]: "minor",
    });
  });

  it("keeps a campaign featuring a sensitive product from minors, unknown ages and flagged customers", async () => {
    await post(productsAction, staff, "/app/products", {
      intent: "product",
      productId: String(hamper.id),
      sensitive: "yes",
    });
    const { recipients, reasons } = await draft({ featuredProductIds: [hamper.id] });
    expect(recipients).toEqual([adult.id]);
    expect(reasons).toMatchObject({
      [flagged.id]: "needs_care",
      [minor.id]: "minor",
      [unknownAge.id]: "unknown_age_sensitive",
    });
  });

  it("does the same for a product in a category marked sensitive", async () => {
    await post(productsAction, owner, "/app/products", {
      intent: "product",
      productId: String(hamper.id),
      sensitive: "no",
    });
    await post(productsAction, staff, "/app/products", {
      intent: "category",
      categoryId: String(gifts.id),
      kind: "alcohol",
    });
    const { recipients, reasons } = await draft({ featuredCategoryId: gifts.id });
    expect(recipients).toEqual([adult.id]);
    expect(reasons[unknownAge.id]).toBe("unknown_age_sensitive");
  });

  it("lets unknown ages in only when the owner opts in, and never minors or flagged customers", async () => {
    const unconfirmed = await responseOf(async () =>
      settingsAction({
        params: {},
        context: {},
        request: formRequest("/app/settings", { intent: "unknown-age", allow: "yes" }, owner),
      }),
    );
    expect(unconfirmed.status).toBe(400);
    expect(db.select().from(shops).where(eq(shops.id, shop.id)).get()!.allowUnknownAgeSensitive).toBe(false);
    await post(settingsAction, owner, "/app/settings", {
      intent: "unknown-age",
      allow: "yes",
      confirm: "yes",
    });
    const { recipients, reasons } = await draft({ featuredCategoryId: gifts.id });
    expect(recipients).toEqual([adult.id, unknownAge.id]);
    expect(reasons).toMatchObject({ [flagged.id]: "needs_care", [minor.id]: "minor" });
  });
});
