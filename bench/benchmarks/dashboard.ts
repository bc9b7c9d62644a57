import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import autocannon from "autocannon";
import { openDatabase, type Db } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { campaigns, customers, exclusions, messages, orders } from "../../db/schema";
import { createShop, createUser } from "../../db/seed/factories";
import { campaignChecks } from "../../jobs/checks/campaign-checks";
import { draftCounts } from "../../jobs/drafting/counts";
import { freePort, startPrivateRedis } from "../../scripts/redis";
import { median, type Benchmark } from "../harness";

const CONNECTIONS = 20;
const SECONDS = 10;
// A freshly started server is slower for its first seconds under load (V8
// still optimizing the hot code, the heap still growing to its working size):
// the first run after 5 s of warming up was still the slowest of five, after
// 15 s it was not. That is startup, not the page's speed.
const WARM_UP_SECONDS = 15;
const PASSWORD = "a long enough bench password";
const BATCH = 500;
// One customer in ten is left out of the campaign, so the review page has exclusions to count and list.
const EXCLUDED_EVERY = 10;
const HTML = `<p>${"A fresh bag of House Blend is waiting for you. ".repeat(20)}</p>`;

/** A campaign in review with `size` drafted recipients (and a tenth as many excluded), as drafting leaves it. */
function seedCampaign(db: Db, shopId: number, size: number) {
  const campaign = db
    .insert(campaigns)
    .values({
      shopId,
      name: "Bench review",
      subject: "Hello",
      body: "Hi {{ customer.first_name }}",
      status: "review",
    })
    .returning()
    .get();
  const total = size + Math.ceil(size / (EXCLUDED_EVERY - 1));
  let rank = 0;
  db.transaction((tx) => {
    for (let i = 0; i < total; i += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, total - i) }, (_, j) => i + j);
      const inserted = tx
        .insert(customers)
        .values(
          batch.map((n) => ({
            shopId,
            email: `customer-${n}@mail.example`,
            firstName: `Ada ${n}`,
            lastName: `Lovelace ${n % 997}`,
            marketingConsent: n % EXCLUDED_EVERY !== 0,
            consentSource: "checkout",
            consentAt: new Date("2025-01-01T00:00:00Z"),
          })),
        )
        .returning({ id: customers.id })
        .all();
      tx.insert(orders)
        .values(
          inserted.map((c, j) => ({
            shopId,
            customerId: c.id,
            externalId: `#${c.id}`,
            orderedAt: new Date(Date.UTC(2026, 0, 1) + ((i + j) % 300) * 86_400_000),
            totalCents: 1200 + ((i + j) % 40) * 100,
          })),
        )
        .run();
      const out = inserted.filter((_, j) => (i + j) % EXCLUDED_EVERY === 0);
      const draftable = inserted.filter((_, j) => (i + j) % EXCLUDED_EVERY !== 0);
      if (out.length > 0)
        tx.insert(exclusions)
          .values(
            out.map((c) => ({
              shopId,
              campaignId: campaign.id,
              customerId: c.id,
              reason: "no_consent",
              detail: "has not agreed to marketing email",
            })),
          )
          .run();
      if (draftable.length > 0)
        tx.insert(messages)
          .values(
            draftable.map((c) => {
              const publicId = randomBytes(18).toString("base64url");
              rank += 1;
              return {
                shopId,
                campaignId: campaign.id,
                customerId: c.id,
                publicId,
                subject: "Hello Ada",
                html: HTML,
                text: HTML.replace(/<[^>]+>/g, ""),
                reasons: [{ code: "recency" as const, text: "Your last order was 3 weeks ago." }],
                dataUsed: ["1 order in 2026"],
                score: 1 - rank / (size + 1),
                rank,
                messageIdHeader: `<${publicId}@bench.example>`,
              };
            }),
          )
          .run();
    }
  });
  // Drafting ends by storing the checks and the counts, which the page then reads.
  campaignChecks(db, { shopId, campaignId: campaign.id });
  draftCounts(db, { shopId, campaignId: campaign.id });
  return { campaignId: campaign.id, recipients: rank };
}

async function startServer(env: Record<string, string>, url: string): Promise<ChildProcess> {
  // The server logs every request; at thousands a second that is noise, so its stdout is dropped.
  const child = spawn(resolve("node_modules/.bin/tsx"), ["scripts/server.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 60_000;
  while (
    !(await fetch(`${url}/healthcheck`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error("the web server did not start");
    await new Promise((r) => setTimeout(r, 200));
  }
  return child;
}

/** Logs in through the real login form and returns the session cookie. */
async function logIn(url: string, email: string) {
  const response = await fetch(`${url}/login`, {
    method: "POST",
    body: new URLSearchParams({ email, password: PASSWORD }),
    redirect: "manual",
  });
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  if (response.status !== 302 || !cookie) throw new Error(`login failed with ${response.status}`);
  return cookie;
}

/**
 * `CONNECTIONS` connections for `seconds` (`SECONDS` unless told); the 95th
 * percentile of the latencies, in milliseconds. A connection never answered during the
 * run counts as one request taking the whole run, so a page too slow to
 * finish within it shows as at least that slow rather than vanishing.
 * Anything but a 200 fails the run: a redirect to the login page would be
 * fast and mean nothing.
 */
async function p95(url: string, cookie?: string, seconds = SECONDS) {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((done, fail) => {
    const options = {
      url,
      connections: CONNECTIONS,
      duration: seconds,
      // Longer than the run, so that slowness shows as latency, not as errors.
      timeout: seconds * 3,
      headers: cookie ? { cookie } : {},
    };
    const instance = autocannon(options, (error, result) => (error ? fail(error) : done(result)));
    instance.on("response", (_client, _status, _bytes, ms) => latencies.push(ms));
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
  const unanswered = Math.max(0, CONNECTIONS - latencies.length);
  latencies.push(...Array<number>(unanswered).fill(seconds * 1000));
  latencies.sort((a, b) => a - b);
  return {
    p95: latencies[Math.ceil(latencies.length * 0.95) - 1],
    p50: median(latencies),
    answered: latencies.length - unanswered,
  };
}

/**
 * Waits for the server to finish what an earlier run left queued: a slow
 * page's backlog would otherwise be billed to whatever is measured next.
 */
async function settle(url: string) {
  const response = await fetch(`${url}/healthcheck`);
  await response.text();
}

/** One request on its own, as an owner opening the page meets it. */
async function singleLoadMs(url: string, cookie: string) {
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie } });
  await response.text();
  if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
  return performance.now() - started;
}

/**
 * The campaign review page of a large campaign, loaded by a logged-in owner
 * at 20 concurrent connections through the production server, beside the
 * healthcheck route (a query of SQLite and a ping of Redis) on the same server.
 */
export const dashboard: Benchmark = {
  name: "dashboard",
  what: `review page of a campaign, p95 at ${CONNECTIONS} connections`,
  baselineWhat: "healthcheck route",
  unit: "ms",
  better: "lower",
  goal: 100,
  sizes: { quick: 10_000, full: 100_000 },
  async prepare(size) {
    const dir = mkdtempSync(join(tmpdir(), "tactful-bench-dashboard-"));
    const redis = await startPrivateRedis(join(dir, "redis"));
    const databasePath = join(dir, "bench.sqlite");
    const db = openDatabase(databasePath);
    migrateDatabase(db);
    const shop = createShop(db);
    const owner = await createUser(db, shop.id, { password: PASSWORD });
    console.info(`  seeding ${size.toLocaleString("en-GB")} drafted recipients…`);
    const { campaignId, recipients } = seedCampaign(db, shop.id, size);
    if (recipients !== size) throw new Error(`seeded ${recipients} recipients, not ${size}`);
    db.$client.close();

    // The code as it is now, not whatever build/ was left by an earlier run.
    console.info("  building the web app…");
    const build = spawnSync(resolve("node_modules/.bin/remix"), ["build"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, NODE_ENV: "production" },
    });
    if (build.status !== 0) throw new Error("remix build failed");

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = await startServer(
      {
        NODE_ENV: "production",
        PORT: String(port),
        HOST: "127.0.0.1",
        PUBLIC_URL: url,
        DATABASE_PATH: databasePath,
        REDIS_URL: redis.url,
        SMTP_URL: "smtp://127.0.0.1:2525",
        QUEUE_PREFIX: "bench",
        SESSION_SECRET: randomBytes(32).toString("hex"),
      },
      url,
    );
    const cookie = await logIn(url, owner.email);
    const review = `${url}/app/campaigns/${campaignId}`;
    console.info(`  warming up the server for ${WARM_UP_SECONDS} s…`);
    await p95(review, cookie, WARM_UP_SECONDS);
    return {
      async run() {
        await settle(url);
        const single = await singleLoadMs(review, cookie);
        const page = await p95(review, cookie);
        await settle(url);
        const health = await p95(`${url}/healthcheck`);
        return {
          subject: page.p95,
          baseline: health.p95,
          extra: { p50Ms: page.p50, singleLoadMs: single, pagesAnswered: page.answered },
        };
      },
      async close() {
        await new Promise<void>((done) => {
          if (server.exitCode !== null) return done();
          server.once("exit", () => done());
          server.kill("SIGTERM");
        });
        await redis.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};
