import type { LoaderFunctionArgs } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { auditLog, campaigns, customers, exclusions, messages } from "../../db/schema";
import { createCustomer, createOrder, createProduct, createShop, createUser } from "../../db/seed/factories";
import { draftCampaign } from "../../jobs/drafting/draft-campaign";
import { approveCampaign, startDrafting } from "../../jobs/state";
import { action, loader } from "~/routes/app.campaigns.$campaignId";
import { producer } from "~/queue.server";
import { testDb } from "../setup/db";
import { formRequest, getRequest, loginCookie, responseOf } from "../setup/requests";

const db = testDb();
const shop = createShop(db);
const product = createProduct(db, shop.id);
const names = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra", "Barbara 100%_Liskov"];
const people = names.map((name, i) => {
  const [firstName, lastName] = name.split(" ");
  const c = createCustomer(db, shop.id, {
    firstName,
    lastName,
    email: `${firstName.toLowerCase()}@mail.example`,
  });
  // More orders, higher score: Ada ranks first.
  for (let k = 0; k <= names.length - i; k++) {
    createOrder(db, shop.id, {
      customerId: c.id,
      orderedAt: new Date(Date.now() - (10 + k * 20) * 86_400_000),
      lines: [{ productId: product.id }],
    });
  }
  return c;
});
const noConsent = createCustomer(db, shop.id, { firstName: "Nora", marketingConsent: false });
createOrder(db, shop.id, {
  customerId: noConsent.id,
  orderedAt: new Date(),
  lines: [{ productId: product.id }],
});
let owner: Record<string, string>;
let ownerId: number;

beforeAll(async () => {
  ownerId = (await createUser(db, shop.id, { email: "owner@people.example" })).id;
  owner = await loginCookie("owner@people.example");
});
afterAll(async () => {
  await producer.queue.obliterate({ force: true });
  await producer.close();
});

type RouteFunction = (args: LoaderFunctionArgs) => Promise<unknown>;
const call = (fn: RouteFunction, request: Request, campaignId: number) =>
  responseOf(() => fn({ request, params: { campaignId: String(campaignId) }, context: {} }));
const page = async (campaignId: number, query = "") =>
  (await call(loader, getRequest(`/app/campaigns/${campaignId}${query}`, owner), campaignId)).json();
const post = (campaignId: number, fields: Record<string, string>) =>
  call(action, formRequest(`/app/campaigns/${campaignId}`, fields, owner), campaignId);
const row = (id: number) => db.select().from(campaigns).where(eq(campaigns.id, id)).get()!;
const recipientIds = (campaignId: number) =>
  db
    .select({ id: messages.customerId })
    .from(messages)
    .where(eq(messages.campaignId, campaignId))
    .all()
    .map((m) => m.id)
    .sort((a, b) => a - b);
const reasonOf = (campaignId: number, customerId: number) =>
  db
    .select({ reason: exclusions.reason })
    .from(exclusions)
    .where(and(eq(exclusions.campaignId, campaignId), eq(exclusions.customerId, customerId)))
    .get()?.reason;
function drafted(audienceLimit: number | null) {
  const c = db
    .insert(campaigns)
    .values({
      shopId: shop.id,
      name: "Review me",
      subject: "Hello",
      body: "Hello {{ customer.first_name }}",
      audienceLimit,
    })
    .returning()
    .get();
  redraft(c.id);
  return c.id;
}
function redraft(campaignId: number) {
  if (row(campaignId).status !== "drafting") startDrafting(db, { shopId: shop.id, campaignId });
  expect(draftCampaign(db, { shopId: shop.id, campaignId, publicUrl: "http://tactful.test" })).toBe(
    "drafted",
  );
}
const [ada, grace, alan, edsger, barbara] = people;

describe("finding people on the review page", () => {
  it("searches both lists by email or name, with % and _ taken literally", async () => {
    const id = drafted(3);
    const all = await page(id);
    expect(all.recipients.map((r: { email: string }) => r.email)).toEqual([
      "ada@mail.example",
      "grace@mail.example",
      "alan@mail.example",
    ]);
    expect((await page(id, "?q=GRACE")).recipients.map((r: { email: string }) => r.email)).toEqual([
      "grace@mail.example",
    ]);
    // Full names match across first and last name; the excluded list is searched too.
    const turing = await page(id, `?q=${encodeURIComponent("alan tur")}`);
    expect(turing.recipients).toHaveLength(1);
    expect(turing.excluded).toHaveLength(0);
    const nora = await page(id, "?q=nora");
    expect(nora.recipients).toHaveLength(0);
    expect(nora.excluded.map((e: { reason: string }) => e.reason)).toEqual(["no_consent"]);
    expect((await page(id, `?q=${encodeURIComponent("0%_l")}`)).excluded).toHaveLength(1);
    expect((await page(id, `?q=${encodeURIComponent("a%e")}`)).recipients).toHaveLength(0);
  });
});

describe("one list at a time", () => {
  it("shows who receives it, or who is left out when asked or when no one receives it", async () => {
    const id = drafted(3);
    const emails = (rows: { email: string }[]) => rows.map((r) => r.email);
    const receiving = await page(id);
    expect(receiving.list).toBe("in");
    expect(emails(receiving.recipients)).toEqual([
      "ada@mail.example",
      "grace@mail.example",
      "alan@mail.example",
    ]);
    expect(receiving.excluded).toBeNull();
    const leftOut = await page(id, "?list=out");
    expect(leftOut.recipients).toBeNull();
    expect(leftOut.excluded.map((e: { reason: string }) => e.reason).sort()).toEqual([
      "audience_limit",
      "audience_limit",
      "no_consent",
    ]);
    expect((await page(id, "?list=sideways")).list).toBe("in");
    const nobody = drafted(null);
    for (const c of [...people, noConsent]) {
      db.update(customers).set({ marketingConsent: false }).where(eq(customers.id, c.id)).run();
    }
    redraft(nobody);
    const empty = await page(nobody);
    expect(empty.counts.recipients).toBe(0);
    expect(empty.list).toBe("out");
    expect(empty.excluded).toHaveLength(6);
    for (const c of people) {
      db.update(customers).set({ marketingConsent: true }).where(eq(customers.id, c.id)).run();
    }
  });
});

describe("removing recipients and putting groups back", () => {
  it("removes a recipient, records it, keeps them out when drafting again, and puts them back on request", async () => {
    const id = drafted(3);
    const graceMessage = db
      .select()
      .from(messages)
      .where(and(eq(messages.campaignId, id), eq(messages.customerId, grace.id)))
      .get()!;
    // The counts stored when drafting finished are the ones a removal must replace.
    expect((await page(id)).counts).toMatchObject({ recipients: 3, byStatus: { draft: 3 } });
    const removed = await post(id, { intent: "remove", messageId: String(graceMessage.id) });
    expect(removed.status).toBe(200);
    expect(recipientIds(id)).toEqual([ada.id, alan.id]);
    expect(reasonOf(id, grace.id)).toBe("removed_by_owner");
    expect(row(id).removedCustomerIds).toEqual([grace.id]);
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "campaign.recipient_removed")).all();
    expect(audit).toEqual([
      expect.objectContaining({
        actor: `user:${ownerId}`,
        subject: `campaign:${id}`,
        detail: { customerId: grace.id },
      }),
    ]);
    const view = await page(id);
    expect(view.counts).toMatchObject({ recipients: 2, byStatus: { draft: 2 } });
    expect(view.counts.excluded).toEqual(
      expect.arrayContaining([
        { reason: "removed_by_owner", n: 1 },
        { reason: "audience_limit", n: 2 },
      ]),
    );

    // Drafting again (say, after an edit) keeps her out; the next best takes the place.
    redraft(id);
    expect(recipientIds(id)).toEqual([ada.id, alan.id, edsger.id]);
    expect(reasonOf(id, grace.id)).toBe("removed_by_owner");

    const restored = await post(id, { intent: "restore", reason: "removed_by_owner" });
    expect(restored.status).toBe(200);
    expect(row(id)).toMatchObject({ status: "drafting", removedCustomerIds: [] });
    redraft(id);
    expect(recipientIds(id)).toEqual([ada.id, grace.id, alan.id]);
  });

  it("lifts the campaign cap to put the group over it back", async () => {
    const id = drafted(2);
    expect(reasonOf(id, alan.id)).toBe("audience_limit");
    expect((await post(id, { intent: "restore", reason: "audience_limit" })).status).toBe(200);
    expect(row(id).audienceLimit).toBeNull();
    redraft(id);
    expect(recipientIds(id)).toEqual(people.map((p) => p.id).sort((a, b) => a - b));
    expect(reasonOf(id, barbara.id)).toBeUndefined();
  });

  it.each(["no_consent", "suppressed", "minor", "needs_care", "frequency_cap", "nonsense"])(
    "never puts back a group left out as %s",
    async (reason) => {
      const id = drafted(null);
      const response = await post(id, { intent: "restore", reason });
      expect(response.status).toBe(400);
      expect(row(id).status).toBe("review");
    },
  );

  it("voids an approval when the audience changes after it", async () => {
    const id = drafted(null);
    approveCampaign(db, { shopId: shop.id, campaignId: id, userId: ownerId });
    const message = db.select().from(messages).where(eq(messages.campaignId, id)).get()!;
    const response = await post(id, { intent: "remove", messageId: String(message.id) });
    expect(response.status).toBe(200);
    expect((await response.json()).notice).toMatch(/approval was voided/);
    expect(row(id)).toMatchObject({ status: "review", approvedHash: null, approvedBy: null });
    expect(
      db
        .select()
        .from(messages)
        .where(eq(messages.campaignId, id))
        .all()
        .map((m) => m.status),
    ).toEqual(new Array(people.length - 1).fill("draft"));
    expect(reasonOf(id, message.customerId)).toBe("removed_by_owner");
  });

  it("refuses once sending has started, and refuses a message of another campaign", async () => {
    const id = drafted(null);
    const other = drafted(null);
    const foreign = db.select().from(messages).where(eq(messages.campaignId, other)).get()!;
    expect((await post(id, { intent: "remove", messageId: String(foreign.id) })).status).toBe(404);
    expect(recipientIds(other)).toHaveLength(people.length);

    const message = db.select().from(messages).where(eq(messages.campaignId, id)).get()!;
    db.update(campaigns).set({ status: "sending" }).where(eq(campaigns.id, id)).run();
    const response = await post(id, { intent: "remove", messageId: String(message.id) });
    expect(response.status).toBe(409);
    expect(recipientIds(id)).toHaveLength(people.length);
    expect(row(id).status).toBe("sending");
  });
});
