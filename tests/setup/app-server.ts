import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { inject } from "vitest";
import { freePort } from "../../scripts/redis";

const MARKER = ".cache/e2e-build.run";
const LOCK = ".cache/e2e-build.lock";
const builtFor = () => (existsSync(MARKER) ? readFileSync(MARKER, "utf8") : null);

/**
 * Builds the Remix app once per test run. Browser test files run in parallel,
 * and two builds writing build/ at once corrupt each other, so the first file
 * builds under a lock (a directory: creating one is atomic) and the others
 * wait for its marker.
 */
async function buildOnce() {
  const runId = inject("runId");
  mkdirSync(".cache", { recursive: true });
  while (builtFor() !== runId) {
    try {
      mkdirSync(LOCK);
    } catch {
      // A lock left by a run that was killed mid-build is stale after a few minutes.
      const since = statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > 300_000) rmSync(LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      if (builtFor() === runId) return;
      const build = spawnSync(resolve("node_modules/.bin/remix"), ["build"], {
        stdio: ["ignore", "ignore", "inherit"],
        // Vitest sets NODE_ENV=test, which would make a development build.
        // Remix's compiler loads Vite's CommonJS build; its deprecation notice
        // is not ours to act on (the launcher silences it the same way).
        env: { ...process.env, NODE_ENV: "production", VITE_CJS_IGNORE_WARNING: "true" },
      });
      if (build.status !== 0) throw new Error("remix build failed");
      writeFileSync(MARKER, runId);
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}

/** Builds the Remix app (once per run) and starts the production server (scripts/server.ts) on a free port. */
export async function startAppServer(env: Record<string, string>) {
  await buildOnce();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(resolve("node_modules/.bin/tsx"), ["scripts/server.ts"], {
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: url,
      NODE_ENV: "production",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const healthy = await fetch(`${url}/healthcheck`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error("the web server did not start");
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid!,
    /** What the server wrote to stdout so far: its access log. */
    accessLog: () => stdout,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once("exit", () => done());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }),
  };
}
