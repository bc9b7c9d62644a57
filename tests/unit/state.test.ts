import { eq } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import { auditLog, campaigns, messages } from "../../db/schema";
import { createCustomer, createShop, createUser } from "../../db/seed/factories";
import { approvalHolds, approveCampaign, startDrafting, StateError } from "../../jobs/state";
import { testDb } from "../setup/db";

const db = testDb();
const shop = createShop(db);
const other = createShop(db);

function campaignInReview(drafts: number) {
  const c = db
    .insert(campaigns)
    .values({ shopId: shop.id, name: "c", subject: "s", body: "b", status: "review" })
    .returning()
    .get();
  for (let i = 0; i < drafts; i++) {
    const customer = createCustomer(db, shop.id);
    const publicId = randomBytes(18).toString("base64url");
    db.insert(messages)
      .values({
        shopId: shop.id,
        campaignId: c.id,
        customerId: customer.id,
        publicId,
        subject: "s",
        html: "h",
        text: "t",
        reasons: [],
        dataUsed: [],
        score: 0.5,
        rank: i + 1,
        messageIdHeader: `<${publicId}@test>`,
      })
      .run();
  }
  return c;
}

describe("campaign transitions", () => {
  it("approves a reviewed campaign once, recording who, when and a hash of the content", async () => {
    const owner = await createUser(db, shop.id);
    const c = campaignInReview(3);
    const when = new Date("2026-11-23T10:00:00Z");
    const result = approveCampaign(db, { shopId: shop.id, campaignId: c.id, userId: owner.id, now: when });
    expect(result).toEqual({ approved: 3, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const after = db.select().from(campaigns).where(eq(campaigns.id, c.id)).get()!;
    expect(after).toMatchObject({
      status: "approved",
      approvedBy: owner.id,
      approvedAt: when,
      approvedHash: result.contentHash,
    });
    expect(approvalHolds(db, { shopId: shop.id, campaignId: c.id })).toBe(true);
    expect(
      db
        .select()
        .from(messages)
        .where(eq(messages.campaignId, c.id))
        .all()
        .map((m) => m.status),
    ).toEqual(["approved", "approved", "approved"]);
    const audit = db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subject, `campaign:${c.id}`))
      .all();
    expect(audit).toMatchObject([{ action: "campaign.approved", actor: `user:${owner.id}` }]);

    expect(() => approveCampaign(db, { shopId: shop.id, campaignId: c.id, userId: owner.id })).toThrow(
      StateError,
    );
  });

  it("refuses another shop's campaign and a campaign with no recipients, changing nothing", async () => {
    const owner = await createUser(db, other.id);
    const c = campaignInReview(2);
    expect(() => approveCampaign(db, { shopId: other.id, campaignId: c.id, userId: owner.id })).toThrow(
      StateError,
    );
    expect(db.select().from(campaigns).where(eq(campaigns.id, c.id)).get()!.status).toBe("review");

    const empty = campaignInReview(0);
    expect(() => approveCampaign(db, { shopId: shop.id, campaignId: empty.id, userId: owner.id })).toThrow(
      /no recipients/,
    );
    expect(db.select().from(campaigns).where(eq(campaigns.id, empty.id)).get()!.status).toBe("review");
  });

  it("re-drafting clears the earlier drafts; an approved campaign cannot be re-drafted", async () => {
    const c = campaignInReview(2);
    startDrafting(db, { shopId: shop.id, campaignId: c.id });
    expect(db.select().from(messages).where(eq(messages.campaignId, c.id)).all()).toHaveLength(0);
    expect(db.select().from(campaigns).where(eq(campaigns.id, c.id)).get()!.status).toBe("drafting");

    const approved = campaignInReview(1);
    const owner = await createUser(db, shop.id);
    approveCampaign(db, { shopId: shop.id, campaignId: approved.id, userId: owner.id });
    expect(() => startDrafting(db, { shopId: shop.id, campaignId: approved.id })).toThrow(StateError);
    expect(db.select().from(messages).where(eq(messages.campaignId, approved.id)).all()).toHaveLength(1);
  });
});
