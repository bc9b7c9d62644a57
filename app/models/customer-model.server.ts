import { count, desc, eq, min } from "drizzle-orm";
import { modelRuns, orders } from "../../db/schema";
import {
  latestCompleteRun,
  predictionSummary,
  startModelRun,
  type CustomerModelParams,
} from "../../jobs/models/model-run";
import { holdoutCheck } from "../../jobs/models/shop-model";
import { db } from "../db.server";
import { producer } from "../queue.server";
import type { QueueResult } from "./pipeline.server";

type Holdout = ReturnType<typeof holdoutCheck>;
const cache = new Map<number, { orders: number; at: number; holdout: Holdout }>();
const TEN_MINUTES = 10 * 60_000;

/**
 * The holdout check takes a second or two to fit, so it is reused for ten
 * minutes unless the shop's orders changed.
 */
function cachedHoldout(shopId: number): Holdout {
  const orderCount = db.select({ n: count() }).from(orders).where(eq(orders.shopId, shopId)).get()!.n;
  const hit = cache.get(shopId);
  if (hit && hit.orders === orderCount && Date.now() - hit.at < TEN_MINUTES) return hit.holdout;
  const holdout = holdoutCheck(db, shopId);
  cache.set(shopId, { orders: orderCount, at: Date.now(), holdout });
  return holdout;
}

/** Everything the Model page shows: the run campaigns use, the one under way, and the holdout check. */
export function getModelPage({ shopId }: { shopId: number }) {
  const latest = db
    .select()
    .from(modelRuns)
    .where(eq(modelRuns.shopId, shopId))
    .orderBy(desc(modelRuns.id))
    .limit(1)
    .get();
  const used = latestCompleteRun(db, shopId);
  const params = (used?.params ?? null) as CustomerModelParams | null;
  return {
    latest: latest && {
      id: latest.id,
      status: latest.status,
      progressDone: latest.progressDone,
      customers: latest.customers,
      error: latest.error,
      startedAt: latest.startedAt,
    },
    used: used && {
      id: used.id,
      modelVersion: used.modelVersion,
      note: used.note,
      dataFrom: new Date(
        db
          .select({ first: min(orders.orderedAt) })
          .from(orders)
          .where(eq(orders.shopId, shopId))
          .get()?.first ?? used.dataTo,
      ),
      dataTo: used.dataTo,
      fittedAt: used.fittedAt,
      customers: used.customers,
      fittedOn: params?.fittedOn ?? used.customers,
      bgnbd: params?.bgnbd ?? null,
      gammaGamma: params?.gammaGamma ?? null,
      products: params?.typicalDays.length ?? 0,
      predictions: params ? predictionSummary(db, used) : null,
    },
    holdout: cachedHoldout(shopId),
  };
}

/** Starts a fresh fit on all orders so far, in the background. */
export async function requestModelRun({ shopId }: { shopId: number }): Promise<QueueResult> {
  startModelRun(db, shopId);
  try {
    await producer.enqueueScoring({ shopId });
    return { ok: true };
  } catch {
    return { ok: false, error: "The job queue (Redis) is not reachable right now; try again in a moment." };
  }
}
