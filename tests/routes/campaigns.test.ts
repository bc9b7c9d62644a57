import { eq } from "drizzle-orm";
import { auditLog, campaigns, caughtMail } from "../../db/schema";
import { copyFindings } from "../../jobs/checks/copy-lint";
import { createShop, createUser } from "../../db/seed/factories";
import { action as reviewAction, loader as reviewLoader } from "~/routes/app.campaigns.$campaignId";
import { action as newCampaignAction } from "~/routes/app.campaigns.new";
import { loader as mailLoader } from "~/routes/app.mailbox.$mailId";
import { loader as mailboxLoader } from "~/routes/app.mailbox._index";
import { producer } from "~/queue.server";
import { campaignInReview } from "../setup/campaigns";
import { testDb } from "../setup/db";
import { formRequest, getRequest, loginCookie, responseOf } from "../setup/requests";

const db = testDb();
const shopA = createShop(db);
const shopB = createShop(db);
let ownerA: Record<string, string>;
let staffA: Record<string, string>;

beforeAll(async () => {
  await createUser(db, shopA.id, { email: "owner@a.example", role: "owner" });
  await createUser(db, shopA.id, { email: "staff@a.example", role: "staff" });
  ownerA = await loginCookie("owner@a.example");
  staffA = await loginCookie("staff@a.example");
});
afterAll(async () => {
  await producer.queue.obliterate({ force: true });
  await producer.close();
});

const status = (id: number) => db.select().from(campaigns).where(eq(campaigns.id, id)).get()!.status;

describe("campaign builder", () => {
  it("shows a template error at its field and line, and saves nothing", async () => {
    const before = db.select().from(campaigns).all().length;
    const response = await responseOf(() =>
      newCampaignAction({
        params: {},
        context: {},
        request: formRequest(
          "/app/campaigns/new",
          {
            name: "Oops",
            subject: "Hello",
            body: "Hello,\n\n{{ custmer.first_name }}",
            featuredCategoryId: "",
            audienceLimit: "",
          },
          ownerA,
        ),
      }),
    );
    expect(response.status).toBe(400);
    const { errors } = await response.json();
    expect(errors.body).toMatch(/^Line 3: .*custmer/);
    expect(db.select().from(campaigns).all()).toHaveLength(before);
  });

  it("saves a valid campaign and queues its drafting", async () => {
    const response = await newCampaignAction({
      params: {},
      context: {},
      request: formRequest(
        "/app/campaigns/new",
        {
          name: "Winter",
          subject: "Hi {{ customer.first_name }}",
          body: "Hello there, friend.",
          featuredCategoryId: "",
          audienceLimit: "50",
        },
        ownerA,
      ),
    });
    expect(response.status).toBe(302);
    const id = Number(response.headers.get("Location")!.split("/").pop());
    expect(db.select().from(campaigns).where(eq(campaigns.id, id)).get()).toMatchObject({
      status: "drafting",
      audienceLimit: 50,
      shopId: shopA.id,
    });
    expect(await producer.workQueue.getJobCounts("waiting")).toMatchObject({ waiting: 1 });
  });
});

describe("approval", () => {
  it("is refused to staff, and to an owner who has not confirmed", async () => {
    const { campaign } = campaignInReview(db, shopA.id);
    const asStaff = await responseOf(() =>
      reviewAction({
        params: { campaignId: String(campaign.id) },
        context: {},
        request: formRequest("/", { intent: "approve", confirm: "yes" }, staffA),
      }),
    );
    expect(asStaff.status).toBe(403);
    const unconfirmed = await responseOf(() =>
      reviewAction({
        params: { campaignId: String(campaign.id) },
        context: {},
        request: formRequest("/", { intent: "approve" }, ownerA),
      }),
    );
    expect(unconfirmed.status).toBe(400);
    expect(status(campaign.id)).toBe("review");
  });

  it("is given by an owner, and queues dispatch", async () => {
    const { campaign } = campaignInReview(db, shopA.id);
    const response = await responseOf(() =>
      reviewAction({
        params: { campaignId: String(campaign.id) },
        context: {},
        request: formRequest("/", { intent: "approve", confirm: "yes" }, ownerA),
      }),
    );
    expect(response.status).toBe(200);
    expect(status(campaign.id)).toBe("approved");
    expect((await producer.queue.getJob(`dispatch-${campaign.id}`))?.data).toEqual({
      shopId: shopA.id,
      campaignId: campaign.id,
    });
  });
});

describe("warnings before approval", () => {
  const approve = (campaignId: number, fields: [string, string][]) =>
    responseOf(() =>
      reviewAction({
        params: { campaignId: String(campaignId) },
        context: {},
        request: formRequest("/", [["intent", "approve"], ["confirm", "yes"], ...fields], ownerA),
      }),
    );

  it("are shown on the review page, and approval is refused until each is acknowledged", async () => {
    const { campaign } = campaignInReview(db, shopA.id);
    db.update(campaigns)
      .set({ subject: "RE: last chance", body: "Only 2 left!!" })
      .where(eq(campaigns.id, campaign.id))
      .run();
    const ids = copyFindings({ subject: "RE: last chance", body: "Only 2 left!!" }).map((f) => f.id);
    expect(ids).toHaveLength(4);

    const page = await (
      await reviewLoader({
        params: { campaignId: String(campaign.id) },
        context: {},
        request: getRequest("/", ownerA),
      })
    ).json();
    expect(page.checks!.findings.map((f: { id: string }) => f.id)).toEqual(ids);

    const none = await approve(campaign.id, []);
    expect(none.status).toBe(400);
    expect((await none.json()).error).toBe(
      "Fix or acknowledge each warning before approving: 4 left (misleading subject prefix, urgency, scarcity, exclamation pressure).",
    );
    const some = await approve(
      campaign.id,
      ids.slice(0, 3).map((id) => ["acknowledge", id]),
    );
    expect(some.status).toBe(400);
    expect((await some.json()).error).toMatch(/1 left \(exclamation pressure\)/);
    expect(status(campaign.id)).toBe("review");

    const all = await approve(
      campaign.id,
      ids.map((id) => ["acknowledge", id]),
    );
    expect(all.status).toBe(200);
    const after = db.select().from(campaigns).where(eq(campaigns.id, campaign.id)).get()!;
    expect(after.status).toBe("approved");
    expect(after.acknowledgedWarnings.map((w) => w.id)).toEqual(ids);
    expect(after.acknowledgedWarnings[0].text).toBe("Misleading subject prefix: “RE:” in the subject line.");
    const audit = db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subject, `campaign:${campaign.id}`))
      .get()!;
    expect(audit.detail).toEqual({
      recipients: 1,
      acknowledgedWarnings: after.acknowledgedWarnings,
      contentHash: after.approvedHash,
      sendAt: null,
    });
  });

  it("match the campaign as it is when approving: an acknowledgement of other words does not count", async () => {
    const { campaign } = campaignInReview(db, shopA.id);
    db.update(campaigns).set({ subject: "HURRY" }).where(eq(campaigns.id, campaign.id)).run();
    const response = await approve(campaign.id, [["acknowledge", "copy:fake_urgency:subject:last chance"]]);
    expect(response.status).toBe(400);
    expect(status(campaign.id)).toBe("review");
  });
});

describe("one shop never sees another's", () => {
  it("campaigns: 404 to read or act on", async () => {
    const { campaign } = campaignInReview(db, shopB.id);
    const params = { campaignId: String(campaign.id) };
    expect(
      (await responseOf(() => reviewLoader({ params, context: {}, request: getRequest("/", ownerA) })))
        .status,
    ).toBe(404);
    const act = await responseOf(() =>
      reviewAction({
        params,
        context: {},
        request: formRequest("/", { intent: "approve", confirm: "yes" }, ownerA),
      }),
    );
    expect(act.status).toBe(404);
    expect(status(campaign.id)).toBe("review");
  });

  it("caught mail: listed and readable only by the shop that sent it", async () => {
    const { message } = campaignInReview(db, shopB.id);
    const mail = db
      .insert(caughtMail)
      .values({
        messageIdHeader: message.messageIdHeader,
        envelopeFrom: "b@shop.example",
        envelopeTo: ["c@mail.example"],
        raw: `Message-ID: ${message.messageIdHeader}\r\nSubject: Hello\r\n\r\nHi`,
        receivedAt: new Date(),
      })
      .returning()
      .get();
    const list = await (
      await mailboxLoader({ params: {}, context: {}, request: getRequest("/", ownerA) })
    ).json();
    expect(list.mail).toEqual([]);
    const read = await responseOf(() =>
      mailLoader({ params: { mailId: String(mail.id) }, context: {}, request: getRequest("/", ownerA) }),
    );
    expect(read.status).toBe(404);
  });
});
