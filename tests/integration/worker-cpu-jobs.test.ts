import type { ChildProcess } from "node:child_process";
import { desc, eq } from "drizzle-orm";
import { modelRuns } from "../../db/schema";
import { seedShop } from "../../db/seed/demo";
import { createShop } from "../../db/seed/factories";
import { loadConfig } from "../../jobs/config";
import { createProducer } from "../../jobs/queue";
import { testDb } from "../setup/db";
import { approvedCampaign, campaignStatus, duplicates, startTestSmtp } from "../setup/dispatch";
import { waitFor } from "../setup/pipeline";
import { startWorkerProcess, stopProcess } from "../setup/worker-process";

// A model run on a large shop is seconds of pure computation. It must not
// hold up sending: while it runs, the same worker keeps handing mail to SMTP.
const db = testDb();
const big = seedShop(db, {
  slug: "big-shop",
  name: "Big shop",
  seed: 1,
  customers: 40_000,
  ordersTarget: 160_000,
  today: new Date(),
});
const shop = createShop(db);
const children: ChildProcess[] = [];
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let producer: ReturnType<typeof createProducer>;

beforeAll(async () => {
  // Each message takes the server a while, so the campaign outlasts the model run's start.
  smtp = await startTestSmtp({ delayMs: 200 });
  producer = createProducer(loadConfig());
});
afterAll(async () => {
  for (const child of children) await stopProcess(child, "SIGKILL");
  await producer.queue.obliterate({ force: true });
  await producer.close();
  await smtp.stop();
});

const runStatus = () =>
  db
    .select({ status: modelRuns.status })
    .from(modelRuns)
    .where(eq(modelRuns.shopId, big.shopId))
    .orderBy(desc(modelRuns.id))
    .get()?.status;

describe("a long model run beside a sending campaign", { timeout: 240_000 }, () => {
  it("keeps mail flowing to SMTP while the model runs", async () => {
    children.push(await startWorkerProcess({ SMTP_URL: smtp.url, SEND_BATCH_SIZE: "5" }));
    const { campaign, people, ref } = await approvedCampaign(db, shop.id, 400, "beside the model");
    const emails = new Set(people.map((p) => p.email));
    const arrived = () => smtp.arrived.filter((a) => emails.has(a.to)).length;
    await producer.enqueueDispatch(ref);
    await waitFor("sending to start", () => arrived() >= 5, 60_000);

    await producer.enqueueScoring({ shopId: big.shopId });
    await waitFor("the model run to start", () => runStatus() === "running", 60_000);
    const atStart = arrived();
    await waitFor("the model run to end", () => runStatus() !== "running", 180_000);
    const during = arrived() - atStart;

    expect(runStatus()).toBe("complete");
    // Blocked, the worker could not even read the answers to what it had
    // already sent; free, it sends on at the server's pace.
    expect(during).toBeGreaterThanOrEqual(20);
    await waitFor("the campaign to be sent", () => campaignStatus(db, campaign.id) === "sent", 120_000);
    expect(duplicates(smtp.arrived.map((a) => a.to))).toEqual([]);
  });
});
