import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { campaigns, customers, exclusions, messages } from "../../db/schema";
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
import { action as newAction } from "~/routes/app.campaigns.new";
import { action as previewAction } from "~/routes/app.preview";
import { producer } from "~/queue.server";
import { TEMPLATE_LIMITS } from "../../templates/liquid";
import { testDb } from "../setup/db";
import { formRequest, loginCookie, responseOf } from "../setup/requests";

// Campaign text is Liquid written by anyone who signs up. liquidjs's default
// file system reads from the working directory, where a real server keeps
// .data/session-secret: the server's own secret stands here, in a directory
// the tests run from.
const home = mkdtempSync(join(tmpdir(), "tactful-sandbox-"));
mkdirSync(join(home, ".data"));
const SECRET = `session-secret-${Math.random().toString(36).slice(2)}`;
writeFileSync(join(home, ".data", "session-secret"), SECRET);
writeFileSync(join(home, "x"), `{{ content_for_layout }} ${SECRET}`);
const cwd = process.cwd();

const db = testDb();
const now = new Date();
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const shop = createShop(db, { name: "Bean & Leaf" });
const coffee = createCategory(db, shop.id, { name: "Coffee" });
const beans = createProduct(db, shop.id, { name: "House Blend", categoryId: coffee.id });
const ada = createCustomer(db, shop.id, { firstName: "Ada" });
createOrder(db, shop.id, { customerId: ada.id, orderedAt: daysAgo(20), lines: [{ productId: beans.id }] });
let owner: Record<string, string>;

beforeAll(async () => {
  await createUser(db, shop.id, { email: "owner@sandbox.example", role: "owner" });
  owner = await loginCookie("owner@sandbox.example");
  process.chdir(home);
});
afterAll(async () => {
  process.chdir(cwd);
  await producer.queue.obliterate({ force: true });
  await producer.close();
});

type RouteFunction = (args: LoaderFunctionArgs) => Promise<unknown>;
const call = (fn: RouteFunction, request: Request) =>
  responseOf(() => fn({ request, params: {}, context: {} }));
const form = (body: string) => ({
  name: "Autumn",
  subject: "Hi {{ customer.first_name }}",
  subject2: "",
  subject3: "",
  preheader: "",
  body,
  audience: "",
  featuredCategoryId: String(coffee.id),
  audienceLimit: "",
});
const preview = (body: string) =>
  call(previewAction, formRequest("/app/preview", { ...form(body), customerId: String(ada.id) }, owner));
const save = (body: string) => call(newAction, formRequest("/app/campaigns/new", form(body), owner));
const campaignCount = () => db.select().from(campaigns).all().length;

const FILE_TAGS: [string, string, RegExp][] = [
  ["include", "Hello,\n\n{% include '.data/session-secret' %}", /^include is not available/],
  ["render", "Hello,\n\n{% render '/etc/passwd' %}", /^render is not available/],
  ["layout", "Hello,\n\n{% layout 'x' %}", /^layout is not available/],
];
const HUGE_LOOP = "Hello,\n\n{% for i in (1..100000000) %}{{ i }}{% endfor %}";
const LONG_LOOP =
  "Hello,\n\n{% for a in (1..900) %}{% for b in (1..1000) %}{% if a == 0 %}{% endif %}{% endfor %}{% endfor %}";

describe("campaign Liquid reads no file", () => {
  it.each(FILE_TAGS)("the preview refuses {%% %s %%} with a template error", async (_tag, body, message) => {
    const response = await preview(body);
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("root:");
    const { error, preview: shown } = JSON.parse(text);
    expect(shown).toBeNull();
    expect(error).toMatch(/^email text, line 3: /);
    expect(error.replace(/^email text, line 3: /, "")).toMatch(message);
  });

  it.each(FILE_TAGS)(
    "saving refuses {%% %s %%} at the field and stores nothing",
    async (_tag, body, message) => {
      const before = campaignCount();
      const response = await save(body);
      const text = await response.text();
      expect(response.status).toBe(400);
      expect(text).not.toContain(SECRET);
      expect(JSON.parse(text).errors.body).toMatch(new RegExp(`^Line 3: ${message.source.slice(1)}`));
      expect(campaignCount()).toBe(before);
    },
  );

  it("refuses it in a subject line too, and in a name read from a variable", async () => {
    const response = await call(
      previewAction,
      formRequest(
        "/app/preview",
        { ...form("Hello"), subject: "{% include reason %}", customerId: String(ada.id) },
        owner,
      ),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/^subject line, line 1: include is not available/);
  });
});

describe("a template that would run away", () => {
  it.each([
    ["a loop over a huge range", HUGE_LOOP, /too much text or too long a list/],
    ["loops that take too long", LONG_LOOP, /takes too long to fill in/],
  ])("is refused at preview with a template error: %s", async (_label, body, message) => {
    const response = await preview(body);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(new RegExp(`^email text, line 3: .*${message.source}`));
  });

  it.each([
    ["a loop over a huge range", HUGE_LOOP, /too much text or too long a list/],
    ["loops that take too long", LONG_LOOP, /takes too long to fill in/],
  ])("is refused when saved, and nothing is stored: %s", async (_label, body, message) => {
    const before = campaignCount();
    const response = await save(body);
    expect(response.status).toBe(400);
    expect((await response.json()).errors.body).toMatch(new RegExp(`^Line 3: .*${message.source}`));
    expect(campaignCount()).toBe(before);
  });
});

describe("drafting a stored campaign whose template is unsafe", () => {
  // Campaigns saved before the sandbox existed, or written by any other path,
  // still meet the same engine when they are drafted.
  function drafting(body: string, shopId = shop.id, categoryId = coffee.id) {
    const c = db
      .insert(campaigns)
      .values({ shopId, name: "Stored", subject: "Hi", body, featuredCategoryId: categoryId })
      .returning()
      .get();
    startDrafting(db, { shopId, campaignId: c.id });
    const outcome = draftCampaign(db, { shopId, campaignId: c.id, publicUrl: "http://tactful.test", now });
    const row = db.select().from(campaigns).where(eq(campaigns.id, c.id)).get()!;
    const drafts = db.select().from(messages).where(eq(messages.campaignId, c.id)).all();
    const left = db.select().from(exclusions).where(eq(exclusions.campaignId, c.id)).all();
    return { outcome, row, drafts, left };
  }

  it.each([
    ...FILE_TAGS.map(([tag, body, message]) => [tag, body, message] as const),
    ["a huge range", HUGE_LOOP, /too much text or too long a list/] as const,
    ["a long loop", LONG_LOOP, /takes too long to fill in/] as const,
  ])("fails the campaign with a clear template error and writes nothing: %s", (_label, body, message) => {
    const { outcome, row, drafts, left } = drafting(body);
    expect(outcome).toBe("failed");
    expect(row.status).toBe("failed");
    expect(row.lastError).toMatch(
      new RegExp(`^Template error in body, line 3: .*${message.source.replace(/^\^/, "")}`),
    );
    expect(row.lastError).not.toContain(SECRET);
    expect(drafts).toEqual([]);
    expect(left).toEqual([]);
  });

  it("fails on the recipient that hits a limit, after a first batch of drafts, and keeps none of them", () => {
    const other = createShop(db, { name: "Long Names" });
    const tea = createCategory(db, other.id, { name: "Tea" });
    const sencha = createProduct(db, other.id, { name: "Sencha", categoryId: tea.id });
    // One more recipient than a batch of drafts holds.
    for (let i = 0; i < 501; i++) {
      const c = createCustomer(db, other.id, { firstName: "" });
      createOrder(db, other.id, {
        customerId: c.id,
        orderedAt: daysAgo(10 + (i % 30)),
        lines: [{ productId: sencha.id }],
      });
    }
    const fine = drafting("Hello {{ customer.first_name }}", other.id, tea.id);
    expect(fine.drafts).toHaveLength(501);
    const last = fine.drafts.reduce((a, b) => (a.rank > b.rank ? a : b));
    db.update(customers).set({ firstName: "Bartholomew" }).where(eq(customers.id, last.customerId)).run();
    // The examples checked at save time ("Ada", and no name) build a list well
    // within the memory limit; an eleven-letter name does not.
    const per = Math.floor(TEMPLATE_LIMITS.memory / 10);
    const body = `Hello\n{% assign n = customer.first_name.size | times: ${per} %}{% assign r = (1..n) %}{{ r.size }}`;

    const { outcome, row, drafts, left } = drafting(body, other.id, tea.id);
    expect(outcome).toBe("failed");
    expect(row.status).toBe("failed");
    expect(row.lastError).toMatch(/^Template error in body, line 2: This template would build too much text/);
    expect(drafts).toEqual([]);
    expect(left).toEqual([]);
  });
});
