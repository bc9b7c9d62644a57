import { eq } from "drizzle-orm";
import { campaigns, messages, modelRuns, predictions, scoreRuns, scores } from "../../db/schema";
import { createCustomer, createProduct, createShop } from "../../db/seed/factories";
import { CAMPAIGN_MODEL_VERSION } from "../../jobs/scoring/campaign-score";
import { signRecipientToken } from "../../jobs/tokens";
import { campaignInReview } from "../setup/campaigns";
import { testDb } from "../setup/db";
import { renderPage } from "../setup/document";

// A recipient's pages say what the shop worked out about them in plain words:
// no raw scores ("0.85 out of 1"), no model names ("BG/NBD + Gamma-Gamma").
// The data page lists everything held, the campaign scores included.

const db = testDb();
const shop = createShop(db, { name: "Bean & Leaf" });
const beans = createProduct(db, shop.id, { name: "Kenya AA" });
const customer = createCustomer(db, shop.id, { firstName: "Ada" });
const { campaign, message } = campaignInReview(db, shop.id, undefined, customer);
const scoredAt = new Date("2026-11-20T10:00:00Z");
const run = db
  .insert(scoreRuns)
  .values({
    shopId: shop.id,
    modelVersion: CAMPAIGN_MODEL_VERSION,
    params: { campaignId: campaign.id },
    customersScored: 1,
    fittedAt: scoredAt,
  })
  .returning()
  .get();
const score = db
  .insert(scores)
  .values({
    shopId: shop.id,
    scoreRunId: run.id,
    customerId: customer.id,
    score: 0.85,
    contributions: [
      { feature: "active", value: 0.93, contribution: 0.31 },
      { feature: "expected", value: 0.8, contribution: 0.16 },
    ],
  })
  .returning()
  .get();
db.update(messages).set({ score: 0.85, scoreId: score.id }).where(eq(messages.id, message.id)).run();
db.update(campaigns).set({ scoreRunId: run.id }).where(eq(campaigns.id, campaign.id)).run();
const modelRun = db
  .insert(modelRuns)
  .values({
    shopId: shop.id,
    modelVersion: "customer-model-1",
    status: "complete",
    dataTo: scoredAt,
    fittedAt: scoredAt,
  })
  .returning()
  .get();
db.insert(predictions)
  .values({
    shopId: shop.id,
    modelRunId: modelRun.id,
    customerId: customer.id,
    pAlive: 0.93,
    expected30: 0.42,
    expected90: 1.27,
    clv12: 38.5,
    recommended: [beans.id],
  })
  .run();

const token = (purpose: "data" | "why" | "preferences") =>
  signRecipientToken(shop.tokenSecret, message.publicId, purpose);

/** The whole page as sent, and the words a reader sees (the hydration data left out). */
async function page(path: string) {
  const response = await renderPage(path);
  expect(response.status, path).toBe(200);
  const html = await response.text();
  const body = /<main[^>]*>([\s\S]*?)<\/main>/.exec(html)?.[1] ?? html;
  const text = body
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;|&rsquo;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
  return { html, text };
}

const RAW_SCORE = /\b0\.\d+\b|out of 1\b/;
const MODEL_NAMES = /BG\/NBD|Gamma|campaign-2|customer-model-1|rfm-1/;

describe("the why-page", () => {
  it("says how the email was chosen in plain words, with no score or model name anywhere in the page", async () => {
    const { html, text } = await page(`/r/why/${token("why")}`);
    expect(text).toContain("a statistical model of your past orders");
    expect(text).toMatch(
      /on 20 November 2026, how likely this email was to be useful to you\. Its answer: high\./,
    );
    expect(html).not.toMatch(MODEL_NAMES);
    expect(text).not.toMatch(RAW_SCORE);
    expect(html).not.toContain("0.85");
  });
});

describe("the data page", () => {
  it("lists everything held, the predictions and each email's score included, in plain words", async () => {
    const { text } = await page(`/r/data/${token("data")}`);
    expect(text).toContain("Everything we hold");
    expect(text).toMatch(/Whether you are still a customer Very likely \(93%\)/);
    expect(text).toMatch(/Orders expected Probably none in the next 30 days, about one in the next 90/);
    expect(text).toContain("Kenya AA");
    expect(text).toMatch(/How likely each email was to be useful to you/);
    expect(text).toMatch(/20 November 2026.*High: very likely to be useful to you/);
    expect(text).toMatch(/whether you are still a customer/i);
    expect(text).not.toMatch(RAW_SCORE);
    expect(text).not.toMatch(MODEL_NAMES);
  });

  it("keeps the stored numbers in the download, which is the record itself", async () => {
    const data = JSON.parse(await (await renderPage(`/r/data/${token("data")}/download`)).text());
    expect(data.scores).toMatchObject([{ score: 0.85, scoredAt: scoredAt.toISOString() }]);
    expect(data.predictions.latest).toMatchObject({ chanceStillACustomer: 0.93 });
  });
});

describe("the preferences page", () => {
  it("shows no score or model name", async () => {
    const { html } = await page(`/r/preferences/${token("preferences")}`);
    expect(html).not.toMatch(MODEL_NAMES);
    expect(html).not.toContain("0.85");
  });
});
