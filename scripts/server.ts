import "../jobs/env-file";
import cluster, { type Worker } from "node:cluster";
import { availableParallelism } from "node:os";
import { RateLimiterClusterMaster } from "rate-limiter-flexible";
import { loadConfigOrExit } from "../jobs/config";

// The production web server. A page is rendered on one core, so one process
// per core (WEB_CONCURRENCY, default: the cores there are) lets pages render
// side by side; the processes share the port, and the primary keeps the
// in-memory rate-limit counts for all of them (app/rate-limit.server.ts).
const processes = webConcurrency(process.env.WEB_CONCURRENCY);
const RESTART_DELAY_MS = 1_000;

function webConcurrency(value: string | undefined): number {
  if (value === undefined || value === "") return availableParallelism();
  const n = Number(value);
  if (Number.isInteger(n) && n >= 1) return n;
  console.error(`WEB_CONCURRENCY must be a whole number of processes, 1 or more (got "${value}").`);
  process.exit(1);
}

function runCluster() {
  new RateLimiterClusterMaster();
  let stopping = false;
  const listening = new Set<Worker>();
  const fork = () => cluster.fork();
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(process.exitCode ?? 0);
    for (const worker of workers) worker?.process.kill(signal);
  };
  cluster.on("listening", (worker, address) => {
    listening.add(worker);
    if (listening.size > 1) return;
    const host = address.address ?? process.env.HOST ?? "0.0.0.0";
    console.info(`Web server listening on http://${host}:${address.port} (${processes} processes)`);
  });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(process.exitCode ?? 0);
      return;
    }
    if (!listening.has(worker)) {
      // It never started (no build, a bad setting): another would fail the same way.
      console.error(`Web process ${worker.process.pid} failed to start (${signal ?? code}); stopping.`);
      process.exitCode = 1;
      return stop("SIGTERM");
    }
    // A crashed process is replaced; the others go on answering meanwhile.
    console.error(`Web process ${worker.process.pid} exited (${signal ?? code}); starting another.`);
    setTimeout(fork, RESTART_DELAY_MS);
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => stop(signal));
  for (let i = 0; i < processes; i++) fork();
}

// Checked once here, so that a bad setting is said once, not by every process.
if (cluster.isPrimary) loadConfigOrExit();
if (cluster.isPrimary && processes > 1) runCluster();
else await import("./web-app");
