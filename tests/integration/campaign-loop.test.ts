import { and, eq } from "drizzle-orm";
import { campaigns, caughtMail, exclusions, messages, scoreRuns, scores } from "../../db/schema";
import {
  createCategory,
  createCustomer,
  createOrder,
  createProduct,
  createShop,
  createUser,
} from "../../db/seed/factories";
import { approveCampaign, startDrafting } from "../../jobs/state";
import { suppressEmail } from "../../jobs/suppression";
import { action as unsubscribeAction } from "~/routes/r.unsubscribe.$token";
import { campaignInReview } from "../setup/campaigns";
import { testDb } from "../setup/db";
import { startPipeline, waitFor } from "../setup/pipeline";

const db = testDb();
const now = new Date();
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
let pipeline: Awaited<ReturnType<typeof startPipeline>>;

const shop = createShop(db, {
  name: "Bean & Leaf",
  fromEmail: "hello@beanandleaf.example",
  postalAddress: "1 Quay St, Bristol",
});
const coffee = createCategory(db, shop.id, { name: "Single-origin coffee" });
const liqueur = createCategory(db, shop.id, { name: "Spirits & liqueurs", sensitive: true });
const beans = createProduct(db, shop.id, { name: "Ethiopia Yirgacheffe", categoryId: coffee.id });
const bottle = createProduct(db, shop.id, { name: "Coffee liqueur", categoryId: liqueur.id });

function buyer(overrides: Parameters<typeof createCustomer>[2] = {}, orders = 2) {
  const c = createCustomer(db, shop.id, overrides);
  for (let i = 0; i < orders; i++) {
    createOrder(db, shop.id, {
      customerId: c.id,
      orderedAt: daysAgo(20 + 30 * i),
      lines: [{ productId: beans.id }],
    });
  }
  return c;
}

const welcome = [
  buyer({ firstName: "Ada" }),
  buyer({ firstName: "Grace" }, 4),
  buyer({ firstName: "Alan" }, 1),
];
const noConsent = buyer({ marketingConsent: false });
const suppressed = buyer();
const minor = buyer({ birthdate: `${now.getUTCFullYear() - 16}-01-01` });
const care = buyer({ needsCare: true, careNote: "Asked for fewer emails" });
const unknownAge = buyer({ birthdate: null, firstName: "Unknown age" });
const capped = buyer();
const neverOrdered = createCustomer(db, shop.id);
// Two earlier campaigns reached `capped` this week: the shop's cap (2 in 7 days) is used up.
for (const sentDaysAgo of [2, 4]) {
  const earlier = campaignInReview(db, shop.id, undefined, capped);
  db.update(campaigns).set({ status: "sent" }).where(eq(campaigns.id, earlier.campaign.id)).run();
  db.update(messages)
    .set({ status: "sent", sentAt: daysAgo(sentDaysAgo) })
    .where(eq(messages.id, earlier.message.id))
    .run();
}
suppressEmail(db, {
  shopId: shop.id,
  email: suppressed.email,
  reason: "unsubscribed",
  source: "test",
  actor: "recipient",
  subject: "customer",
});

function campaign(name: string, categoryId: number) {
  return db
    .insert(campaigns)
    .values({
      shopId: shop.id,
      name,
      subject: "Fresh {{ shop.name }} for {{ customer.first_name }}",
      body: 'Hello {{ customer.first_name | default: "there" }},\n\n{{ reason }}',
      featuredCategoryId: categoryId,
    })
    .returning()
    .get();
}

async function draft(campaignId: number) {
  startDrafting(db, { shopId: shop.id, campaignId });
  await pipeline.producer.enqueueDrafting({ shopId: shop.id, campaignId });
  return waitFor("drafting", () => {
    const c = db.select().from(campaigns).where(eq(campaigns.id, campaignId)).get()!;
    return c.status === "review" && c;
  });
}

async function approveAndSend(campaignId: number, userId: number) {
  approveCampaign(db, { shopId: shop.id, campaignId, userId });
  await pipeline.producer.enqueueDispatch({ shopId: shop.id, campaignId });
  return waitFor(
    "sending",
    () => db.select().from(campaigns).where(eq(campaigns.id, campaignId)).get()!.status === "sent",
  );
}

beforeAll(async () => {
  pipeline = await startPipeline(db);
});
afterAll(() => pipeline.stop());

describe("the campaign loop on real SQLite, Redis and SMTP", () => {
  it("drafts, waits for approval, sends each recipient one message, and honours an unsubscribe", async () => {
    const owner = await createUser(db, shop.id);
    const first = campaign("Autumn single origins", coffee.id);
    await draft(first.id);

    const reasons = Object.fromEntries(
      db
        .select()
        .from(exclusions)
        .where(eq(exclusions.campaignId, first.id))
        .all()
        .map((e) => [e.customerId, e.reason]),
    );
    expect(reasons).toEqual({
      [noConsent.id]: "no_consent",
      [suppressed.id]: "suppressed",
      [minor.id]: "minor",
      [care.id]: "needs_care",
      [capped.id]: "frequency_cap",
      [neverOrdered.id]: "no_orders",
    });
    const drafts = db.select().from(messages).where(eq(messages.campaignId, first.id)).all();
    expect(drafts.map((m) => m.customerId).sort()).toEqual([...welcome, unknownAge].map((c) => c.id).sort());
    expect(drafts.every((m) => m.status === "draft" && m.reasons.length > 0)).toBe(true);

    // Each draft carries the score it was ranked by, and its first reason is
    // that score's largest stored contribution.
    const drafted = db.select().from(campaigns).where(eq(campaigns.id, first.id)).get()!;
    const run = db.select().from(scoreRuns).where(eq(scoreRuns.id, drafted.scoreRunId!)).get()!;
    expect(run.modelVersion).toBe("rfm-1");
    for (const d of drafts) {
      const stored = db.select().from(scores).where(eq(scores.id, d.scoreId!)).get()!;
      expect(stored).toMatchObject({ scoreRunId: run.id, customerId: d.customerId, score: d.score });
      const largest = [...stored.contributions].sort((a, b) => b.contribution - a.contribution)[0];
      expect(d.reasons[0].code).toBe(largest.feature);
    }
    expect(drafts.map((d) => d.rank).sort()).toEqual([1, 2, 3, 4]);

    // Nothing leaves before the owner approves.
    await new Promise((r) => setTimeout(r, 300));
    expect(await pipeline.mail()).toHaveLength(0);

    await approveAndSend(first.id, owner.id);
    const mail = await pipeline.mail();
    expect(mail.map((m) => m.envelopeTo[0]).sort()).toEqual(
      [...welcome, unknownAge].map((c) => c.email).sort(),
    );
    const sent = db.select().from(messages).where(eq(messages.campaignId, first.id)).all();
    for (const m of mail) {
      const stored = sent.find((x) => x.messageIdHeader === m.messageId)!;
      expect(stored.customerId).toBe([...welcome, unknownAge].find((c) => c.email === m.envelopeTo[0])!.id);
      expect(m.text).toContain("1 Quay St, Bristol");
      expect(m.html).toContain("1 Quay St, Bristol");
      expect(m.html).toContain("Why did I get this?");
      expect(m.html).toMatch(/href="http:\/\/tactful\.test\/r\/why\/[\w.-]+"/);
      expect(m.text).toMatch(/Why did I get this\? http:\/\/tactful\.test\/r\/why\/[\w.-]+/);
      expect(m.text).toContain(stored.reasons[0].text);
      expect(m.from?.text).toBe('"Bean & Leaf" <hello@beanandleaf.example>');
      expect(m.date).toBeInstanceOf(Date);
      expect(m.messageId).toMatch(/^<[\w-]+@beanandleaf\.example>$/);
      const header = (name: string) =>
        m.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, "");
      const listUnsubscribe = header("list-unsubscribe");
      expect(listUnsubscribe).toMatch(/^<http:\/\/tactful\.test\/r\/unsubscribe\/[\w.-]+>$/);
      expect(header("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    }
    const ada = mail.find((m) => m.envelopeTo[0] === welcome[0].email)!;
    expect(ada.subject).toBe("Fresh Bean & Leaf for Ada");
    expect(
      db
        .select()
        .from(messages)
        .where(and(eq(messages.campaignId, first.id), eq(messages.status, "sent")))
        .all(),
    ).toHaveLength(4);
    // The Mailbox page joins caught mail to messages on the bracketed Message-ID.
    const caughtIds = db.select({ id: caughtMail.messageIdHeader }).from(caughtMail).all();
    expect(caughtIds.map((c) => c.id).sort()).toEqual(sent.map((m) => m.messageIdHeader).sort());

    // Ada presses her mail app's unsubscribe button: an RFC 8058 one-click POST
    // to the List-Unsubscribe URL of the message she received.
    const unsubscribeUrl = /^<([^>]+)>/.exec(
      ada.headerLines.find((h) => h.key === "list-unsubscribe")!.line.replace(/^[^:]+:\s*/, ""),
    )![1];
    const token = new URL(unsubscribeUrl).pathname.split("/").pop()!;
    const oneClick = await unsubscribeAction({
      params: { token },
      context: {},
      request: new Request(unsubscribeUrl, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      }),
    });
    expect(oneClick.status).toBe(200);

    // A second campaign, featuring a sensitive category, skips her and the unknown-age customer.
    db.update(messages)
      .set({ sentAt: daysAgo(3) })
      .where(eq(messages.campaignId, first.id))
      .run();
    const second = campaign("Liqueur for the holidays", liqueur.id);
    await draft(second.id);
    const secondExcluded = db.select().from(exclusions).where(eq(exclusions.campaignId, second.id)).all();
    expect(secondExcluded.find((e) => e.customerId === welcome[0].id)?.reason).toBe("suppressed");
    expect(secondExcluded.find((e) => e.customerId === unknownAge.id)?.reason).toBe("unknown_age_sensitive");
    expect(secondExcluded.find((e) => e.customerId === capped.id)?.reason).toBe("frequency_cap");
    await approveAndSend(second.id, owner.id);
    const after = await pipeline.mail();
    expect(after).toHaveLength(4 + 2);
    expect(after.filter((m) => m.envelopeTo[0] === welcome[0].email)).toHaveLength(1);
    const secondMail = after.filter((m) => m.subject?.startsWith("Fresh") && m.text?.includes(bottle.name));
    expect(secondMail.map((m) => m.envelopeTo[0]).sort()).toEqual(
      [welcome[1].email, welcome[2].email].sort(),
    );
    for (const excluded of [noConsent, suppressed, minor, care, capped, neverOrdered]) {
      expect(after.filter((m) => m.envelopeTo[0] === excluded.email)).toHaveLength(0);
    }
  });
});
