import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { campaigns, exclusions, messages, scoreRuns } from "../../db/schema";
import {
  createCategory,
  createCustomer,
  createOrder,
  createProduct,
  createShop,
} from "../../db/seed/factories";
import { draftCampaign } from "../../jobs/drafting/draft-campaign";
import { startDrafting } from "../../jobs/state";
import { testDb } from "../setup/db";

const db = testDb();
const now = new Date("2026-11-23T12:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const publicUrl = "http://tactful.test";

const shop = createShop(db, { fromEmail: "hello@roastery.example" });
const other = createShop(db);
const tea = createCategory(db, shop.id, { name: "Loose-leaf tea" });
const sencha = createProduct(db, shop.id, { name: "Sencha", categoryId: tea.id });

// Three buyers whose order counts rank them: most orders first.
const buyers = [1, 3, 2].map((orders, i) => {
  const c = createCustomer(db, shop.id, {
    firstName: i === 0 ? '<script>alert("x")</script>' : `Buyer ${i}`,
  });
  for (let n = 0; n < orders; n++) {
    createOrder(db, shop.id, {
      customerId: c.id,
      orderedAt: daysAgo(10 + n),
      lines: [{ productId: sencha.id }],
    });
  }
  return c;
});
const otherShopBuyer = createCustomer(db, other.id);
createOrder(db, other.id, {
  customerId: otherShopBuyer.id,
  orderedAt: daysAgo(3),
  lines: [{ productId: createProduct(db, other.id).id }],
});

function newCampaign(values: Partial<typeof campaigns.$inferInsert> = {}) {
  const c = db
    .insert(campaigns)
    .values({
      shopId: shop.id,
      name: "Tea",
      subject: "Tea for {{ customer.first_name }}",
      body: "Hello {{ customer.first_name }},\n\n{{ reason }}",
      featuredCategoryId: tea.id,
      ...values,
    })
    .returning()
    .get();
  startDrafting(db, { shopId: shop.id, campaignId: c.id });
  return c;
}

const campaignRow = (id: number) => db.select().from(campaigns).where(eq(campaigns.id, id)).get()!;
const draftsOf = (id: number) => db.select().from(messages).where(eq(messages.campaignId, id)).all();
const exclusionsOf = (id: number) => db.select().from(exclusions).where(eq(exclusions.campaignId, id)).all();

describe("drafting a campaign", () => {
  it("writes one ranked, escaped draft per eligible customer of this shop only", () => {
    const c = newCampaign();
    expect(draftCampaign(db, { shopId: shop.id, campaignId: c.id, publicUrl, now })).toBe("drafted");
    const drafts = draftsOf(c.id).sort((a, b) => a.rank - b.rank);
    expect(drafts.map((d) => d.customerId)).toEqual([buyers[1].id, buyers[2].id, buyers[0].id]);
    expect(drafts.every((d) => /^<[\w-]{24}@roastery\.example>$/.test(d.messageIdHeader))).toBe(true);
    const hostile = drafts.find((d) => d.customerId === buyers[0].id)!;
    expect(hostile.html).not.toContain("<script>");
    expect(hostile.text).toContain('Hello <script>alert("x")</script>,');
    expect(hostile.subject).toBe('Tea for <script>alert("x")</script>');

    const after = campaignRow(c.id);
    expect(after).toMatchObject({
      status: "review",
      progressStage: "done",
      progressDone: 3,
      progressTotal: 3,
    });
    const run = db.select().from(scoreRuns).where(eq(scoreRuns.id, after.scoreRunId!)).get()!;
    expect(run).toMatchObject({ shopId: shop.id, modelVersion: "rfm-1", customersScored: 3 });
    expect(run.params.referenceDate).toBe(now.toISOString());
  });

  it("keeps the best-scoring customers within the audience limit and says who was cut", () => {
    const c = newCampaign({ audienceLimit: 1 });
    draftCampaign(db, { shopId: shop.id, campaignId: c.id, publicUrl, now });
    expect(draftsOf(c.id).map((d) => [d.customerId, d.rank])).toEqual([[buyers[1].id, 1]]);
    expect(
      exclusionsOf(c.id)
        .map((e) => [e.customerId, e.reason])
        .sort(),
    ).toEqual(
      [
        [buyers[0].id, "audience_limit"],
        [buyers[2].id, "audience_limit"],
      ].sort(),
    );
  });

  it("starts a retried job from a clean slate", () => {
    const c = newCampaign();
    // What a crashed attempt could leave behind.
    const publicId = randomBytes(18).toString("base64url");
    db.insert(messages)
      .values({
        shopId: shop.id,
        campaignId: c.id,
        customerId: buyers[0].id,
        publicId,
        subject: "stale",
        html: "stale",
        text: "stale",
        reasons: [],
        dataUsed: [],
        score: 0,
        rank: 99,
        messageIdHeader: `<${publicId}@roastery.example>`,
      })
      .run();
    db.insert(exclusions)
      .values({
        shopId: shop.id,
        campaignId: c.id,
        customerId: buyers[1].id,
        reason: "minor",
        detail: "stale",
      })
      .run();
    draftCampaign(db, { shopId: shop.id, campaignId: c.id, publicUrl, now });
    expect(
      draftsOf(c.id)
        .map((d) => d.rank)
        .sort(),
    ).toEqual([1, 2, 3]);
    expect(draftsOf(c.id).some((d) => d.subject === "stale")).toBe(false);
    expect(exclusionsOf(c.id)).toEqual([]);
  });

  it("does nothing for a campaign that is not drafting, or not this shop's", () => {
    const c = newCampaign();
    expect(draftCampaign(db, { shopId: other.id, campaignId: c.id, publicUrl, now })).toBe("skipped");
    expect(campaignRow(c.id).status).toBe("drafting");
    draftCampaign(db, { shopId: shop.id, campaignId: c.id, publicUrl, now });
    const drafted = draftsOf(c.id).map((d) => d.publicId);
    expect(draftCampaign(db, { shopId: shop.id, campaignId: c.id, publicUrl, now })).toBe("skipped");
    expect(draftsOf(c.id).map((d) => d.publicId)).toEqual(drafted);
  });

  it("fails the campaign with the template error's field and line, writing nothing", () => {
    const c = newCampaign({ body: "Hello,\n\n{{ custmer.first_name }}" });
    expect(draftCampaign(db, { shopId: shop.id, campaignId: c.id, publicUrl, now })).toBe("failed");
    const after = campaignRow(c.id);
    expect(after.status).toBe("failed");
    expect(after.lastError).toMatch(/^Template error in body, line 3: .*custmer/);
    expect(draftsOf(c.id)).toEqual([]);
  });

  it("drafts only the customers the audience rules match, with their subject line and last purchase", () => {
    const c = newCampaign({
      subject: "A {{ customer.first_name }}",
      subjectVariants: ["B {{ customer.first_name }}"],
      body: "{% if last_purchase %}How is the {{ last_purchase.name }}?{% endif %}",
      audienceRules: {
        match: "all",
        groups: [{ match: "all", rules: [{ kind: "orders", op: "gte", value: 2 }] }],
      },
    });
    draftCampaign(db, { shopId: shop.id, campaignId: c.id, publicUrl, now });
    const drafts = draftsOf(c.id);
    expect(drafts.map((d) => d.customerId).sort()).toEqual([buyers[1].id, buyers[2].id].sort());
    for (const d of drafts) {
      expect(d.subject).toBe(
        `${"AB"[d.subjectVariant]} Buyer ${buyers.findIndex((b) => b.id === d.customerId)}`,
      );
      expect(d.text).toContain("How is the Sencha?");
      // The why-page tells each recipient the rules that chose them.
      expect(d.dataUsed).toContain(
        "This email was only for customers who placed at least 2 orders; you were one of them",
      );
    }
    // Customers outside the rules were never candidates: they are not listed as excluded.
    expect(exclusionsOf(c.id)).toEqual([]);
  });
});
