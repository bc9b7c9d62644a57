import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { campaigns, scoreRuns, scores, type Contribution } from "../../db/schema";
import type { CampaignScoring } from "./campaign-scores";
import { inChunks, setProgress, type CampaignRef } from "./progress";

export type StoredScore = { id: number; score: number; contributions: Contribution[] };

/**
 * Stores each customer's campaign score with its contributions under a
 * versioned run (model version, the model run it used, its fitted
 * parameters), so that review and why-pages show the score actually used.
 */
export function storeScoreRun(
  db: Db,
  ref: CampaignRef,
  input: Omit<CampaignScoring, "recommended"> & { now: Date },
): Map<number, StoredScore> {
  const { scored } = input;
  const run = db
    .insert(scoreRuns)
    .values({
      shopId: ref.shopId,
      modelVersion: input.modelVersion,
      modelRunId: input.modelRunId,
      params: { ...input.params, campaignId: ref.campaignId },
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
