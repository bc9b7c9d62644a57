import { Queue } from "bullmq";
import type { RedisOptions } from "ioredis";
import type { Config } from "./config";

export const CAMPAIGN_QUEUE = "campaigns";

export type DraftJobData = { shopId: number; campaignId: number };
export type DispatchJobData = { shopId: number; campaignId: number };
export type SendJobData = { shopId: number; messageId: number };
export type ImportJobData = { shopId: number; importId: number };

// One queue, one processor switching on the job name (see jobs/worker.ts).
// Job payloads carry ids only: never an address or a secret.
export type CampaignJobName = "draft" | "dispatch" | "send" | "import";

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
  queue: Queue;
  enqueueDrafting(data: DraftJobData): Promise<void>;
  enqueueDispatch(data: DispatchJobData): Promise<void>;
  enqueueSends(shopId: number, messageIds: number[]): Promise<void>;
  enqueueImport(data: ImportJobData): Promise<void>;
  close(): Promise<void>;
};

/**
 * The producer side used by the web app. Its connection fails fast (no
 * offline queue, few retries) so that an owner pressing a button while Redis
 * is down gets an error straight away instead of a hanging request.
 */
export function createProducer(config: Pick<Config, "REDIS_URL" | "QUEUE_PREFIX">): Producer {
  const queue = new Queue(CAMPAIGN_QUEUE, {
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
  return {
    queue,
    async enqueueDrafting(data) {
      await queue.add("draft", data, { jobId: `draft-${data.campaignId}-${Date.now()}` });
    },
    async enqueueDispatch(data) {
      await queue.add("dispatch", data, { jobId: `dispatch-${data.campaignId}` });
    },
    async enqueueSends(shopId, messageIds) {
      // The job id makes a repeated dispatch add nothing twice.
      for (let i = 0; i < messageIds.length; i += 1000) {
        await queue.addBulk(
          messageIds.slice(i, i + 1000).map((messageId) => ({
            name: "send",
            data: { shopId, messageId } satisfies SendJobData,
            opts: { jobId: `send-${messageId}` },
          })),
        );
      }
    },
    async enqueueImport(data) {
      await queue.add("import", data, { jobId: `import-${data.importId}` });
    },
    close: () => queue.close(),
  };
}
