import { and, eq } from "drizzle-orm";
import {
  campaigns,
  categories,
  messages,
  modelRuns,
  predictions,
  products,
  scoreRuns,
  scores,
  shops,
} from "../../db/schema";
import { seedShop } from "../../db/seed/demo";
import { draftCampaign } from "../../jobs/drafting/draft-campaign";
import { latestCompleteRun, runShopModel, type CustomerModelParams } from "../../jobs/models/model-run";
import { forEachHistory } from "../../jobs/models/history";
import { shopSummaries, type CustomerSummary } from "../../jobs/models/summary";
import { explainScore } from "../../jobs/scoring/explain";
import { startDrafting } from "../../jobs/state";
import { signRecipientToken } from "../../jobs/tokens";
import { loader as whyLoader } from "~/routes/r.why.$token";
import { fitWords } from "~/utils/recipient-words";
import { testDb } from "../setup/db";

const db = testDb();
const today = new Date("2026-11-23T00:00:00Z");
const { shopId } = seedShop(db, {
  slug: "roaster",
  name: "Roaster",
  seed: 7,
  customers: 400,
  ordersTarget: 4000,
  today,
});

const runsOf = () => db.select().from(modelRuns).where(eq(modelRuns.shopId, shopId)).all();
const predictionCount = (runId: number) =>
  db.select().from(predictions).where(eq(predictions.modelRunId, runId)).all().length;

describe("the shop's customer model run", () => {
  it("streams the same repeat-purchase summaries as the SQL summary, customer by customer", () => {
    const streamed: CustomerSummary[] = [];
    forEachHistory(db, { shopId, asOf: today }, (h) => streamed.push(h.summary));
    expect(streamed).toEqual(shopSummaries(db, shopId, { asOf: today }));
    expect(streamed.length).toBeGreaterThan(300);
  });

  it("carries on after a crash where it stopped, without refitting or predicting anyone twice", () => {
    let chunks = 0;
    expect(() =>
      runShopModel(db, {
        shopId,
        now: today,
        chunkSize: 100,
        onProgress: () => {
          if (++chunks === 2) throw new Error("worker killed");
        },
      }),
    ).toThrow("worker killed");
    const [crashed] = runsOf();
    expect(crashed).toMatchObject({ status: "running", progressDone: 200 });
    expect(predictionCount(crashed.id)).toBe(200);
    const fitted = (crashed.params as CustomerModelParams).bgnbd;

    const resumed = runShopModel(db, { shopId, now: new Date(today.getTime() + 3_600_000), chunkSize: 100 });
    expect(resumed.id).toBe(crashed.id);
    expect(resumed).toMatchObject({ status: "complete", progressDone: crashed.customers });
    expect((resumed.params as CustomerModelParams).bgnbd).toEqual(fitted);
    expect(predictionCount(resumed.id)).toBe(crashed.customers);
    expect(latestCompleteRun(db, shopId)?.id).toBe(resumed.id);
  });

  it("predicts sensible values: probabilities in [0, 1], more expected over 90 days than 30", () => {
    const rows = db.select().from(predictions).where(eq(predictions.shopId, shopId)).all();
    for (const p of rows) {
      expect(p.pAlive).toBeGreaterThanOrEqual(0);
      expect(p.pAlive).toBeLessThanOrEqual(1);
      expect(p.expected90).toBeGreaterThanOrEqual(p.expected30);
      expect(p.clv12).toBeGreaterThanOrEqual(0);
    }
    expect(rows.some((p) => p.recommended.length > 0)).toBe(true);
  });
});

describe("drafting on the customer model", () => {
  const coffee = db
    .select()
    .from(categories)
    .where(and(eq(categories.shopId, shopId), eq(categories.name, "Single-origin coffee")))
    .get()!;
  const campaign = db
    .insert(campaigns)
    .values({ shopId, name: "Coffee", subject: "Hi", body: "Hello", featuredCategoryId: coffee.id })
    .returning()
    .get();
  const ref = { shopId, campaignId: campaign.id };

  it("uses the latest fresh run, stores its version with the scores, and gives reasons from the largest contributions", () => {
    const before = runsOf().length;
    startDrafting(db, ref);
    expect(draftCampaign(db, { ...ref, publicUrl: "http://tactful.test", now: today })).toBe("drafted");
    expect(runsOf()).toHaveLength(before);

    const run = db.select().from(scoreRuns).where(eq(scoreRuns.shopId, shopId)).all().at(-1)!;
    expect(run.modelVersion).toMatch(/^campaign-2/);
    expect(run.modelRunId).toBe(latestCompleteRun(db, shopId)!.id);
    expect(run.params).toMatchObject({ bgnbd: { r: expect.any(Number) }, gammaGamma: expect.any(Object) });

    const drafts = db
      .select({ reasons: messages.reasons, contributions: scores.contributions, score: scores.score })
      .from(messages)
      .innerJoin(scores, eq(scores.id, messages.scoreId))
      .where(eq(messages.campaignId, campaign.id))
      .all();
    expect(drafts.length).toBeGreaterThan(50);
    const codes = new Set<string>();
    for (const d of drafts) {
      const largest = [...d.contributions]
        .filter((c) => c.contribution > 0)
        .sort((x, y) => y.contribution - x.contribution)
        .slice(0, 2)
        .map((c) => c.feature);
      expect(d.reasons.map((r) => r.code)).toEqual(largest);
      expect(d.contributions.reduce((s, c) => s + c.contribution, 0)).toBeCloseTo(d.score, 12);
      d.contributions.forEach((c) => codes.add(c.feature));
    }
    expect([...codes].sort()).toEqual(["active", "affinity", "due", "expected", "value"]);
  });

  it("never names a sensitive product as a recommendation, though the model points some customers to one", () => {
    const sensitive = new Set(
      db
        .select({ id: products.id })
        .from(products)
        .innerJoin(categories, eq(categories.id, products.categoryId))
        .where(and(eq(products.shopId, shopId), eq(categories.sensitive, true)))
        .all()
        .map((p) => p.id),
    );
    const run = latestCompleteRun(db, shopId)!;
    const pointed = db
      .select({ recommended: predictions.recommended })
      .from(predictions)
      .where(eq(predictions.modelRunId, run.id))
      .all()
      .filter((p) => p.recommended.some((id) => sensitive.has(id)));
    expect(pointed.length).toBeGreaterThan(0);
    const drafted = db
      .select({ recommended: messages.recommended })
      .from(messages)
      .where(eq(messages.campaignId, campaign.id))
      .all();
    expect(drafted.length).toBeGreaterThan(50);
    expect(drafted.flatMap((d) => d.recommended).filter((r) => sensitive.has(r.productId))).toEqual([]);
  });

  it("tells the recipient, in words, how the model scored them, with the reasons and data it used", async () => {
    const message = db.select().from(messages).where(eq(messages.campaignId, campaign.id)).get()!;
    const shop = db.select().from(shops).where(eq(shops.id, shopId)).get()!;
    const token = signRecipientToken(shop.tokenSecret, message.publicId, "why");
    const page = await (
      await whyLoader({
        params: { token },
        context: { clientIp: "203.0.113.5" },
        request: new Request("http://t/"),
      })
    ).json();
    expect(page.reasons).toEqual(message.reasons);
    // In words, not as a figure or a model's name: the download keeps those.
    expect(page.scoring).toMatchObject({
      fit: fitWords(message.score),
      model: expect.stringMatching(/statistical model of your past orders/),
    });
    expect(JSON.stringify(page)).not.toContain(String(message.score));
    expect(page.dataUsed).toContain(
      "Which products you bought and when, to estimate when you may run out and what goes with them",
    );
  });

  it("refits when orders arrived after the run's data ended", () => {
    const run = latestCompleteRun(db, shopId)!;
    db.update(modelRuns)
      .set({ dataTo: new Date(today.getTime() - 86_400_000 * 30) })
      .where(eq(modelRuns.id, run.id))
      .run();
    startDrafting(db, ref);
    draftCampaign(db, { ...ref, publicUrl: "http://tactful.test", now: today });
    expect(latestCompleteRun(db, shopId)!.id).toBeGreaterThan(run.id);
  });
});

describe("explanations", () => {
  it("say how often and how long ago for a due product, in words", () => {
    const reasons = explainScore({
      aggregate: {
        customerId: 1,
        orderCount: 4,
        firstOrderAt: new Date("2026-06-01"),
        lastOrderAt: new Date("2026-10-12"),
        totalCents: 9000,
        featuredLines: 3,
      },
      contributions: [
        { feature: "active", value: 0.8, contribution: 0.2 },
        {
          feature: "due",
          value: 0.9,
          contribution: 0.3,
          detail: { product: "Ethiopia Yirgacheffe", times: 3, intervalDays: 35, daysSince: 42 },
        },
      ],
      featured: null,
      medianTotalCents: 5000,
      now: today,
    });
    expect(reasons[0].text).toBe(
      "You've bought Ethiopia Yirgacheffe three times, about every five weeks; it's been six weeks.",
    );
    expect(reasons[1].text).toBe("You've ordered four times since June 2026, most recently 6 weeks ago.");
  });
});
