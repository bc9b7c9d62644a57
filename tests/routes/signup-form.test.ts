import { and, eq } from "drizzle-orm";
import { auditLog, consentEvents, customers } from "../../db/schema";
import { createCategory, createCustomer, createShop, createUser } from "../../db/seed/factories";
import { isSuppressed, suppressEmail } from "../../jobs/suppression";
import { loader as settingsLoader } from "~/routes/app.settings";
import { action as customerAction } from "~/routes/app.customers.$customerId";
import { action as signupAction, loader as signupLoader } from "~/routes/s.$shopSlug.subscribe";
import { testDb } from "../setup/db";
import { formRequest, getRequest, loginCookie, responseOf } from "../setup/requests";

const db = testDb();
const shop = createShop(db, { slug: "bean-and-leaf", name: "Bean & Leaf" });
const otherShop = createShop(db, { slug: "zebra-books" });
const coffee = createCategory(db, shop.id, { name: "Coffee" });
const tea = createCategory(db, shop.id, { name: "Tea" });
const theirCategory = createCategory(db, otherShop.id, { name: "Novels" });

const path = "/s/bean-and-leaf/subscribe";
const params = { shopSlug: "bean-and-leaf" };
let client = 0;
// Each test posts from its own address unless it is about the limit.
const fresh = () => ({ clientIp: `203.0.113.${++client}` });

const post = (
  fields: Record<string, string> | [string, string][],
  headers: Record<string, string> = {},
  context = fresh(),
) =>
  responseOf(() =>
    signupAction({
      params,
      context,
      request: formRequest(path, fields, { Origin: "http://tactful.test", ...headers }),
    }),
  );
const valid = (email: string, more: [string, string][] = []): [string, string][] => [
  ["email", email],
  ["firstName", "Ada"],
  ["frequency", "weekly"],
  ["consent", "yes"],
  ...more,
];
const customerByEmail = (email: string, shopId = shop.id) =>
  db
    .select()
    .from(customers)
    .where(and(eq(customers.shopId, shopId), eq(customers.email, email)))
    .get();
const eventsOf = (customerId: number) =>
  db.select().from(consentEvents).where(eq(consentEvents.customerId, customerId)).all();

describe("the public signup form", () => {
  it("shows the shop's name and categories without a login, and 404s for an unknown shop", async () => {
    const data = await (await signupLoader({ params, context: fresh(), request: getRequest(path) })).json();
    expect(data.shop.name).toBe("Bean & Leaf");
    expect(data.categories.map((c) => c.name)).toEqual(["Coffee", "Tea"]);
    expect(data.thanks).toBe(false);
    const missing = await responseOf(() =>
      signupLoader({
        params: { shopSlug: "nope" },
        context: fresh(),
        request: getRequest("/s/nope/subscribe"),
      }),
    );
    expect(missing.status).toBe(404);
  });

  it("requires the consent box to be ticked and a valid address, and stores nothing otherwise", async () => {
    const response = await post([
      ["email", "not-an-address"],
      ["frequency", "weekly"],
    ]);
    expect(response.status).toBe(400);
    const { errors } = await response.json();
    expect(errors.email).toBeDefined();
    expect(errors.consent).toMatch(/Tick the box/);
    expect(db.select().from(customers).where(eq(customers.shopId, shop.id)).all()).toHaveLength(0);
  });

  it("creates a customer with consent from the signup form, their choices, and a consent event", async () => {
    const response = await post(
      valid(" New.Reader@Mail.example ", [
        ["optedOut", String(tea.id)],
        ["optedOut", String(theirCategory.id)],
      ]),
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe(`${path}?thanks`);
    const created = customerByEmail("new.reader@mail.example")!;
    expect(created).toMatchObject({
      firstName: "Ada",
      marketingConsent: true,
      consentSource: "signup form",
      emailFrequency: "weekly",
      optedOutCategoryIds: [tea.id],
    });
    expect(eventsOf(created.id).map((e) => [e.consent, e.source])).toEqual([[true, "signup form"]]);
    const thanks = await (
      await signupLoader({ params, context: fresh(), request: getRequest(`${path}?thanks`) })
    ).json();
    expect(thanks.thanks).toBe(true);
  });

  it("answers an existing customer's address the same way, adding consent without loosening anything", async () => {
    const known = createCustomer(db, shop.id, {
      email: "known@mail.example",
      firstName: "Grace",
      marketingConsent: false,
      emailFrequency: "monthly",
      optedOutCategoryIds: [coffee.id],
    });
    const response = await post(valid("known@mail.example", [["optedOut", String(tea.id)]]));
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe(`${path}?thanks`);
    expect(customerByEmail("known@mail.example")).toMatchObject({
      firstName: "Grace",
      marketingConsent: true,
      consentSource: "signup form",
      emailFrequency: "monthly",
      optedOutCategoryIds: [coffee.id, tea.id],
    });
    expect(eventsOf(known.id).map((e) => e.source)).toEqual(["signup form"]);
    const audit = db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subject, `customer:${known.id}`))
      .get();
    expect(audit).toMatchObject({ actor: "recipient", action: "customer.signed_up" });
  });

  it("never lifts an unsubscribe, nor files consent for the unsubscribed address", async () => {
    suppressEmail(db, {
      shopId: shop.id,
      email: "gone@mail.example",
      reason: "unsubscribed",
      source: "test",
      actor: "recipient",
      subject: "customer",
    });
    expect((await post(valid("gone@mail.example"))).status).toBe(303);
    expect(isSuppressed(db, shop.id, "gone@mail.example")).toBe(true);
    expect(customerByEmail("gone@mail.example")).toBeUndefined();
  });

  it("never turns a withdrawal the owner recorded back into consent, and answers the same way", async () => {
    await createUser(db, shop.id, { email: "owner@withdrawal.example" });
    const owner = await loginCookie("owner@withdrawal.example");
    const withdrew = createCustomer(db, shop.id, {
      email: "withdrew@mail.example",
      marketingConsent: true,
      emailFrequency: "as_sent",
    });
    const recorded = await responseOf(() =>
      customerAction({
        request: formRequest(
          `/app/customers/${withdrew.id}`,
          { intent: "consent", consent: "withdrawn", consentReason: "asked by phone" },
          owner,
        ),
        params: { customerId: String(withdrew.id) },
        context: {},
      }),
    );
    expect(recorded.status).toBe(200);

    const response = await post(valid("withdrew@mail.example", [["optedOut", String(tea.id)]]));
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe(`${path}?thanks`);
    // Still withdrawn; what only narrows their email (rarer, fewer topics) is kept.
    expect(customerByEmail("withdrew@mail.example")).toMatchObject({
      marketingConsent: false,
      consentSource: "owner",
      emailFrequency: "weekly",
      optedOutCategoryIds: [tea.id],
    });
    expect(eventsOf(withdrew.id).map((e) => [e.consent, e.source])).toEqual([[false, "owner"]]);
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subject, `customer:${withdrew.id}`), eq(auditLog.actor, "recipient")))
      .all();
    expect(audit).toEqual([expect.objectContaining({ action: "customer.signup_withdrawal_kept" })]);
  });

  it("refuses a post from another site", async () => {
    const crossSite = await post(valid("victim@mail.example"), { "Sec-Fetch-Site": "cross-site" });
    expect(crossSite.status).toBe(403);
    const otherOrigin = await post(valid("victim@mail.example"), { Origin: "https://evil.example" });
    expect(otherOrigin.status).toBe(403);
    expect(customerByEmail("victim@mail.example")).toBeUndefined();
  });

  it("thanks a script that fills the hidden field, and stores nothing", async () => {
    const response = await post(valid("bot@mail.example", [["website", "http://spam.example"]]));
    expect(response.status).toBe(303);
    expect(customerByEmail("bot@mail.example")).toBeUndefined();
  });

  it("limits sign-ups per client", async () => {
    const context = fresh();
    for (let i = 0; i < 5; i++)
      expect((await post(valid(`many-${i}@mail.example`), {}, context)).status).toBe(303);
    const limited = await post(valid("many-5@mail.example"), {}, context);
    expect(limited.status).toBe(429);
    expect(customerByEmail("many-5@mail.example")).toBeUndefined();
  });

  it("limits sign-ups per address, whoever sends them", async () => {
    for (let i = 0; i < 5; i++) expect((await post(valid("target@mail.example"))).status).toBe(303);
    expect((await post(valid("target@mail.example"))).status).toBe(429);
  });
});

describe("the signup form's address in Settings", () => {
  it("is shown to the shop's team", async () => {
    await createUser(db, shop.id, { email: "owner@signup.example" });
    const owner = await loginCookie("owner@signup.example");
    const data = await (
      await settingsLoader({ params: {}, context: {}, request: getRequest("/app/settings", owner) })
    ).json();
    expect(data.signupUrl).toBe("http://tactful.test/s/bean-and-leaf/subscribe");
  });
});
