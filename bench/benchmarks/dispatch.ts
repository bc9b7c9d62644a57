import { execFile, fork, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { and, eq, sql } from "drizzle-orm";
import { openDatabase, type Db } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { campaigns, customers, messages, orders, shops } from "../../db/schema";
import { createShop, createUser } from "../../db/seed/factories";
import { loadConfig } from "../../jobs/config";
import { createProducer } from "../../jobs/queue";
import { approveCampaign } from "../../jobs/state";
import { startPrivateRedis } from "../../scripts/redis";
import { ratePerSecond, type Benchmark } from "../harness";

const WORKERS = 2;
const TSX = resolve("node_modules/.bin/tsx");
const HTML = `<p>${"A fresh bag of House Blend is waiting for you. ".repeat(60)}</p>`;

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time (user + system) of a process and its descendants, from /proc. */
function treeCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const own = ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
    return own + (children ? children.split(" ").reduce((sum, c) => sum + treeCpuMs(Number(c)), 0) : 0);
  } catch {
    return 0;
  }
}

/**
 * The SMTP sink (bench/sink.ts) in a process of its own, so that its CPU is
 * neither the senders' nor hidden from the report.
 */
async function startSinkProcess() {
  const child = fork(resolve("bench/sink-process.ts"), { execArgv: ["--import", "tsx"] });
  const waiting: { answer(reply: unknown): void; fail(error: Error): void }[] = [];
  child.on("message", (reply) => waiting.shift()?.answer(reply));
  child.once("exit", (code) => {
    for (const w of waiting.splice(0)) w.fail(new Error(`the sink exited with ${code}`));
  });
  const ask = <T>(request?: string) =>
    new Promise<T>((answer, fail) => {
      waiting.push({ answer: (reply) => answer(reply as T), fail });
      if (request) child.send(request);
    });
  const { url } = await ask<{ url: string }>();
  return {
    url,
    pid: child.pid!,
    count: async () => (await ask<{ count: number }>("count")).count,
    stop: () => new Promise((r) => (child.once("exit", r), child.disconnect())),
  };
}

// BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each worker there when it stops.
const PROFILE = process.env.BENCH_CPU_PROF
  ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
  : [];

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...PROFILE, "--import", "tsx", "jobs/worker.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((ready, fail) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("Worker ready") && ready(child));
    child.once("exit", (code) => fail(new Error(`worker exited with ${code}`)));
  });
}

/** `size` customers with consent and an order, in one transaction. */
function seedCustomers(db: Db, shopId: number, size: number): number[] {
  return db.transaction((tx) => {
    const ids: number[] = [];
    for (let i = 0; i < size; i += 500) {
      const rows = Array.from({ length: Math.min(500, size - i) }, (_, j) => ({
        shopId,
        email: `customer-${i + j}@mail.example`,
        firstName: "Ada",
        timezone: "UTC",
        marketingConsent: true,
        consentSource: "checkout",
        consentAt: new Date("2025-01-01T00:00:00Z"),
      }));
      const inserted = tx.insert(customers).values(rows).returning({ id: customers.id }).all();
      tx.insert(orders)
        .values(
          inserted.map((c) => ({
            shopId,
            customerId: c.id,
            externalId: `#${c.id}`,
            orderedAt: new Date(Date.now() - 40 * 86_400_000),
            totalCents: 1200,
          })),
        )
        .run();
      ids.push(...inserted.map((c) => c.id));
    }
    return ids;
  });
}

/** A campaign with one approved message per customer, as drafting and approval leave it. */
function approvedCampaign(db: Db, shopId: number, userId: number, customerIds: number[]) {
  const campaign = db
    .insert(campaigns)
    .values({ shopId, name: "Bench", subject: "Hello", body: "Hi", status: "review" })
    .returning()
    .get();
  db.transaction((tx) => {
    for (let i = 0; i < customerIds.length; i += 500) {
      tx.insert(messages)
        .values(
          customerIds.slice(i, i + 500).map((customerId, j) => {
            const publicId = randomBytes(18).toString("base64url");
            return {
              shopId,
              campaignId: campaign.id,
              customerId,
              publicId,
              subject: "Hello Ada",
              html: HTML,
              text: HTML.replace(/<[^>]+>/g, ""),
              reasons: [],
              dataUsed: [],
              score: 0.5,
              rank: i + j + 1,
              messageIdHeader: `<${publicId}@bench.example>`,
            };
          }),
        )
        .run();
    }
  });
  approveCampaign(db, { shopId, campaignId: campaign.id, userId });
  return campaign.id;
}

/**
 * The whole dispatch path (queue, claim with the policy re-checked, cap
 * accounting, pooled SMTP) with two worker processes, against a bare
 * nodemailer pooled loop to the same sink.
 */
export const dispatch: Benchmark = {
  name: "dispatch",
  what: `dispatch a campaign, ${WORKERS} worker processes`,
  baselineWhat: "bare nodemailer pooled loop to the same sink",
  unit: "msg/s",
  sizes: { quick: 2_000, full: 20_000 },
  goal: 1_000,
  async prepare(size) {
    const dir = mkdtempSync(join(tmpdir(), "tactful-bench-dispatch-"));
    const redis = await startPrivateRedis(join(dir, "redis"));
    const sink = await startSinkProcess();
    const databasePath = join(dir, "bench.sqlite");
    const db = openDatabase(databasePath);
    migrateDatabase(db);
    const shop = createShop(db);
    // The pipeline's own speed is measured: the shop allows far more than it can send.
    db.update(shops).set({ sendRatePerMinute: 1_000_000 }).where(eq(shops.id, shop.id)).run();
    const owner = await createUser(db, shop.id);
    const customerIds = seedCustomers(db, shop.id, size);
    const env = {
      NODE_ENV: "production",
      DATABASE_PATH: databasePath,
      REDIS_URL: redis.url,
      SMTP_URL: sink.url,
      QUEUE_PREFIX: "bench",
      PUBLIC_URL: "https://mail.bench.example",
      SESSION_SECRET: randomBytes(32).toString("hex"),
    };
    const config = loadConfig(env);
    const workers = await Promise.all(Array.from({ length: WORKERS }, () => startWorker(env)));
    const producer = createProducer(config);
    const connections = WORKERS * config.SMTP_MAX_CONNECTIONS;
    const inFlight = WORKERS * config.WORKER_CONCURRENCY;

    return {
      async run() {
        // Last run's emails must not count against the frequency cap.
        db.update(messages)
          .set({ sentAt: new Date(Date.now() - 30 * 86_400_000) })
          .where(eq(messages.shopId, shop.id))
          .run();
        const campaignId = approvedCampaign(db, shop.id, owner.id, customerIds);
        const before = await sink.count();
        const cpuBefore = workers.map((w) => treeCpuMs(w.pid!));
        const sinkCpuBefore = treeCpuMs(sink.pid);
        const started = performance.now();
        await producer.enqueueDispatch({ shopId: shop.id, campaignId });
        for (;;) {
          const { status } = db
            .select({ status: campaigns.status })
            .from(campaigns)
            .where(eq(campaigns.id, campaignId))
            .get()!;
          if (status === "sent") break;
          await new Promise((r) => setTimeout(r, 10));
        }
        const subject = ratePerSecond(size, started);
        const workerCpuMs = workers.reduce((sum, w, i) => sum + treeCpuMs(w.pid!) - cpuBefore[i], 0);
        const sinkCpuMs = treeCpuMs(sink.pid) - sinkCpuBefore;
        const sent = db
          .select({ n: sql<number>`count(*)` })
          .from(messages)
          .where(and(eq(messages.campaignId, campaignId), eq(messages.status, "sent")))
          .get()!.n;
        const arrived = (await sink.count()) - before;
        if (sent !== size || arrived !== size) {
          throw new Error(`dispatch sent ${sent} and the sink got ${arrived}, expected ${size}`);
        }

        const bareSinkCpuBefore = treeCpuMs(sink.pid);
        const { stdout } = await promisify(execFile)(TSX, [
          "bench/bare-send.ts",
          `--url=${sink.url}`,
          `--count=${size}`,
          `--connections=${connections}`,
          `--concurrency=${inFlight}`,
        ]);
        const { ms, cpuMs } = JSON.parse(stdout) as { ms: number; cpuMs: number };
        const bareSinkCpuMs = treeCpuMs(sink.pid) - bareSinkCpuBefore;
        if ((await sink.count()) - before !== 2 * size) throw new Error("the bare loop lost messages");
        // CPU per message says where the cost is even when the machine is busy with other work.
        return {
          subject,
          baseline: (size * 1000) / ms,
          extra: {
            "worker CPU µs/msg": (workerCpuMs * 1000) / size,
            "baseline CPU µs/msg": (cpuMs * 1000) / size,
            "sink CPU µs/msg": (sinkCpuMs * 1000) / size,
            "baseline sink CPU µs/msg": (bareSinkCpuMs * 1000) / size,
          },
        };
      },
      async close() {
        await Promise.all(workers.map((w) => new Promise((r) => (w.once("exit", r), w.kill("SIGTERM")))));
        await producer.queue.obliterate({ force: true });
        await producer.close();
        db.$client.close();
        await sink.stop();
        await redis.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};
