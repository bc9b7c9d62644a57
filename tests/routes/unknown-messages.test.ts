import { and, eq, inArray } from "drizzle-orm";
import { auditLog, messages } from "../../db/schema";
import { createShop, createUser } from "../../db/seed/factories";
import { action as reviewAction, loader as reviewLoader } from "~/routes/app.campaigns.$campaignId";
import { producer } from "~/queue.server";
import { testDb } from "../setup/db";
import { approvedCampaign, campaignStatus, messagesOf } from "../setup/dispatch";
import { startPipeline, waitFor } from "../setup/pipeline";
import { formRequest, getRequest, loginCookie, responseOf } from "../setup/requests";

const db = testDb();
const shop = createShop(db);
const other = createShop(db);
let owner: Record<string, string>;
let staff: Record<string, string>;
let pipeline: Awaited<ReturnType<typeof startPipeline>>;

beforeAll(async () => {
  await createUser(db, shop.id, { email: "owner@unknown.example", role: "owner" });
  await createUser(db, shop.id, { email: "staff@unknown.example", role: "staff" });
  owner = await loginCookie("owner@unknown.example");
  staff = await loginCookie("staff@unknown.example");
  pipeline = await startPipeline(db);
});
afterAll(async () => {
  await pipeline.stop();
  await producer.close();
});

const act = (campaignId: number, fields: [string, string][], as = owner) =>
  responseOf(() =>
    reviewAction({
      params: { campaignId: String(campaignId) },
      context: {},
      request: formRequest("/", fields, as),
    }),
  );

/** A sent campaign two of whose three emails were left unknown, as a lost connection after DATA leaves them. */
async function campaignWithUnknowns() {
  const sent = await approvedCampaign(db, shop.id, 3, "unknown ones");
  await pipeline.producer.enqueueDispatch(sent.ref);
  await waitFor("sent", () => campaignStatus(db, sent.campaign.id) === "sent");
  const [first, second] = messagesOf(db, sent.campaign.id);
  db.update(messages)
    .set({ status: "unknown", error: "Connection lost after the message was sent; delivery unknown" })
    .where(inArray(messages.id, [first.id, second.id]))
    .run();
  return { ...sent, first, second };
}

const statusOf = (id: number) => db.select().from(messages).where(eq(messages.id, id)).get()!.status;
const audited = (action: string) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.shopId, shop.id), eq(auditLog.action, action)))
    .all();

describe("resolving emails whose delivery is unknown", () => {
  it("lists them, lets only the owner mark some sent and send others again (after a confirmation)", async () => {
    const { campaign, people, first, second } = await campaignWithUnknowns();
    const page = await reviewLoader({
      params: { campaignId: String(campaign.id) },
      context: {},
      request: getRequest("/", owner),
    });
    const { unknown } = (await page.json()) as { unknown: { id: number; email: string }[] };
    expect(unknown.map((u) => u.id).sort()).toEqual([first.id, second.id].sort());

    const asStaff = await act(
      campaign.id,
      [
        ["intent", "mark-sent"],
        ["messageId", String(first.id)],
      ],
      staff,
    );
    expect(asStaff.status).toBe(403);
    expect(statusOf(first.id)).toBe("unknown");

    const marked = await act(campaign.id, [
      ["intent", "mark-sent"],
      ["messageId", String(first.id)],
    ]);
    expect(marked.status).toBe(200);
    expect(statusOf(first.id)).toBe("sent");
    expect(audited("messages.marked_sent").at(-1)?.detail).toEqual({ messageIds: [first.id] });

    const unconfirmed = await act(campaign.id, [
      ["intent", "send-again"],
      ["messageId", String(second.id)],
    ]);
    expect(unconfirmed.status).toBe(400);
    expect(statusOf(second.id)).toBe("unknown");

    const before = (await pipeline.mail()).length;
    const again = await act(campaign.id, [
      ["intent", "send-again"],
      ["messageId", String(second.id)],
      ["confirm", "yes"],
    ]);
    expect(again.status).toBe(200);
    await waitFor(
      "sent again",
      () => statusOf(second.id) === "sent" && campaignStatus(db, campaign.id) === "sent",
    );
    const resent = (await pipeline.mail()).slice(before);
    const secondEmail = people.find((p) => p.id === second.customerId)!.email;
    expect(resent.map((m) => m.envelopeTo[0])).toEqual([secondEmail]);
    expect(audited("messages.sent_again").at(-1)?.detail).toEqual({ messageIds: [second.id] });
  });

  it("touches only unknown emails of this campaign in this shop", async () => {
    const mine = await campaignWithUnknowns();
    const theirs = await approvedCampaign(db, other.id, 1, "another shop");
    const [foreign] = messagesOf(db, theirs.campaign.id);
    db.update(messages).set({ status: "unknown" }).where(eq(messages.id, foreign.id)).run();
    const sentOne = messagesOf(db, mine.campaign.id).find((m) => m.status === "sent")!;

    const response = await act(mine.campaign.id, [
      ["intent", "mark-sent"],
      ["messageId", String(foreign.id)],
      ["messageId", String(sentOne.id)],
    ]);
    expect(await response.json()).toMatchObject({ notice: "0 marked as sent." });
    expect(statusOf(foreign.id)).toBe("unknown");
    const none = await act(mine.campaign.id, [["intent", "mark-sent"]]);
    expect(none.status).toBe(400);
  });
});
