import type { ChildProcess } from "node:child_process";
import { createShop } from "../../db/seed/factories";
import { loadConfig } from "../../jobs/config";
import { createProducer } from "../../jobs/queue";
import { testDb } from "../setup/db";
import { approvedCampaign, campaignStatus, duplicates, messagesOf, startTestSmtp } from "../setup/dispatch";
import { waitFor } from "../setup/pipeline";
import { startWorkerProcess, stopProcess } from "../setup/worker-process";

// A mail server that takes a whole message and then says nothing: that one
// message must end within the configured SMTP timeout (as "unknown": it may
// have been delivered, so it is never sent again), and the others go on.
const db = testDb();
const shop = createShop(db);
const children: ChildProcess[] = [];
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let producer: ReturnType<typeof createProducer>;
let hung = "";

beforeAll(async () => {
  smtp = await startTestSmtp({ data: (to) => (to === hung ? "silent" : "accept") });
  producer = createProducer(loadConfig());
});
afterAll(async () => {
  for (const child of children) await stopProcess(child, "SIGKILL");
  await producer.queue.obliterate({ force: true });
  await producer.close();
  await smtp.stop();
});

describe("a mail server silent after DATA", { timeout: 120_000 }, () => {
  it("ends that message within the SMTP timeout while the rest are sent", async () => {
    children.push(await startWorkerProcess({ SMTP_URL: smtp.url, SMTP_TIMEOUT_MS: "3000" }));
    const { campaign, people, ref } = await approvedCampaign(db, shop.id, 40, "silent");
    hung = people[0].email;
    const emails = new Set(people.map((p) => p.email));
    await producer.enqueueDispatch(ref);

    await waitFor("the campaign to end", () => campaignStatus(db, campaign.id) === "sent", 40_000);
    const all = messagesOf(db, campaign.id);
    const byCustomer = new Map(people.map((p) => [p.id, p.email]));
    expect(all.filter((m) => m.status === "unknown").map((m) => byCustomer.get(m.customerId))).toEqual([
      hung,
    ]);
    expect(all.filter((m) => m.status === "sent")).toHaveLength(39);
    const got = smtp.arrived.filter((a) => emails.has(a.to)).map((a) => a.to);
    expect(duplicates(got)).toEqual([]);
    expect(got).toHaveLength(40);
  });
});
