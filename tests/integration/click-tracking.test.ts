import { eq } from "drizzle-orm";
import { campaigns, linkClicks, shops } from "../../db/schema";
import {
  createCategory,
  createCustomer,
  createOrder,
  createProduct,
  createShop,
  createUser,
} from "../../db/seed/factories";
import { approveCampaign, startDrafting } from "../../jobs/state";
import { loader as campaignLoader } from "~/routes/app.campaigns.$campaignId";
import { loader as clickLoader } from "~/routes/r.click.$token.$position";
import { loader as dataLoader } from "~/routes/r.data.$token";
import { loader as whyLoader } from "~/routes/r.why.$token";
import { testDb } from "../setup/db";
import { startPipeline, waitFor } from "../setup/pipeline";
import { getRequest, loginCookie, responseOf } from "../setup/requests";

// Click tracking on the real path: drafted, approved, sent over SMTP, and the
// link in the received email followed through the redirect route.

const db = testDb();
const ROAST = "https://beanandleaf.test/autumn?size=250g&grind=whole";
let pipeline: Awaited<ReturnType<typeof startPipeline>>;

beforeAll(async () => {
  pipeline = await startPipeline(db);
});
afterAll(() => pipeline.stop());

/** A shop with one customer who gets one campaign mentioning ROAST; the HTML she received. */
async function sendOne(clickTracking: boolean) {
  const shop = createShop(db);
  db.update(shops).set({ clickTracking }).where(eq(shops.id, shop.id)).run();
  const category = createCategory(db, shop.id, { name: "Coffee" });
  const product = createProduct(db, shop.id, { categoryId: category.id });
  const customer = createCustomer(db, shop.id);
  createOrder(db, shop.id, {
    customerId: customer.id,
    orderedAt: new Date(Date.now() - 20 * 86_400_000),
    lines: [{ productId: product.id }],
  });
  const owner = await createUser(db, shop.id);
  const campaign = db
    .insert(campaigns)
    .values({ shopId: shop.id, name: "Autumn", subject: "Autumn", body: `The new roast: ${ROAST}.` })
    .returning()
    .get();
  const ref = { shopId: shop.id, campaignId: campaign.id };
  const status = () => db.select().from(campaigns).where(eq(campaigns.id, campaign.id)).get()!.status;
  startDrafting(db, ref);
  await pipeline.producer.enqueueDrafting(ref);
  await waitFor("review", () => status() === "review");
  approveCampaign(db, { ...ref, userId: owner.id });
  await pipeline.producer.enqueueDispatch(ref);
  await waitFor("sent", () => status() === "sent");
  const mail = (await pipeline.mail()).find((m) => m.envelopeTo.includes(customer.email))!;
  return { shop, owner, campaign, html: String(mail.html) };
}

const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
const pathOf = (url: string) => new URL(url).pathname.split("/");
const follow = (token: string, position: string) =>
  responseOf(() => clickLoader({ params: { token, position }, context: {}, request: getRequest("/") }));

describe("click tracking", () => {
  it("sends a tracked email whose link leads, through a signed redirect, only to the approved address", async () => {
    const { shop, owner, campaign, html } = await sendOne(true);
    const tracked = hrefs(html).filter((h) => h.includes("/r/click/"));
    expect(tracked).toHaveLength(1);
    expect(html).not.toContain(`href="${ROAST.replace("&", "&amp;")}"`);
    expect(hrefs(html).some((h) => h.includes("/r/unsubscribe/"))).toBe(true);

    const [, , , token, position] = pathOf(tracked[0]!);
    const followed = await follow(token!, position!);
    expect(followed.status).toBe(302);
    expect(followed.headers.get("Location")).toBe(ROAST);
    expect(db.select().from(linkClicks).where(eq(linkClicks.shopId, shop.id)).all()).toMatchObject([
      { link: 0, url: ROAST },
    ]);

    // The owner sees who followed which link on the campaign page.
    const page = await (
      await campaignLoader({
        params: { campaignId: String(campaign.id) },
        context: {},
        request: getRequest("/", await loginCookie(owner.email)),
      })
    ).json();
    expect(page.clicks).toEqual({ people: 1, links: [{ url: ROAST, clicks: 1 }] });

    // No other position, no other message's token, no altered signature leads anywhere.
    expect((await follow(token!, "1")).status).toBe(404);
    expect((await follow(token!, "-1")).status).toBe(404);
    expect((await follow(`${token!.slice(0, -2)}xx`, "0")).status).toBe(404);

    // The recipient is told, and sees the click among their data.
    const whyToken = pathOf(hrefs(html).find((h) => h.includes("/r/why/"))!)[3]!;
    const why = await (
      await whyLoader({ params: { token: whyToken }, context: {}, request: getRequest("/") })
    ).json();
    expect(why).toMatchObject({ clickTracking: true, clicksRecorded: 1 });
    const dataToken = why.links.data.split("/")[3];
    const data = await (
      await dataLoader({ params: { token: dataToken }, context: {}, request: getRequest("/") })
    ).json();
    // Named by the email's subject: the campaign's name is the owner's alone.
    expect(data.data.clicks).toMatchObject([{ subject: "Autumn", url: ROAST }]);

    // Turned off: the link in the email still works, and nothing more is recorded.
    db.update(shops).set({ clickTracking: false }).where(eq(shops.id, shop.id)).run();
    expect((await follow(token!, position!)).headers.get("Location")).toBe(ROAST);
    expect(db.select().from(linkClicks).where(eq(linkClicks.shopId, shop.id)).all()).toHaveLength(1);
  });

  it("leaves links untouched while tracking is off", async () => {
    const { shop, html } = await sendOne(false);
    expect(hrefs(html)).toContain(ROAST.replace("&", "&amp;"));
    expect(hrefs(html).some((h) => h.includes("/r/click/"))).toBe(false);
    expect(db.select().from(linkClicks).where(eq(linkClicks.shopId, shop.id)).all()).toEqual([]);
  });
});
