import { eq } from "drizzle-orm";
import { customers, shops } from "../../db/schema";
import { createShop, createUser } from "../../db/seed/factories";
import { isSuppressed } from "../../jobs/suppression";
import { signRecipientToken } from "../../jobs/tokens";
import { action as settingsAction } from "~/routes/app.settings";
import { action as loginAction } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { action as dataAction } from "~/routes/r.data.$token";
import { action as preferencesAction } from "~/routes/r.preferences.$token";
import { action as unsubscribeAction } from "~/routes/r.unsubscribe.$token";
import { campaignInReview } from "../setup/campaigns";
import { testDb } from "../setup/db";
import { formRequest, loginCookie, responseOf } from "../setup/requests";
import { dashboardRouteFiles, importRoute } from "../setup/routes";

const db = testDb();
const shop = createShop(db);
const call = { params: {}, context: {} };
let owner: Record<string, string>;
let otherOwner: Record<string, string>;

beforeAll(async () => {
  await createUser(db, shop.id, { email: "owner@csrf.example" });
  await createUser(db, createShop(db).id, { email: "owner@elsewhere.example" });
  owner = await loginCookie("owner@csrf.example");
  otherOwner = await loginCookie("owner@elsewhere.example");
});

const brandColor = () => db.select().from(shops).where(eq(shops.id, shop.id)).get()!.brandColor;

const changeColour = (colour: string, headers: Record<string, string>, extra: Record<string, string> = {}) =>
  responseOf(() =>
    settingsAction({
      ...call,
      request: formRequest("/app/settings", { intent: "brand", brandColor: colour, ...extra }, headers),
    }),
  );

describe("dashboard forms", () => {
  it("refuses a post that carries the session cookie but not the page's token", async () => {
    const before = brandColor();
    expect((await changeColour("#111111", owner, { csrf: "" })).status).toBe(403);
    expect((await changeColour("#111111", owner, { csrf: "guessed-token" })).status).toBe(403);
    expect(brandColor()).toBe(before);
  });

  it("refuses a token from another session, which is bound to its own", async () => {
    const otherToken = new URLSearchParams(await formRequest("/", {}, otherOwner).text()).get("csrf")!;
    expect(otherToken).toBeTruthy();
    expect((await changeColour("#222222", owner, { csrf: otherToken })).status).toBe(403);
  });

  it("refuses a post the browser marks as cross-site, even with the token", async () => {
    const before = brandColor();
    const crossSite: Record<string, string>[] = [
      { Origin: "https://evil.example" },
      { "Sec-Fetch-Site": "cross-site" },
      { Origin: "null" },
    ];
    for (const headers of crossSite) {
      expect((await changeColour("#333333", { ...owner, ...headers })).status).toBe(403);
    }
    expect(brandColor()).toBe(before);
  });

  it("accepts the same post from our own page", async () => {
    const ownPage = { ...owner, Origin: "http://tactful.test", "Sec-Fetch-Site": "same-origin" };
    expect((await changeColour("#444444", ownPage)).status).toBe(200);
    expect(brandColor()).toBe("#444444");
  });

  it("guards every dashboard action, including routes added later", async () => {
    let guarded = 0;
    for (const file of [...dashboardRouteFiles(), "logout.tsx"]) {
      const { action } = await importRoute(file);
      if (!action) continue;
      const response = await responseOf(async () =>
        action({
          params: { campaignId: "1", mailId: "1", customerId: "1", importId: "1", memberId: "1" },
          context: {},
          request: formRequest(`/${file}`, { intent: "anything", csrf: "" }, owner),
        }),
      );
      expect(response.status, `${file} accepted a post without the CSRF token`).toBe(403);
      guarded++;
    }
    expect(guarded).toBeGreaterThanOrEqual(4);
  });

  it("signs out only with the token, so another site cannot log people out", async () => {
    expect(
      (
        await responseOf(() =>
          logoutAction({ ...call, request: formRequest("/logout", { csrf: "" }, owner) }),
        )
      ).status,
    ).toBe(403);
    const out = await logoutAction({ ...call, request: formRequest("/logout", {}, owner) });
    expect(out.headers.get("Location")).toBe("/login");
  });
});

describe("forms used before there is a session", () => {
  it("refuse a post from another site: sign-up and its confirmation, password reset, invitations", async () => {
    for (const file of [
      "signup.tsx",
      "signup_.$token.tsx",
      "forgot-password.tsx",
      "invite.$token.tsx",
      "reset-password.$token.tsx",
    ]) {
      const { action } = await importRoute(file);
      const response = await responseOf(async () =>
        action!({
          params: { token: "whatever" },
          context: {},
          request: formRequest(`/${file}`, { email: "a@b.example" }, { "Sec-Fetch-Site": "cross-site" }),
        }),
      );
      expect(response.status, file).toBe(403);
    }
  });
});

describe("login", () => {
  it("refuses a login posted from another site (login CSRF) and takes one from ours", async () => {
    const fields = { email: "owner@csrf.example", password: "correct horse battery staple" };
    const evil = await responseOf(() =>
      loginAction({ ...call, request: formRequest("/login", fields, { Origin: "https://evil.example" }) }),
    );
    expect(evil.status).toBe(403);
    const ours = await loginAction({
      ...call,
      request: formRequest("/login", fields, { Origin: "http://tactful.test" }),
    });
    expect(ours.status).toBe(302);
  });
});

describe("recipient pages", () => {
  it("keep RFC 8058 one-click working for a mail provider, with no cookie and no Origin", async () => {
    const { message, customer } = campaignInReview(db, shop.id);
    const token = signRecipientToken(shop.tokenSecret, message.publicId, "unsubscribe");
    const response = await unsubscribeAction({
      params: { token },
      context: {},
      request: new Request(`http://tactful.test/r/unsubscribe/${token}`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      }),
    });
    expect(response.status).toBe(200);
    expect(isSuppressed(db, shop.id, customer.email)).toBe(true);
  });

  it("refuse unsubscribe-page buttons and data erasure posted from another site", async () => {
    const { message, customer } = campaignInReview(db, shop.id);
    const evil = { Origin: "https://evil.example" };
    const unsubscribe = signRecipientToken(shop.tokenSecret, message.publicId, "unsubscribe");
    const page = await responseOf(() =>
      unsubscribeAction({
        params: { token: unsubscribe },
        context: {},
        request: formRequest(`/r/unsubscribe/${unsubscribe}`, { intent: "unsubscribe" }, evil),
      }),
    );
    expect(page.status).toBe(403);
    const data = signRecipientToken(shop.tokenSecret, message.publicId, "data");
    const erase = await responseOf(() =>
      dataAction({
        params: { token: data },
        context: {},
        request: formRequest(`/r/data/${data}`, { intent: "erase", confirm: "yes" }, evil),
      }),
    );
    expect(erase.status).toBe(403);
    expect(isSuppressed(db, shop.id, customer.email)).toBe(false);
    expect(db.select().from(customers).where(eq(customers.id, customer.id)).get()).toBeDefined();
  });

  it("refuse the page's own buttons when another site posts them", async () => {
    const { message, customer } = campaignInReview(db, shop.id);
    const token = signRecipientToken(shop.tokenSecret, message.publicId, "preferences");
    const post = (headers: Record<string, string>) =>
      responseOf(() =>
        preferencesAction({
          params: { token },
          context: {},
          request: formRequest(`/r/preferences/${token}`, { emailFrequency: "monthly" }, headers),
        }),
      );
    expect((await post({ Origin: "https://evil.example" })).status).toBe(403);
    const frequency = () =>
      db.select().from(customers).where(eq(customers.id, customer.id)).get()!.emailFrequency;
    expect(frequency()).toBe("as_sent");
    expect((await post({ Origin: "http://tactful.test" })).status).toBe(200);
    expect(frequency()).toBe("monthly");
  });
});
