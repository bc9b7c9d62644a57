import type { LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { campaigns } from "../../db/schema";
import { createShop, createUser } from "../../db/seed/factories";
import { action as reviewAction, loader as reviewLoader } from "~/routes/app.campaigns.$campaignId";
import { action as editAction, loader as editLoader } from "~/routes/app.campaigns.$campaignId_.edit";
import { action as newAction } from "~/routes/app.campaigns.new";
import { producer } from "~/queue.server";
import { testDb } from "../setup/db";
import { formRequest, getRequest, loginCookie, responseOf } from "../setup/requests";

const db = testDb();
const shop = createShop(db, { quietStartHour: 21, quietEndHour: 8 });
let owner: Record<string, string>;

beforeAll(async () => {
  await createUser(db, shop.id, { email: "owner@window.example", role: "owner" });
  owner = await loginCookie("owner@window.example");
});
afterAll(async () => {
  await producer.queue.obliterate({ force: true });
  await producer.close();
});

const base: [string, string][] = [
  ["name", "Office hours"],
  ["subject", "Hello {{ customer.first_name }}"],
  ["body", "Hello {{ customer.first_name }}, fresh beans are in."],
  ["audience", ""],
  ["featuredCategoryId", ""],
  ["audienceLimit", ""],
];
const withWindow = (start: string, end: string, days: number[]): [string, string][] => [
  ...base,
  ["windowMode", "window"],
  ["windowStart", start],
  ["windowEnd", end],
  ...days.map((d): [string, string] => ["windowDays", String(d)]),
];
type RouteFunction = (args: LoaderFunctionArgs) => Promise<unknown>;
const call = (fn: RouteFunction, request: Request, params: Record<string, string> = {}) =>
  responseOf(() => fn({ request, params, context: {} }));
const row = (id: number) => db.select().from(campaigns).where(eq(campaigns.id, id)).get()!;
const idFrom = (response: Response) => Number(response.headers.get("Location")!.split("/")[3]);

describe("a campaign's send window in the builder", () => {
  it("saves a window, shows it again for editing, and describes it on the review page", async () => {
    const response = await call(
      newAction,
      formRequest("/", withWindow("09:00", "17:30", [1, 2, 3, 4, 5]), owner),
    );
    expect(response.status).toBe(302);
    const id = idFrom(response);
    expect(row(id).sendWindow).toEqual({ start: 540, end: 1050, days: [1, 2, 3, 4, 5] });

    const params = { campaignId: String(id) };
    db.update(campaigns).set({ status: "review" }).where(eq(campaigns.id, id)).run();
    const edit = await (await call(editLoader, getRequest("/", owner), params)).json();
    expect(edit.values).toMatchObject({
      windowMode: "window",
      windowStart: "09:00",
      windowEnd: "17:30",
      windowDays: "1,2,3,4,5",
    });
    expect(edit.quietHours).toEqual({ startHour: 21, endHour: 8 });

    // Back to "any time": the window goes.
    const saved = await call(editAction, formRequest("/", [...base, ["windowMode", "any"]], owner), params);
    expect(saved.status).toBe(302);
    expect(row(id).sendWindow).toBeNull();
  });

  it("keeps weekend days with no times as a whole-day window", async () => {
    const response = await call(newAction, formRequest("/", withWindow("", "", [6, 0]), owner));
    expect(response.status).toBe(302);
    expect(row(idFrom(response)).sendWindow).toEqual({ start: 0, end: 1440, days: [0, 6] });
  });

  it("shows the window and the cap to the owner reviewing the campaign", async () => {
    const response = await call(
      newAction,
      formRequest("/", withWindow("10:00", "16:00", [1, 2, 3, 4, 5]), owner),
    );
    const id = idFrom(response);
    db.update(campaigns).set({ audienceLimit: 250 }).where(eq(campaigns.id, id)).run();
    const page = await (await call(reviewLoader, getRequest("/", owner), { campaignId: String(id) })).json();
    expect(page.campaign).toMatchObject({ audienceLimit: 250, sendWindow: { start: 600, end: 960 } });
    // Duplicating keeps the window.
    const copy = await call(reviewAction, formRequest("/", { intent: "duplicate" }, owner), {
      campaignId: String(id),
    });
    const copyId = Number(copy.headers.get("Location")!.split("/")[3]);
    expect(row(copyId).sendWindow).toEqual(row(id).sendWindow);
  });

  it.each([
    ["an end before the start", withWindow("18:00", "09:00", [1]), "windowEnd", /after the start/],
    ["a start without an end", withWindow("09:00", "", [1]), "windowEnd", /both times/],
    ["no day ticked", withWindow("09:00", "17:00", []), "windowDays", /at least one day/],
    ["a time that is not a time", withWindow("9am", "17:00", [1]), "windowStart", /like 09:00/],
    ["a window inside the quiet hours", withWindow("22:00", "23:30", [1]), "windowStart", /quiet hours/],
  ])("refuses %s with a field error and saves nothing", async (_label, fields, field, message) => {
    const before = db.select().from(campaigns).all().length;
    const response = await call(newAction, formRequest("/", fields, owner));
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors[field]).toMatch(message);
    expect(body.values.windowMode).toBe("window");
    expect(db.select().from(campaigns).all()).toHaveLength(before);
  });
});
