import "./env-file";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { loadConfigOrExit } from "./config";
import { startWorker } from "./processor";

// Entry point: `npm run worker` (or `tsx jobs/worker.ts` with the env set).
// Run as many of these, on as many machines, as the work needs: they share
// one Redis and one database.
const config = loadConfigOrExit();
const db = openDatabase(config.DATABASE_PATH);
migrateDatabase(db);
const { close } = startWorker({ config, db });
console.info(
  `Worker ready (queue prefix "${config.QUEUE_PREFIX}", sending concurrency ${config.WORKER_CONCURRENCY}, ` +
    `work concurrency ${config.WORK_CONCURRENCY}).`,
);

// Running jobs get this long to finish. BullMQ's close() waits for Redis
// without limit, and a worker must stop when told even with Redis gone; a
// job cut short is taken up again by another worker once its lock expires,
// and a send cut short becomes "unknown", never a second copy.
const SHUTDOWN_MS = 5000;

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  console.info(`Worker stopping (${signal})…`);
  setTimeout(() => {
    console.warn(`Worker did not stop within ${SHUTDOWN_MS} ms (is Redis reachable?); exiting.`);
    process.exit(1);
  }, SHUTDOWN_MS);
  await close();
  db.$client.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
