import { eq } from "drizzle-orm";
import { shops } from "../../db/schema";
import { createShop, createUser } from "../../db/seed/factories";
import { action, loader } from "~/routes/app.settings";
import { testDb } from "../setup/db";
import { formRequest, getRequest, loginCookie, responseOf } from "../setup/requests";

const db = testDb();
const mine = createShop(db);
const theirs = createShop(db);
let owner: Record<string, string>;
let staff: Record<string, string>;

beforeAll(async () => {
  await createUser(db, mine.id, { email: "owner@details.example" });
  await createUser(db, mine.id, { email: "staff@details.example", role: "staff" });
  owner = await loginCookie("owner@details.example");
  staff = await loginCookie("staff@details.example");
});

const save = (fields: Record<string, string>, cookie = owner) =>
  responseOf(() =>
    action({
      request: formRequest("/app/settings", { intent: "shop", ...fields }, cookie),
      params: {},
      context: {},
    }),
  );
const shopRow = (id: number) => db.select().from(shops).where(eq(shops.id, id)).get()!;

describe("the shop's web address, currency and locale on the Settings page", () => {
  it("saves them for this shop only and shows them back", async () => {
    const res = await save({ webAddress: " https://Roastery.example/ ", currency: "usd", locale: "en-US" });
    expect(res.status).toBe(200);
    expect(shopRow(mine.id)).toMatchObject({
      webAddress: "https://roastery.example",
      currency: "USD",
      locale: "en-US",
    });
    expect(shopRow(theirs.id)).toMatchObject({ webAddress: null, currency: null, locale: null });
    const page = await (
      await responseOf(() => loader({ request: getRequest("/app/settings", owner), params: {}, context: {} }))
    ).json();
    expect(page.settings).toMatchObject({
      webAddress: "https://roastery.example",
      currency: "USD",
      locale: "en-US",
    });
  });

  it("refuses an address that is not https, an unknown currency and a malformed locale, saying which", async () => {
    const before = shopRow(mine.id);
    const res = await save({
      webAddress: "http://roastery.example",
      currency: "XYZ1",
      locale: "not a locale!",
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.errors.webAddress).toMatch(/https/);
    expect(body.errors.currency).toMatch(/currency/i);
    expect(body.errors.locale).toMatch(/language/i);
    expect(shopRow(mine.id)).toEqual(before);
  });

  it("lets the owner clear the web address, which takes the links out of new emails", async () => {
    expect((await save({ webAddress: "", currency: "GBP", locale: "en-GB" })).status).toBe(200);
    expect(shopRow(mine.id).webAddress).toBeNull();
  });

  it("leaves currency and locale unset when left empty, so the shop's orders can still set the currency", async () => {
    expect((await save({ webAddress: "", currency: " ", locale: "" })).status).toBe(200);
    expect(shopRow(mine.id)).toMatchObject({ currency: null, locale: null });
  });

  it("is the owner's to change", async () => {
    const res = await save({ webAddress: "https://staff.example", currency: "GBP", locale: "en-GB" }, staff);
    expect(res.status).toBe(403);
  });
});
