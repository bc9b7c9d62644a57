import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { createShop } from "../../db/seed/factories";
import { loadConfig } from "../../jobs/config";
import { startWorker } from "../../jobs/processor";
import { createProducer } from "../../jobs/queue";
import { testDb } from "../setup/db";
import { approvedCampaign, campaignStatus, duplicates, messagesOf, startTestSmtp } from "../setup/dispatch";
import { waitFor } from "../setup/pipeline";

const db = testDb();
const shop = createShop(db);
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const cleanup: (() => Promise<unknown>)[] = [];

async function worker(smtpUrl: string, env: Record<string, string> = {}) {
  const config = loadConfig({ ...process.env, SMTP_URL: smtpUrl, SMTP_SLOWDOWN_MS: "150", ...env });
  const w = startWorker({ config, db, logger: silent });
  const producer = createProducer(config);
  cleanup.push(
    () => w.close(),
    () => producer.close(),
  );
  return producer;
}

afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});
afterAll(async () => {
  const producer = createProducer(loadConfig());
  await producer.queue.obliterate({ force: true });
  await producer.close();
});

describe("dispatch against a real SMTP server that misbehaves", () => {
  it("slows down on 454 for a while, then delivers every message exactly once", async () => {
    let throttleUntil = 0;
    let throttled = 0;
    const smtp = await startTestSmtp({
      rcpt: (_to, n) => {
        if (n === 0) throttleUntil = Date.now() + 700;
        if (Date.now() >= throttleUntil) return "accept";
        throttled++;
        return { code: 454, text: "Too many messages, slow down" };
      },
    });
    cleanup.push(() => smtp.stop());
    const producer = await worker(smtp.url);
    const { campaign, people, ref } = await approvedCampaign(db, shop.id, 12, "throttled");
    await producer.enqueueDispatch(ref);
    await waitFor("sent", () => campaignStatus(db, campaign.id) === "sent");

    expect(messagesOf(db, campaign.id).map((m) => m.status)).toEqual(Array(12).fill("sent"));
    expect(smtp.received.map((r) => r.to).sort()).toEqual(people.map((p) => p.email).sort());
    expect(throttled).toBeGreaterThan(0);
  });

  it("leaves a message whose connection dropped after DATA unknown, retries one dropped before, sends the rest once", async () => {
    const smtp = await startTestSmtp({
      rcpt: (_to, n) => (n === 4 ? "drop" : "accept"),
      data: (_to, n) => (n === 2 ? "drop" : "accept"),
    });
    cleanup.push(() => smtp.stop());
    const producer = await worker(smtp.url);
    const { campaign, people, ref } = await approvedCampaign(db, shop.id, 10, "dropped");
    await producer.enqueueDispatch(ref);
    await waitFor("sent", () => campaignStatus(db, campaign.id) === "sent");

    const all = messagesOf(db, campaign.id);
    const unknown = all.filter((m) => m.status === "unknown");
    expect(unknown).toHaveLength(1);
    expect(unknown[0].error).toMatch(/delivery unknown/);
    expect(all.filter((m) => m.status === "sent")).toHaveLength(9);
    // The unknown one arrived once and was never offered again; nobody got two.
    const arrivedTo = smtp.arrived.map((a) => a.to);
    expect(duplicates(arrivedTo)).toEqual([]);
    expect(arrivedTo.sort()).toEqual(people.map((p) => p.email).sort());
  });

  it("adds a per-campaign List-Id and, with a key, a DKIM signature over both List-Unsubscribe headers", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tactful-dkim-"));
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    writeFileSync(join(dir, "dkim.pem"), privateKey.export({ type: "pkcs8", format: "pem" }));
    const smtp = await startTestSmtp();
    cleanup.push(() => smtp.stop());
    const producer = await worker(smtp.url, {
      DKIM_DOMAIN: "shop.example",
      DKIM_SELECTOR: "tactful",
      DKIM_PRIVATE_KEY_PATH: join(dir, "dkim.pem"),
    });
    const { campaign, ref } = await approvedCampaign(db, shop.id, 1, "signed");
    await producer.enqueueDispatch(ref);
    await waitFor("sent", () => campaignStatus(db, campaign.id) === "sent");

    const mail = await simpleParser(smtp.received[0].raw);
    const domain = shop.fromEmail.split("@")[1];
    expect(smtp.received[0].raw).toMatch(
      new RegExp(
        `^List-Id: <campaign-${campaign.id}\\.${shop.slug}\\.${domain.replace(/\./g, "\\.")}>\r$`,
        "mi",
      ),
    );
    const signature = mail.headerLines.find((h) => h.key === "dkim-signature")?.line ?? "";
    expect(signature).toMatch(/d=shop\.example/);
    const signed = /;h=([^;]+)/.exec(signature.replace(/\s+/g, ""))![1].toLowerCase().split(":");
    expect(signed).toEqual(expect.arrayContaining(["list-unsubscribe", "list-unsubscribe-post", "list-id"]));
    // Kept on one line each, so that relays do not refold what was signed.
    expect(smtp.received[0].raw).toMatch(/^List-Unsubscribe: <https?:\/\/[^\s<>]+>\r$/m);
  });

  it("offers unsubscribing by one https one-click link only: a mailto would go to a mailbox nobody reads", async () => {
    const smtp = await startTestSmtp();
    cleanup.push(() => smtp.stop());
    const producer = await worker(smtp.url, { PUBLIC_URL: "https://mail.shop.example" });
    const { campaign, ref } = await approvedCampaign(db, shop.id, 2, "one-click");
    await producer.enqueueDispatch(ref);
    await waitFor("sent", () => campaignStatus(db, campaign.id) === "sent");

    expect(smtp.received).toHaveLength(2);
    for (const { raw } of smtp.received) {
      const head = raw.slice(0, raw.indexOf("\r\n\r\n") + 2);
      const values = (name: string) =>
        [...head.matchAll(new RegExp(`^${name}: ([^\r\n]*)\r$`, "gim"))].map((m) => m[1]);
      expect(values("List-Unsubscribe")).toEqual([
        expect.stringMatching(/^<https:\/\/mail\.shop\.example\/r\/unsubscribe\/[\w.-]+>$/),
      ]);
      expect(values("List-Unsubscribe-Post")).toEqual(["List-Unsubscribe=One-Click"]);
      expect(head).not.toMatch(/mailto:/i);
    }
  });
});
