import { and, eq } from "drizzle-orm";
import { auditLog, campaigns, messages } from "../../db/schema";
import { createShop, createUser } from "../../db/seed/factories";
import { cancelCampaign, pauseCampaign, resumeCampaign } from "../../jobs/control";
import { approvalHolds, approveCampaign, startSending, StateError, voidApproval } from "../../jobs/state";
import { sweepStuckSends } from "../../jobs/dispatch/sweep";
import { testDb } from "../setup/db";
import { campaignInReview } from "../setup/campaigns";

const db = testDb();
const shop = createShop(db);

const campaign = (id: number) => db.select().from(campaigns).where(eq(campaigns.id, id)).get()!;
const statuses = (id: number) =>
  db
    .select()
    .from(messages)
    .where(eq(messages.campaignId, id))
    .all()
    .map((m) => m.status);
const actions = (id: number) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.shopId, shop.id), eq(auditLog.subject, `campaign:${id}`)))
    .all()
    .map((a) => a.action);

async function approved() {
  const owner = await createUser(db, shop.id);
  const { campaign: c } = campaignInReview(db, shop.id);
  const ref = { shopId: shop.id, campaignId: c.id };
  approveCampaign(db, { ...ref, userId: owner.id });
  return { ref, userId: owner.id };
}

describe("approval integrity", () => {
  it("no longer holds once a message, the campaign or its audience changes", async () => {
    const edits = [
      (id: number) =>
        db.update(messages).set({ html: "<p>Changed</p>" }).where(eq(messages.campaignId, id)).run(),
      (id: number) => db.update(campaigns).set({ subject: "Changed" }).where(eq(campaigns.id, id)).run(),
      (id: number) => db.delete(messages).where(eq(messages.campaignId, id)).run(),
    ];
    for (const edit of edits) {
      const { ref } = await approved();
      expect(approvalHolds(db, ref)).toBe(true);
      edit(ref.campaignId);
      expect(approvalHolds(db, ref)).toBe(false);
    }
  });

  it("voiding an approval sends the campaign back to review, with an audit entry", async () => {
    const { ref } = await approved();
    expect(voidApproval(db, { ...ref, actor: "user:1", reason: "edited" })).toBe(true);
    expect(campaign(ref.campaignId)).toMatchObject({
      status: "review",
      approvedBy: null,
      approvedHash: null,
    });
    expect(statuses(ref.campaignId)).toEqual(["draft"]);
    expect(actions(ref.campaignId)).toEqual(["campaign.approved", "campaign.approval_voided"]);
    expect(voidApproval(db, { ...ref, actor: "user:1", reason: "again" })).toBe(false);
  });
});

describe("owner controls", () => {
  it("pauses and resumes a sending campaign into a new dispatch round", async () => {
    const { ref, userId } = await approved();
    startSending(db, ref);
    pauseCampaign(db, { ...ref, userId });
    expect(campaign(ref.campaignId).status).toBe("paused");
    expect(() => pauseCampaign(db, { ...ref, userId })).toThrow(StateError);
    expect(resumeCampaign(db, { ...ref, userId })).toEqual({ round: 1, sendAt: null });
    expect(campaign(ref.campaignId)).toMatchObject({ status: "sending", dispatchRound: 1 });
    expect(statuses(ref.campaignId)).toEqual(["queued"]);
    expect(actions(ref.campaignId)).toEqual(["campaign.approved", "campaign.paused", "campaign.resumed"]);
  });

  it("resumes a campaign paused before it started as approved, keeping its schedule", async () => {
    const owner = await createUser(db, shop.id);
    const { campaign: c } = campaignInReview(db, shop.id);
    const ref = { shopId: shop.id, campaignId: c.id };
    const sendAt = new Date(Date.now() + 3_600_000);
    approveCampaign(db, { ...ref, userId: owner.id, sendAt });
    pauseCampaign(db, { ...ref, userId: owner.id });
    expect(resumeCampaign(db, { ...ref, userId: owner.id })).toEqual({ round: 1, sendAt });
    expect(campaign(c.id).status).toBe("approved");
  });

  it("cancels: what is not sent yet is skipped, and a cancelled campaign stays cancelled", async () => {
    const { ref, userId } = await approved();
    startSending(db, ref);
    expect(cancelCampaign(db, { ...ref, userId })).toEqual({ skipped: 1 });
    expect(campaign(ref.campaignId).status).toBe("cancelled");
    expect(db.select().from(messages).where(eq(messages.campaignId, ref.campaignId)).get()).toMatchObject({
      status: "skipped",
      skipReason: "cancelled",
    });
    expect(() => resumeCampaign(db, { ...ref, userId })).toThrow(StateError);
    expect(() => cancelCampaign(db, { ...ref, userId })).toThrow(StateError);
    expect(actions(ref.campaignId)).toEqual(["campaign.approved", "campaign.cancelled"]);
  });

  it("touches only the shop's own campaigns", async () => {
    const { ref, userId } = await approved();
    const other = createShop(db);
    expect(() => pauseCampaign(db, { ...ref, shopId: other.id, userId })).toThrow(StateError);
    expect(() => cancelCampaign(db, { ...ref, shopId: other.id, userId })).toThrow(StateError);
    expect(campaign(ref.campaignId).status).toBe("approved");
  });
});

describe("the sweep of stuck sends", () => {
  it("marks a send past its lease unknown and closes the campaign; a fresh one is left alone", async () => {
    const { ref } = await approved();
    startSending(db, ref);
    const now = new Date();
    const lease = 60_000;
    db.update(messages)
      .set({ status: "sending", sentAt: new Date(now.getTime() - lease / 2) })
      .where(eq(messages.campaignId, ref.campaignId))
      .run();
    expect(sweepStuckSends(db, now, lease)).toBe(0);
    expect(campaign(ref.campaignId).status).toBe("sending");

    expect(sweepStuckSends(db, new Date(now.getTime() + lease), lease)).toBe(1);
    expect(db.select().from(messages).where(eq(messages.campaignId, ref.campaignId)).get()).toMatchObject({
      status: "unknown",
      error: expect.stringMatching(/delivery unknown/),
    });
    expect(campaign(ref.campaignId)).toMatchObject({ status: "sent", progressDone: 1 });
  });
});
