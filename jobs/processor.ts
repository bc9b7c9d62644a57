import { DelayedError, UnrecoverableError, Worker, type Job } from "bullmq";
import type { Db } from "../db/client";
import type { Config } from "./config";
import { dispatchCampaign } from "./dispatch/dispatch-campaign";
import { createMailer } from "./dispatch/mailer";
import { sendMessage } from "./dispatch/send-message";
import { draftCampaign } from "./drafting/draft-campaign";
import { processImport } from "./import/job";
import { ImportFailed } from "./import/run";
import {
  CAMPAIGN_QUEUE,
  createProducer,
  redisOptions,
  type DispatchJobData,
  type DraftJobData,
  type ImportJobData,
  type SendJobData,
} from "./queue";
import { failCampaign } from "./state";

type Logger = Pick<Console, "info" | "warn" | "error">;

const isLastAttempt = (job: Job) => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

/** A real BullMQ worker for the campaigns queue: one processor, switching on the job name. */
export function startWorker(input: { config: Config; db: Db; logger?: Logger }) {
  const { config, db } = input;
  const logger = input.logger ?? console;
  const mailer = createMailer(config.SMTP_URL);
  const producer = createProducer(config);

  async function process(job: Job, token?: string) {
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
      case "dispatch": {
        const data = job.data as DispatchJobData;
        const queued = dispatchCampaign(db, data);
        await producer.enqueueSends(data.shopId, queued);
        return { queued: queued.length };
      }
      case "send": {
        const data = job.data as SendJobData;
        const outcome = await sendMessage(db, mailer, {
          ...data,
          publicUrl: config.PUBLIC_URL,
          lastAttempt: isLastAttempt(job),
        });
        if (typeof outcome === "object") {
          // Quiet hours: the same job runs again when they end, without using an attempt.
          await job.moveToDelayed(outcome.deferredUntil.getTime(), token);
          throw new DelayedError();
        }
        return outcome;
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

  const worker = new Worker(CAMPAIGN_QUEUE, process, {
    prefix: config.QUEUE_PREFIX,
    connection: { ...redisOptions(config.REDIS_URL), maxRetriesPerRequest: null },
    concurrency: config.WORKER_CONCURRENCY,
  });
  // Without this listener a Redis outage would crash the process; BullMQ reconnects.
  worker.on("error", (error) => logger.warn(`worker: ${error.message}`));
  worker.on("failed", (job, error) => {
    if (job) logger.warn(`job ${job.name} ${job.id} failed (attempt ${job.attemptsMade}): ${error.message}`);
  });

  return {
    worker,
    async close() {
      await worker.close();
      await producer.close();
      mailer.close();
    },
  };
}
