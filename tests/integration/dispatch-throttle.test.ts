import { eq } from "drizzle-orm";
import { shops } from "../../db/schema";
import { createShop } from "../../db/seed/factories";
import { loadConfig } from "../../jobs/config";
import { startWorker } from "../../jobs/processor";
import { createProducer } from "../../jobs/queue";
import { testDb } from "../setup/db";
import { approvedCampaign, campaignStatus, duplicates, messagesOf, startTestSmtp } from "../setup/dispatch";
import { waitFor } from "../setup/pipeline";

const db = testDb();
const silent = { info: () => {}, warn: () => {}, error: () => {} };

// The shop's rate, the slow-down after a 421 and how long the server keeps
// answering 421. Two workers, each with a pool of two connections.
const RATE_PER_MINUTE = 600;
const PER_SECOND = RATE_PER_MINUTE / 60;
const BATCH = 2;
const SLOWDOWN_MS = 1000;
const THROTTLE_MS = 4000;
const WORKERS = 2;
const CONNECTIONS = 2;

/** The most arrivals within any `windowMs` (sliding, from each arrival). */
function busiestWindow(times: number[], windowMs: number) {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[j] < sorted[i] - windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe("a mail server that answers 421 for a while", { timeout: 120_000 }, () => {
  it("slows the whole shop down on every worker, then sends at no more than the shop's rate", async () => {
    const shop = createShop(db);
    db.update(shops).set({ sendRatePerMinute: RATE_PER_MINUTE }).where(eq(shops.id, shop.id)).run();
    let throttleUntil = 0;
    let throttled = 0;
    const acceptedAt: number[] = [];
    const smtp = await startTestSmtp({
      rcpt: (_to, n) => {
        if (n === 0) throttleUntil = Date.now() + THROTTLE_MS;
        if (Date.now() >= throttleUntil) return "accept";
        throttled++;
        return { code: 421, text: "4.7.0 Too many messages, slow down" };
      },
      data: () => (acceptedAt.push(Date.now()), "accept"),
    });
    const config = loadConfig({
      ...process.env,
      SMTP_URL: smtp.url,
      SMTP_SLOWDOWN_MS: String(SLOWDOWN_MS),
      SEND_BATCH_SIZE: String(BATCH),
      SMTP_MAX_CONNECTIONS: String(CONNECTIONS),
    });
    const workers = Array.from({ length: WORKERS }, () => startWorker({ config, db, logger: silent }));
    const producer = createProducer(config);
    try {
      const { campaign, people, ref } = await approvedCampaign(db, shop.id, 80, "throttled");
      await producer.enqueueDispatch(ref);
      await waitFor("sent", () => campaignStatus(db, campaign.id) === "sent", 90_000);

      expect(messagesOf(db, campaign.id).every((m) => m.status === "sent")).toBe(true);
      const to = smtp.received.map((r) => r.to);
      expect(duplicates(to)).toEqual([]);
      expect(to.sort()).toEqual(people.map((p) => p.email).sort());

      // Attempts while throttled: each slow-down lets through at most what
      // the workers already had on their connections when the first 421
      // came back, so at most one round of every connection per slow-down.
      expect(throttled).toBeGreaterThan(0);
      expect(throttled).toBeLessThanOrEqual((THROTTLE_MS / SLOWDOWN_MS + 1) * WORKERS * CONNECTIONS);

      // After recovery, in any 3 s: the shop's rate, plus slack for how it
      // is measured. Workers draw every send from one budget in Redis that
      // holds at most one batch (BATCH) and refills at the shop's rate, right
      // before claiming; the server sees each message a little later (its
      // transfer, a busy machine), which can move sends from up to LATE_MS
      // before the window into it.
      const WINDOW_MS = 3000;
      const LATE_MS = 500;
      const slack = PER_SECOND * (LATE_MS / 1000) + BATCH;
      expect(busiestWindow(acceptedAt, WINDOW_MS)).toBeLessThanOrEqual(
        PER_SECOND * (WINDOW_MS / 1000) + slack,
      );
    } finally {
      for (const w of workers) await w.close();
      await producer.queue.obliterate({ force: true });
      await producer.close();
      await smtp.stop();
    }
  });
});
