import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { modelRuns, predictions, products } from "../../db/schema";
import { itemSimilarity, recommend, type ItemSimilarity, type Neighbour } from "./affinity";
import { expectedPurchases, fitBgNbd, probabilityAlive, type BgNbdFit } from "./bgnbd";
import { expectedAverageSpend, fitGammaGamma, type GammaGammaFit } from "./gamma-gamma";
import { forEachHistory } from "./history";
import { forgetPredictions, objectorIds } from "./objectors";
import { collectGaps, typicalInterval } from "./replenish";
import type { CustomerSummary } from "./summary";

export const CUSTOMER_MODEL_VERSION = "customer-model-1";
/** Below this many repeat customers the fit says little; campaigns use the stated RFM rule instead. */
export const MIN_REPEAT_CUSTOMERS = 20;
// Fewer observed gaps than this and the product's stated interval is the better guess.
const MIN_GAPS_FOR_TYPICAL = 5;
const FIT_SAMPLE = 200_000;

export type CustomerModelParams = {
  unitDays: 7;
  /** How many customers the BG/NBD and Gamma-Gamma fits saw (a systematic sample in large shops). */
  fittedOn: number;
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

type Customer = { summary: CustomerSummary; bought: number[] };

/**
 * One streaming pass over the shop's history (customers after `after`): each
 * customer's repeat-purchase summary and the products they bought, and the
 * reorder gaps of each replenishable product. Order lines are not kept.
 */
function readCustomers(db: Db, shopId: number, dataTo: Date, after: number) {
  const replenishable = new Map(
    db
      .select({ id: products.id, days: products.replenishDays })
      .from(products)
      .where(and(eq(products.shopId, shopId), isNotNull(products.replenishDays)))
      .all()
      .map((p) => [p.id, { stated: p.days!, gaps: [] as number[] }]),
  );
  const customers: Customer[] = [];
  forEachHistory(db, { shopId, asOf: dataTo, after }, ({ summary, purchases }) => {
    customers.push({ summary, bought: purchases.map((p) => p.productId) });
    for (const p of purchases) {
      const product = replenishable.get(p.productId);
      if (product) collectGaps(p.days, product.gaps);
    }
  });
  return { customers, replenishable };
}

/**
 * A systematic sample (every k-th customer in id order) for the BG/NBD and
 * Gamma-Gamma fits: beyond a few hundred thousand customers more data no
 * longer moves the estimates, only the time the fit takes.
 */
function fitSample(customers: Customer[]): CustomerSummary[] {
  const step = Math.max(1, Math.ceil(customers.length / FIT_SAMPLE));
  return customers.filter((_, i) => i % step === 0).map((c) => c.summary);
}

/**
 * The BG/NBD and Gamma-Gamma fits, co-purchase similarity, and the typical
 * reorder interval of each replenishable product (its stated one when too
 * few customers have reordered it); a note instead while history is thin.
 */
function fit(read: ReturnType<typeof readCustomers>): { params?: CustomerModelParams; note?: string } {
  const { customers, replenishable } = read;
  const repeat = customers.filter((c) => c.summary.frequency > 0).length;
  if (repeat < MIN_REPEAT_CUSTOMERS) {
    return {
      note: `Only ${repeat} customers have ordered more than once (the model needs ${MIN_REPEAT_CUSTOMERS}); campaigns are ranked by recency, frequency and spend until there is more history.`,
    };
  }
  const sample = fitSample(customers);
  return {
    params: {
      unitDays: 7,
      fittedOn: sample.length,
      bgnbd: fitBgNbd(sample),
      gammaGamma: fitGammaGamma(sample),
      neighbours: [...itemSimilarity(customers.map((c) => c.bought))],
      typicalDays: Array.from(replenishable, ([id, p]) => [
        id,
        p.gaps.length >= MIN_GAPS_FOR_TYPICAL ? typicalInterval(p.gaps)! : p.stated,
      ]),
    },
  };
}

/**
 * Fits the shop's customer model and stores a prediction for every customer
 * with orders, in chunks. A run left "running" by a crash is resumed: its
 * fitted parameters are kept and only the customers after the last chunk
 * written are predicted.
 *
 * Customers who objected to marketing are not predicted, and whatever earlier
 * runs predicted about them is deleted (an objection recorded by an import
 * reaches no hook of its own). Their past orders still count in the fit: it
 * learns the shop's customers as a whole and says nothing about any one of
 * them (docs/decisions/0006-what-recipients-see.md).
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
  const objectors = objectorIds(db, shopId);
  forgetPredictions(db, shopId, objectors);
  const read = readCustomers(db, shopId, run.dataTo, run.lastCustomerId);
  const predicted = read.customers.filter((c) => !objectors.has(c.summary.customerId));
  let params = run.params as CustomerModelParams | null;
  const total = params ? run.customers : predicted.length;
  if (!params) {
    const fitted = fit(read);
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

  const { bgnbd, gammaGamma } = params;
  const similarity = similarityOf(params);
  const size = input.chunkSize ?? 5000;
  // One prepared statement, row by row: for a million predictions this is
  // several times faster than building multi-row INSERTs.
  const insert = db.$client.prepare(
    `INSERT INTO customer_predictions
       (shop_id, model_run_id, customer_id, p_alive, expected_30, expected_90, clv_12, recommended)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let done = run.progressDone;
  for (let i = 0; i < predicted.length; i += size) {
    const rows = predicted.slice(i, i + size).map(({ summary, bought }) => ({
      shopId,
      modelRunId: run.id,
      customerId: summary.customerId,
      pAlive: probabilityAlive(bgnbd, summary),
      expected30: expectedPurchases(bgnbd, summary, 30 / 7),
      expected90: expectedPurchases(bgnbd, summary, 90 / 7),
      clv12: expectedPurchases(bgnbd, summary, 52) * expectedAverageSpend(gammaGamma, summary),
      recommended: recommend(similarity, bought).map((r) => r.productId),
    }));
    done += rows.length;
    db.transaction((tx) => {
      for (const r of rows)
        insert.run(
          r.shopId,
          r.modelRunId,
          r.customerId,
          r.pAlive,
          r.expected30,
          r.expected90,
          r.clv12,
          JSON.stringify(r.recommended),
        );
      tx.update(modelRuns)
        .set({ lastCustomerId: rows[rows.length - 1].customerId, progressDone: done })
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
