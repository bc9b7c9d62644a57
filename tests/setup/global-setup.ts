import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startPrivateRedis } from "../../scripts/redis";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

// One real Redis for the whole run (REDIS_URL when given, else a private
// redis-server); each test file isolates itself with its own queue prefix.
export default async function setup(project: TestProject) {
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
