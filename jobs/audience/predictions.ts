import type { Db } from "../../db/client";
import { isFresh, latestCompleteRun, type ModelRun } from "../models/model-run";

export type PredictionRun = { run: ModelRun; problem: null } | { run: null; problem: string };

/**
 * The model run whose predictions the "predicted activity" rules read: the
 * shop's latest complete run, when it was fitted and is fresh. Otherwise why
 * not, in words for the owner, so that such a rule is refused rather than
 * quietly matching no one.
 */
export function predictionRun(db: Db, shopId: number, now: Date): PredictionRun {
  const latest = latestCompleteRun(db, shopId);
  if (!latest) {
    return {
      run: null,
      problem: "Predicted activity needs the customer model: fit it on the Model page first.",
    };
  }
  if (!latest.params) {
    return {
      run: null,
      problem: `Predicted activity is not available: ${latest.note ?? "the customer model could not be fitted"}`,
    };
  }
  if (!isFresh(db, latest, now)) {
    return {
      run: null,
      problem:
        "The customer model is out of date (over a day old, or orders came in since). Refit it on the Model page to use predicted activity.",
    };
  }
  return { run: latest, problem: null };
}
