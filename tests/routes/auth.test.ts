import { eq } from "drizzle-orm";
import { shops, users } from "../../db/schema";
import { createShop, createUser } from "../../db/seed/factories";
import { loader as overviewLoader } from "~/routes/app._index";
import { action as loginAction } from "~/routes/login";
import { action as signupAction } from "~/routes/signup";
import { safeRedirect } from "~/session.server";
import { testDb } from "../setup/db";
import { formRequest, getRequest, loginCookie, responseOf } from "../setup/requests";

const db = testDb();
const call = { params: {}, context: {} };

describe("accounts", () => {
  it("signs up by email: nothing is created and nobody signed in until the emailed link is used", async () => {
    const response = await signupAction({
      ...call,
      request: formRequest("/signup", {
        shopName: "Paper & Pine Books",
        name: "Ines",
        email: "Ines@PaperPine.example",
        password: "a long enough password",
        postalAddress: "12 Mill Lane, York YO1 7HH",
        fromEmail: "",
      }),
    });
    expect(response.status).toBe(200);
    expect((await response.json()).sent).toMatch(/^We have sent an email/);
    expect(response.headers.get("Set-Cookie")).toBeNull();
    expect(db.select().from(users).where(eq(users.email, "ines@paperpine.example")).get()).toBeUndefined();
    expect(db.select().from(shops).where(eq(shops.name, "Paper & Pine Books")).get()).toBeUndefined();
  });

  it("explains each invalid field", async () => {
    const response = await responseOf(() =>
      signupAction({
        ...call,
        request: formRequest("/signup", {
          shopName: "",
          name: "",
          email: "x",
          password: "short",
          postalAddress: "",
          fromEmail: "",
        }),
      }),
    );
    expect(response.status).toBe(400);
    const { errors } = await response.json();
    expect(Object.keys(errors).sort()).toEqual(["email", "name", "password", "postalAddress", "shopName"]);
  });

  it("gives the same calm answer for a wrong password and an unknown email", async () => {
    const shop = createShop(db);
    await createUser(db, shop.id, { email: "owner@books.example" });
    for (const [email, password] of [
      ["owner@books.example", "wrong password!"],
      ["nobody@books.example", "whatever123"],
    ]) {
      const response = await responseOf(() =>
        loginAction({ ...call, request: formRequest("/login", { email, password }) }),
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ errors: { form: "Email or password is incorrect." } });
    }
    expect((await loginCookie("owner@books.example")).Cookie).toMatch(/^__tactful=/);
  });

  it("sends visitors without a session to the login page, remembering where they were going", async () => {
    const response = await responseOf(() => overviewLoader({ ...call, request: getRequest("/app?x=1") }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fapp%3Fx%3D1");
  });

  it("only redirects after login to paths on this site", () => {
    expect(safeRedirect("/app/campaigns")).toBe("/app/campaigns");
    for (const evil of [
      "//evil.example",
      "https://evil.example",
      "/\\evil.example",
      "javascript:alert(1)",
      null,
    ]) {
      expect(safeRedirect(evil)).toBe("/app");
    }
  });
});
