import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { freePort } from "../../scripts/redis";

// Every process that can make a recipient's link refuses to start in
// production without an https PUBLIC_URL, naming the variable, as it does
// for SESSION_SECRET: a worker started without one used to put
// http://localhost:3000 in every List-Unsubscribe header.

const SECRET = "production-config-secret-".padEnd(48, "z");

/**
 * Runs a real entry point in a process group of its own; its exit code and
 * what it said on stderr. One that is still running after 15 s has started
 * when it should not have: its whole group is stopped and the code is null.
 */
async function start(args: string[], env: Record<string, string>) {
  const { PUBLIC_URL: _unset, ...inherited } = process.env;
  const child = spawn(resolve("node_modules/.bin/tsx"), args, {
    env: {
      ...inherited,
      NODE_ENV: "production",
      SESSION_SECRET: SECRET,
      HOST: "127.0.0.1",
      PORT: String(await freePort()),
      WEB_CONCURRENCY: "1",
      ...env,
    },
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  const stopGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // The group has already ended.
    }
  };
  let started = false;
  const still = setTimeout(() => {
    started = true;
    stopGroup("SIGTERM");
    setTimeout(() => stopGroup("SIGKILL"), 5_000);
  }, 15_000);
  const code = await exited;
  clearTimeout(still);
  return { code: started ? null : code, stderr };
}

const entries: [string, string[]][] = [
  ["the worker (jobs/worker.ts)", ["jobs/worker.ts"]],
  ["`npm run worker` (scripts/launch.ts worker)", ["scripts/launch.ts", "worker"]],
  ["the web server (scripts/server.ts)", ["scripts/server.ts"]],
  ["`npm start` (scripts/launch.ts web)", ["scripts/launch.ts", "web"]],
];

describe.each(entries)("%s in production", (_name, args) => {
  it("refuses to start without PUBLIC_URL, naming it", async () => {
    const { code, stderr } = await start(args, {});
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(stderr).toMatch(/PUBLIC_URL: is required in production/);
    expect(stderr).not.toContain(SECRET);
  });

  it("refuses an http PUBLIC_URL that recipients would open", async () => {
    const { code, stderr } = await start(args, { PUBLIC_URL: "http://mail.shop.example" });
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(stderr).toMatch(/PUBLIC_URL: must be an https:\/\/ address in production/);
  });
});
