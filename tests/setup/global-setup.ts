import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startPrivateRedis } from "../../scripts/redis";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
    /** Names this run, so that browser tests build the app once per run (tests/setup/app-server.ts). */
    runId: string;
  }
}

// One real Redis for the whole run (REDIS_URL when given, else a private
// redis-server); each test file isolates itself with its own queue prefix.
export default async function setup(project: TestProject) {
  project.provide("runId", randomUUID());
  if (process.env.REDIS_URL) {
    project.provide("redisUrl", process.env.REDIS_URL);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "tactful-redis-"));
  const redis = await startPrivateRedis(dir);
  project.provide("redisUrl", redis.url);
  return async () => {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
