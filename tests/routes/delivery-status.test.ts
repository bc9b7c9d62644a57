import { eq } from "drizzle-orm";
import { campaigns, shops } from "../../db/schema";
import { createShop, createUser } from "../../db/seed/factories";
import { startSending } from "../../jobs/state";
import { loader } from "~/routes/app.campaigns.$campaignId";
import { testDb } from "../setup/db";
import { approvedCampaign } from "../setup/dispatch";
import { getRequest, loginCookie } from "../setup/requests";

// What the campaign page says about emails still queued: the truth, not a
// guess. Quiet hours when they are the reason; otherwise, when nothing has
// moved for a while, that no worker is sending them.
const db = testDb();
let owner: Record<string, string>;
const MINUTE = 60_000;

async function sendingCampaign(shopId: number, quietNow: boolean) {
  if (quietNow) {
    // Quiet from this hour (UTC) for two hours.
    const hour = new Date().getUTCHours();
    db.update(shops)
      .set({ timezone: "UTC", quietStartHour: hour, quietEndHour: (hour + 2) % 24 })
      .where(eq(shops.id, shopId))
      .run();
  }
  const { ref } = await approvedCampaign(db, shopId, 4);
  startSending(db, ref);
  db.update(campaigns)
    .set({ updatedAt: new Date(Date.now() - 12 * MINUTE) })
    .where(eq(campaigns.id, ref.campaignId))
    .run();
  return ref;
}

async function delivery(campaignId: number) {
  const response = (await loader({
    params: { campaignId: String(campaignId) },
    context: {},
    request: getRequest(`/app/campaigns/${campaignId}`, owner),
  })) as Response;
  return ((await response.json()) as { delivery: unknown }).delivery;
}

describe("the campaign page on queued emails", () => {
  it("says nothing has moved and no worker is sending when emails are due now", async () => {
    const shop = createShop(db);
    await createUser(db, shop.id, { email: "owner@stalled.example", role: "owner" });
    owner = await loginCookie("owner@stalled.example");
    const ref = await sendingCampaign(shop.id, false);
    expect(await delivery(ref.campaignId)).toMatchObject({ kind: "stalled", dueNow: 4, minutes: 12 });
  });

  it("says they wait for quiet hours, and until when, when that is the reason", async () => {
    const shop = createShop(db);
    await createUser(db, shop.id, { email: "owner@quiet.example", role: "owner" });
    owner = await loginCookie("owner@quiet.example");
    const ref = await sendingCampaign(shop.id, true);
    const end = new Date();
    end.setUTCHours(end.getUTCHours() + 2, 0, 0, 0);
    const note = (await delivery(ref.campaignId)) as { kind: string; waiting: number; nextAt: string };
    expect(note).toMatchObject({ kind: "waiting", waiting: 4 });
    // When the quiet hours end (the send rule may add a minute or so).
    const nextAt = new Date(note.nextAt).getTime();
    expect(nextAt).toBeGreaterThanOrEqual(end.getTime());
    expect(nextAt).toBeLessThan(end.getTime() + 60 * MINUTE);
  });
});
