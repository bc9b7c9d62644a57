import { eq } from "drizzle-orm";
import { shops, users } from "../../db/schema";
import { action } from "~/routes/signup";
import { action as confirm } from "~/routes/signup_.$token";
import { linkPathIn } from "../setup/account-mail";
import { testDb } from "../setup/db";
import { formRequest, responseOf } from "../setup/requests";

// Signing up asks for the shop's time zone: the dashboard's times and
// scheduled sends use it. The shop is made from the emailed link, so the zone
// travels in it.

// Account email goes over real SMTP to the catcher, started before the app
// reads its configuration.
const catcher = await vi.hoisted(async () => {
  const { startMailCatcher } = await import("../../scripts/mail-catcher");
  const started = await startMailCatcher({ databasePath: process.env.DATABASE_PATH! });
  process.env.SMTP_URL = started.url;
  return started;
});
afterAll(() => catcher.stop());

const db = testDb();
const signup = (email: string, timezone?: string) =>
  responseOf(() =>
    action({
      params: {},
      context: {},
      request: formRequest("/signup", {
        shopName: "Brooklyn Beans",
        name: "Sam",
        email,
        password: "a long enough password",
        postalAddress: "1 Front St, Brooklyn NY 11201",
        fromEmail: "",
        ...(timezone === undefined ? {} : { timezone }),
      }),
    }),
  );
/** Follows the emailed link and presses its button, as the owner would. */
async function createFromLink(email: string) {
  const { path } = await linkPathIn(db, email);
  const token = path.split("/").pop()!;
  const created = await confirm({ params: { token }, context: {}, request: formRequest(path, {}) });
  expect(created.status).toBe(302);
}
const shopOf = (email: string) => {
  const user = db.select().from(users).where(eq(users.email, email)).get()!;
  return db.select().from(shops).where(eq(shops.id, user.shopId)).get()!;
};

describe("the time zone at signup", () => {
  it("is the shop's time zone", async () => {
    expect((await signup("sam@ny.example", "America/New_York")).status).toBe(200);
    await createFromLink("sam@ny.example");
    expect(shopOf("sam@ny.example").timezone).toBe("America/New_York");
  });

  it("refuses a zone that does not exist", async () => {
    const response = await signup("bad@ny.example", "Mars/Olympus");
    expect(response.status).toBe(400);
    expect((await response.json()).errors.timezone).toMatch(/time zone/);
  });

  it("is UTC when the form did not send one", async () => {
    expect((await signup("old@ny.example")).status).toBe(200);
    await createFromLink("old@ny.example");
    expect(shopOf("old@ny.example").timezone).toBe("UTC");
  });
});
