import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { inject } from "vitest";
import { projectCopy } from "../setup/launcher";
import { stopProcess } from "../setup/worker-process";

// `.env.example` says to copy it to .env: every entry reads .env from its
// working directory before it checks its settings, and a variable set in the
// real environment wins over the file.

const copy = projectCopy();
afterAll(() => copy.remove());

writeFileSync(
  join(copy.dir, ".env"),
  [
    "# as copied from .env.example",
    `REDIS_URL=${inject("redisUrl")}`,
    "SMTP_URL=smtp://127.0.0.1:1",
    `DATABASE_PATH=${resolve(process.env.DATABASE_PATH!)}`,
    "QUEUE_PREFIX=from-dotenv",
  ].join("\n"),
);

/** Starts the worker in the copy with only `env` beyond PATH and HOME; resolves with its ready line. */
async function workerReadyLine(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ["--import", "tsx", "jobs/worker.ts"], {
    cwd: copy.dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "test", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  try {
    return await new Promise<string>((ready, fail) => {
      child.stdout!.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const line = /Worker ready.*/.exec(output);
        if (line) ready(line[0]);
      });
      child.once("exit", (code) => fail(new Error(`worker exited with ${code}:\n${output}`)));
    });
  } finally {
    await stopProcess(child, "SIGTERM");
  }
}

describe(".env", () => {
  it("configures a worker started on its own", async () => {
    expect(await workerReadyLine({})).toMatch(/queue prefix "from-dotenv"/);
  });

  it("gives way to the real environment", async () => {
    const prefix = `real-${randomBytes(4).toString("hex")}`;
    expect(await workerReadyLine({ QUEUE_PREFIX: prefix })).toMatch(`queue prefix "${prefix}"`);
  });
});
