import { UnrecoverableError } from "bullmq";
import type { Db } from "../../db/client";
import type { Config } from "../config";
import { draftCampaign } from "../drafting/draft-campaign";
import { processImport } from "../import/job";
import { ImportFailed } from "../import/run";
import { failModelRun, runShopModel } from "../models/model-run";
import type { DraftJobData, ImportJobData, Producer, ScoreJobData, SuggestJobData } from "../queue";
import { failCampaign } from "../state";
import { allShopIds, suggestCampaigns } from "../suggestions/suggest";

/** What a job of the work queue uses of BullMQ's job (a sandboxed one has this much). */
export type WorkJob = {
  name: string;
  data: unknown;
  attemptsMade: number;
  opts: { attempts?: number };
  updateProgress(value: object): Promise<void>;
};

export type WorkDeps = { db: Db; config: Pick<Config, "PUBLIC_URL">; producer: () => Producer };

const isLastAttempt = (job: WorkJob) => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

/** The work queue's processor: the jobs that compute, switching on the job name. */
export async function runWork(job: WorkJob, deps: WorkDeps) {
  const { db, config } = deps;
  switch (job.name) {
    case "draft": {
      const data = job.data as DraftJobData;
      try {
        return draftCampaign(db, { ...data, publicUrl: config.PUBLIC_URL });
      } catch (error) {
        if (isLastAttempt(job)) failCampaign(db, data, `Drafting failed: ${(error as Error).message}`);
        throw error;
      }
    }
    case "score": {
      const { shopId } = job.data as ScoreJobData;
      try {
        const run = runShopModel(db, { shopId });
        return { modelRunId: run.id, customers: run.customers };
      } catch (error) {
        if (isLastAttempt(job)) failModelRun(db, shopId, (error as Error).message);
        throw error;
      }
    }
    case "suggest": {
      const { shopId } = job.data as SuggestJobData;
      return { suggested: suggestCampaigns(db, { shopId, publicUrl: config.PUBLIC_URL }) };
    }
    case "suggest-all": {
      const shopIds = allShopIds(db);
      for (const shopId of shopIds) await deps.producer().enqueueSuggestions({ shopId });
      return { shops: shopIds.length };
    }
    case "import": {
      try {
        const summary = await processImport(db, job.data as ImportJobData, {
          // Progress in Redis is a courtesy; the import's own row has the truth.
          onProgress: ({ rows }) => void job.updateProgress({ rows }).catch(() => {}),
        });
        return { rows: summary.rows };
      } catch (error) {
        // A file that cannot be read fails the same way every time; the
        // owner fixes it and imports again (already saved rows are unchanged).
        if (error instanceof ImportFailed) throw new UnrecoverableError(error.message);
        throw error;
      }
    }
    default:
      throw new Error(`Unknown job name: ${job.name}`);
  }
}
