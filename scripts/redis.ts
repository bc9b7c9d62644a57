import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { resolve } from "node:path";
import { ensureDebianPackage } from "./debian";

export type RunningRedis = { url: string; stop(): Promise<void> };

/** Installs Debian's redis-server when missing and we may (root); otherwise says how. */
export function ensureRedisInstalled(): void {
  ensureDebianPackage({
    command: "redis-server",
    versionArgs: ["--version"],
    pkg: "redis-server",
    alternative: "or set REDIS_URL to a Redis you already run",
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolvePort(address.port) : reject()));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = new Socket();
    socket.setTimeout(500);
    socket.once("error", () => done(false));
    socket.once("timeout", () => (socket.destroy(), done(false)));
    socket.connect(port, "127.0.0.1", () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.destroy();
      done(data.toString().startsWith("+PONG"));
    });
  });
}

/**
 * Starts a private redis-server on a loopback port (a free one unless given)
 * with its files under `dir`. Append-only persistence keeps queued jobs
 * across a Redis restart.
 */
export async function startPrivateRedis(dir: string, options: { port?: number } = {}): Promise<RunningRedis> {
  ensureRedisInstalled();
  const absoluteDir = resolve(dir);
  mkdirSync(absoluteDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      absoluteDir,
      "--save",
      "",
      "--appendonly",
      "yes",
    ],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  let exited = false;
  child.once("exit", () => (exited = true));
  const deadline = Date.now() + 10_000;
  while (!(await ping(port))) {
    if (exited || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`redis-server did not start on port ${port} (files in ${absoluteDir}).`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((done) => {
        if (exited) return done();
        child.once("exit", () => done());
        child.kill("SIGTERM");
      }),
  };
}
