import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { campaigns, exclusions, messages, scoreRuns, scores } from "../../db/schema";
import { compileCampaign, renderMessage, TemplateError } from "../../templates/campaign";
import { recipientLinks } from "../links";
import { checkEligibility } from "../policy/eligibility";
import type { ReasonCode } from "../policy/reasons";
import { describeDataUsed, explainScore } from "../scoring/explain";
import { RFM_MODEL_VERSION, scoreRfm } from "../scoring/rfm";
import { emailHash } from "../suppression";
import { clearDrafts, failCampaign, finishDrafting } from "../state";
import { loadAggregates, loadCampaign, loadCustomers, loadRecentSends, loadSuppressedHashes } from "./load";

const CHUNK = 500;

const formatPrice = (cents: number) =>
  new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP" }).format(cents / 100);

function setProgress(
  db: Db,
  ref: { shopId: number; campaignId: number },
  stage: string,
  done: number,
  total: number,
) {
  db.update(campaigns)
    .set({ progressStage: stage, progressDone: done, progressTotal: total })
    .where(and(eq(campaigns.id, ref.campaignId), eq(campaigns.shopId, ref.shopId)))
    .run();
}

/**
 * The "draft" job: score the shop's customers, apply the policy to each, and
 * write one personalized draft per eligible recipient (and a reason for every
 * one left out). A retried job starts from a clean slate, and the campaign
 * only reaches "review" once everything is written.
 */
export function draftCampaign(
  db: Db,
  input: { shopId: number; campaignId: number; publicUrl: string; now?: Date },
): "drafted" | "skipped" | "failed" {
  const now = input.now ?? new Date();
  const ref = { shopId: input.shopId, campaignId: input.campaignId };
  const ctx = loadCampaign(db, ref.shopId, ref.campaignId);
  if (!ctx || ctx.campaign.status !== "drafting") return "skipped";
  const { campaign, shop } = ctx;

  let compiled;
  try {
    compiled = compileCampaign(campaign);
  } catch (error) {
    const message =
      error instanceof TemplateError ? `${error.field}, line ${error.line}: ${error.message}` : String(error);
    failCampaign(db, ref, `Template error in ${message}`);
    return "failed";
  }

  clearDrafts(db, ref);
  const people = loadCustomers(db, ref.shopId);
  setProgress(db, ref, "scoring", 0, people.length);

  const aggregates = loadAggregates(db, ref.shopId, {
    categoryId: ctx.category?.id,
    productIds: campaign.featuredProductIds,
  });
  const featured = Boolean(ctx.category) || campaign.featuredProductIds.length > 0;
  const scored = scoreRfm([...aggregates.values()], { featured });
  const run = db
    .insert(scoreRuns)
    .values({
      shopId: ref.shopId,
      modelVersion: RFM_MODEL_VERSION,
      params: { referenceDate: now.toISOString(), featured, campaignId: ref.campaignId },
      customersScored: scored.length,
      fittedAt: now,
    })
    .returning({ id: scoreRuns.id })
    .get();
  const scoreIds = new Map<
    number,
    { id: number; score: number; contributions: (typeof scored)[number]["contributions"] }
  >();
  for (let i = 0; i < scored.length; i += CHUNK) {
    db.transaction((tx) => {
      for (const s of scored.slice(i, i + CHUNK)) {
        const row = tx
          .insert(scores)
          .values({
            shopId: ref.shopId,
            scoreRunId: run.id,
            customerId: s.customerId,
            score: s.score,
            contributions: s.contributions,
          })
          .returning({ id: scores.id })
          .get();
        scoreIds.set(s.customerId, { id: row.id, score: s.score, contributions: s.contributions });
      }
    });
    setProgress(db, ref, "scoring", Math.min(i + CHUNK, people.length), people.length);
  }
  db.update(campaigns).set({ scoreRunId: run.id }).where(eq(campaigns.id, ref.campaignId)).run();

  const suppressed = loadSuppressedHashes(db, ref.shopId);
  const recentSends = loadRecentSends(db, ref.shopId, now, shop.capWindowDays);
  const excluded: { customerId: number; reason: ReasonCode; detail: string }[] = [];
  const eligible: (typeof people)[number][] = [];
  for (const person of people) {
    const decision = checkEligibility({
      customer: { ...person, orderCount: aggregates.get(person.id)?.orderCount ?? 0 },
      suppressed: suppressed.has(emailHash(person.email)),
      campaign: { sensitive: ctx.sensitive },
      shop,
      recentSends: recentSends.get(person.id) ?? [],
      now,
    });
    if (decision.eligible) eligible.push(person);
    else excluded.push({ customerId: person.id, reason: decision.reason, detail: decision.detail });
  }

  eligible.sort((a, b) => scoreIds.get(b.id)!.score - scoreIds.get(a.id)!.score || a.id - b.id);
  const limit = campaign.audienceLimit ?? eligible.length;
  for (const person of eligible.slice(limit)) {
    excluded.push({
      customerId: person.id,
      reason: "audience_limit",
      detail: `ranked below the top ${limit}`,
    });
  }
  const recipients = eligible.slice(0, limit);

  const domain = shop.fromEmail.split("@")[1] ?? "tactful.local";
  const products = ctx.featuredProducts.map((p) => ({ name: p.name, price: formatPrice(p.priceCents) }));
  setProgress(db, ref, "drafting", 0, recipients.length);
  for (let i = 0; i < recipients.length; i += CHUNK) {
    db.transaction((tx) => {
      recipients.slice(i, i + CHUNK).forEach((person, offset) => {
        const aggregate = aggregates.get(person.id)!;
        const score = scoreIds.get(person.id)!;
        const featuredCategory = ctx.category?.name ?? null;
        const reasons = explainScore({
          aggregate,
          contributions: score.contributions,
          featuredCategory,
          now,
        });
        const publicId = randomBytes(18).toString("base64url");
        const rendered = renderMessage(
          compiled,
          {
            customer: { first_name: person.firstName ?? "", last_name: person.lastName ?? "" },
            shop: { name: shop.name },
            reason: reasons[0]?.text ?? "",
            products,
          },
          {
            shopName: shop.name,
            postalAddress: shop.postalAddress,
            preheader: reasons[0]?.text ?? "",
            links: recipientLinks(input.publicUrl, shop, publicId),
          },
        );
        tx.insert(messages)
          .values({
            shopId: ref.shopId,
            campaignId: ref.campaignId,
            customerId: person.id,
            publicId,
            ...rendered,
            reasons,
            dataUsed: describeDataUsed({
              aggregate,
              featuredCategory,
              consentAt: person.consentAt,
              consentSource: person.consentSource,
            }),
            score: score.score,
            scoreId: score.id,
            rank: i + offset + 1,
            messageIdHeader: `<${publicId}@${domain}>`,
          })
          .run();
      });
    });
    setProgress(db, ref, "drafting", Math.min(i + CHUNK, recipients.length), recipients.length);
  }
  for (let i = 0; i < excluded.length; i += CHUNK) {
    db.transaction((tx) => {
      for (const e of excluded.slice(i, i + CHUNK)) {
        tx.insert(exclusions)
          .values({ shopId: ref.shopId, campaignId: ref.campaignId, ...e })
          .run();
      }
    });
  }
  return finishDrafting(db, ref) ? "drafted" : "skipped";
}
