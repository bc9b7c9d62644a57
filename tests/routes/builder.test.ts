import type { LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { auditLog, campaigns } from "../../db/schema";
import {
  createCategory,
  createCustomer,
  createOrder,
  createProduct,
  createShop,
  createUser,
} from "../../db/seed/factories";
import { loader as countLoader } from "~/routes/app.audience-count";
import { action as reviewAction } from "~/routes/app.campaigns.$campaignId";
import { action as editAction, loader as editLoader } from "~/routes/app.campaigns.$campaignId_.edit";
import { loader as listLoader } from "~/routes/app.campaigns._index";
import { action as newAction } from "~/routes/app.campaigns.new";
import { action as previewAction } from "~/routes/app.preview";
import { producer } from "~/queue.server";
import { campaignInReview } from "../setup/campaigns";
import { testDb } from "../setup/db";
import { formRequest, getRequest, loginCookie, responseOf } from "../setup/requests";

const db = testDb();
const shop = createShop(db, { name: "Bean & Leaf" });
const other = createShop(db);
const coffee = createCategory(db, shop.id, { name: "Coffee" });
const beans = createProduct(db, shop.id, { name: "House Blend", categoryId: coffee.id, priceCents: 850 });
const foreignCategory = createCategory(db, other.id);
const ada = createCustomer(db, shop.id, { firstName: "Ada", country: "GB" });
createOrder(db, shop.id, {
  customerId: ada.id,
  orderedAt: new Date(Date.now() - 20 * 86_400_000),
  lines: [{ productId: beans.id }],
});
// Never agreed (no consent time): not someone who withdrew, so still scored beside Ada.
const noConsent = createCustomer(db, shop.id, {
  firstName: "Bo",
  country: "IE",
  marketingConsent: false,
  consentAt: null,
});
createOrder(db, shop.id, {
  customerId: noConsent.id,
  orderedAt: new Date(),
  lines: [{ productId: beans.id }],
});
createCustomer(db, shop.id, { firstName: "Cy", country: "IE" });
const foreignCustomer = createCustomer(db, other.id);
let owner: Record<string, string>;

beforeAll(async () => {
  await createUser(db, shop.id, { email: "owner@builder.example", role: "owner" });
  owner = await loginCookie("owner@builder.example");
});
afterAll(async () => {
  await producer.queue.obliterate({ force: true });
  await producer.close();
});

const boughtCoffee = {
  match: "all",
  groups: [{ match: "all", rules: [{ kind: "bought", negate: false, target: "category", id: coffee.id }] }],
};
const form = (overrides: Record<string, string> = {}) => ({
  name: "Autumn",
  subject: "Hi {{ customer.first_name }}",
  subject2: "Hello {{ customer.first_name }}",
  subject3: "",
  preheader: "{{ reason }}",
  body: "Hello {{ customer.first_name }},\n\n{% if last_purchase %}How is the {{ last_purchase.name }}?{% endif %}",
  audience: JSON.stringify(boughtCoffee),
  featuredCategoryId: String(coffee.id),
  audienceLimit: "",
  ...overrides,
});
const row = (id: number) => db.select().from(campaigns).where(eq(campaigns.id, id)).get()!;
const idFrom = (response: Response) => Number(response.headers.get("Location")!.split("/")[3]);
type RouteFunction = (args: LoaderFunctionArgs) => Promise<unknown>;
const call = (fn: RouteFunction, request: Request, params: Record<string, string> = {}) =>
  responseOf(() => fn({ request, params, context: {} }));

describe("live count and preview", () => {
  const count = async (query: Record<string, string>) =>
    call(countLoader, getRequest(`/app/audience-count?${new URLSearchParams(query)}`, owner));

  it("counts who the rules match and who the policy leaves out, by reason", async () => {
    const all = await (await count({ audience: "" })).json();
    expect(all.count).toEqual({
      customers: 3,
      matching: 3,
      eligible: 1,
      excluded: [
        { reason: "no_consent", n: 1 },
        { reason: "no_orders", n: 1 },
      ],
    });
    const coffeeBuyers = await (await count({ audience: JSON.stringify(boughtCoffee) })).json();
    expect(coffeeBuyers.count).toMatchObject({
      matching: 2,
      eligible: 1,
      excluded: [{ reason: "no_consent", n: 1 }],
    });
  });

  it("asks to finish an incomplete rule, and refuses another shop's category", async () => {
    const response = await count({ audience: JSON.stringify({ match: "all", groups: [] }) });
    expect(response.status).toBe(400);
    expect((await count({ audience: "", featuredCategoryId: String(foreignCategory.id) })).status).toBe(404);
  });

  it("previews unsaved content as a customer, with their reason, last purchase and the featured products", async () => {
    const response = await call(
      previewAction,
      formRequest("/app/preview", { ...form(), customerId: String(ada.id), variant: "1" }, owner),
    );
    const { preview } = await response.json();
    expect(preview.subject).toBe("Hello Ada");
    expect(preview.html).toContain("How is the House Blend?");
    expect(preview.html).toContain("£8.50");
    // The preheader is the customer's own main reason, as drafting would write it.
    expect(preview.html).toMatch(/display:none[^>]*>You ordered from us in \w+ \d{4}\.</);
  });

  it("shows a template error at its place, and never previews another shop's customer", async () => {
    const broken = await call(
      previewAction,
      formRequest(
        "/app/preview",
        { ...form({ body: "Hi\n{{ custmer }}" }), customerId: String(ada.id) },
        owner,
      ),
    );
    expect(broken.status).toBe(400);
    expect((await broken.json()).error).toMatch(/^email text, line 2: .*custmer/);
    const foreign = await call(
      previewAction,
      formRequest("/app/preview", { ...form(), customerId: String(foreignCustomer.id) }, owner),
    );
    expect(foreign.status).toBe(404);
  });

  it("words a template error as the owner typed it, without escape characters, and names its field", async () => {
    const body = 'Hi {{ customer.first_name | default: "there"\n\nSee you';
    const preview = await call(
      previewAction,
      formRequest("/app/preview", { ...form({ body }), customerId: String(ada.id) }, owner),
    );
    const shown = await preview.json();
    expect(shown.field).toBe("body");
    expect(shown.error).toMatch(
      /^email text, line 1: “\{\{ customer\.first_name .*” is missing its closing \}\}$/,
    );
    const saved = await call(newAction, formRequest("/app/campaigns/new", form({ body }), owner));
    const { errors } = await saved.json();
    expect(errors.body).toMatch(/^Line 1: “\{\{ customer/);
    for (const message of [shown.error, errors.body]) expect(message).not.toMatch(/\\|&quot;|&amp;/);
  });
});

describe("saving a campaign", () => {
  it("stores subject lines, preheader and audience rules, and queues drafting", async () => {
    const response = await call(newAction, formRequest("/app/campaigns/new", form(), owner));
    expect(response.status).toBe(302);
    expect(row(idFrom(response))).toMatchObject({
      status: "drafting",
      subjectVariants: ["Hello {{ customer.first_name }}"],
      preheader: "{{ reason }}",
      audienceRules: boughtCoffee,
      featuredCategoryId: coffee.id,
    });
    expect(auditedActions(idFrom(response))).toEqual([expect.stringMatching(/^campaign\.created by user:/)]);
  });

  it.each([
    [
      "an unfinished rule",
      {
        audience: JSON.stringify({
          match: "all",
          groups: [{ match: "all", rules: [{ kind: "bought", negate: false, target: "product", id: 0 }] }],
        }),
      },
      "audience",
      /Pick a product or category/,
    ],
    ["unreadable rules", { audience: "{not json" }, "audience", /could not be read/],
    [
      "a template error in the third subject line",
      { subject2: "", subject3: "Hi {{ custmer }}" },
      "subject3",
      /^Line 1: .*custmer/,
    ],
    ["a template error in the preheader", { preheader: "{% if %}" }, "preheader", /^Line 1/],
    ["a missing subject", { subject: "" }, "subject", /Write a subject line/],
  ])(
    "refuses %s with a field error, keeps what was typed and saves nothing",
    async (_label, overrides, field, message) => {
      const before = db.select().from(campaigns).all().length;
      const fields = form(overrides);
      const response = await call(newAction, formRequest("/app/campaigns/new", fields, owner));
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.errors[field]).toMatch(message);
      expect(body.values).toEqual({
        ...fields,
        windowMode: "",
        windowStart: "",
        windowEnd: "",
        windowDays: "",
      });
      expect(db.select().from(campaigns).all()).toHaveLength(before);
    },
  );

  it("refuses another shop's category in a rule", async () => {
    const audience = JSON.stringify({
      match: "all",
      groups: [
        {
          match: "all",
          rules: [{ kind: "bought", negate: false, target: "category", id: foreignCategory.id }],
        },
      ],
    });
    const response = await call(newAction, formRequest("/app/campaigns/new", form({ audience }), owner));
    expect(response.status).toBe(404);
  });
});

const auditedActions = (campaignId: number) =>
  db
    .select({ action: auditLog.action, actor: auditLog.actor })
    .from(auditLog)
    .where(eq(auditLog.subject, `campaign:${campaignId}`))
    .all()
    .map((e) => `${e.action} by ${e.actor}`);

describe("editing, duplicating and archiving", () => {
  it("edits a campaign in review and drafts it again", async () => {
    const { campaign } = campaignInReview(db, shop.id);
    const params = { campaignId: String(campaign.id) };
    const page = await (await call(editLoader, getRequest("/", owner), params)).json();
    expect(page.values).toMatchObject({ name: "Autumn roast", subject: "Hello", audience: null });
    const response = await call(editAction, formRequest("/", form({ name: "Autumn, again" }), owner), params);
    expect(response.status).toBe(302);
    expect(row(campaign.id)).toMatchObject({
      name: "Autumn, again",
      status: "drafting",
      audienceRules: boughtCoffee,
    });
    expect(auditedActions(campaign.id)).toEqual([expect.stringMatching(/^campaign\.edited by user:\d+$/)]);
  });

  it("never changes an approved campaign", async () => {
    const { campaign } = campaignInReview(db, shop.id);
    db.update(campaigns).set({ status: "approved" }).where(eq(campaigns.id, campaign.id)).run();
    const params = { campaignId: String(campaign.id) };
    const page = await call(editLoader, getRequest("/", owner), params);
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toBe(`/app/campaigns/${campaign.id}`);
    const response = await call(editAction, formRequest("/", form({ name: "Changed" }), owner), params);
    expect(response.status).toBe(409);
    expect(row(campaign.id)).toMatchObject({ name: "Autumn roast", status: "approved" });
    expect(auditedActions(campaign.id)).toEqual([]);
  });

  it("duplicates a campaign into a new draft with the same content", async () => {
    const { campaign } = campaignInReview(db, shop.id);
    db.update(campaigns)
      .set({ subjectVariants: ["B"], preheader: "P", audienceRules: boughtCoffee, audienceLimit: 10 })
      .where(eq(campaigns.id, campaign.id))
      .run();
    const response = await call(reviewAction, formRequest("/", { intent: "duplicate" }, owner), {
      campaignId: String(campaign.id),
    });
    expect(response.status).toBe(302);
    const copyId = Number(response.headers.get("Location")!.match(/campaigns\/(\d+)\/edit$/)![1]);
    expect(row(copyId)).toMatchObject({
      name: "Copy of Autumn roast",
      status: "draft",
      subject: "Hello",
      subjectVariants: ["B"],
      preheader: "P",
      audienceRules: boughtCoffee,
      audienceLimit: 10,
      approvedAt: null,
      acknowledgedWarnings: [],
    });
    expect(auditedActions(copyId)).toEqual([expect.stringMatching(/^campaign\.duplicated by user:/)]);
  });

  it("archives after confirmation, hides it from the list, and restores it", async () => {
    const { campaign } = campaignInReview(db, shop.id);
    const params = { campaignId: String(campaign.id) };
    const archived = await call(reviewAction, formRequest("/", { intent: "archive" }, owner), params);
    expect(archived.status).toBe(302);
    const list = await (await call(listLoader, getRequest("/app/campaigns", owner))).json();
    expect(list.campaigns.map((c: { id: number }) => c.id)).not.toContain(campaign.id);
    const archive = await (await call(listLoader, getRequest("/app/campaigns?archived=1", owner))).json();
    expect(archive.campaigns.map((c: { id: number }) => c.id)).toContain(campaign.id);
    await call(reviewAction, formRequest("/", { intent: "unarchive" }, owner), params);
    expect(row(campaign.id).archivedAt).toBeNull();
    expect(auditedActions(campaign.id).map((a) => a.split(" ")[0])).toEqual([
      "campaign.archived",
      "campaign.unarchived",
    ]);
  });

  it("does not archive a campaign a job is working on", async () => {
    const { campaign } = campaignInReview(db, shop.id);
    db.update(campaigns).set({ status: "sending" }).where(eq(campaigns.id, campaign.id)).run();
    const response = await call(reviewAction, formRequest("/", { intent: "archive" }, owner), {
      campaignId: String(campaign.id),
    });
    expect(response.status).toBe(409);
    expect(row(campaign.id).archivedAt).toBeNull();
  });
});
