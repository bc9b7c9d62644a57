import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, inject, vi } from "vitest";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";

// Every test file gets a fresh, migrated SQLite file, the run's Redis, and a
// queue prefix of its own. Set before any app module reads the environment.
const dir = mkdtempSync(join(tmpdir(), "tactful-test-"));
process.env.NODE_ENV = "test";
process.env.DATABASE_PATH = join(dir, "tactful.sqlite");
process.env.REDIS_URL = inject("redisUrl");
process.env.QUEUE_PREFIX = `test-${randomBytes(6).toString("hex")}`;
process.env.SMTP_URL ??= "smtp://127.0.0.1:1";
process.env.PUBLIC_URL ??= "http://tactful.test";

const bootstrap = openDatabase(process.env.DATABASE_PATH);
migrateDatabase(bootstrap);
bootstrap.$client.close();

// An unexpected console.error is a failure, not noise.
let errorSpy: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  errorSpy = vi.spyOn(console, "error");
});
afterEach(() => {
  const calls = errorSpy.mock.calls;
  errorSpy.mockRestore();
  if (calls.length > 0) {
    throw new Error(
      `console.error was called:\n${calls.map((c: unknown[]) => c.map(String).join(" ")).join("\n")}`,
    );
  }
});
