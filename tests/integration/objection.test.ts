import { and, eq, inArray, sql } from "drizzle-orm";
import { campaigns, categories, customers, messages, predictions, scoreRuns, scores } from "../../db/schema";
import { createUser } from "../../db/seed/factories";
import { seedShop } from "../../db/seed/demo";
import { draftCampaign } from "../../jobs/drafting/draft-campaign";
import { latestCompleteRun, runShopModel } from "../../jobs/models/model-run";
import { startDrafting } from "../../jobs/state";
import { signRecipientToken } from "../../jobs/tokens";
import { action as customerAction } from "~/routes/app.customers.$customerId";
import { action as unsubscribeAction } from "~/routes/r.unsubscribe.$token";
import { testDb } from "../setup/db";
import { renderPage } from "../setup/document";
import { formRequest, loginCookie } from "../setup/requests";

// GDPR Art. 21: someone who objects to direct marketing may no longer be
// profiled for it. Driven as it happens: a real one-click unsubscribe or the
// owner's form, then the real model run and drafting job.

const db = testDb();
const DAY = 86_400_000;
const today = new Date();
const { shopId } = seedShop(db, {
  slug: "objecting",
  name: "Roastery",
  seed: 11,
  customers: 300,
  ordersTarget: 3000,
  today,
});
const { tokenSecret } = db.query.shops.findFirst({ where: (s, { eq }) => eq(s.id, shopId) }).sync()!;
const coffee = db
  .select()
  .from(categories)
  .where(and(eq(categories.shopId, shopId), eq(categories.name, "Single-origin coffee")))
  .get()!;

function draft(name: string, now: Date) {
  const campaign = db
    .insert(campaigns)
    .values({ shopId, name, subject: "Hi", body: "Hello", featuredCategoryId: coffee.id })
    .returning()
    .get();
  startDrafting(db, { shopId, campaignId: campaign.id });
  expect(draftCampaign(db, { shopId, campaignId: campaign.id, publicUrl: "http://tactful.test", now })).toBe(
    "drafted",
  );
  return campaign;
}

const predictionsOf = (customerId: number) =>
  db.select().from(predictions).where(eq(predictions.customerId, customerId)).all();
/** Scores about the customer that explain no email: every one of them is profiling kept for nothing. */
const looseScoresOf = (customerId: number) =>
  db
    .select()
    .from(scores)
    .where(
      and(
        eq(scores.customerId, customerId),
        sql`${scores.id} NOT IN (SELECT score_id FROM messages WHERE score_id IS NOT NULL)`,
      ),
    )
    .all();
const scoreRunOf = (campaignId: number) =>
  db
    .select()
    .from(scoreRuns)
    .all()
    .find((r) => (r.params as { campaignId?: number }).campaignId === campaignId)!;

const first = draft("Coffee, November", today);
// Recipients of the first campaign, each with a prediction from its run.
const recipients = db
  .select({ customerId: messages.customerId, publicId: messages.publicId })
  .from(messages)
  .where(eq(messages.campaignId, first.id))
  .all()
  .filter((m) => predictionsOf(m.customerId).length > 0);

describe("a customer who unsubscribes", () => {
  const [objector, bystander] = recipients;
  const token = (purpose: "unsubscribe" | "why" | "data") =>
    signRecipientToken(tokenSecret, objector.publicId, purpose);

  it("loses every prediction and loose score about them at once", async () => {
    expect(predictionsOf(objector.customerId).length).toBeGreaterThan(0);
    const response = await unsubscribeAction({
      params: { token: token("unsubscribe") },
      context: {},
      request: new Request("http://tactful.test/r/unsubscribe/x", {
        method: "POST",
        body: "List-Unsubscribe=One-Click",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      }),
    });
    expect(response.status).toBe(200);
    expect(predictionsOf(objector.customerId)).toEqual([]);
    expect(looseScoresOf(objector.customerId)).toEqual([]);
    // The score their email was chosen with stays: it is what the email's why-page explains.
    expect(predictionsOf(bystander.customerId).length).toBeGreaterThan(0);
  });

  it("is neither predicted by the next model run nor scored by the next drafting", () => {
    const run = runShopModel(db, { shopId, now: new Date(today.getTime() + 2 * DAY) });
    expect(run.status).toBe("complete");
    const predicted = db.select().from(predictions).where(eq(predictions.modelRunId, run.id)).all();
    expect(predicted.length).toBeGreaterThan(100);
    expect(predicted.some((p) => p.customerId === objector.customerId)).toBe(false);
    expect(predicted.some((p) => p.customerId === bystander.customerId)).toBe(true);

    const second = draft("Coffee, December", new Date(today.getTime() + 2 * DAY));
    const scored = db
      .select({ customerId: scores.customerId })
      .from(scores)
      .where(eq(scores.scoreRunId, scoreRunOf(second.id).id))
      .all();
    expect(scored.length).toBeGreaterThan(100);
    expect(scored.some((s) => s.customerId === objector.customerId)).toBe(false);
    expect(looseScoresOf(objector.customerId)).toEqual([]);
  });

  it("is told on the why-page and the data page that no predictions are made about them any more", async () => {
    for (const path of [`/r/why/${token("why")}`, `/r/data/${token("data")}`]) {
      const response = await renderPage(path);
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).toContain("no longer makes predictions about you");
    }
    const download = await (await renderPage(`/r/data/${token("data")}/download`)).json();
    expect(download.predictions).toMatchObject({ stopped: { how: "unsubscribed" }, latest: null });
  });

  it("while someone who has not objected sees what is predicted about them, and how to stop it", async () => {
    const data = `/r/data/${signRecipientToken(tokenSecret, bystander.publicId, "data")}`;
    const html = await (await renderPage(data)).text();
    expect(html).toContain("Predictions about you");
    expect(html).toContain("Whether you are still a customer");
    expect(html).toContain("Unsubscribing stops these predictions");
    expect(html).not.toContain("no longer makes predictions");
    const download = await (await renderPage(`${data}/download`)).json();
    expect(download.predictions.stopped).toBeNull();
    expect(download.predictions.latest).toMatchObject({ chanceStillACustomer: expect.any(Number) });
  });
});

describe("a withdrawal of consent", () => {
  it("recorded on the owner's form deletes what was predicted about the customer", async () => {
    const [, , customer] = recipients;
    expect(predictionsOf(customer.customerId).length).toBeGreaterThan(0);
    await createUser(db, shopId, { email: "owner@objecting.example" });
    const owner = await loginCookie("owner@objecting.example");
    const response = await customerAction({
      params: { customerId: String(customer.customerId) },
      context: {},
      request: formRequest(
        `/app/customers/${customer.customerId}`,
        { intent: "consent", consent: "withdrawn", consentReason: "asked in shop" },
        owner,
      ),
    });
    expect(response.status).toBe(200);
    expect(predictionsOf(customer.customerId)).toEqual([]);
    expect(looseScoresOf(customer.customerId)).toEqual([]);
    // The owner's page says why there is no prediction, rather than offering to fit one.
    const page = await (await renderPage(`/app/customers/${customer.customerId}`, owner)).text();
    expect(page).toContain("the model makes no predictions about them");
  });

  it("recorded where no hook sees it (as an import records one) is swept by the next model run", () => {
    const [, , , customer] = recipients;
    expect(predictionsOf(customer.customerId).length).toBeGreaterThan(0);
    db.update(customers)
      .set({ marketingConsent: false, consentSource: "import:shopify.csv", consentAt: new Date() })
      .where(eq(customers.id, customer.customerId))
      .run();
    runShopModel(db, { shopId, now: new Date(today.getTime() + 3 * DAY) });
    expect(predictionsOf(customer.customerId)).toEqual([]);
    expect(latestCompleteRun(db, shopId)?.customers).toBeGreaterThan(100);
  });
});

describe("customers who never agreed to marketing", () => {
  it("have not objected, so the model still predicts for them", () => {
    const never = db
      .select({ id: customers.id })
      .from(customers)
      .where(
        and(eq(customers.shopId, shopId), eq(customers.marketingConsent, false), sql`consent_at IS NULL`),
      )
      .all()
      .map((c) => c.id);
    const run = latestCompleteRun(db, shopId)!;
    const predicted = db
      .select({ id: predictions.customerId })
      .from(predictions)
      .where(and(eq(predictions.modelRunId, run.id), inArray(predictions.customerId, never)))
      .all();
    expect(predicted.length).toBeGreaterThan(0);
  });
});
