import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DelayedError, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import type { Db } from "../db/client";
import type { Config } from "./config";
import { dispatchCampaign } from "./dispatch/dispatch-campaign";
import { createMailer } from "./dispatch/mailer";
import { sendBatch, sendMessage, SlowDownError } from "./dispatch/send-message";
import { reserveSends, sendRatePerMinute, slowDownShop, takeSends } from "./dispatch/send-rate";
import { smtpSlots } from "./dispatch/smtp-slots";
import { sweepStuckSends } from "./dispatch/sweep";
import {
  createProducer,
  redisOptions,
  roundSuffix,
  SENDING_QUEUE,
  WORK_QUEUE,
  type DispatchJobData,
  type SendBatchJobData,
  type SendJobData,
} from "./queue";
import { startUpkeep } from "./upkeep";

type Logger = Pick<Console, "info" | "warn" | "error">;

// The first retry after a temporary SMTP answer; the "send" job's own
// exponential backoff (jobs/queue.ts) spaces out the rest.
const RETRY_DELAY_MS = 1000;

const isLastAttempt = (job: Job) => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

const SANDBOX = fileURLToPath(new URL("./work/sandbox.mjs", import.meta.url));

/**
 * The real BullMQ workers of one process: the sending queue's, whose
 * processor switches on the job name, and the work queue's, sandboxed.
 */
export function startWorker(input: { config: Config; db: Db; logger?: Logger }) {
  const { config, db } = input;
  const logger = input.logger ?? console;
  const mailer = createMailer(config.SMTP_URL, {
    maxConnections: config.SMTP_MAX_CONNECTIONS,
    timeoutMs: config.SMTP_TIMEOUT_MS,
    dkim: config.DKIM_PRIVATE_KEY_PATH
      ? {
          domainName: config.DKIM_DOMAIN!,
          keySelector: config.DKIM_SELECTOR!,
          privateKey: readFileSync(config.DKIM_PRIVATE_KEY_PATH, "utf8"),
        }
      : undefined,
  });
  const producer = createProducer(config);

  // A paused job resumes at `at` without using one of its attempts.
  async function delayUntil(job: Job, at: Date, token?: string): Promise<never> {
    await job.moveToDelayed(at.getTime(), token);
    throw new DelayedError();
  }

  const limiter = new Redis({ ...redisOptions(config.REDIS_URL), maxRetriesPerRequest: null });
  limiter.on("error", (error: Error) => logger.warn(`send rate: ${error.message}`));
  const rateOf = (shopId: number) => sendRatePerMinute(db, shopId, config.SEND_RATE_PER_MINUTE);
  // A batch never holds more than a minute of the shop's rate.
  const batchSizeOf = (shopId: number) => Math.min(config.SEND_BATCH_SIZE, rateOf(shopId));
  // The mail server asked to slow down: every worker's sends of the shop wait.
  const slowDown = (shopId: number) =>
    slowDownShop(limiter, { prefix: config.QUEUE_PREFIX, shopId, ms: config.SMTP_SLOWDOWN_MS });
  const outbox = {
    mailer,
    slots: smtpSlots(config.SMTP_MAX_CONNECTIONS),
    pace: (shopId: number, count: number) =>
      takeSends(limiter, {
        prefix: config.QUEUE_PREFIX,
        shopId,
        count,
        ratePerMinute: rateOf(shopId),
        burst: batchSizeOf(shopId),
      }),
    slowDown,
  };

  // Sends wait for their place at the shop's rate (jobs/dispatch/send-rate.ts).
  // A job delayed for its place keeps it when it runs again, unless the shop
  // was slowed down meanwhile.
  async function waitForSlot(job: Job, data: SendJobData | SendBatchJobData, count: number, token?: string) {
    const waitMs = await reserveSends(limiter, {
      prefix: config.QUEUE_PREFIX,
      shopId: data.shopId,
      count,
      ratePerMinute: rateOf(data.shopId),
      holding: data.slotReserved,
    });
    if (waitMs <= 0) return;
    await job.updateData({ ...data, slotReserved: true });
    await delayUntil(job, new Date(Date.now() + waitMs), token);
  }

  async function process(job: Job, token?: string) {
    switch (job.name) {
      case "dispatch": {
        const data = job.data as DispatchJobData;
        const dispatch = dispatchCampaign(db, data, new Date());
        // Scheduled for later: the same job runs again at that time.
        if ("waitUntil" in dispatch) return delayUntil(job, dispatch.waitUntil, token);
        await producer.enqueueBatches(data, dispatch.queued, {
          round: data.round,
          batchSize: batchSizeOf(data.shopId),
        });
        return { queued: dispatch.queued.length };
      }
      case "send-batch": {
        const data = job.data as SendBatchJobData;
        await waitForSlot(job, data, data.messageIds.length, token);
        const result = await sendBatch(db, outbox, {
          shopId: data.shopId,
          messageIds: data.messageIds,
          publicUrl: config.PUBLIC_URL,
          leaseMs: config.SEND_LEASE_MS,
        });
        // What could not go now continues as single "send" jobs: quiet hours
        // wait in a delayed job, temporary failures get the usual retries.
        for (const d of result.deferred) {
          const jobId = `send-${d.messageId}${roundSuffix(data.round)}`;
          await producer.enqueueSend({ shopId: data.shopId, messageId: d.messageId }, { jobId, at: d.until });
        }
        const retryAt = new Date(Date.now() + RETRY_DELAY_MS);
        for (const messageId of result.retry) {
          const jobId = `send-${messageId}-retry-${job.id}`;
          await producer.enqueueSend({ shopId: data.shopId, messageId }, { jobId, at: retryAt });
        }
        return { sent: result.sent, retry: result.retry.length, deferred: result.deferred.length };
      }
      case "send": {
        const data = job.data as SendJobData;
        await waitForSlot(job, data, 1, token);
        try {
          const outcome = await sendMessage(db, outbox, {
            shopId: data.shopId,
            messageId: data.messageId,
            publicUrl: config.PUBLIC_URL,
            lastAttempt: isLastAttempt(job),
            leaseMs: config.SEND_LEASE_MS,
          });
          // Quiet hours: the same job runs again when they end, and waits for a new place then.
          if (typeof outcome === "object") {
            await job.updateData({ ...data, slotReserved: false });
            return delayUntil(job, outcome.deferredUntil, token);
          }
          return outcome;
        } catch (error) {
          if (!(error instanceof SlowDownError)) throw error;
          // The shop waits, on every worker, and this job with it, without
          // using an attempt; it takes a new place at the rate afterwards.
          const pausedMs = await slowDown(data.shopId);
          await job.updateData({ ...data, slotReserved: false });
          return delayUntil(job, new Date(Date.now() + pausedMs), token);
        }
      }
      case "sweep":
        return { swept: sweepStuckSends(db, new Date(), config.SEND_LEASE_MS) };
      default:
        throw new Error(`Unknown job name: ${job.name}`);
    }
  }

  const connection = { ...redisOptions(config.REDIS_URL), maxRetriesPerRequest: null };
  const worker = new Worker(SENDING_QUEUE, process, {
    prefix: config.QUEUE_PREFIX,
    connection,
    concurrency: config.WORKER_CONCURRENCY,
    lockDuration: config.WORKER_LOCK_MS,
    stalledInterval: config.WORKER_LOCK_MS,
  });
  // The computing jobs run in child processes (jobs/work/sandbox.ts): a model
  // run of a minute cannot hold up this process's sends or lock renewals.
  const work = new Worker(WORK_QUEUE, SANDBOX, {
    prefix: config.QUEUE_PREFIX,
    connection,
    concurrency: config.WORK_CONCURRENCY,
    lockDuration: config.WORKER_LOCK_MS,
    stalledInterval: config.WORKER_LOCK_MS,
  });
  for (const w of [worker, work]) {
    // Without this listener a Redis outage would crash the process; BullMQ reconnects.
    w.on("error", (error) => logger.warn(`worker: ${error.message}`));
    w.on("failed", (job, error) => {
      if (job)
        logger.warn(`job ${job.name} ${job.id} failed (attempt ${job.attemptsMade}): ${error.message}`);
    });
  }

  const upkeep = startUpkeep({ config, db, producer, logger, batchSizeOf });

  return {
    worker,
    async close() {
      await upkeep.stop();
      await Promise.all([worker.close(), work.close()]);
      await producer.close();
      limiter.disconnect();
      mailer.close();
    },
  };
}
