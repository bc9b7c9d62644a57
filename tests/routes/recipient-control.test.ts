import { eq, sql } from "drizzle-orm";
import { auditLog, campaigns, caughtMail, exclusions, messages, shops, suppressions } from "../../db/schema";
import {
  createCategory,
  createCustomer,
  createOrder,
  createProduct,
  createShop,
  createUser,
} from "../../db/seed/factories";
import { draftCampaign } from "../../jobs/drafting/draft-campaign";
import { startDrafting } from "../../jobs/state";
import { isSuppressed } from "../../jobs/suppression";
import { signRecipientToken } from "../../jobs/tokens";
import { rotateLinkKeys } from "~/models/shop.server";
import { action as dataAction } from "~/routes/r.data.$token";
import { loader as downloadLoader } from "~/routes/r.data.$token.download";
import { action as preferencesAction, loader as preferencesLoader } from "~/routes/r.preferences.$token";
import { action as unsubscribeAction } from "~/routes/r.unsubscribe.$token";
import { loader as whyLoader } from "~/routes/r.why.$token";
import { campaignInReview } from "../setup/campaigns";
import { testDb } from "../setup/db";
import { formRequest, getRequest, responseOf } from "../setup/requests";

const db = testDb();
const shop = createShop(db);
const coffee = createCategory(db, shop.id, { name: "Single-origin coffee" });
const tea = createCategory(db, shop.id, { name: "Tea" });
const beans = createProduct(db, shop.id, { name: "Kenya Nyeri", categoryId: coffee.id });

function buyer(overrides: Parameters<typeof createCustomer>[2] = {}) {
  const customer = createCustomer(db, shop.id, overrides);
  createOrder(db, shop.id, {
    customerId: customer.id,
    orderedAt: new Date(Date.now() - 20 * 86_400_000),
    lines: [{ productId: beans.id }],
  });
  return customer;
}

const call = (token: string, fields: Record<string, string>, clientIp = "203.0.113.7") => ({
  params: { token },
  context: { clientIp },
  request: formRequest(`/r/x/${token}`, fields),
});

function draftNew(categoryId: number) {
  const c = db
    .insert(campaigns)
    .values({ shopId: shop.id, name: "next", subject: "Hi", body: "Hello", featuredCategoryId: categoryId })
    .returning()
    .get();
  startDrafting(db, { shopId: shop.id, campaignId: c.id });
  draftCampaign(db, { shopId: shop.id, campaignId: c.id, publicUrl: "http://tactful.test" });
  return Object.fromEntries(
    db
      .select()
      .from(exclusions)
      .where(eq(exclusions.campaignId, c.id))
      .all()
      .map((e) => [e.customerId, e.reason]),
  );
}

describe("preferences", () => {
  it("are shown, saved with an audit entry, and honoured by the next policy check", async () => {
    const customer = buyer();
    const { message } = campaignInReview(db, shop.id, undefined, customer);
    const token = signRecipientToken(shop.tokenSecret, message.publicId, "preferences");
    const page = await (
      await preferencesLoader({ params: { token }, context: {}, request: getRequest("/") })
    ).json();
    expect(page.categories.map((c: { name: string }) => c.name)).toEqual(["Single-origin coffee", "Tea"]);

    const form = new URLSearchParams([
      ["emailFrequency", "as_sent"],
      ["optedOut", String(coffee.id)],
      ["optedOut", "999999"],
    ]);
    const saved = await preferencesAction({
      params: { token },
      context: {},
      request: new Request("http://tactful.test/r/preferences/x", {
        method: "POST",
        body: form,
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      }),
    });
    expect(await saved.json()).toEqual({ saved: true, error: null });
    expect(draftNew(coffee.id)[customer.id]).toBe("category_opt_out");
    expect(draftNew(tea.id)[customer.id]).toBeUndefined();

    const audit = db.select().from(auditLog).where(eq(auditLog.action, "customer.preferences_changed")).all();
    expect(audit.at(-1)).toMatchObject({ actor: "recipient", detail: { optedOutCategoryIds: [coffee.id] } });
  });

  it("'fewer emails instead' means at most one a month, checked against recent sends", async () => {
    const customer = buyer();
    const { message } = campaignInReview(db, shop.id, undefined, customer);
    db.update(messages)
      .set({ status: "sent", sentAt: new Date(Date.now() - 5 * 86_400_000) })
      .where(eq(messages.id, message.id))
      .run();
    const token = signRecipientToken(shop.tokenSecret, message.publicId, "unsubscribe");
    expect(await (await unsubscribeAction(call(token, { intent: "fewer" }))).json()).toEqual({
      outcome: "fewer",
    });
    expect(isSuppressed(db, shop.id, customer.email)).toBe(false);
    expect(draftNew(tea.id)[customer.id]).toBe("preference_frequency");
  });
});

describe("unsubscribe undo", () => {
  it("restores the recipient's own unsubscribe", async () => {
    const { message, customer } = campaignInReview(db, shop.id);
    const token = signRecipientToken(shop.tokenSecret, message.publicId, "unsubscribe");
    await unsubscribeAction(call(token, { intent: "unsubscribe" }));
    expect(isSuppressed(db, shop.id, customer.email)).toBe(true);
    expect(await (await unsubscribeAction(call(token, { intent: "resubscribe" }))).json()).toEqual({
      outcome: "resubscribed",
    });
    expect(isSuppressed(db, shop.id, customer.email)).toBe(false);
  });
});

describe("my data and erasure", () => {
  it("downloads everything held about the customer as JSON", async () => {
    const customer = buyer({ firstName: "Noor" });
    const { message } = campaignInReview(db, shop.id, undefined, customer);
    const token = signRecipientToken(shop.tokenSecret, message.publicId, "data");
    const response = await downloadLoader({ params: { token }, context: {}, request: getRequest("/") });
    expect(response.headers.get("Content-Disposition")).toContain("attachment");
    const data = await response.json();
    expect(data.profile).toMatchObject({ email: customer.email, firstName: "Noor" });
    expect(data.orders).toHaveLength(1);
    expect(data.orders[0].lines).toEqual([{ product: "Kenya Nyeri", quantity: 1, unitPriceCents: 1200 }]);
    expect(data.emails).toHaveLength(1);
  });

  it("erases every trace but a hashed suppression that keeps working", async () => {
    const customer = buyer({ firstName: "Erasmus", lastName: "Gone" });
    const { message } = campaignInReview(db, shop.id, undefined, customer);
    db.insert(caughtMail)
      .values({
        messageIdHeader: message.messageIdHeader,
        envelopeFrom: "shop@x",
        envelopeTo: [customer.email],
        raw: `To: ${customer.email}`,
        receivedAt: new Date(),
      })
      .run();
    const token = signRecipientToken(shop.tokenSecret, message.publicId, "data");

    const refused = await responseOf(() => dataAction(call(token, { intent: "erase" })));
    expect(refused.status).toBe(400);
    const erased = await responseOf(() => dataAction(call(token, { intent: "erase", confirm: "yes" })));
    expect(erased.headers.get("Location")).toBe("/r/erased");

    const tables = db.$client
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%sqlite%' AND name NOT LIKE '__drizzle%'",
      )
      .all() as { name: string }[];
    for (const { name } of tables) {
      const rows = db.$client.prepare(`SELECT * FROM "${name}"`).all();
      const text = JSON.stringify(rows);
      expect(text, `table ${name}`).not.toContain(customer.email);
      expect(text, `table ${name}`).not.toContain("Erasmus");
    }
    for (const table of ["orders", "messages", "scores", "exclusions"]) {
      const n = db.get<{ n: number }>(
        sql.raw(`SELECT count(*) AS n FROM ${table} WHERE customer_id = ${customer.id}`),
      );
      expect(n.n, table).toBe(0);
    }
    expect(
      db
        .select()
        .from(suppressions)
        .all()
        .find((s) => s.reason === "erased"),
    ).toBeDefined();
    expect(db.select().from(auditLog).where(eq(auditLog.action, "customer.erased")).all()).toHaveLength(1);

    // Links to the erased customer's messages now lead nowhere...
    expect(
      (
        await responseOf(() =>
          whyLoader({
            params: { token: signRecipientToken(shop.tokenSecret, message.publicId, "why") },
            context: {},
            request: getRequest("/"),
          }),
        )
      ).status,
    ).toBe(404);
    // ...and if the shop imports the same address again, it is still never emailed.
    const returning = buyer({ email: customer.email });
    expect(draftNew(coffee.id)[returning.id]).toBe("suppressed");
  });
});

describe("link keys", () => {
  it("keep old links working for the grace period after a rotation, and not after", async () => {
    const owner = await createUser(db, shop.id);
    const { message } = campaignInReview(db, shop.id);
    const oldToken = signRecipientToken(shop.tokenSecret, message.publicId, "why");
    const why = (token: string) =>
      responseOf(() => whyLoader({ params: { token }, context: {}, request: getRequest("/") }));

    rotateLinkKeys({ shopId: shop.id, userId: owner.id });
    expect((await why(oldToken)).status).toBe(200);

    rotateLinkKeys({ shopId: shop.id, userId: owner.id, now: new Date(Date.now() - 61 * 86_400_000) });
    expect((await why(oldToken)).status).toBe(404);
    const fresh = db.select().from(auditLog).where(eq(auditLog.action, "shop.link_keys_rotated")).all();
    expect(fresh).toHaveLength(2);
  });
});

describe("abuse", () => {
  it("limits each address to 60 recipient-page requests a minute", async () => {
    const { message } = campaignInReview(db, shop.id);
    const { tokenSecret } = db.select().from(shops).where(eq(shops.id, shop.id)).get()!;
    const token = signRecipientToken(tokenSecret, message.publicId, "preferences");
    const load = (clientIp: string) =>
      responseOf(() =>
        preferencesLoader({ params: { token }, context: { clientIp }, request: getRequest("/") }),
      );
    for (let i = 0; i < 60; i++) expect((await load("198.51.100.1")).status).toBe(200);
    expect((await load("198.51.100.1")).status).toBe(429);
    expect((await load("198.51.100.2")).status).toBe(200);
  });
});
