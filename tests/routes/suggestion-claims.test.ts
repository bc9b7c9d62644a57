import type { LoaderFunctionArgs } from "@remix-run/node";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { campaigns, customers, exclusions, messages, orderLines, orders } from "../../db/schema";
import { seedShop } from "../../db/seed/demo";
import { createOrder, createUser } from "../../db/seed/factories";
import { draftCampaign } from "../../jobs/drafting/draft-campaign";
import { campaignChecks } from "../../jobs/checks/campaign-checks";
import { needsAcknowledgement } from "../../jobs/checks/findings";
import { suggestCampaigns } from "../../jobs/suggestions/suggest";
import { producer } from "~/queue.server";
import { loader } from "~/routes/app.campaigns.$campaignId";
import { testDb } from "../setup/db";
import { getRequest, loginCookie, responseOf } from "../setup/requests";

const db = testDb();
const now = new Date();
const yesterday = new Date(now.getTime() - 86_400_000);
const { shopId } = seedShop(db, {
  slug: "claims-shop",
  name: "Claims Shop",
  seed: 23,
  customers: 600,
  ordersTarget: 6000,
  today: now,
});

// Forty of the shop's most frequent customers, who consented to marketing,
// order again yesterday: whatever their rhythm, they are not running low.
const orderedYesterday = db
  .select({ id: customers.id, orders: sql<number>`count(${orders.id})` })
  .from(customers)
  .innerJoin(orders, eq(orders.customerId, customers.id))
  .where(and(eq(customers.shopId, shopId), eq(customers.marketingConsent, true)))
  .groupBy(customers.id)
  .orderBy(desc(sql`count(${orders.id})`), customers.id)
  .limit(40)
  .all()
  .map((c) => c.id);
for (const customerId of orderedYesterday) {
  const last = db
    .select({ productId: orderLines.productId })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(eq(orders.customerId, customerId))
    .orderBy(desc(orders.orderedAt))
    .get()!;
  createOrder(db, shopId, {
    customerId,
    orderedAt: yesterday,
    lines: [{ productId: last.productId }],
    externalId: `yesterday-${customerId}`,
  });
}

let owner: Record<string, string>;
beforeAll(async () => {
  await createUser(db, shopId, { email: "owner@claims.example" });
  owner = await loginCookie("owner@claims.example");
});
afterAll(async () => {
  await producer.queue.obliterate({ force: true });
  await producer.close();
});

type RouteFunction = (args: LoaderFunctionArgs) => Promise<unknown>;
const page = async (campaignId: number, query = "") =>
  (
    await responseOf(() =>
      (loader as RouteFunction)({
        request: getRequest(`/app/campaigns/${campaignId}${query}`, owner),
        params: { campaignId: String(campaignId) },
        context: {},
      }),
    )
  ).json();

describe("a suggestion's copy is true for each recipient", () => {
  let replenish: number;

  beforeAll(() => {
    const created = suggestCampaigns(db, { shopId, publicUrl: "http://tactful.test", now });
    replenish = created.find(
      (id) => db.select().from(campaigns).where(eq(campaigns.id, id)).get()!.suggestion!.kind === "replenish",
    )!;
    expect(replenish).toBeDefined();
  });

  it("leaves out of “Running low” everyone who ordered yesterday, saying so", () => {
    const recipients = db
      .select({ customerId: messages.customerId })
      .from(messages)
      .where(and(eq(messages.campaignId, replenish), inArray(messages.customerId, orderedYesterday)))
      .all();
    expect(recipients).toEqual([]);
    const leftOut = db
      .select({ reason: exclusions.reason, detail: exclusions.detail })
      .from(exclusions)
      .where(and(eq(exclusions.campaignId, replenish), eq(exclusions.reason, "not_due")))
      .all();
    const yesterdays = leftOut.filter((e) => e.detail === "ordered yesterday: not running low");
    expect(yesterdays.length).toBeGreaterThanOrEqual(10);
    // Everyone else left out for the claim is not due by their own rhythm, in words.
    for (const e of leftOut)
      expect(e.detail).toMatch(/^(ordered .+: not running low|(was )?due around .+|no reorder rhythm .+)$/);
  });

  it("stores with each draft the fact the claim rests on, first, so the email and the why-page say it", () => {
    const drafts = db.select().from(messages).where(eq(messages.campaignId, replenish)).all();
    expect(drafts.length).toBeGreaterThan(0);
    for (const d of drafts) {
      expect(d.reasons[0]).toMatchObject({
        code: "claim",
        text: expect.stringMatching(/^You last bought .+ on \d+ \w+, .+ so you are due around \d+ \w+\.$/),
      });
      expect(d.text).toContain(d.reasons[0].text);
    }
  });

  it("does not warn that the due are selected more than others: that is what the reminder is for", () => {
    const { findings, rates } = campaignChecks(db, { shopId, campaignId: replenish })!;
    expect(rates.age.length + rates.country.length).toBeGreaterThan(2);
    expect(findings.filter((f) => f.kind === "fairness" && needsAcknowledgement(f))).toEqual([]);
  });

  it("shows on the review page each recipient's due date and last purchase, and why others are left out", async () => {
    const people = await page(replenish);
    expect(people.recipients.length).toBeGreaterThan(0);
    for (const r of people.recipients) {
      expect(r.fact).toMatch(/^You last bought .+ so you are due around/);
      expect(r.mainReason).not.toBe(r.fact);
    }
    // One of those who ordered yesterday and would otherwise have been emailed.
    const { customerId } = db
      .select({ customerId: exclusions.customerId })
      .from(exclusions)
      .where(
        and(
          eq(exclusions.campaignId, replenish),
          inArray(exclusions.customerId, orderedYesterday),
          eq(exclusions.detail, "ordered yesterday: not running low"),
        ),
      )
      .get()!;
    const email = db.select().from(customers).where(eq(customers.id, customerId)).get()!.email;
    const found = await page(replenish, `?q=${encodeURIComponent(email)}&list=out`);
    expect(found.excluded).toEqual([
      expect.objectContaining({ reason: "not_due", detail: "ordered yesterday: not running low" }),
    ]);
  });
});

describe("a win-back is sent only to those it is true of", () => {
  it("leaves out everyone on their usual interval, and tells the others when they last ordered", () => {
    const winBack = db
      .insert(campaigns)
      .values({
        shopId,
        name: "We miss you",
        subject: "It has been a while",
        body: "Hello,\n\nWe have not seen you for a while. {{ reason }}",
        audienceRules: {
          match: "all",
          groups: [{ match: "all", rules: [{ kind: "orders", op: "gte", value: 2 }] }],
        },
        suggestion: { kind: "win_back", rationale: "A test.", status: "pending" },
        status: "drafting",
        progressStage: "queued",
      })
      .returning()
      .get().id;
    expect(draftCampaign(db, { shopId, campaignId: winBack, publicUrl: "http://tactful.test", now })).toBe(
      "drafted",
    );
    const history = new Map(
      db
        .select({
          customerId: orders.customerId,
          n: sql<number>`count(*)`,
          first: sql<number>`min(${orders.orderedAt})`,
          last: sql<number>`max(${orders.orderedAt})`,
        })
        .from(orders)
        .where(eq(orders.shopId, shopId))
        .groupBy(orders.customerId)
        .all()
        .map((h) => [h.customerId, h]),
    );
    const drafts = db.select().from(messages).where(eq(messages.campaignId, winBack)).all();
    expect(drafts.length).toBeGreaterThan(0);
    for (const d of drafts) {
      const h = history.get(d.customerId)!;
      const usual = (h.last - h.first) / (h.n - 1);
      const quiet = now.getTime() - h.last;
      // Counted in calendar days, so up to a day more than the hours between.
      expect(quiet + 86_400_000).toBeGreaterThanOrEqual(Math.max(2 * usual, 60 * 86_400_000));
      expect(d.reasons[0]).toMatchObject({
        code: "claim",
        text: expect.stringMatching(/^Your last order was on /),
      });
    }
    const leftOut = db
      .select({ customerId: exclusions.customerId, detail: exclusions.detail })
      .from(exclusions)
      .where(and(eq(exclusions.campaignId, winBack), eq(exclusions.reason, "not_lapsed")))
      .all();
    const yesterdays = leftOut.filter((e) => orderedYesterday.includes(e.customerId));
    expect(yesterdays.length).toBeGreaterThanOrEqual(10);
    for (const e of yesterdays)
      expect(e.detail).toMatch(
        /^last order (today|yesterday), and they usually order about every .+: not “a while” for them$/,
      );
  });
});
