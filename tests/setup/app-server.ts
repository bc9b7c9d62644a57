import { spawn, spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { freePort } from "../../scripts/redis";

/** Builds the Remix app and starts the production server (scripts/server.ts) on a free port. */
export async function startAppServer(env: Record<string, string>) {
  const build = spawnSync(resolve("node_modules/.bin/remix"), ["build"], {
    stdio: ["ignore", "ignore", "inherit"],
    // Vitest sets NODE_ENV=test, which would make a development build.
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (build.status !== 0) throw new Error("remix build failed");
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
    stdio: ["ignore", "ignore", "inherit"],
  });
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
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once("exit", () => done());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }),
  };
}
