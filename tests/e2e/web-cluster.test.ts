import { existsSync, readdirSync, readFileSync } from "node:fs";
import { request } from "node:http";
import { createShop, createUser } from "../../db/seed/factories";
import { startAppServer } from "../setup/app-server";
import { testDb } from "../setup/db";

// The production server runs one web process per core (scripts/server.ts).
// The processes must share the login rate limit, and one that crashes must
// be replaced while the other keeps answering.

const db = testDb();
const shop = createShop(db, { name: "Cluster Coffee" });
const owner = await createUser(db, shop.id, { email: "owner@cluster.example" });

let server: Awaited<ReturnType<typeof startAppServer>>;
beforeAll(async () => {
  server = await startAppServer({ SESSION_SECRET: "cluster-".padEnd(40, "x"), WEB_CONCURRENCY: "2" });
});
afterAll(() => server?.stop());

/** A request on a connection of its own, so the primary hands each to the next process in turn. */
function send(path: string, form?: Record<string, string>) {
  const body = form ? new URLSearchParams(form).toString() : undefined;
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      `${server.url}${path}`,
      {
        method: body === undefined ? "GET" : "POST",
        agent: false,
        headers: body === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    req.setTimeout(5_000, () => req.destroy(new Error(`no answer to ${path} within 5 s`)));
    req.end(body);
  });
}

/** The web processes: the primary's children (the server is tsx → node primary → workers). */
function webProcesses(rootPid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name is in parentheses and may hold spaces; the fields after it are plain.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (/node/.test(readFileSync(`/proc/${entry}/cmdline`, "utf8"))) parentOf.set(Number(entry), ppid);
    } catch {
      // The process ended while being read.
    }
  }
  const childrenOf = (pid: number) => [...parentOf].filter(([, p]) => p === pid).map(([c]) => c);
  const primaries = childrenOf(rootPid);
  return primaries.flatMap(childrenOf);
}

async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("failed logins are counted across the web processes", async () => {
  const attempt = () => send("/login", { email: owner.email, password: "not the password" });
  for (let i = 0; i < 10; i++) {
    const answer = await attempt();
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("Email or password is incorrect.");
  }
  // Ten failures went to two processes in turn, five each: only a shared count reaches ten.
  const blocked = await attempt();
  expect(blocked.text).toContain("Too many failed attempts");
});

test("a web process that crashes is replaced while the other answers", async () => {
  const healthy = () => send("/healthcheck").then((r) => r.status === 200);
  await waitUntil(() => webProcesses(server.pid).length === 2, "two web processes");
  const [victim, survivor] = webProcesses(server.pid);
  process.kill(victim, "SIGKILL");
  // A connection handed to the victim just before it died is lost with it, as
  // with any crash; once the primary has reaped it, every request goes to the survivor.
  await waitUntil(() => !existsSync(`/proc/${victim}`), "the primary to notice the crash");
  for (let i = 0; i < 5; i++) expect(await healthy()).toBe(true);
  await waitUntil(() => {
    const now = webProcesses(server.pid);
    return now.length === 2 && now.includes(survivor) && !now.includes(victim);
  }, "a replacement process");
  expect(await healthy()).toBe(true);
});
