import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { modelRuns, predictions, products } from "../../db/schema";
import { itemSimilarity, recommend, type ItemSimilarity, type Neighbour } from "./affinity";
import { expectedPurchases, fitBgNbd, probabilityAlive, type BgNbdFit } from "./bgnbd";
import { expectedAverageSpend, fitGammaGamma, type GammaGammaFit } from "./gamma-gamma";
import { purchaseHistories } from "./history";
import { typicalInterval } from "./replenish";
import { shopSummaries } from "./summary";

export const CUSTOMER_MODEL_VERSION = "customer-model-1";
/** Below this many repeat customers the fit says little; campaigns use the stated RFM rule instead. */
export const MIN_REPEAT_CUSTOMERS = 20;
// Fewer observed gaps than this and the product's stated interval is the better guess.
const MIN_GAPS_FOR_TYPICAL = 5;

export type CustomerModelParams = {
  unitDays: 7;
  bgnbd: BgNbdFit;
  gammaGamma: GammaGammaFit;
  neighbours: [number, Neighbour[]][];
  typicalDays: [number, number][];
};
export type ModelRun = typeof modelRuns.$inferSelect;

export const similarityOf = (params: CustomerModelParams): ItemSimilarity => new Map(params.neighbours);

/** The run a campaign may use: the latest complete one. */
export function latestCompleteRun(db: Db, shopId: number): ModelRun | undefined {
  return db
    .select()
    .from(modelRuns)
    .where(and(eq(modelRuns.shopId, shopId), eq(modelRuns.status, "complete")))
    .orderBy(desc(modelRuns.id))
    .limit(1)
    .get();
}

function runningRun(db: Db, shopId: number): ModelRun | undefined {
  return db
    .select()
    .from(modelRuns)
    .where(and(eq(modelRuns.shopId, shopId), eq(modelRuns.status, "running")))
    .orderBy(desc(modelRuns.id))
    .limit(1)
    .get();
}

function fit(db: Db, shopId: number, dataTo: Date, histories: ReturnType<typeof purchaseHistories>) {
  const summaries = shopSummaries(db, shopId, { asOf: dataTo });
  const repeat = summaries.filter((s) => s.frequency > 0).length;
  if (repeat < MIN_REPEAT_CUSTOMERS) {
    return {
      note: `Only ${repeat} customers have ordered more than once (the model needs ${MIN_REPEAT_CUSTOMERS}); campaigns are ranked by recency, frequency and spend until there is more history.`,
    };
  }
  const replenishable = db
    .select({ id: products.id, days: products.replenishDays })
    .from(products)
    .where(and(eq(products.shopId, shopId), isNotNull(products.replenishDays)))
    .all();
  const byProduct = new Map<number, (readonly number[])[]>();
  for (const list of histories.values()) {
    for (const p of list) {
      const days = byProduct.get(p.productId) ?? [];
      days.push(p.days);
      byProduct.set(p.productId, days);
    }
  }
  const typicalDays: [number, number][] = replenishable.map((p) => {
    const days = byProduct.get(p.id) ?? [];
    const gaps = days.reduce((n, d) => n + Math.max(0, d.length - 1), 0);
    return [p.id, gaps >= MIN_GAPS_FOR_TYPICAL ? typicalInterval(days)! : p.days!];
  });
  const params: CustomerModelParams = {
    unitDays: 7,
    bgnbd: fitBgNbd(summaries),
    gammaGamma: fitGammaGamma(summaries),
    neighbours: [...itemSimilarity(Array.from(histories.values(), (l) => l.map((p) => p.productId)))],
    typicalDays,
  };
  return { params };
}

/**
 * Fits the shop's customer model and stores a prediction for every customer
 * with orders, in chunks. A run left "running" by a crash is resumed: its
 * fitted parameters are kept and only the customers after the last chunk
 * written are predicted.
 */
export function runShopModel(
  db: Db,
  input: {
    shopId: number;
    now?: Date;
    chunkSize?: number;
    onProgress?: (done: number, total: number) => void;
  },
): ModelRun {
  const { shopId } = input;
  const now = input.now ?? new Date();
  const run = startModelRun(db, shopId, now);
  const histories = purchaseHistories(db, shopId, run.dataTo);
  const total = histories.size;
  let params = run.params as CustomerModelParams | null;
  if (!params) {
    const fitted = fit(db, shopId, run.dataTo, histories);
    if (!fitted.params) {
      return db
        .update(modelRuns)
        .set({ status: "complete", note: fitted.note, customers: total, fittedAt: now })
        .where(eq(modelRuns.id, run.id))
        .returning()
        .get();
    }
    params = fitted.params;
    db.update(modelRuns).set({ params, customers: total }).where(eq(modelRuns.id, run.id)).run();
  }

  const similarity = similarityOf(params);
  const summaries = new Map(shopSummaries(db, shopId, { asOf: run.dataTo }).map((s) => [s.customerId, s]));
  const pending = [...histories.keys()].filter((id) => id > run.lastCustomerId).sort((x, y) => x - y);
  let done = total - pending.length;
  const size = input.chunkSize ?? 2000;
  for (let i = 0; i < pending.length; i += size) {
    const chunk = pending.slice(i, i + size);
    const rows = chunk.map((customerId) => {
      const s = summaries.get(customerId)!;
      const bought = histories.get(customerId)!.map((p) => p.productId);
      return {
        shopId,
        modelRunId: run.id,
        customerId,
        pAlive: probabilityAlive(params.bgnbd, s),
        expected30: expectedPurchases(params.bgnbd, s, 30 / 7),
        expected90: expectedPurchases(params.bgnbd, s, 90 / 7),
        clv12: expectedPurchases(params.bgnbd, s, 52) * expectedAverageSpend(params.gammaGamma, s),
        recommended: recommend(similarity, bought).map((r) => r.productId),
      };
    });
    done += chunk.length;
    db.transaction((tx) => {
      tx.insert(predictions).values(rows).run();
      tx.update(modelRuns)
        .set({ lastCustomerId: chunk[chunk.length - 1], progressDone: done })
        .where(eq(modelRuns.id, run.id))
        .run();
    });
    input.onProgress?.(done, total);
  }
  return db
    .update(modelRuns)
    .set({ status: "complete", fittedAt: new Date(), progressDone: total })
    .where(eq(modelRuns.id, run.id))
    .returning()
    .get();
}

/** Marks a run that will not be retried as failed, so the next run starts afresh. */
export function failModelRun(db: Db, shopId: number, message: string) {
  db.update(modelRuns)
    .set({ status: "failed", error: message })
    .where(and(eq(modelRuns.shopId, shopId), eq(modelRuns.status, "running")))
    .run();
}

/** Whether campaigns can use the latest complete run: fitted within a day and on all orders there are. */
export function isFresh(db: Db, run: ModelRun | undefined, now: Date): run is ModelRun {
  if (!run || now.getTime() - run.dataTo.getTime() > 86_400_000) return false;
  const latest = db.get<{ at: number | null }>(
    sql`SELECT max(ordered_at) AS at FROM orders WHERE shop_id = ${run.shopId}`,
  );
  return (latest.at ?? 0) < run.dataTo.getTime();
}

/** The run the next fit will fill: the one already under way, or a new one starting now. */
export function startModelRun(db: Db, shopId: number, now = new Date()): ModelRun {
  return (
    runningRun(db, shopId) ??
    db
      .insert(modelRuns)
      .values({ shopId, modelVersion: CUSTOMER_MODEL_VERSION, dataTo: now })
      .returning()
      .get()
  );
}

const P_ALIVE_EDGES = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

/** What a run predicted, for people to look at: P(active) in tenths, and 12-month value quantiles. */
export function predictionSummary(db: Db, run: ModelRun) {
  const rows = db
    .select({ pAlive: predictions.pAlive, clv12: predictions.clv12 })
    .from(predictions)
    .where(and(eq(predictions.shopId, run.shopId), eq(predictions.modelRunId, run.id)))
    .all();
  const counts = new Array<number>(P_ALIVE_EDGES.length - 1).fill(0);
  for (const r of rows) counts[Math.min(counts.length - 1, Math.floor(r.pAlive * 10))]++;
  const clv = rows.map((r) => r.clv12).sort((x, y) => x - y);
  const at = (q: number) => clv[Math.min(clv.length - 1, Math.floor(clv.length * q))] ?? 0;
  return {
    customers: rows.length,
    pAliveHistogram: counts.map((count, i) => ({ from: P_ALIVE_EDGES[i], to: P_ALIVE_EDGES[i + 1], count })),
    clv: { median: at(0.5), top10: at(0.9), mean: clv.reduce((s, v) => s + v, 0) / (clv.length || 1) },
  };
}
