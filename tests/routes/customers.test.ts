import { and, eq } from "drizzle-orm";
import { auditLog, consentEvents, customers, modelRuns, predictions } from "../../db/schema";
import { createCustomer, createOrder, createProduct, createShop, createUser } from "../../db/seed/factories";
import { action as customerAction, loader as customerLoader } from "~/routes/app.customers.$customerId";
import { loader as listLoader } from "~/routes/app.customers._index";
import { CUSTOMER_PAGE_SIZE } from "~/models/customer.server";
import { isSuppressed, suppressEmail } from "../../jobs/suppression";
import { testDb } from "../setup/db";
import { renderPage } from "../setup/document";
import { formRequest, getRequest, loginCookie, responseOf } from "../setup/requests";

const db = testDb();
const now = new Date();
const yearsAgo = (y: number) => `${now.getUTCFullYear() - y}-01-01`;
const shop = createShop(db);
const emptyShop = createShop(db);
const otherShop = createShop(db);
const product = createProduct(db, shop.id);

const ada = createCustomer(db, shop.id, {
  email: "ada@lovelace.example",
  firstName: "Ada",
  lastName: "Lovelace",
  birthdate: yearsAgo(40),
});
createOrder(db, shop.id, {
  customerId: ada.id,
  orderedAt: new Date(now.getTime() - 10 * 86_400_000),
  lines: [{ productId: product.id, unitPriceCents: 1500 }],
  externalId: "#2001",
});
createOrder(db, shop.id, {
  customerId: ada.id,
  orderedAt: new Date(now.getTime() - 40 * 86_400_000),
  lines: [{ productId: product.id, unitPriceCents: 900 }],
  externalId: "#2000",
});
const minor = createCustomer(db, shop.id, { firstName: "Young", birthdate: yearsAgo(15) });
const unknownAge = createCustomer(db, shop.id, {
  email: "percent%100@mail.example",
  firstName: "Nobody",
  birthdate: null,
  marketingConsent: false,
  consentAt: null,
  needsCare: true,
  careReason: "own_request",
});
// Consent from four years ago and no order since: too old to personalize from.
const stale = createCustomer(db, shop.id, { firstName: "Old", consentAt: new Date("2021-01-01T00:00:00Z") });
createCustomer(db, otherShop.id, { firstName: "Stranger", email: "stranger@elsewhere.example" });

let owner: Record<string, string>;
let staff: Record<string, string>;
let emptyOwner: Record<string, string>;
let ownerId: number;

beforeAll(async () => {
  ownerId = (await createUser(db, shop.id, { email: "owner@customers.example" })).id;
  await createUser(db, shop.id, { email: "staff@customers.example", role: "staff" });
  await createUser(db, emptyShop.id, { email: "owner@empty.example" });
  owner = await loginCookie("owner@customers.example");
  staff = await loginCookie("staff@customers.example");
  emptyOwner = await loginCookie("owner@empty.example");
});

const list = async (cookie: Record<string, string>, query = "") =>
  (
    await listLoader({ params: {}, context: {}, request: getRequest(`/app/customers${query}`, cookie) })
  ).json();
const detail = async (cookie: Record<string, string>, id: number) =>
  responseOf(() =>
    customerLoader({
      params: { customerId: String(id) },
      context: {},
      request: getRequest(`/app/customers/${id}`, cookie),
    }),
  );
const act = (cookie: Record<string, string>, id: number, fields: Record<string, string>) =>
  responseOf(() =>
    customerAction({
      params: { customerId: String(id) },
      context: {},
      request: formRequest(`/app/customers/${id}`, fields, cookie),
    }),
  );
const customer = (id: number) => db.select().from(customers).where(eq(customers.id, id)).get()!;
const auditFor = (id: number) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.shopId, shop.id), eq(auditLog.subject, `customer:${id}`)))
    .all();

describe("the Customers page", () => {
  it("has an empty state for a shop with no customers", async () => {
    const data = await list(emptyOwner);
    expect(data).toMatchObject({ total: 0, customers: [], hasMore: false });
  });

  it("lists this shop's customers with consent, age band, care flag, orders and staleness", async () => {
    const data = await list(staff);
    expect(data.total).toBe(4);
    const byName = Object.fromEntries(data.customers.map((c) => [c.firstName, c]));
    expect(Object.keys(byName).sort()).toEqual(["Ada", "Nobody", "Old", "Young"]);
    expect(byName.Ada).toMatchObject({ marketingConsent: true, age: "35–44", orderCount: 2, stale: false });
    expect(new Date(byName.Ada.lastOrderAt).getTime()).toBe(now.getTime() - 10 * 86_400_000);
    expect(byName.Young.age).toBe("under 18");
    expect(byName.Nobody).toMatchObject({ age: "age unknown", needsCare: true, marketingConsent: false });
    expect(byName.Old).toMatchObject({ orderCount: 0, lastOrderAt: null, stale: true });
  });

  it("searches by email or name, taking % and _ literally", async () => {
    const names = async (q: string) =>
      (await list(owner, `?q=${encodeURIComponent(q)}`)).customers.map((c: { id: number }) => c.id);
    expect(await names("ada love")).toEqual([ada.id]);
    expect(await names("LOVELACE.EXAMPLE")).toEqual([ada.id]);
    expect(await names("%")).toEqual([unknownAge.id]);
    expect(await names("stranger")).toEqual([]);
  });

  it("pages through many customers", async () => {
    const big = createShop(db);
    for (let i = 0; i < CUSTOMER_PAGE_SIZE + 3; i++) createCustomer(db, big.id);
    await createUser(db, big.id, { email: "owner@big.example" });
    const cookie = await loginCookie("owner@big.example");
    const first = await list(cookie);
    const second = await list(cookie, "?page=2");
    expect(first.customers).toHaveLength(CUSTOMER_PAGE_SIZE);
    expect(first.hasMore).toBe(true);
    expect(second.customers).toHaveLength(3);
    expect(second.hasMore).toBe(false);
  });
});

describe("a customer's page", () => {
  it("shows the profile, an orders summary and no prediction before the model is fitted", async () => {
    const data = await (await detail(staff, ada.id)).json();
    expect(data.customer).toMatchObject({ email: ada.email, age: "35–44", needsCare: false });
    expect(data.orders).toMatchObject({ count: 2, totalCents: 2400 });
    expect(data.orders.recent.map((o: { number: string }) => o.number)).toEqual(["#2001", "#2000"]);
    expect(data.prediction).toBeNull();
  });

  it("shows the latest complete model run's prediction", async () => {
    const run = db
      .insert(modelRuns)
      .values({ shopId: shop.id, modelVersion: "test", status: "complete", dataTo: now, fittedAt: now })
      .returning()
      .get();
    db.insert(predictions)
      .values({
        shopId: shop.id,
        modelRunId: run.id,
        customerId: ada.id,
        pAlive: 0.83,
        expected30: 0.4,
        expected90: 1.2,
        clv12: 54.5,
        recommended: [],
      })
      .run();
    const data = await (await detail(owner, ada.id)).json();
    expect(data.prediction).toMatchObject({ pAlive: 0.83, expected30: 0.4, expected90: 1.2, clv12: 54.5 });
  });

  it("is not found for another shop's customer or a malformed id", async () => {
    const stranger = db.select().from(customers).where(eq(customers.shopId, otherShop.id)).get()!;
    expect((await detail(owner, stranger.id)).status).toBe(404);
    expect((await detail(owner, Number.NaN)).status).toBe(404);
  });
});

describe("the care flag", () => {
  it("lets staff flag a customer with a reason and a note, auditing the change but never the note", async () => {
    const response = await act(staff, ada.id, {
      intent: "care",
      reason: "bereavement",
      note: "Her husband died in March",
    });
    expect(response.status).toBe(200);
    expect(customer(ada.id)).toMatchObject({
      needsCare: true,
      careReason: "bereavement",
      careNote: "Her husband died in March",
    });
    const entries = auditFor(ada.id);
    expect(entries.map((e) => e.action)).toEqual(["customer.care_flagged"]);
    expect(entries[0].detail).toEqual({ reason: "bereavement", noteChanged: true });
    expect(JSON.stringify(entries)).not.toContain("husband");
  });

  it("refuses a flag without a valid reason", async () => {
    const response = await act(owner, minor.id, { intent: "care", reason: "gossip", note: "" });
    expect(response.status).toBe(400);
    expect((await response.json()).errors.reason).toMatch(/Choose why/);
    expect(customer(minor.id).needsCare).toBe(false);
  });

  it("lets only an owner clear the flag, and only after confirming", async () => {
    expect((await act(staff, ada.id, { intent: "clear-care", confirm: "yes" })).status).toBe(403);
    const unconfirmed = await act(owner, ada.id, { intent: "clear-care" });
    expect(unconfirmed.status).toBe(400);
    expect(customer(ada.id).needsCare).toBe(true);
    expect((await act(owner, ada.id, { intent: "clear-care", confirm: "yes" })).status).toBe(200);
    expect(customer(ada.id)).toMatchObject({ needsCare: false, careReason: null, careNote: null });
    expect(auditFor(ada.id).map((e) => [e.action, e.actor])).toEqual([
      ["customer.care_flagged", expect.stringMatching(/^user:/)],
      ["customer.care_cleared", `user:${ownerId}`],
    ]);
  });
});

describe("an owner's consent change", () => {
  it("needs a reason, and proof before consent is recorded", async () => {
    const noReason = await act(owner, unknownAge.id, { intent: "consent", consent: "granted", proof: "yes" });
    expect(noReason.status).toBe(400);
    expect((await noReason.json()).errors.consentReason).toBeDefined();
    const noProof = await act(owner, unknownAge.id, {
      intent: "consent",
      consent: "granted",
      consentReason: "asked in shop",
    });
    expect(noProof.status).toBe(400);
    expect((await noProof.json()).errors.proof).toMatch(/proof|show/);
    expect(customer(unknownAge.id).marketingConsent).toBe(false);
  });

  it("lets staff record a withdrawal but not consent", async () => {
    const grant = await act(staff, unknownAge.id, {
      intent: "consent",
      consent: "granted",
      consentReason: "asked in shop",
      proof: "yes",
    });
    expect(grant.status).toBe(403);
    const withdraw = await act(staff, stale.id, {
      intent: "consent",
      consent: "withdrawn",
      consentReason: "phoned us",
    });
    expect(withdraw.status).toBe(200);
    expect(customer(stale.id)).toMatchObject({ marketingConsent: false, consentSource: "owner" });
  });

  it("adds to the history instead of overwriting it, updates the current consent and audits the reason", async () => {
    db.insert(consentEvents)
      .values({
        shopId: shop.id,
        customerId: unknownAge.id,
        consent: false,
        source: "import:customers.csv",
        at: new Date("2025-03-01T00:00:00Z"),
      })
      .run();
    const response = await act(owner, unknownAge.id, {
      intent: "consent",
      consent: "granted",
      consentReason: "signed the paper form in shop",
      proof: "yes",
    });
    expect(response.status).toBe(200);
    expect(customer(unknownAge.id)).toMatchObject({ marketingConsent: true, consentSource: "owner" });
    const { consentHistory } = await (await detail(owner, unknownAge.id)).json();
    expect(consentHistory.map((e: { consent: boolean; source: string }) => [e.consent, e.source])).toEqual([
      [true, "owner"],
      [false, "import:customers.csv"],
    ]);
    const [entry] = auditFor(unknownAge.id).filter((e) => e.action === "customer.consent_granted");
    expect(entry).toMatchObject({
      actor: `user:${ownerId}`,
      detail: { source: "owner", reason: "signed the paper form in shop" },
    });
  });
});

describe("correcting a birthdate", () => {
  it("lets staff record a birthdate that protects, but not make a minor older", async () => {
    const older = await act(staff, minor.id, {
      intent: "birthdate",
      birthdate: yearsAgo(30),
      birthdateReason: "saw their passport",
    });
    expect(older.status).toBe(403);
    expect(customer(minor.id).birthdate).toBe(yearsAgo(15));

    const younger = await act(staff, stale.id, {
      intent: "birthdate",
      birthdate: yearsAgo(16),
      birthdateReason: "their parent phoned",
    });
    expect(younger.status).toBe(200);
    expect(customer(stale.id).birthdate).toBe(yearsAgo(16));
  });

  it("lets the owner correct a minor's birthdate, with a reason, and audits it without the date", async () => {
    const noReason = await act(owner, minor.id, { intent: "birthdate", birthdate: yearsAgo(30) });
    expect(noReason.status).toBe(400);
    expect((await noReason.json()).errors.birthdateReason).toBeDefined();
    const impossible = await act(owner, minor.id, {
      intent: "birthdate",
      birthdate: "2001-02-30",
      birthdateReason: "saw their passport",
    });
    expect(impossible.status).toBe(400);
    expect((await impossible.json()).errors.birthdate).toBeDefined();

    const response = await act(owner, minor.id, {
      intent: "birthdate",
      birthdate: yearsAgo(30),
      birthdateReason: "saw their passport",
    });
    expect(response.status).toBe(200);
    expect(customer(minor.id).birthdate).toBe(yearsAgo(30));
    const [entry] = auditFor(minor.id).filter((e) => e.action === "customer.birthdate_corrected");
    expect(entry).toMatchObject({
      actor: `user:${ownerId}`,
      detail: { reason: "saw their passport", before: "under 18", after: expect.not.stringMatching(/under/) },
    });
    expect(JSON.stringify(entry.detail)).not.toContain(yearsAgo(30));
    const page = await (await renderPage(`/app/customers/${minor.id}`, owner)).text();
    expect(page).toContain("Correct their birthdate");
  });
});

describe("a suppression the system made", () => {
  const suppress = (c: { id: number; email: string }, reason: "bounced" | "unsubscribed") =>
    suppressEmail(db, {
      shopId: shop.id,
      email: c.email,
      reason,
      source: reason === "bounced" ? "smtp rejection" : "one-click",
      actor: reason === "bounced" ? "system" : "recipient",
      subject: `customer:${c.id}`,
    });

  it("is shown, and only an owner can lift it, after confirming, with an audit entry", async () => {
    const bounced = createCustomer(db, shop.id, { email: "bounced@mail.example" });
    suppress(bounced, "bounced");
    const page = await (await detail(owner, bounced.id)).json();
    expect(page.suppression).toMatchObject({ reason: "bounced", source: "smtp rejection", liftable: true });

    expect((await act(staff, bounced.id, { intent: "lift-suppression", confirm: "yes" })).status).toBe(403);
    expect((await act(owner, bounced.id, { intent: "lift-suppression" })).status).toBe(400);
    expect(isSuppressed(db, shop.id, bounced.email)).toBe(true);

    expect((await act(owner, bounced.id, { intent: "lift-suppression", confirm: "yes" })).status).toBe(200);
    expect(isSuppressed(db, shop.id, bounced.email)).toBe(false);
    expect((await (await detail(owner, bounced.id)).json()).suppression).toBeNull();
    expect(auditFor(bounced.id).map((e) => [e.action, e.actor, e.detail])).toEqual([
      ["suppression.bounced", "system", { source: "smtp rejection" }],
      ["suppression.lifted", `user:${ownerId}`, { reason: "bounced", source: "smtp rejection" }],
    ]);
  });

  it("cannot lift the customer's own unsubscribe: only they can undo it", async () => {
    const leaver = createCustomer(db, shop.id, { email: "leaver@mail.example" });
    suppress(leaver, "unsubscribed");
    const page = await (await detail(owner, leaver.id)).json();
    expect(page.suppression).toMatchObject({ reason: "unsubscribed", liftable: false });
    expect((await act(owner, leaver.id, { intent: "lift-suppression", confirm: "yes" })).status).toBe(400);
    expect(isSuppressed(db, shop.id, leaver.email)).toBe(true);
  });
});
