import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createShop } from "../../db/seed/factories";
import { loadConfig } from "../../jobs/config";
import { createProducer } from "../../jobs/queue";
import { freePort, startPrivateRedis, type RunningRedis } from "../../scripts/redis";
import { testDb } from "../setup/db";
import { approvedCampaign, campaignStatus, duplicates, messagesOf, startTestSmtp } from "../setup/dispatch";
import { waitFor } from "../setup/pipeline";
import { startWorkerProcess, stopProcess } from "../setup/worker-process";

// Redis restarted without its data (no persistence, a failover, eviction):
// every job, lock and schedule is gone. The database knows what is still to
// send; the workers must pick it up again by themselves.
const db = testDb();
const shop = createShop(db);
const dirs: string[] = [];
const children: ChildProcess[] = [];
let redis: RunningRedis | undefined;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;

const emptyRedis = (port: number) => {
  const dir = mkdtempSync(join(tmpdir(), "tactful-redis-loss-"));
  dirs.push(dir);
  return startPrivateRedis(dir, { port });
};

beforeAll(async () => {
  smtp = await startTestSmtp({ delayMs: 20 });
});
afterAll(async () => {
  for (const child of children) await stopProcess(child, "SIGKILL");
  await redis?.stop();
  await smtp.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("a Redis that comes back empty", { timeout: 180_000 }, () => {
  it("loses no campaign: everything still queued is sent exactly once and the campaign ends sent", async () => {
    const port = await freePort();
    redis = await emptyRedis(port);
    const env = {
      REDIS_URL: redis.url,
      SMTP_URL: smtp.url,
      WORKER_CONCURRENCY: "2",
      SEND_BATCH_SIZE: "5",
      WORKER_LOCK_MS: "2000",
      RECONCILE_EVERY_MS: "1000",
    };
    children.push(...(await Promise.all([startWorkerProcess(env), startWorkerProcess(env)])));
    const { campaign, people, ref } = await approvedCampaign(db, shop.id, 150, "redis loss");
    const emails = new Set(people.map((p) => p.email));
    const arrived = () => smtp.arrived.filter((a) => emails.has(a.to));

    const config = loadConfig({ ...process.env, ...env });
    const producer = createProducer(config);
    await producer.enqueueDispatch(ref);
    await producer.close();
    await waitFor("some sent", () => arrived().length >= 20, 60_000);

    await redis.stop();
    redis = await emptyRedis(port);
    expect(arrived().length).toBeLessThan(150);

    await waitFor("the campaign to be sent", () => campaignStatus(db, campaign.id) === "sent", 120_000);
    const got = arrived().map((a) => a.to);
    expect(duplicates(got)).toEqual([]);
    expect(got).toHaveLength(150);
    expect(messagesOf(db, campaign.id).every((m) => m.status === "sent")).toBe(true);
    // The sweep's schedule is back too.
    const after = createProducer(config);
    expect(await after.queue.getJobScheduler("sweep")).toBeDefined();
    await after.close();
  });
});
