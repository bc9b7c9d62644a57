import { eq } from "drizzle-orm";
import { auditLog, shops } from "../../db/schema";
import { createShop, createUser } from "../../db/seed/factories";
import { recordAudit } from "../../jobs/audit";
import { loader as auditLoader } from "~/routes/app.audit";
import { action as settingsAction } from "~/routes/app.settings";
import { testDb } from "../setup/db";
import { formRequest, getRequest, loginCookie, responseOf } from "../setup/requests";

const db = testDb();
const mine = createShop(db);
const theirs = createShop(db);
let owner: Record<string, string>;
let staff: Record<string, string>;

beforeAll(async () => {
  await createUser(db, mine.id, { email: "owner@mine.example" });
  await createUser(db, mine.id, { email: "staff@mine.example", role: "staff" });
  owner = await loginCookie("owner@mine.example");
  staff = await loginCookie("staff@mine.example");
});

describe("audit log page", () => {
  it("lists this shop's entries, newest first, and never another shop's", async () => {
    recordAudit(db, {
      shopId: mine.id,
      actor: "recipient",
      action: "suppression.unsubscribed",
      subject: "customer:1",
    });
    recordAudit(db, {
      shopId: theirs.id,
      actor: "recipient",
      action: "customer.erased",
      subject: "customer:2",
    });
    recordAudit(db, {
      shopId: mine.id,
      actor: "recipient",
      action: "customer.erased",
      subject: "customer:3",
    });
    const { entries } = await (
      await auditLoader({ params: {}, context: {}, request: getRequest("/app/audit", owner) })
    ).json();
    expect(entries.map((e: { subject: string }) => e.subject)).toEqual(["customer:3", "customer:1"]);
  });
});

describe("settings", () => {
  it("lets only the owner replace the link key or change the colour", async () => {
    const asStaff = await responseOf(() =>
      settingsAction({
        params: {},
        context: {},
        request: formRequest("/", { intent: "rotate", confirm: "yes" }, staff),
      }),
    );
    expect(asStaff.status).toBe(403);
    const before = db.select().from(shops).where(eq(shops.id, mine.id)).get()!;
    const asOwner = await settingsAction({
      params: {},
      context: {},
      request: formRequest("/", { intent: "rotate", confirm: "yes" }, owner),
    });
    expect(asOwner.status).toBe(200);
    const after = db.select().from(shops).where(eq(shops.id, mine.id)).get()!;
    expect(after.tokenSecret).not.toBe(before.tokenSecret);
    expect(after.previousTokenSecret).toBe(before.tokenSecret);
  });

  it("accepts only a real colour", async () => {
    const bad = await responseOf(() =>
      settingsAction({
        params: {},
        context: {},
        request: formRequest("/", { intent: "brand", brandColor: "red;background:url(x)" }, owner),
      }),
    );
    expect(bad.status).toBe(400);
    await settingsAction({
      params: {},
      context: {},
      request: formRequest("/", { intent: "brand", brandColor: "#7a3b2e" }, owner),
    });
    expect(db.select().from(shops).where(eq(shops.id, mine.id)).get()!.brandColor).toBe("#7a3b2e");
  });

  it("saves the shop's time zone and send rate, with field errors for bad ones, and audits the change", async () => {
    const send = (fields: Record<string, string>) =>
      responseOf(() =>
        settingsAction({
          params: {},
          context: {},
          request: formRequest("/", { intent: "sending", ...fields }, owner),
        }),
      );
    const bad = await send({ timezone: "Mars/Olympus_Mons", sendRatePerMinute: "0" });
    expect(bad.status).toBe(400);
    const { errors } = (await bad.json()) as { errors: Record<string, string> };
    expect(Object.keys(errors).sort()).toEqual(["sendRatePerMinute", "timezone"]);

    expect((await send({ timezone: "Europe/Lisbon", sendRatePerMinute: "120" })).status).toBe(200);
    let shop = db.select().from(shops).where(eq(shops.id, mine.id)).get()!;
    expect([shop.timezone, shop.sendRatePerMinute]).toEqual(["Europe/Lisbon", 120]);
    // Empty: back to the installation's default.
    expect((await send({ timezone: "Europe/Lisbon", sendRatePerMinute: "" })).status).toBe(200);
    shop = db.select().from(shops).where(eq(shops.id, mine.id)).get()!;
    expect(shop.sendRatePerMinute).toBeNull();
    const audit = db.select().from(auditLog).where(eq(auditLog.shopId, mine.id)).all();
    expect(audit.filter((a) => a.action === "shop.sending_settings_changed")).toHaveLength(2);
    expect(db.select().from(shops).where(eq(shops.id, theirs.id)).get()!.sendRatePerMinute).toBeNull();
  });
});
