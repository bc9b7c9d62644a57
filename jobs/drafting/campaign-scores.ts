import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { categories, predictions, products, type Contribution } from "../../db/schema";
import { relevance } from "../models/affinity";
import { forEachHistory } from "../models/history";
import {
  isFresh,
  latestCompleteRun,
  runShopModel,
  similarityOf,
  type CustomerModelParams,
  type ModelRun,
} from "../models/model-run";
import { objectorIds } from "../models/objectors";
import { mostDue, nextOrder, type DueItem, type Purchases } from "../models/replenish";
import { CAMPAIGN_MODEL_VERSION, scoreCampaign, type CampaignSignals } from "../scoring/campaign-score";
import { RFM_MODEL_VERSION, scoreRfm, type CustomerAggregate } from "../scoring/rfm";
import { setProgress, type CampaignRef } from "./progress";

const DAY = 86_400_000;

export type CampaignScoring = {
  scored: { customerId: number; score: number; contributions: Contribution[] }[];
  modelVersion: string;
  modelRunId: number | null;
  params: Record<string, unknown>;
  /** Each customer's recommended products (not bought yet), best first. */
  recommended: Map<number, { productId: number; name: string; priceCents: number }[]>;
  /** Each customer's featured product closest to due to reorder, for those with a rhythm for one. */
  due: Map<number, DueItem & { productName: string }>;
};

/** The shop's customer model as of now: the latest run when it is fresh, else a new one (shown as progress). */
export function freshModelRun(db: Db, ref: CampaignRef, now: Date): ModelRun {
  const latest = latestCompleteRun(db, ref.shopId);
  if (isFresh(db, latest, now)) return latest;
  return runShopModel(db, {
    shopId: ref.shopId,
    now,
    onProgress: (done, total) => setProgress(db, ref, "modelling", done, total),
  });
}

/**
 * Scores every customer with orders for this campaign: the campaign score on
 * the shop's model run, or the stated RFM rule while the shop's history is
 * too thin to fit one (the run's note says so). Customers who objected to
 * marketing are not scored: they are left out, which the policy does anyway.
 */
export function scoreForCampaign(
  db: Db,
  shopId: number,
  input: {
    featured: { productIds: number[]; categoryId?: number };
    aggregates: Map<number, CustomerAggregate>;
    /** Undefined for a shop never modelled: scored by the RFM rule, as while history is thin. */
    run: ModelRun | undefined;
    now: Date;
  },
): CampaignScoring {
  const { run, now } = input;
  const objectors = objectorIds(db, shopId);
  const aggregates =
    objectors.size > 0
      ? new Map([...input.aggregates].filter(([id]) => !objectors.has(id)))
      : input.aggregates;
  const featuredIds = featuredProductIds(db, shopId, input.featured);
  const featured = featuredIds.length > 0;
  const base = { referenceDate: now.toISOString(), featured, modelRunId: run?.id ?? null };
  const params = (run?.params ?? null) as CustomerModelParams | null;
  if (!run || !params) {
    return {
      scored: scoreRfm([...aggregates.values()], { featured }),
      modelVersion: RFM_MODEL_VERSION,
      modelRunId: run?.id ?? null,
      params: { ...base, fallback: run?.note ?? "The shop's customer model has not been fitted yet." },
      recommended: new Map(),
      due: new Map(),
    };
  }

  const catalogue = new Map(
    db
      .select({
        id: products.id,
        name: products.name,
        priceCents: products.priceCents,
        sensitive: sql<boolean>`${products.sensitive} OR coalesce(${categories.sensitive}, 0)`.mapWith(
          Boolean,
        ),
      })
      .from(products)
      .leftJoin(categories, eq(categories.id, products.categoryId))
      .where(eq(products.shopId, shopId))
      .all()
      .map((p) => [p.id, p]),
  );
  const nameOf = (id: number | null) => (id === null ? undefined : catalogue.get(id)?.name);
  const predicted = new Map(
    db
      .select()
      .from(predictions)
      .where(and(eq(predictions.shopId, shopId), eq(predictions.modelRunId, run.id)))
      .all()
      .map((p) => [p.customerId, p]),
  );
  const histories = new Map<number, Purchases[]>();
  forEachHistory(db, { shopId, asOf: now }, (h) => histories.set(h.customerId, h.purchases));
  const similarity = similarityOf(params);
  const typical = new Map(params.typicalDays);
  const replenishable = featuredIds.filter((id) => typical.has(id));
  const today = Math.floor(now.getTime() / DAY);

  const signals: CampaignSignals[] = [];
  const dueItems = new Map<number, DueItem & { productName: string }>();
  for (const aggregate of aggregates.values()) {
    const history = histories.get(aggregate.customerId) ?? [];
    const prediction = predicted.get(aggregate.customerId) ?? { pAlive: 0, expected90: 0, clv12: 0 };
    const fit = featured
      ? relevance(
          similarity,
          history.map((p) => p.productId),
          featuredIds,
        )
      : null;
    const due = mostDue(
      history
        .filter((p) => replenishable.includes(p.productId))
        .map((p) => nextOrder(p, typical.get(p.productId)!, today)),
    );
    const dueItem = due && { ...due, productName: nameOf(due.productId)! };
    if (dueItem) dueItems.set(aggregate.customerId, dueItem);
    signals.push({
      aggregate,
      prediction,
      relevance: fit && {
        ...fit,
        viaName: nameOf(fit.via),
        featuredName: nameOf(fit.featured),
      },
      due: dueItem,
    });
  }
  const recommended = new Map(
    [...predicted.values()]
      .filter((p) => !objectors.has(p.customerId))
      .map((p) => [
        p.customerId,
        // Who may hear about a sensitive product is decided from what the campaign
        // features; a recommendation must never slip one past that rule.
        p.recommended.flatMap((productId) => {
          const { name, priceCents, sensitive } = catalogue.get(productId)!;
          return sensitive ? [] : [{ productId, name, priceCents }];
        }),
      ]),
  );
  return {
    scored: scoreCampaign(signals, { featured, replenishable: replenishable.length > 0 }),
    modelVersion: CAMPAIGN_MODEL_VERSION,
    modelRunId: run.id,
    params: { ...base, bgnbd: params.bgnbd, gammaGamma: params.gammaGamma, fittedAt: run.fittedAt },
    recommended,
    due: dueItems,
  };
}

/** The products a campaign features: the ones it names, or every product of its category. */
function featuredProductIds(
  db: Db,
  shopId: number,
  featured: { productIds: number[]; categoryId?: number },
): number[] {
  if (featured.productIds.length > 0) return featured.productIds;
  if (!featured.categoryId) return [];
  return db
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.shopId, shopId), eq(products.categoryId, featured.categoryId)))
    .all()
    .map((p) => p.id);
}
