import { and, eq } from "drizzle-orm";
import { auditLog, campaigns, categories, messages } from "../../db/schema";
import { seedShop } from "../../db/seed/demo";
import { createProduct, createShop, createUser } from "../../db/seed/factories";
import { approveCampaign, StateError } from "../../jobs/state";
import { REST_DAYS } from "../../jobs/suggestions/plan";
import { restingSuggestions, suggestCampaigns } from "../../jobs/suggestions/suggest";
import { producer } from "~/queue.server";
import { action, loader } from "~/routes/app.suggestions";
import { testDb } from "../setup/db";
import { formRequest, getRequest, loginCookie } from "../setup/requests";

const db = testDb();
const now = new Date();
const { shopId } = seedShop(db, {
  slug: "suggest-shop",
  name: "Suggest Shop",
  seed: 11,
  customers: 600,
  ordersTarget: 6000,
  today: now,
});
const blends = db
  .select()
  .from(categories)
  .where(and(eq(categories.shopId, shopId), eq(categories.name, "Blends")))
  .get()!;
createProduct(db, shopId, { name: "Winter Blend 250 g", categoryId: blends.id, replenishDays: 28 });
let owner: Record<string, string>;
let ownerId: number;

beforeAll(async () => {
  ownerId = (await createUser(db, shopId, { email: "owner@suggest.example" })).id;
  owner = await loginCookie("owner@suggest.example");
});
afterAll(async () => {
  await producer.queue.obliterate({ force: true });
  await producer.close();
});

const campaignOf = (id: number) => db.select().from(campaigns).where(eq(campaigns.id, id)).get()!;
const post = (fields: Record<string, string>) =>
  action({ params: {}, context: {}, request: formRequest("/app/suggestions", fields, owner) });

describe("suggested campaigns", () => {
  let suggested: number[] = [];

  it("are drafted from the shop's data, wait in the inbox with their reasons, and are not repeated", async () => {
    suggested = suggestCampaigns(db, { shopId, publicUrl: "http://tactful.test", now });
    const kinds = suggested.map((id) => campaignOf(id).suggestion!.kind);
    expect(kinds).toContain("replenish");
    expect(kinds).toContain("new_product");
    for (const id of suggested) {
      const c = campaignOf(id);
      expect(c).toMatchObject({ status: "review", approvedAt: null, suggestion: { status: "pending" } });
      const drafts = db.select().from(messages).where(eq(messages.campaignId, id)).all();
      expect(drafts.length).toBeGreaterThanOrEqual(10);
      expect(drafts.length).toBeLessThanOrEqual(c.audienceLimit!);
    }
    const newProduct = campaignOf(suggested[kinds.indexOf("new_product")]);
    expect(newProduct.name).toBe("New: Winter Blend 250 g");
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "campaign.suggested")).all();
    expect(audit).toHaveLength(suggested.length);

    const inbox = await (
      await loader({ params: {}, context: {}, request: getRequest("/app/suggestions", owner) })
    ).json();
    expect(inbox.suggestions.map((s: { id: number }) => s.id).sort()).toEqual([...suggested].sort());
    expect(inbox.suggestions[0].suggestion.rationale).toMatch(/\d+ customers/);
    // A kind waiting for the owner is shown as a suggestion, not as resting.
    expect(inbox.resting).toEqual([]);

    expect(suggestCampaigns(db, { shopId, publicUrl: "http://tactful.test", now })).toEqual([]);
  });

  it("cannot be approved until the owner accepts one; a dismissed one is archived", async () => {
    const [first, second] = suggested;
    const ref = { shopId, campaignId: first };
    expect(() => approveCampaign(db, { ...ref, userId: ownerId })).toThrow(StateError);
    expect(campaignOf(first).status).toBe("review");

    expect((await post({ intent: "accept", campaignId: String(first) })).status).toBe(200);
    expect(campaignOf(first).suggestion!.status).toBe("accepted");
    approveCampaign(db, { ...ref, userId: ownerId });
    expect(campaignOf(first).status).toBe("approved");

    await post({ intent: "dismiss", campaignId: String(second) });
    expect(campaignOf(second)).toMatchObject({
      suggestion: { status: "dismissed" },
      archivedAt: expect.any(Date),
    });
    const actions = db
      .select({ action: auditLog.action })
      .from(auditLog)
      .all()
      .map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["suggestion.accepted", "suggestion.dismissed"]));
  });

  it("rest once settled: the same kinds are not suggested again at once, and the inbox says until when", async () => {
    const kinds = suggestCampaigns(db, { shopId, publicUrl: "http://tactful.test", now }).map(
      (id) => campaignOf(id).suggestion!.kind,
    );
    expect(kinds).not.toContain("replenish");
    expect(kinds).not.toContain("new_product");

    const inbox = await (
      await loader({ params: {}, context: {}, request: getRequest("/app/suggestions", owner) })
    ).json();
    // The first was accepted and approved (above), so it rests from its approval.
    const first = campaignOf(suggested[0]);
    const rest = inbox.resting.find((r: { kind: string }) => r.kind === first.suggestion!.kind);
    expect(new Date(rest!.until).getTime() - first.approvedAt!.getTime()).toBe(
      REST_DAYS[first.suggestion!.kind] * 86_400_000,
    );
  });

  it("rest from the approval when an accepted one was approved long after it was suggested", () => {
    const other = createShop(db);
    const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
    db.insert(campaigns)
      .values({
        shopId: other.id,
        name: "We miss you",
        subject: "Hello",
        body: "Hello",
        status: "sent",
        createdAt: daysAgo(40),
        approvedAt: daysAgo(5),
        suggestion: { kind: "win_back", rationale: "Approved late.", status: "accepted" },
      })
      .run();
    expect(restingSuggestions(db, { shopId: other.id, now })).toEqual([
      { kind: "win_back", at: daysAgo(5), until: daysAgo(5 - REST_DAYS.win_back) },
    ]);
  });

  it("can be asked for now: the request is queued for the worker", async () => {
    expect((await post({ intent: "suggest" })).status).toBe(202);
    expect(await producer.workQueue.getJob(`suggest-${shopId}`)).toBeDefined();
    const inbox = await (
      await loader({ params: {}, context: {}, request: getRequest("/app/suggestions", owner) })
    ).json();
    expect(inbox.looking).toBe(true);
  });

  it("drafts a suggestion that a crashed run left drafting, and suggests nothing twice", () => {
    const left = db
      .insert(campaigns)
      .values({
        shopId,
        name: "We miss you",
        subject: "Hello",
        body: "Hello {{ customer.first_name }}",
        status: "drafting",
        progressStage: "queued",
        suggestion: { kind: "win_back", rationale: "Left by a crash.", status: "pending" },
      })
      .returning()
      .get();
    const before = db.select().from(campaigns).all().length;
    const created = suggestCampaigns(db, { shopId, publicUrl: "http://tactful.test", now });
    expect(created.map((id) => campaignOf(id).suggestion!.kind)).not.toContain("win_back");
    expect(db.select().from(campaigns).all()).toHaveLength(before + created.length);
    expect(campaignOf(left.id).status).toBe("review");
    expect(db.select().from(messages).where(eq(messages.campaignId, left.id)).all().length).toBeGreaterThan(
      0,
    );
  });

  it("answers 404 for a campaign that is not a pending suggestion", async () => {
    const [first] = suggested;
    await expect(post({ intent: "accept", campaignId: String(first) })).rejects.toMatchObject({
      status: 404,
    });
  });
});
