import { and, eq } from "drizzle-orm";
import { action as unsubscribeAction } from "~/routes/r.unsubscribe.$token";
import { messages } from "../../db/schema";
import { createShop } from "../../db/seed/factories";
import { loadConfig } from "../../jobs/config";
import { sendingLinks } from "../../jobs/links";
import { startWorker } from "../../jobs/processor";
import { createProducer } from "../../jobs/queue";
import { testDb } from "../setup/db";
import { approvedCampaign, campaignStatus, duplicates, messagesOf, startTestSmtp } from "../setup/dispatch";
import { waitFor } from "../setup/pipeline";

// The unsubscribe page promises "including any email already on its way":
// once the one-click route has answered 200, no mail may reach that address
// through an SMTP transaction that began later. Unsubscribes here target
// the messages most at risk: claimed by a worker ("sending") and not yet
// seen by the server; and, when there are none at that moment, the next one
// still queued.

const db = testDb();
const shop = createShop(db);
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function oneClick(url: string, n: number) {
  const path = new URL(url).pathname;
  const response = await unsubscribeAction({
    params: { token: path.split("/").pop()! },
    // A distinct address each, as separate recipients' mail providers would be.
    context: { clientIp: `198.51.100.${n}` },
    request: new Request(`http://tactful.test${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    }),
  });
  return (response as Response).status;
}

describe("unsubscribing while a campaign is sending", { timeout: 120_000 }, () => {
  it("no SMTP transaction begins for anyone after their one-click unsubscribe answered 200", async () => {
    // Each message takes a moment at the server, so the campaign runs for a
    // few seconds on the default concurrency, batch size and pool.
    const smtp = await startTestSmtp({ delayMs: 100 });
    const config = loadConfig({ ...process.env, SMTP_URL: smtp.url });
    const workers = [0, 1].map(() => startWorker({ config, db, logger: silent }));
    const producer = createProducer(config);
    try {
      const { campaign, people, ref } = await approvedCampaign(db, shop.id, 240, "leaving");
      const emailOf = new Map(people.map((p) => [p.id, p.email]));
      const seen = () => new Set(smtp.rcpts.map((r) => r.to));
      const unsubscribed = new Map<string, number>();
      await producer.enqueueDispatch(ref);
      await waitFor("sending to begin", () => smtp.rcpts.length >= 5);

      for (let round = 0; round < 20 && campaignStatus(db, campaign.id) === "sending"; round++) {
        const atServer = seen();
        const pending = (status: "sending" | "queued") =>
          db
            .select({ customerId: messages.customerId, publicId: messages.publicId })
            .from(messages)
            .where(and(eq(messages.campaignId, campaign.id), eq(messages.status, status)))
            .orderBy(messages.rank)
            .all()
            .filter((m) => !atServer.has(emailOf.get(m.customerId)!));
        const claimed = pending("sending").slice(-2);
        const targets = claimed.length > 0 ? claimed : pending("queued").slice(0, 1);
        for (const m of targets) {
          const email = emailOf.get(m.customerId)!;
          const status = await oneClick(sendingLinks(config.PUBLIC_URL, shop, m.publicId).unsubscribe, round);
          expect(status).toBe(200);
          unsubscribed.set(email, Date.now());
        }
        await sleep(100);
      }
      await waitFor("sent", () => campaignStatus(db, campaign.id) === "sent", 60_000);

      const after = smtp.received.filter(
        (r) => unsubscribed.has(r.to) && r.startedAt > unsubscribed.get(r.to)!,
      );
      expect(after.map((r) => r.to)).toEqual([]);
      expect(unsubscribed.size).toBeGreaterThan(5);
      expect(duplicates(smtp.received.map((r) => r.to))).toEqual([]);
      // Those stopped in time are skipped as suppressed; none is left pending.
      const all = messagesOf(db, campaign.id);
      const delivered = new Set(smtp.received.map((r) => r.to));
      const stopped = all.filter((m) => !delivered.has(emailOf.get(m.customerId)!));
      expect(stopped.length).toBeGreaterThan(0);
      for (const m of stopped) expect(m).toMatchObject({ status: "skipped", skipReason: "suppressed" });
      expect(all.every((m) => m.status === "sent" || m.status === "skipped")).toBe(true);
    } finally {
      for (const w of workers) await w.close();
      await producer.queue.obliterate({ force: true });
      await producer.close();
      await smtp.stop();
    }
  });
});
