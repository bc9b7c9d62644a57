import type { SandboxedJob } from "bullmq";
import { openDatabase } from "../../db/client";
import { loadConfig } from "../config";
import { createProducer, type Producer } from "../queue";
import { runWork } from "./run";

// The work queue's processor as BullMQ runs it: in a child process of the
// worker (a sandboxed processor, started through ./sandbox.mjs), so that
// seconds of computation never stop the worker's own event loop, which
// sends mail and keeps every job's lock. The child reads the same
// environment as its worker and opens its own database handle.
const config = loadConfig();
const db = openDatabase(config.DATABASE_PATH);
let producer: Producer | undefined;
// A worker that exits (stopped, or killed) takes its computing children with
// it; the job is taken up again once its lock expires.
process.once("disconnect", () => process.exit(1));

export default function work(job: SandboxedJob) {
  return runWork(job, { db, config, producer: () => (producer ??= createProducer(config)) });
}
