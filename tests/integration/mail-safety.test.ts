import { eq } from "drizzle-orm";
import { campaigns, caughtMail } from "../../db/schema";
import {
  createCategory,
  createCustomer,
  createOrder,
  createProduct,
  createShop,
  createUser,
} from "../../db/seed/factories";
import { createMailer } from "../../jobs/dispatch/mailer";
import { approveCampaign, startDrafting } from "../../jobs/state";
import { testDb } from "../setup/db";
import { startPipeline, waitFor } from "../setup/pipeline";

// What reaches the recipient's mail server, through the real worker, queue
// and SMTP: no header a customer or shop could have injected, no markup from
// their text, and job payloads that carry ids only.

const db = testDb();
const INJECT = "\r\nBcc: victim@evil.example";
const shop = createShop(db, { name: `Bean & Leaf${INJECT}`, fromEmail: "hello@beanandleaf.example" });
const category = createCategory(db, shop.id, { name: "Coffee" });
const product = createProduct(db, shop.id, {
  name: `Beans "><img src=x onerror=alert(1)>`,
  categoryId: category.id,
});
const customers = ["<script>alert(1)</script>", `Ada${INJECT}`].map((firstName, i) => {
  const c = createCustomer(db, shop.id, { firstName, email: `reader${i}@mail.example` });
  createOrder(db, shop.id, {
    customerId: c.id,
    orderedAt: new Date(Date.now() - 20 * 86_400_000),
    lines: [{ productId: product.id }],
  });
  return c;
});
let pipeline: Awaited<ReturnType<typeof startPipeline>>;

beforeAll(async () => {
  pipeline = await startPipeline(db);
});
afterAll(() => pipeline.stop());

const headerBlock = (raw: string) => raw.slice(0, raw.search(/\r?\n\r?\n/));

describe("mail on the real SMTP path", () => {
  it("neutralises line breaks in every header field and escapes customer text in the HTML", async () => {
    const owner = await createUser(db, shop.id);
    const campaign = db
      .insert(campaigns)
      .values({
        shopId: shop.id,
        name: "Autumn",
        subject: "For {{ customer.first_name }} from {{ shop.name }}",
        body: "Hello {{ customer.first_name }},\n\n{{ reason }}",
        featuredCategoryId: category.id,
      })
      .returning()
      .get();
    const ref = { shopId: shop.id, campaignId: campaign.id };
    startDrafting(db, ref);
    await pipeline.producer.enqueueDrafting(ref);
    await waitFor(
      "review",
      () => db.select().from(campaigns).where(eq(campaigns.id, campaign.id)).get()!.status === "review",
    );
    approveCampaign(db, { ...ref, userId: owner.id });
    await pipeline.producer.enqueueDispatch(ref);
    await waitFor(
      "sent",
      () => db.select().from(campaigns).where(eq(campaigns.id, campaign.id)).get()!.status === "sent",
    );

    const raws = db.select().from(caughtMail).all();
    expect(raws.map((r) => r.envelopeTo).sort()).toEqual(customers.map((c) => [c.email]).sort());
    for (const row of raws) {
      const headers = headerBlock(row.raw);
      expect(headers).not.toMatch(/^bcc:/im);
    }
    for (const mail of await pipeline.mail()) {
      expect(mail.from?.value).toEqual([
        { name: "Bean & Leaf Bcc: victim@evil.example", address: "hello@beanandleaf.example" },
      ]);
      expect(mail.subject).not.toMatch(/[\r\n]/);
      expect(mail.headers.has("bcc")).toBe(false);
      expect(mail.html).not.toContain("<script>alert(1)");
      expect(mail.html).not.toContain("<img src=x");
    }
  });

  it("carries only ids in job payloads, never an address or a secret", async () => {
    const states = ["completed", "failed", "waiting", "delayed", "active"] as const;
    const { queue, workQueue } = pipeline.producer;
    const jobs = [...(await queue.getJobs([...states])), ...(await workQueue.getJobs([...states]))];
    expect(new Set(jobs.map((j) => j.name))).toEqual(
      new Set(["draft", "dispatch", "send-batch", "sweep", "suggest-all"]),
    );
    for (const job of jobs) {
      for (const [key, value] of Object.entries(job.data as Record<string, unknown>)) {
        expect(["shopId", "campaignId", "messageId", "messageIds", "round"]).toContain(key);
        for (const id of [value].flat()) expect(typeof id).toBe("number");
      }
      expect(JSON.stringify(job.data)).not.toContain(shop.tokenSecret);
    }
  });

  it("refuses an address holding a line break or a comma instead of fanning out", async () => {
    const mailer = createMailer(pipeline.config.SMTP_URL);
    const before = db.select().from(caughtMail).all().length;
    const attempt = mailer.send({
      from: { name: "Shop", address: "hello@shop.example" },
      to: "one@mail.example,\r\nBcc: two@evil.example",
      subject: `Hello${INJECT}`,
      text: "Hi",
      html: "<p>Hi</p>",
      messageId: "<safety@shop.example>",
      listId: "Shop <campaign-1.shop.example>",
      date: new Date(),
      listUnsubscribe: `https://shop.example/u${INJECT}`,
    });
    const outcome = await attempt.then(
      () => "sent",
      (e: Error) => e.message,
    );
    // The address arrives as one RCPT TO, which the server refuses as bad
    // syntax: nobody gets it, least of all a second, injected recipient.
    expect(outcome).toMatch(/Bad recipient address syntax/);
    mailer.close();
    expect(db.select().from(caughtMail).all()).toHaveLength(before);
  });
});
