import { randomBytes } from "node:crypto";
import type { Db } from "../../db/client";
import { exclusions, messages } from "../../db/schema";
import {
  compileCampaign,
  renderMessage,
  TemplateError,
  type CompiledCampaign,
} from "../../templates/campaign";
import { recipientLinks } from "../links";
import { lookbackDays } from "../policy/eligibility";
import { describeDataUsed, explainScore, medianTotalCents, type Featured } from "../scoring/explain";
import type { CustomerAggregate } from "../scoring/rfm";
import { clearDrafts, failCampaign, finishDrafting } from "../state";
import { selectAudience } from "./audience";
import {
  loadAggregates,
  loadCampaign,
  loadCustomers,
  loadRecentSends,
  loadSuppressedHashes,
  type DraftingContext,
} from "./load";
import { inChunks, setProgress, type CampaignRef } from "./progress";
import { storeScoreRun, type StoredScore } from "./score-run";

const CHUNK = 500;

const formatPrice = (cents: number) =>
  new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP" }).format(cents / 100);

/**
 * The "draft" job: score the shop's customers, apply the policy to each, and
 * write one personalized draft per eligible recipient (and a reason for every
 * one left out). A retried job starts from a clean slate, and the campaign
 * only reaches "review" once everything is written.
 */
export function draftCampaign(
  db: Db,
  input: CampaignRef & { publicUrl: string; now?: Date },
): "drafted" | "skipped" | "failed" {
  const now = input.now ?? new Date();
  const ref = { shopId: input.shopId, campaignId: input.campaignId };
  const ctx = loadCampaign(db, ref.shopId, ref.campaignId);
  if (!ctx || ctx.campaign.status !== "drafting") return "skipped";

  let compiled: CompiledCampaign;
  try {
    compiled = compileCampaign(ctx.campaign);
  } catch (error) {
    const where = error instanceof TemplateError ? `${error.field}, line ${error.line}: ` : "";
    failCampaign(db, ref, `Template error in ${where}${(error as Error).message}`);
    return "failed";
  }

  clearDrafts(db, ref);
  const aggregates = loadAggregates(db, ref.shopId, {
    categoryId: ctx.category?.id,
    productIds: ctx.campaign.featuredProductIds,
  });
  const featured = Boolean(ctx.category) || ctx.campaign.featuredProductIds.length > 0;
  const stored = storeScoreRun(db, ref, { aggregates: [...aggregates.values()], featured, now });

  const people = loadCustomers(db, ref.shopId);
  const { recipients, excluded } = selectAudience({
    people,
    orderCounts: new Map([...aggregates].map(([id, a]) => [id, a.orderCount])),
    lastOrderAts: new Map([...aggregates].map(([id, a]) => [id, a.lastOrderAt])),
    scores: new Map([...stored].map(([id, s]) => [id, s.score])),
    suppressedHashes: loadSuppressedHashes(db, ref.shopId),
    recentSends: loadRecentSends(db, ref.shopId, now, lookbackDays(ctx.shop)),
    campaign: ctx.featured,
    shop: ctx.shop,
    audienceLimit: ctx.campaign.audienceLimit,
    now,
  });

  writeDrafts(db, ref, { ctx, compiled, recipients, aggregates, stored, publicUrl: input.publicUrl, now });
  inChunks(db, excluded, CHUNK, (tx, chunk) => {
    tx.insert(exclusions)
      .values(chunk.map((e) => ({ ...ref, ...e })))
      .run();
  });
  return finishDrafting(db, ref) ? "drafted" : "skipped";
}

function writeDrafts(
  db: Db,
  ref: CampaignRef,
  input: {
    ctx: DraftingContext;
    compiled: CompiledCampaign;
    recipients: ReturnType<typeof loadCustomers>;
    aggregates: Map<number, CustomerAggregate>;
    stored: Map<number, StoredScore>;
    publicUrl: string;
    now: Date;
  },
) {
  const { shop, featuredProducts } = input.ctx;
  const domain = shop.fromEmail.split("@")[1] ?? "tactful.local";
  const products = featuredProducts.map((p) => ({ name: p.name, price: formatPrice(p.priceCents) }));
  const featured = describeFeatured(input.ctx);
  const median = medianTotalCents(input.aggregates.values());
  setProgress(db, ref, "drafting", 0, input.recipients.length);
  inChunks(
    db,
    input.recipients,
    CHUNK,
    (tx, chunk, offset) => {
      const rows = chunk.map((person, i) => {
        const aggregate = input.aggregates.get(person.id)!;
        const score = input.stored.get(person.id)!;
        const reasons = explainScore({
          aggregate,
          contributions: score.contributions,
          featured,
          medianTotalCents: median,
          now: input.now,
        });
        const publicId = randomBytes(18).toString("base64url");
        const rendered = renderMessage(
          input.compiled,
          {
            customer: { first_name: person.firstName ?? "", last_name: person.lastName ?? "" },
            shop: { name: shop.name },
            reason: reasons[0]?.text ?? "",
            products,
          },
          {
            shopName: shop.name,
            brandColor: shop.brandColor,
            postalAddress: shop.postalAddress,
            preheader: reasons[0]?.text ?? "",
            links: recipientLinks(input.publicUrl, shop, publicId),
          },
        );
        return {
          ...ref,
          customerId: person.id,
          publicId,
          ...rendered,
          reasons,
          dataUsed: describeDataUsed({
            aggregate,
            featured,
            consentAt: person.consentAt,
            consentSource: person.consentSource,
          }),
          score: score.score,
          scoreId: score.id,
          rank: offset + i + 1,
          messageIdHeader: `<${publicId}@${domain}>`,
        };
      });
      tx.insert(messages).values(rows).run();
    },
    (done) => setProgress(db, ref, "drafting", done, input.recipients.length),
  );
}

// Featured products take precedence, as they do for the affinity feature (see loadAggregates).
function describeFeatured(ctx: DraftingContext): Featured | null {
  if (ctx.campaign.featuredProductIds.length > 0)
    return { kind: "products", names: ctx.featuredProducts.map((p) => p.name) };
  return ctx.category ? { kind: "category", name: ctx.category.name } : null;
}
