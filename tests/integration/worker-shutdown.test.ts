import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPrivateRedis } from "../../scripts/redis";
import { exited, startWorkerProcess, stopProcess } from "../setup/worker-process";

// Ctrl-C or SIGTERM must end a worker even when Redis has gone away: BullMQ's
// close() would otherwise wait for a Redis that never answers.
const dir = mkdtempSync(join(tmpdir(), "tactful-redis-shutdown-"));
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const child of children) await stopProcess(child, "SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

describe("stopping a worker whose Redis is gone", { timeout: 90_000 }, () => {
  it.each(["SIGTERM", "SIGINT"] as const)("%s ends the process within seconds", async (signal) => {
    const redis = await startPrivateRedis(join(dir, signal));
    const worker = await startWorkerProcess({ REDIS_URL: redis.url });
    children.push(worker);
    await redis.stop();
    // Let the worker notice: its connections are retrying now.
    await new Promise((r) => setTimeout(r, 1000));
    const ended = new Promise<boolean>((resolve) => {
      const limit = setTimeout(() => resolve(false), 20_000);
      worker.once("exit", () => (clearTimeout(limit), resolve(true)));
    });
    worker.kill(signal);
    expect(await ended).toBe(true);
    expect(exited(worker)).toBe(true);
  });
});
