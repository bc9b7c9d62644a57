import { randomBytes } from "node:crypto";
import type { Db } from "../../db/client";
import { exclusions, messages, type Reason } from "../../db/schema";
import {
  compileCampaign,
  renderMessage,
  subjectVariantFor,
  TemplateError,
  type CompiledCampaign,
} from "../../templates/campaign";
import { loadAudienceFeatures, type AudienceFeatures } from "../audience/features";
import { loadRuleNames } from "../audience/names";
import { campaignChecks } from "../checks/campaign-checks";
import { draftCounts } from "./counts";
import { describeAudience, matchesAudience, parseAudience, usesPredictions } from "../audience/rules";
import { withoutBidiControls } from "../../templates/bidi";
import { recipientLinks } from "../links";
import { lookbackDays } from "../policy/eligibility";
import { CAMPAIGN_MODEL_VERSION } from "../scoring/campaign-score";
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
import { freshModelRun, scoreForCampaign, type CampaignScoring } from "./campaign-scores";
import { inChunks, setProgress, type CampaignRef } from "./progress";
import { storeScoreRun, type StoredScore } from "./score-run";
import { checkClaim, type ClaimCheck } from "../suggestions/claims";
import { moneyFormat } from "../../templates/money";
import { productLink } from "../../templates/shop-links";

const CHUNK = 500;

const PURCHASE_DATE = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" });

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
    failCampaign(db, ref, templateFailure(error));
    return "failed";
  }

  // Rules are validated when saved; stored rules that no longer validate fail the campaign here.
  const audience = parseAudience(ctx.campaign.audienceRules);
  clearDrafts(db, ref);
  const aggregates = loadAggregates(db, ref.shopId, {
    categoryId: ctx.category?.id,
    productIds: ctx.campaign.featuredProductIds,
  });
  const run = freshModelRun(db, ref, now);
  if (usesPredictions(audience) && !run.params) {
    failCampaign(
      db,
      ref,
      `The audience uses predicted activity, but ${run.note ?? "the customer model could not be fitted"}`,
    );
    return "failed";
  }
  const scoring = scoreForCampaign(db, ref.shopId, {
    featured: { productIds: ctx.campaign.featuredProductIds, categoryId: ctx.category?.id },
    aggregates,
    run,
    now,
  });
  const stored = storeScoreRun(db, ref, { ...scoring, now });

  // The owner's audience rules choose the candidates; the policy then decides who of them may be emailed.
  const audienceWords = audience ? describeAudience(audience, loadRuleNames(db, ref.shopId, audience)) : null;
  const features = loadAudienceFeatures(db, ref.shopId, run.id);
  const people = loadCustomers(db, ref.shopId).filter((p) => matchesAudience(audience, features.get(p.id)!));
  const claims = checkClaims(ctx.campaign.suggestion?.kind, people, aggregates, scoring.due, now);
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
    removed: new Set(ctx.campaign.removedCustomerIds),
    claim: (p) => {
      const check = claims.get(p.id);
      return check && !check.holds ? { reason: check.reason, detail: check.detail } : null;
    },
    now,
  });
  const facts = new Map([...claims].flatMap(([id, c]) => (c.holds ? [[id, c.fact] as const] : [])));

  try {
    writeDrafts(db, ref, {
      ctx,
      compiled,
      recipients,
      aggregates,
      features,
      stored,
      recommended: scoring.recommended,
      facts,
      productHistory: scoring.modelVersion === CAMPAIGN_MODEL_VERSION,
      audience: audienceWords,
      publicUrl: input.publicUrl,
      now,
    });
  } catch (error) {
    // One recipient's data took the template past a limit: the drafts already
    // written go too, so the owner never reviews a part of the campaign.
    if (!(error instanceof TemplateError)) throw error;
    clearDrafts(db, ref);
    failCampaign(db, ref, templateFailure(error));
    return "failed";
  }
  inChunks(db, excluded, CHUNK, (tx, chunk) => {
    tx.insert(exclusions)
      .values(chunk.map((e) => ({ ...ref, ...e })))
      .run();
  });
  // The owner sees the checks and counts the moment the campaign reaches review.
  campaignChecks(db, ref, now);
  draftCounts(db, ref);
  return finishDrafting(db, ref) ? "drafted" : "skipped";
}

/**
 * Whether what a suggested campaign's copy says of each candidate is true of
 * them ("running low", "a while"); empty for a campaign whose copy claims
 * nothing of the recipient.
 */
function checkClaims(
  kind: Parameters<typeof checkClaim>[0],
  people: { id: number }[],
  aggregates: Map<number, CustomerAggregate>,
  due: CampaignScoring["due"],
  now: Date,
): Map<number, ClaimCheck> {
  const checks = new Map<number, ClaimCheck>();
  for (const { id } of people) {
    const a = aggregates.get(id);
    const check = checkClaim(kind, {
      due: due.get(id) ?? null,
      orderCount: a?.orderCount ?? 0,
      firstOrderAt: a?.firstOrderAt ?? null,
      lastOrderAt: a?.lastOrderAt ?? null,
      now,
    });
    if (check) checks.set(id, check);
  }
  return checks;
}

function templateFailure(error: unknown): string {
  const where = error instanceof TemplateError ? `${error.field}, line ${error.line}: ` : "";
  return `Template error in ${where}${(error as Error).message}`;
}

function writeDrafts(
  db: Db,
  ref: CampaignRef,
  input: {
    ctx: DraftingContext;
    compiled: CompiledCampaign;
    recipients: ReturnType<typeof loadCustomers>;
    aggregates: Map<number, CustomerAggregate>;
    features: Map<number, AudienceFeatures>;
    stored: Map<number, StoredScore>;
    recommended: CampaignScoring["recommended"];
    /** What the copy's claim rests on for each recipient, stated first among their reasons. */
    facts: Map<number, Reason>;
    productHistory: boolean;
    audience: string | null;
    publicUrl: string;
    now: Date;
  },
) {
  const { shop, featuredProducts } = input.ctx;
  const domain = shop.fromEmail.split("@")[1] ?? "tactful.local";
  const formatPrice = moneyFormat(shop);
  const products = featuredProducts.map((p) => ({
    name: p.name,
    price: formatPrice(p.priceCents),
    url: productLink({ webAddress: shop.webAddress, handle: p.handle, url: p.url }),
  }));
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
        const fact = input.facts.get(person.id);
        const explained = explainScore({
          aggregate,
          contributions: score.contributions,
          featured,
          medianTotalCents: median,
          now: input.now,
        });
        const reasons = fact ? [fact, ...explained] : explained;
        const recommended = input.recommended.get(person.id) ?? [];
        const publicId = randomBytes(18).toString("base64url");
        const lastPurchase = input.features.get(person.id)?.lastPurchase;
        const subjectVariant = subjectVariantFor(person.id, input.compiled.subjects.length);
        const rendered = renderMessage(
          input.compiled,
          {
            customer: {
              first_name: withoutBidiControls(person.firstName ?? ""),
              last_name: withoutBidiControls(person.lastName ?? ""),
            },
            shop: { name: shop.name },
            reason: reasons[0]?.text ?? "",
            products,
            recommended: recommended.map((p) => ({ name: p.name, price: formatPrice(p.priceCents) })),
            last_purchase: lastPurchase
              ? { name: lastPurchase.name, date: PURCHASE_DATE.format(lastPurchase.at) }
              : null,
          },
          {
            shopName: shop.name,
            brandColor: shop.brandColor,
            postalAddress: shop.postalAddress,
            webAddress: shop.webAddress,
            preheader: reasons[0]?.text ?? "",
            links: recipientLinks(input.publicUrl, shop, publicId),
          },
          subjectVariant,
        );
        return {
          ...ref,
          customerId: person.id,
          publicId,
          subjectVariant,
          ...rendered,
          reasons,
          dataUsed: describeDataUsed({
            aggregate,
            featured,
            consentAt: person.consentAt,
            consentSource: person.consentSource,
            productHistory: input.productHistory,
            audience: input.audience,
          }),
          score: score.score,
          scoreId: score.id,
          recommended: recommended.map(({ productId, name }) => ({ productId, name })),
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
