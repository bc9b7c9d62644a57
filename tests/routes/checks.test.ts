import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { campaigns, messages } from "../../db/schema";
import {
  createCategory,
  createCustomer,
  createOrder,
  createProduct,
  createShop,
  createUser,
} from "../../db/seed/factories";
import { draftCampaign } from "../../jobs/drafting/draft-campaign";
import { removeRecipient, startDrafting } from "../../jobs/state";
import { describeAudience } from "~/models/checks.server";
import { producer } from "~/queue.server";
import { action as reviewAction, loader as reviewLoader } from "~/routes/app.campaigns.$campaignId";
import { testDb } from "../setup/db";
import { formRequest, getRequest, loginCookie, responseOf } from "../setup/requests";

const db = testDb();
const now = new Date();
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const shop = createShop(db);
const coffee = createCategory(db, shop.id, { name: "Coffee" });
const tea = createCategory(db, shop.id, { name: "Tea" });
const beans = createProduct(db, shop.id, { name: "House Blend", categoryId: coffee.id });
const sencha = createProduct(db, shop.id, { name: "Sencha", categoryId: tea.id });

// British customers mostly buy coffee, Irish ones mostly tea.
function customers(country: string, coffeeBuyers: number, teaBuyers: number, marketingConsent = true) {
  return Array.from({ length: coffeeBuyers + teaBuyers }, (_, i) => {
    const c = createCustomer(db, shop.id, { country, marketingConsent });
    createOrder(db, shop.id, {
      customerId: c.id,
      orderedAt: daysAgo(40),
      lines: [{ productId: i < coffeeBuyers ? beans.id : sencha.id }],
    });
    return c;
  });
}
const gb = customers("GB", 25, 5);
customers("IE", 5, 25);
// Without consent: left out by the policy, so not counted as "not selected".
customers("FR", 0, 25, false);
let owner: Record<string, string>;

beforeAll(async () => {
  await createUser(db, shop.id, { email: "owner@checks.example", role: "owner" });
  owner = await loginCookie("owner@checks.example");
});
afterAll(async () => {
  await producer.queue.obliterate({ force: true });
  await producer.close();
});
let coffeeLovers: number;

function sentEarlier(customerId: number, sentAt: Date) {
  const c = db
    .insert(campaigns)
    .values({ shopId: shop.id, name: "Earlier", subject: "s", body: "b", status: "sent" })
    .returning()
    .get();
  const publicId = randomBytes(18).toString("base64url");
  db.insert(messages)
    .values({
      shopId: shop.id,
      campaignId: c.id,
      customerId,
      publicId,
      status: "sent",
      sentAt,
      subject: "s",
      html: "h",
      text: "t",
      reasons: [],
      dataUsed: [],
      score: 0.5,
      rank: 1,
      messageIdHeader: `<${publicId}@test>`,
    })
    .run();
}

it("the review page notes an uneven selection the campaign's rule explains, in words with its numbers, and the pressure on recent recipients", async () => {
  for (const c of gb.slice(0, 12)) sentEarlier(c.id, daysAgo(2));
  const c = db
    .insert(campaigns)
    .values({
      shopId: shop.id,
      name: "Coffee lovers",
      subject: "New coffee",
      body: "Hello",
      audienceRules: {
        match: "all",
        groups: [
          { match: "all", rules: [{ kind: "bought", negate: false, target: "category", id: coffee.id }] },
        ],
      },
    })
    .returning()
    .get();
  coffeeLovers = c.id;
  startDrafting(db, { shopId: shop.id, campaignId: c.id });
  expect(
    draftCampaign(db, { shopId: shop.id, campaignId: c.id, publicUrl: "http://tactful.test", now }),
  ).toBe("drafted");
  const data = await (
    await reviewLoader({ params: { campaignId: String(c.id) }, context: {}, request: getRequest("/", owner) })
  ).json();
  expect(data.checks!.rates.country).toEqual([
    { group: "GB", selected: 25, total: 30, rate: 25 / 30 },
    { group: "IE", selected: 5, total: 30, rate: 5 / 30 },
  ]);
  const fairness = data.checks!.findings.filter((f: { kind: string }) => f.kind === "fairness");
  expect(fairness).toHaveLength(1);
  expect(fairness[0]).toMatchObject({ id: "fairness:country:IE", severity: "note" });
  expect(fairness[0].detail).toContain(
    "People in IE are 50% of your customers but 17% of this audience: 5 of 30 selected (17%), against 25 of 30 of everyone else (83%).",
  );
  expect(fairness[0].detail).toContain("This follows from the campaign's own rule “bought Coffee”");
  expect(data.checks!.pushiness).toMatchObject({ recipients: 30, nearCap: 12, recentlyEmailed: 12 });
  expect(data.audience).toBe("bought Coffee");
  expect(data.checks!.findings.map((f: { id: string }) => f.id)).toEqual([
    "fairness:country:IE",
    "pushiness:near_cap",
    "pushiness:recent",
  ]);

  // Made once, when drafting finished, and read from the campaign after that:
  // a send since then does not change what the owner reviews and approves.
  const stored = () => db.select().from(campaigns).where(eq(campaigns.id, c.id)).get()!.checks;
  expect(stored()).toEqual(data.checks);
  sentEarlier(gb[20]!.id, daysAgo(1));
  const again = await (
    await reviewLoader({ params: { campaignId: String(c.id) }, context: {}, request: getRequest("/", owner) })
  ).json();
  expect(again.checks!.pushiness.recentlyEmailed).toBe(12);
  // Removing a recipient changes who is selected: the checks are made again.
  const someone = db.select().from(messages).where(eq(messages.campaignId, c.id)).get()!;
  removeRecipient(db, { shopId: shop.id, campaignId: c.id, messageId: someone.id, userId: 1 });
  expect(stored()).toBeNull();
  const after = await (
    await reviewLoader({ params: { campaignId: String(c.id) }, context: {}, request: getRequest("/", owner) })
  ).json();
  expect(after.checks!.pushiness.recipients).toBe(29);
  expect(stored()).toEqual(after.checks);
});

it("approves once the warnings are acknowledged, without asking to tick the note, and records only the warnings", async () => {
  const approve = (fields: [string, string][]) =>
    responseOf(() =>
      reviewAction({
        params: { campaignId: String(coffeeLovers) },
        context: {},
        request: formRequest("/", [["intent", "approve"], ["confirm", "yes"], ...fields], owner),
      }),
    );
  const none = await approve([]);
  expect(none.status).toBe(400);
  expect((await none.json()).error).toBe(
    "Fix or acknowledge each warning before approving: 2 left (many recipients reach their limit, many recipients were emailed recently).",
  );
  const approved = await approve([
    ["acknowledge", "pushiness:near_cap"],
    ["acknowledge", "pushiness:recent"],
  ]);
  expect(approved.status).toBe(200);
  const after = db.select().from(campaigns).where(eq(campaigns.id, coffeeLovers)).get()!;
  expect(after.status).toBe("approved");
  expect(after.acknowledgedWarnings.map((w) => w.id)).toEqual(["pushiness:near_cap", "pushiness:recent"]);
});

it("describes groups of audience rules in words", () => {
  expect(
    describeAudience(shop.id, {
      match: "any",
      groups: [
        {
          match: "all",
          rules: [
            { kind: "bought", negate: false, target: "product", id: beans.id },
            { kind: "country", negate: false, countries: ["GB"] },
          ],
        },
        { match: "all", rules: [{ kind: "bought", negate: true, target: "category", id: tea.id }] },
      ],
    }),
  ).toBe("(bought House Blend and live in GB) or (did not buy Tea)");
  expect(describeAudience(shop.id, null)).toBeNull();
});
