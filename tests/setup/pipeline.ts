import { simpleParser, type ParsedMail } from "mailparser";
import type { Db } from "../../db/client";
import { caughtMail } from "../../db/schema";
import { loadConfig } from "../../jobs/config";
import { startWorker } from "../../jobs/processor";
import { createProducer } from "../../jobs/queue";
import { startMailCatcher } from "../../scripts/mail-catcher";

/** Polls until `check` returns a truthy value, or fails with `what`. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The real pipeline in-process: SMTP catcher, BullMQ worker and producer on this file's Redis. */
export async function startPipeline(db: Db) {
  const catcher = await startMailCatcher({ databasePath: process.env.DATABASE_PATH! });
  const config = loadConfig({ ...process.env, SMTP_URL: catcher.url });
  const silent = { info: () => {}, warn: () => {}, error: () => {} };
  const worker = startWorker({ config, db, logger: silent });
  const producer = createProducer(config);
  return {
    config,
    producer,
    async mail(): Promise<(ParsedMail & { envelopeTo: string[] })[]> {
      const rows = db.select().from(caughtMail).all();
      return Promise.all(
        rows.map(async (r) => Object.assign(await simpleParser(r.raw), { envelopeTo: r.envelopeTo })),
      );
    },
    /** The job with this id once it waits, delayed, in the queue. */
    delayedJob(id: string) {
      return waitFor(
        `job ${id} to be delayed`,
        async () => {
          const job = await producer.queue.getJob(id);
          return job && (await job.getState()) === "delayed" ? job : null;
        },
        10_000,
      );
    },
    async stop() {
      await worker.close();
      await producer.queue.obliterate({ force: true });
      await producer.workQueue.obliterate({ force: true });
      await producer.close();
      await catcher.stop();
    },
  };
}
