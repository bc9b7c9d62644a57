import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { loadConfig } from "./config";
import { startWorker } from "./processor";

// Entry point: `npm run worker` (or `tsx jobs/worker.ts` with the env set).
// Run as many of these, on as many machines, as the work needs: they share
// one Redis and one database.
const config = loadConfig();
const db = openDatabase(config.DATABASE_PATH);
migrateDatabase(db);
const { close } = startWorker({ config, db });
console.info(
  `Worker ready (queue prefix "${config.QUEUE_PREFIX}", concurrency ${config.WORKER_CONCURRENCY}).`,
);

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  console.info(`Worker stopping (${signal})…`);
  await close();
  db.$client.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
