import { eq } from "drizzle-orm";
import { shops } from "../../db/schema";
import { createShop } from "../../db/seed/factories";
import { loadConfig } from "../../jobs/config";
import { startWorker } from "../../jobs/processor";
import { createProducer } from "../../jobs/queue";
import { testDb } from "../setup/db";
import { approvedCampaign, campaignStatus, duplicates, startTestSmtp } from "../setup/dispatch";
import { waitFor } from "../setup/pipeline";

const db = testDb();
const silent = { info: () => {}, warn: () => {}, error: () => {} };

describe("the per-shop send rate", () => {
  it("spreads a shop's sends at its rate, a batch per slot, each message once", async () => {
    const shop = createShop(db);
    // 600 a minute: a batch of 2 uses 200 ms of the shop's rate.
    db.update(shops).set({ sendRatePerMinute: 600 }).where(eq(shops.id, shop.id)).run();
    const arrivedAt: number[] = [];
    const smtp = await startTestSmtp({ data: () => (arrivedAt.push(Date.now()), "accept") });
    const config = loadConfig({ ...process.env, SMTP_URL: smtp.url, SEND_BATCH_SIZE: "2" });
    const worker = startWorker({ config, db, logger: silent });
    const producer = createProducer(config);
    try {
      const { campaign, people, ref } = await approvedCampaign(db, shop.id, 8, "rated");
      const started = Date.now();
      await producer.enqueueDispatch(ref);
      await waitFor("sent", () => campaignStatus(db, campaign.id) === "sent");

      const to = smtp.received.map((m) => m.to);
      expect(duplicates(to)).toEqual([]);
      expect(to.sort()).toEqual(people.map((p) => p.email).sort());
      // The i-th email cannot arrive before its batch's slot: batch floor(i / 2)
      // starts 200 ms after the one before it. Only lower bounds, so a busy
      // machine can make this slower but never make it fail.
      const slots = [...arrivedAt].sort((a, b) => a - b).map((at) => at - started);
      slots.forEach((elapsed, i) => expect(elapsed).toBeGreaterThanOrEqual(Math.floor(i / 2) * 200 - 5));
    } finally {
      await worker.close();
      await producer.queue.obliterate({ force: true });
      await producer.close();
      await smtp.stop();
    }
  });
});
