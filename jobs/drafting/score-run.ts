import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { campaigns, scoreRuns, scores, type Contribution } from "../../db/schema";
import { RFM_MODEL_VERSION, scoreRfm, type CustomerAggregate } from "../scoring/rfm";
import { inChunks, setProgress, type CampaignRef } from "./progress";

export type StoredScore = { id: number; score: number; contributions: Contribution[] };

/**
 * Scores the customers with orders and stores each score with its
 * contributions under a versioned run, so that review and why-pages show the
 * score that was actually used.
 */
export function storeScoreRun(
  db: Db,
  ref: CampaignRef,
  input: { aggregates: CustomerAggregate[]; featured: boolean; now: Date },
): Map<number, StoredScore> {
  const scored = scoreRfm(input.aggregates, { featured: input.featured });
  const run = db
    .insert(scoreRuns)
    .values({
      shopId: ref.shopId,
      modelVersion: RFM_MODEL_VERSION,
      params: {
        referenceDate: input.now.toISOString(),
        featured: input.featured,
        campaignId: ref.campaignId,
      },
      customersScored: scored.length,
      fittedAt: input.now,
    })
    .returning({ id: scoreRuns.id })
    .get();
  const stored = new Map<number, StoredScore>();
  inChunks(
    db,
    scored,
    500,
    (tx, chunk) => {
      const rows = tx
        .insert(scores)
        .values(chunk.map((s) => ({ shopId: ref.shopId, scoreRunId: run.id, ...s })))
        .returning({ id: scores.id, customerId: scores.customerId })
        .all();
      const byCustomer = new Map(chunk.map((s) => [s.customerId, s]));
      for (const row of rows) {
        const s = byCustomer.get(row.customerId)!;
        stored.set(row.customerId, { id: row.id, score: s.score, contributions: s.contributions });
      }
    },
    (done) => setProgress(db, ref, "scoring", done, scored.length),
  );
  db.update(campaigns)
    .set({ scoreRunId: run.id })
    .where(and(eq(campaigns.id, ref.campaignId), eq(campaigns.shopId, ref.shopId)))
    .run();
  return stored;
}
