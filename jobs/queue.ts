import { Queue } from "bullmq";
import type { RedisOptions } from "ioredis";
import type { Config } from "./config";
import { withTimeout } from "./timeout";

// Two queues, each with its own worker: sending (dispatch, the sends, the
// sweep), which must never wait, and the computing work (drafting, the
// model run, suggestions, imports), which can take seconds to minutes.
export const SENDING_QUEUE = "sending";
export const WORK_QUEUE = "work";

export type DraftJobData = { shopId: number; campaignId: number };
// round: bumped on each resume, so that re-queued jobs get fresh job ids.
export type DispatchJobData = { shopId: number; campaignId: number; round?: number };
// slotReserved: the job already waited for its place at the shop's send rate.
export type SendJobData = { shopId: number; messageId: number; slotReserved?: boolean };
export type ScoreJobData = { shopId: number };
export type SuggestJobData = { shopId: number };
export type ImportJobData = { shopId: number; importId: number };
export type SendBatchJobData = {
  shopId: number;
  campaignId: number;
  messageIds: number[];
  round?: number;
  slotReserved?: boolean;
};

// One processor per queue, switching on the job name (see jobs/processor.ts).
// Job payloads carry ids only: never an address or a secret.
export type SendingJobName = "dispatch" | "send-batch" | "send" | "sweep";
export type WorkJobName = "draft" | "score" | "import" | "suggest" | "suggest-all";

export const roundSuffix = (round = 0) => (round === 0 ? "" : `-r${round}`);

/**
 * Job options that make a job due at `at`: the delay counts from the
 * timestamp given with it, so the job runs at `at` exactly rather than a few
 * milliseconds after (BullMQ would otherwise stamp the job when it adds it).
 */
function runAt(at?: Date | null) {
  const now = Date.now();
  return { timestamp: now, delay: at ? Math.max(0, at.getTime() - now) : 0 };
}

/** ioredis options from a redis:// URL (user, password, db path, rediss TLS). */
export function redisOptions(url: string): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === "rediss:" ? {} : undefined,
  };
}

export type Producer = {
  /** The sending queue. */
  queue: Queue;
  /** The queue of computing work. */
  workQueue: Queue;
  /** Resolves when Redis answers within the producer's time limit; throws otherwise. */
  ping(): Promise<void>;
  enqueueDrafting(data: DraftJobData): Promise<void>;
  enqueueDispatch(data: DispatchJobData, options?: { at?: Date | null }): Promise<void>;
  enqueueSends(shopId: number, messageIds: number[], round?: number): Promise<void>;
  enqueueBatches(
    ref: { shopId: number; campaignId: number },
    messageIds: number[],
    options: { round?: number; batchSize: number; rescue?: boolean },
  ): Promise<void>;
  enqueueSend(data: SendJobData, options: { jobId: string; at?: Date }): Promise<void>;
  enqueueScoring(data: ScoreJobData): Promise<void>;
  enqueueSuggestions(data: SuggestJobData): Promise<void>;
  enqueueImport(data: ImportJobData): Promise<void>;
  /** The name and data of every job waiting, delayed or running. */
  liveJobs(): Promise<{ name: string; data: unknown }[]>;
  close(): Promise<void>;
};

const LIVE_STATES = ["active", "waiting", "prioritized", "delayed", "paused", "waiting-children"] as const;
const PAGE = 1000;

/**
 * The producer side used by the web app. Its connection fails fast (no
 * offline queue, few retries) so that an owner pressing a button while Redis
 * is down gets an error straight away instead of a hanging request. BullMQ
 * waits for the first connection without limit, so every call is also bounded
 * in time: a job that reaches Redis after its call timed out is harmless, as
 * every job is idempotent (fixed job ids, state checks in the processor).
 */
export function createProducer(config: Pick<Config, "REDIS_URL" | "QUEUE_PREFIX">, limitMs = 3000): Producer {
  const open = (name: string) => {
    const queue = new Queue(name, {
      prefix: config.QUEUE_PREFIX,
      connection: { ...redisOptions(config.REDIS_URL), enableOfflineQueue: false, maxRetriesPerRequest: 1 },
      defaultJobOptions: {
        attempts: 5,
        backoff: { type: "exponential", delay: 1000 },
        removeOnComplete: 1000,
        removeOnFail: 5000,
      },
    });
    // Without a listener an unreachable Redis would crash the process.
    queue.on("error", () => {});
    return queue;
  };
  const queue = open(SENDING_QUEUE);
  const workQueue = open(WORK_QUEUE);
  const bounded = <T>(work: Promise<T>) => withTimeout(work, limitMs, "Redis");
  // One job per shop at a time: while it waits or runs, adding it again does
  // nothing; removed when done, so the next request queues a fresh one.
  const oncePerShop = async (name: "score" | "suggest", data: { shopId: number }) => {
    await bounded(
      workQueue.add(name, data, {
        jobId: `${name}-${data.shopId}`,
        attempts: 3,
        removeOnComplete: true,
        removeOnFail: true,
      }),
    );
  };
  return {
    queue,
    workQueue,
    async ping() {
      await bounded(queue.getJobCounts("waiting"));
    },
    async enqueueDrafting(data) {
      await bounded(workQueue.add("draft", data, { jobId: `draft-${data.campaignId}-${Date.now()}` }));
    },
    async enqueueDispatch(data, options = {}) {
      await bounded(
        queue.add("dispatch", data, {
          jobId: `dispatch-${data.campaignId}${roundSuffix(data.round)}`,
          ...runAt(options.at),
        }),
      );
    },
    async enqueueSends(shopId, messageIds, round = 0) {
      // The job id makes a repeated dispatch add nothing twice.
      for (let i = 0; i < messageIds.length; i += 1000) {
        await bounded(
          queue.addBulk(
            messageIds.slice(i, i + 1000).map((messageId) => ({
              name: "send",
              data: { shopId, messageId } satisfies SendJobData,
              opts: { jobId: `send-${messageId}${roundSuffix(round)}` },
            })),
          ),
        );
      }
    },
    async enqueueBatches(ref, messageIds, { round, batchSize, rescue = false }) {
      // Batches put back by the reconciler are named apart, so that a finished
      // batch of the same first message, kept for a while, does not stand in for them.
      const kind = rescue ? "rescue" : "batch";
      const jobs = [];
      for (let i = 0; i < messageIds.length; i += batchSize) {
        const batch = messageIds.slice(i, i + batchSize);
        jobs.push({
          name: "send-batch",
          data: {
            shopId: ref.shopId,
            campaignId: ref.campaignId,
            messageIds: batch,
            round,
          } satisfies SendBatchJobData,
          // The first id names the batch: a repeated dispatch adds nothing twice.
          opts: { jobId: `${kind}-${ref.campaignId}-${batch[0]}${roundSuffix(round)}` },
        });
      }
      for (let i = 0; i < jobs.length; i += 1000) await bounded(queue.addBulk(jobs.slice(i, i + 1000)));
    },
    async enqueueSend(data, { jobId, at }) {
      await bounded(queue.add("send", data, { jobId, ...runAt(at) }));
    },
    enqueueScoring: (data) => oncePerShop("score", data),
    enqueueSuggestions: (data) => oncePerShop("suggest", data),
    async enqueueImport(data) {
      await bounded(workQueue.add("import", data, { jobId: `import-${data.importId}` }));
    },
    async liveJobs() {
      const jobs: { name: string; data: unknown }[] = [];
      for (const state of LIVE_STATES) {
        for (let start = 0; ; start += PAGE) {
          const page = await bounded(queue.getJobs(state, start, start + PAGE - 1, true));
          // A job gone meanwhile comes back as undefined.
          for (const job of page) if (job) jobs.push({ name: job.name, data: job.data });
          if (page.length < PAGE) break;
        }
      }
      return jobs;
    },
    async close() {
      await Promise.all([queue.close(), workQueue.close()]);
    },
  };
}
