import type { Db } from "../db/client";
import type { Config } from "./config";
import { jobsToRestore, liveJobsOf, loadPending } from "./dispatch/reconcile";
import type { Producer } from "./queue";

type Logger = Pick<Console, "info" | "warn">;

/** The repeating jobs, kept by Redis; each worker puts them back should Redis lose them. */
const schedules = (config: Pick<Config, "SEND_LEASE_MS">, producer: Producer) => [
  {
    queue: producer.queue,
    id: "sweep",
    repeat: { every: Math.min(60_000, config.SEND_LEASE_MS) },
    name: "sweep",
  },
  // Suggestions once a day, early, so they wait for the owner in the morning; they never send themselves.
  { queue: producer.workQueue, id: "suggest-daily", repeat: { pattern: "0 6 * * *" }, name: "suggest-all" },
];

/**
 * What every worker does on start and then on its own timer, which no Redis
 * failure can take away: puts back the schedules Redis lost, and the jobs of
 * everything the database says is still to send (jobs/dispatch/reconcile.ts).
 */
export function startUpkeep(input: {
  config: Pick<Config, "SEND_LEASE_MS" | "RECONCILE_EVERY_MS">;
  db: Db;
  producer: Producer;
  logger: Logger;
  batchSizeOf: (shopId: number) => number;
}) {
  const { config, db, producer, logger } = input;
  let installed = false;

  async function ensureSchedules() {
    for (const { queue, id, repeat, name } of schedules(config, producer)) {
      // The first pass installs them as configured now; later ones only put back a lost one.
      if (installed && (await queue.getJobScheduler(id))) continue;
      await queue.upsertJobScheduler(id, repeat, { name });
    }
    installed = true;
  }

  async function reconcile() {
    const pending = loadPending(db);
    if (pending.approved.length === 0 && pending.queued.length === 0) return;
    const { dispatches, sends } = jobsToRestore(pending, liveJobsOf(await producer.liveJobs()));
    for (const { data, at } of dispatches) await producer.enqueueDispatch(data, { at });
    for (const { shopId, campaignId, round, messageIds } of sends) {
      await producer.enqueueBatches({ shopId, campaignId }, messageIds, {
        round,
        batchSize: input.batchSizeOf(shopId),
        rescue: true,
      });
    }
    const messages = sends.reduce((n, s) => n + s.messageIds.length, 0);
    if (dispatches.length + messages > 0)
      logger.info(`Queued again what had no job: ${dispatches.length} dispatches, ${messages} messages.`);
  }

  let running: Promise<void> | null = null;
  const pass = () => {
    running ??= ensureSchedules()
      .then(reconcile)
      .catch((error: Error) => logger.warn(`upkeep: ${error.message}`))
      .finally(() => (running = null));
    return running;
  };
  void pass();
  const timer = setInterval(() => void pass(), config.RECONCILE_EVERY_MS);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
