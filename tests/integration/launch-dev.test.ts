import { createServer, type Server } from "node:http";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "../../scripts/redis";
import { interrupt, killGroup, launch, projectCopy, runningAt, type Launch } from "../setup/launcher";

// `npm run dev` as a newcomer runs it: remix dev builds and serves the app
// with plain Node (remix-serve), the launcher starts a private Redis, a mail
// catcher and a worker, and Ctrl-C stops every one of them. The tests run in
// order, sharing the first launch.

const copy = projectCopy();
const launched: Launch[] = [];
const start = (role: string, env: Record<string, string> = {}) => {
  const one = launch(copy.dir, role, env);
  launched.push(one);
  return one;
};
const exitOf = (one: Launch, timeoutMs: number) =>
  new Promise<number | null>((done, fail) => {
    if (one.child.exitCode !== null) return done(one.child.exitCode);
    const timer = setTimeout(() => fail(new Error(`still running:\n${one.output()}`)), timeoutMs);
    one.child.once("exit", (code) => (clearTimeout(timer), done(code)));
  });

let port: number;
let dev: Launch;
let impostor: Server | undefined;

beforeAll(async () => {
  port = await freePort();
  writeFileSync(join(copy.dir, ".env"), `PORT=${port}\nQUEUE_PREFIX=dev-from-dotenv\n`);
});

afterAll(() => {
  for (const one of launched) killGroup(one);
  impostor?.close();
  copy.remove();
});

describe("npm run dev", () => {
  it("serves the login page on the port .env names, with no warnings on the way", async () => {
    dev = start("dev");
    // remix dev builds first; slow on a small, busy machine.
    const url = await runningAt(dev, 240_000);
    expect(url).toBe(`http://localhost:${port}`);
    const base = `http://127.0.0.1:${port}`;

    expect((await fetch(`${base}/healthcheck`)).status).toBe(200);
    const login = await fetch(`${base}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toMatch(/Log in/i);

    expect(dev.output()).toMatch(/queue prefix "dev-from-dotenv"/);
    expect(dev.output()).not.toMatch(/CJS build of Vite/);
    expect(dev.output()).not.toMatch(/v3_singleFetch/);
  }, 300_000);

  it("a second dev in the same directory refuses, naming the first, and leaves it running", async () => {
    const second = start("dev", { PORT: String(await freePort()) });
    expect(await exitOf(second, 60_000)).toBe(1);
    expect(second.output()).toMatch(/already running \(pid \d+\)/);
    expect((await fetch(`http://127.0.0.1:${port}/healthcheck`)).status).toBe(200);
  }, 90_000);

  it("a worker beside it shares its Redis, and stops when that Redis's launcher stops", async () => {
    const worker = start("worker", { NODE_ENV: "development" });
    const deadline = Date.now() + 60_000;
    while (!/Worker ready/.test(worker.output()) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(worker.output()).toMatch(/private Redis of the launcher with pid \d+/);

    // Ctrl-C stops everything the first launcher started.
    expect(await interrupt(dev)).toEqual([]);
    expect(await exitOf(worker, 30_000)).toBe(1);
    expect(worker.output()).toMatch(/has stopped; stopping too/);
  }, 120_000);

  it("says so and stops when another program already answers on its port", async () => {
    impostor = createServer((_req, res) => res.end("OK"));
    const taken = await freePort();
    await new Promise<void>((done) => impostor!.listen(taken, "127.0.0.1", done));
    const blocked = start("dev", { PORT: String(taken) });
    expect(await exitOf(blocked, 60_000)).toBe(1);
    expect(blocked.output()).toMatch(new RegExp(`port ${taken} is already in use`));
    expect(blocked.output()).not.toMatch(/Tactful is running/);
  }, 90_000);

  it("does not take another program's answer for its own when that program takes the port during the build", async () => {
    const contested = await freePort();
    const late = start("dev", { PORT: String(contested) });
    const deadline = Date.now() + 120_000;
    while (!/building/.test(late.output()) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    impostor?.close();
    impostor = createServer((_req, res) => res.end("OK"));
    await new Promise<void>((done) => impostor!.listen(contested, "127.0.0.1", done));
    expect(await exitOf(late, 120_000)).toBe(1);
    expect(late.output()).toMatch(new RegExp(`port ${contested} answers, but not from this launch`));
    expect(late.output()).not.toMatch(/Tactful is running/);
  }, 300_000);
});
