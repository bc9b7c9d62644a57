import "../jobs/env-file";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, resolve } from "node:path";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { DEMO_LOGIN, seedDemo } from "../db/seed/demo";
import { ConfigError, loadConfig } from "../jobs/config";
import { freePort } from "./redis";
import { localSessionSecret, serviceRegistry, type Service } from "./services";

// `npm run demo | dev | start | worker`: fills in the services that are not
// configured (a private Redis, a local mail catcher), migrates, and runs the
// web server and/or the worker until Ctrl-C, then stops everything it started.

type Role = "demo" | "dev" | "web" | "worker";
const role = process.argv[2] as Role;
if (!["demo", "dev", "web", "worker"].includes(role)) {
  console.error("Usage: tsx scripts/launch.ts demo|dev|web|worker");
  process.exit(2);
}

const bin = (name: string) => resolve("node_modules/.bin", name);
const services: Service[] = [];
const children = new Map<string, ChildProcess>();
let stopping = false;

async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  await Promise.all([...children.values()].map(stopChild));
  for (const service of services.reverse()) await service.stop();
  process.exit(code);
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

/** SIGTERM, then SIGKILL if the child has not exited within five seconds. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(force);
      done();
    });
    child.kill("SIGTERM");
  });
}

function run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(command, args, { env, stdio: "inherit" });
  children.set(name, child);
  child.once("exit", (code, signal) => {
    if (stopping) return;
    console.error(`\n${name} stopped unexpectedly (${signal ?? `exit ${code}`}); stopping the rest.`);
    void stopAll(1);
  });
}

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise<boolean>((done) => {
    const server = createServer();
    server.once("error", () => done(false));
    server.listen(port, host, () => server.close(() => done(true)));
  });
}

async function firstFreePort(from: number): Promise<number> {
  for (let port = from; port < from + 50; port++) {
    if (await canListen(port, "127.0.0.1")) return port;
  }
  return freePort();
}

/** Stops this launcher when the one whose Redis or mail catcher it uses has stopped. */
function followOwner(owner: number) {
  console.info(`Using the private Redis of the launcher with pid ${owner}; this stops when that one does.`);
  const timer = setInterval(() => {
    try {
      process.kill(owner, 0);
    } catch {
      clearInterval(timer);
      console.error(`\nThe launcher with pid ${owner} has stopped; stopping too.`);
      void stopAll(1);
    }
  }, 1000);
}

/**
 * Waits up to `minutes` for the healthcheck of the web server this launch
 * started (it echoes `launchId`): `remix dev` builds first, which takes a
 * while on a small machine.
 */
async function waitForHealth(url: string, launchId: string, minutes: number) {
  const deadline = Date.now() + minutes * 60_000;
  while (Date.now() < deadline && !stopping) {
    let response: Response | undefined;
    try {
      response = await fetch(`${url}/healthcheck`);
    } catch {
      // not listening yet
    }
    if (response?.ok && response.headers.get("X-Launch-Id") === launchId) return;
    if (response?.ok) {
      // Another program took the port after it was found free (our server then failed to listen).
      throw new Error(
        `port ${new URL(url).port} answers, but not from this launch's web server: another program holds it.`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `The web server did not answer ${url}/healthcheck within ${minutes === 1 ? "a minute" : `${minutes} minutes`}.`,
  );
}

async function main() {
  const databasePath = process.env.DATABASE_PATH ?? ".data/tactful.sqlite";
  const dataDir = dirname(resolve(databasePath));
  const db = openDatabase(databasePath);
  migrateDatabase(db);

  const registry = serviceRegistry(dataDir);
  if (role === "demo" || role === "dev") {
    const other = registry.claimLauncher(role);
    if (other) {
      // Two `remix dev` in one checkout would also rebuild each other's build/.
      const elsewhere =
        role === "demo" && other.role === "demo"
          ? `, or give this one data of its own: DATABASE_PATH=.data-2/tactful.sqlite npm run demo`
          : "";
      throw new Error(
        `\`npm run ${other.role}\` is already running (pid ${other.pid}) with the data in ${dataDir}. ` +
          `Stop it first${elsewhere}.`,
      );
    }
    services.push({ url: "", stop: async () => registry.releaseLauncher() });
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_PATH: databasePath,
    // @remix-run/dev loads Vite through require() even for the classic
    // compiler we use; Vite's own switch for its warning about that.
    VITE_CJS_IGNORE_WARNING: "true",
    LAUNCH_ID: randomUUID(),
  };
  const serves = role !== "worker";
  if (serves) {
    // A demo or a development server listens on this machine only; a real
    // server must be told its public address (jobs/config.ts says so).
    if (role === "demo" || role === "dev") env.HOST ??= "127.0.0.1";
    const port = Number(env.PORT);
    if (env.PORT && Number.isInteger(port)) {
      // Otherwise the healthcheck below could be answered by whatever holds the port.
      if (!(await canListen(port, env.HOST ?? "0.0.0.0"))) {
        throw new Error(
          `port ${env.PORT} is already in use by another program. Stop it, or set PORT to another.`,
        );
      }
    } else {
      env.PORT ??= String(await firstFreePort(3000));
    }
    if (role === "demo" || role === "dev") env.PUBLIC_URL ??= `http://localhost:${env.PORT}`;
  }
  if (!env.REDIS_URL) {
    const redis = await registry.redis();
    services.push(redis);
    env.REDIS_URL = redis.url;
    if (redis.owner) followOwner(redis.owner);
  }
  if (!env.SMTP_URL) {
    const smtp = await registry.smtp(databasePath);
    services.push(smtp);
    env.SMTP_URL = smtp.url;
  }
  if (role === "demo" || role === "dev") {
    env.NODE_ENV ??= role === "dev" ? "development" : "production";
    env.SESSION_SECRET ??= localSessionSecret(dataDir);
  } else {
    env.NODE_ENV ??= "production";
  }
  loadConfig(env);

  const empty = (db.$client.prepare("SELECT count(*) AS n FROM shops").get() as { n: number }).n === 0;
  if (role === "demo" || (role === "dev" && empty)) {
    const { created } = await seedDemo(db);
    if (created) console.info("Seeded the demo shop (Bean & Leaf Coffee Roasters).");
  }
  db.$client.close();

  // The demo always builds, so it shows the code as it is; `npm start` serves
  // the build it is given and builds only when there is none.
  if (role === "demo" || (role === "web" && !existsSync("build/index.js"))) {
    console.info("Building the web app…");
    const build = spawnSync(bin("remix"), ["build"], { stdio: ["ignore", "ignore", "inherit"], env });
    if (build.status !== 0) throw new Error("`remix build` failed; see the errors above.");
  }
  if (role === "dev") {
    // remix dev's own server (live reload) otherwise takes the first free port
    // from 3001, which may be the one just chosen for the app.
    const devPort = await freePort();
    run("web (remix dev)", bin("remix"), ["dev", "--port", String(devPort)], env);
  }
  if (role === "demo" || role === "web") run("web server", bin("tsx"), ["scripts/server.ts"], env);
  // Node itself with tsx's loader, not the tsx wrapper: the launcher's SIGTERM
  // (and SIGKILL, after five seconds) then reaches the worker, not a wrapper.
  if (role !== "web") run("worker", process.execPath, ["--import", "tsx", "jobs/worker.ts"], env);

  if (serves) {
    await waitForHealth(`http://127.0.0.1:${env.PORT}`, env.LAUNCH_ID!, role === "dev" ? 5 : 1);
    console.info(`\n  Tactful is running at ${env.PUBLIC_URL}`);
    if (role === "demo" || role === "dev") {
      console.info(`  Log in as ${DEMO_LOGIN.email} with password ${DEMO_LOGIN.password}`);
      console.info("  Mail is caught locally, not delivered: see the Mailbox page.");
    }
    console.info("  Press Ctrl-C to stop.\n");
  }
}

main().catch(async (error) => {
  console.error(
    error instanceof ConfigError ? error.message : `Could not start: ${(error as Error).message}`,
  );
  await stopAll(1);
});
