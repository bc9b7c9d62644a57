import { eq } from "drizzle-orm";
import { auditLog, suppressions } from "../../db/schema";
import { createShop } from "../../db/seed/factories";
import { isSuppressed } from "../../jobs/suppression";
import { signRecipientToken } from "../../jobs/tokens";
import { action as unsubscribeAction, loader as unsubscribeLoader } from "~/routes/r.unsubscribe.$token";
import { loader as whyLoader } from "~/routes/r.why.$token";
import { campaignInReview } from "../setup/campaigns";
import { testDb } from "../setup/db";
import { getRequest, responseOf } from "../setup/requests";

const db = testDb();
const shop = createShop(db);
const otherShop = createShop(db);
const reasons = [
  { code: "frequency", text: "You've ordered 6 times since March 2025." },
  { code: "recency", text: "Your last order was 3 weeks ago." },
];

function oneClick(token: string, body: BodyInit, headers: Record<string, string> = {}) {
  // Exactly what a mail provider sends for RFC 8058: no cookies, no JavaScript.
  return unsubscribeAction({
    params: { token },
    context: {},
    request: new Request(`http://tactful.test/r/unsubscribe/${token}`, { method: "POST", body, headers }),
  });
}

describe("unsubscribe", () => {
  it("changes nothing when the page is merely opened", async () => {
    const { message, customer } = campaignInReview(db, shop.id);
    const token = signRecipientToken(shop.tokenSecret, message.publicId, "unsubscribe");
    const data = await (
      await unsubscribeLoader({ params: { token }, context: {}, request: getRequest("/") })
    ).json();
    expect(data).toMatchObject({ unsubscribed: false, shopName: shop.name });
    expect(data.maskedEmail).toMatch(/^c•••@mail\.example$/);
    expect(isSuppressed(db, shop.id, customer.email)).toBe(false);
  });

  it("works with an RFC 8058 one-click POST, form-encoded, answered 200 without a redirect, and repeats safely", async () => {
    const { message, customer } = campaignInReview(db, shop.id);
    const token = signRecipientToken(shop.tokenSecret, message.publicId, "unsubscribe");
    for (let i = 0; i < 2; i++) {
      const response = await oneClick(token, "List-Unsubscribe=One-Click", {
        "Content-Type": "application/x-www-form-urlencoded",
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("Location")).toBeNull();
    }
    expect(isSuppressed(db, shop.id, customer.email)).toBe(true);
    const audit = db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subject, `customer:${customer.id}`))
      .all();
    expect(audit).toMatchObject([
      { action: "suppression.unsubscribed", actor: "recipient", detail: { source: "one-click" } },
    ]);
  });

  it("works with a multipart one-click POST", async () => {
    const { message, customer } = campaignInReview(db, shop.id);
    const token = signRecipientToken(shop.tokenSecret, message.publicId, "unsubscribe");
    const form = new FormData();
    form.set("List-Unsubscribe", "One-Click");
    expect((await oneClick(token, form)).status).toBe(200);
    expect(isSuppressed(db, shop.id, customer.email)).toBe(true);
  });

  it("answers a plain 404 to tampered, foreign-shop and wrong-purpose tokens, and suppresses no one", async () => {
    const { message } = campaignInReview(db, shop.id);
    const good = signRecipientToken(shop.tokenSecret, message.publicId, "unsubscribe");
    const bad = [
      good.slice(0, -2) + (good.endsWith("AA") ? "BB" : "AA"),
      signRecipientToken(otherShop.tokenSecret, message.publicId, "unsubscribe"),
      signRecipientToken(shop.tokenSecret, message.publicId, "why"),
      "not-a-token",
    ];
    const before = db.select().from(suppressions).all().length;
    for (const token of bad) {
      const response = await responseOf(() =>
        oneClick(token, "List-Unsubscribe=One-Click", {
          "Content-Type": "application/x-www-form-urlencoded",
        }),
      );
      expect(response.status).toBe(404);
      expect(await response.text()).toBe("Not found");
    }
    expect(db.select().from(suppressions).all()).toHaveLength(before);
  });

  it("refuses a POST that is neither one-click nor the page's button", async () => {
    const { message, customer } = campaignInReview(db, shop.id);
    const token = signRecipientToken(shop.tokenSecret, message.publicId, "unsubscribe");
    const response = await oneClick(token, "something=else", {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(response.status).toBe(400);
    expect(isSuppressed(db, shop.id, customer.email)).toBe(false);
  });
});

describe("why did I get this?", () => {
  it("shows exactly the reasons and data stored with the message, and a working unsubscribe link", async () => {
    const { message, customer } = campaignInReview(db, shop.id, reasons);
    const token = signRecipientToken(shop.tokenSecret, message.publicId, "why");
    const data = await (await whyLoader({ params: { token }, context: {}, request: getRequest("/") })).json();
    expect(data.reasons).toEqual(reasons);
    expect(data.dataUsed).toEqual(message.dataUsed);
    expect(JSON.stringify(data)).not.toContain(customer.email);

    const unsubscribeToken: string = data.links.unsubscribe.split("/").pop()!;
    expect(
      await oneClick(unsubscribeToken, "List-Unsubscribe=One-Click", {
        "Content-Type": "application/x-www-form-urlencoded",
      }),
    ).toHaveProperty("status", 200);
    expect(isSuppressed(db, shop.id, customer.email)).toBe(true);
  });

  it("is a plain 404 for an unsubscribe token", async () => {
    const { message } = campaignInReview(db, shop.id, reasons);
    const token = signRecipientToken(shop.tokenSecret, message.publicId, "unsubscribe");
    expect(
      (await responseOf(() => whyLoader({ params: { token }, context: {}, request: getRequest("/") })))
        .status,
    ).toBe(404);
  });
});
