import { eq } from "drizzle-orm";
import { shops, users } from "../../db/schema";
import { action } from "~/routes/signup";
import { testDb } from "../setup/db";
import { formRequest, responseOf } from "../setup/requests";

// Signing up asks for the shop's time zone: the dashboard's times and scheduled sends use it.

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
const shopOf = (email: string) => {
  const user = db.select().from(users).where(eq(users.email, email)).get()!;
  return db.select().from(shops).where(eq(shops.id, user.shopId)).get()!;
};

describe("the time zone at signup", () => {
  it("is the shop's time zone", async () => {
    expect((await signup("sam@ny.example", "America/New_York")).status).toBe(302);
    expect(shopOf("sam@ny.example").timezone).toBe("America/New_York");
  });

  it("refuses a zone that does not exist", async () => {
    const response = await signup("bad@ny.example", "Mars/Olympus");
    expect(response.status).toBe(400);
    expect((await response.json()).errors.timezone).toMatch(/time zone/);
  });

  it("is UTC when the form did not send one", async () => {
    expect((await signup("old@ny.example")).status).toBe(302);
    expect(shopOf("old@ny.example").timezone).toBe("UTC");
  });
});
