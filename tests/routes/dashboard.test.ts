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

  const rules = {
    intent: "rules",
    name: "Mine & Co",
    fromEmail: "Hello@Mine.example",
    postalAddress: "1 Roastery Lane, Bristol BS1 4DJ",
    capCount: "1",
    capWindowDays: "14",
    minGapHours: "48",
    minorAge: "21",
    quietStartHour: "20",
    quietEndHour: "9",
  };
  const saveRules = (fields: Record<string, string>, cookie: Record<string, string>) =>
    responseOf(() => settingsAction({ params: {}, context: {}, request: formRequest("/", fields, cookie) }));

  it("lets the owner change the rules and records what changed, from what to what", async () => {
    expect((await saveRules(rules, staff)).status).toBe(403);
    const saved = await saveRules(rules, owner);
    expect(saved.status).toBe(200);
    const shop = db.select().from(shops).where(eq(shops.id, mine.id)).get()!;
    expect(shop).toMatchObject({
      name: "Mine & Co",
      fromEmail: "hello@mine.example",
      capCount: 1,
      capWindowDays: 14,
      minGapHours: 48,
      minorAge: 21,
      quietStartHour: 20,
      quietEndHour: 9,
    });
    const { entries } = await (
      await auditLoader({ params: {}, context: {}, request: getRequest("/app/audit", owner) })
    ).json();
    const change = entries.find((e: { action: string }) => e.action === "shop.rules_changed");
    expect(change!.detail).toMatchObject({ capCount: { from: 2, to: 1 }, minorAge: { from: 18, to: 21 } });
    expect((await (await saveRules(rules, owner)).json()).message).toBe("Nothing changed.");
  });

  it("refuses rules out of bounds, names each field, keeps what was typed and saves nothing", async () => {
    const before = db.select().from(shops).where(eq(shops.id, mine.id)).get()!;
    const refused = await saveRules(
      { ...rules, minorAge: "15", capCount: "", fromEmail: "not an address" },
      owner,
    );
    expect(refused.status).toBe(400);
    const body = await refused.json();
    expect(body.errors).toMatchObject({
      minorAge: "The minimum age is at least 16.",
      capCount: "Enter the number of emails.",
      fromEmail: "Enter a valid sender address.",
    });
    expect(body.values).toMatchObject({ minorAge: "15", fromEmail: "not an address" });
    expect(db.select().from(shops).where(eq(shops.id, mine.id)).get()).toEqual(before);
  });

  it("turns click tracking on and off for the owner only, and audits each change", async () => {
    const toggle = (on: boolean, cookie: Record<string, string>) =>
      responseOf(() =>
        settingsAction({
          params: {},
          context: {},
          request: formRequest("/", { intent: "tracking", ...(on ? { clickTracking: "on" } : {}) }, cookie),
        }),
      );
    const tracking = () => db.select().from(shops).where(eq(shops.id, mine.id)).get()!.clickTracking;
    expect(tracking()).toBe(false);
    expect((await toggle(true, staff)).status).toBe(403);
    expect(tracking()).toBe(false);
    await toggle(true, owner);
    expect(tracking()).toBe(true);
    await toggle(true, owner);
    await toggle(false, owner);
    expect(tracking()).toBe(false);
    const { entries } = await (
      await auditLoader({ params: {}, context: {}, request: getRequest("/app/audit", owner) })
    ).json();
    expect(
      entries.map((e: { action: string }) => e.action).filter((a: string) => a.startsWith("shop.click")),
    ).toEqual(["shop.click_tracking_off", "shop.click_tracking_on"]);
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
