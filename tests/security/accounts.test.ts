import { eq } from "drizzle-orm";
import { accountTokens, caughtMail, shops, users } from "../../db/schema";
import { createShop, createUser } from "../../db/seed/factories";
import { loader as appLoader } from "~/routes/app";
import { loader as mailLoader } from "~/routes/app.mailbox.$mailId";
import { loader as mailboxLoader } from "~/routes/app.mailbox._index";
import { action as forgotAction } from "~/routes/forgot-password";
import { action as inviteAction, loader as inviteLoader } from "~/routes/invite.$token";
import { action as loginAction } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { action as resetAction, loader as resetLoader } from "~/routes/reset-password.$token";
import { action as settingsAction } from "~/routes/app.settings";
import { action as signupAction } from "~/routes/signup";
import { action as confirmSignupAction, loader as confirmSignupLoader } from "~/routes/signup_.$token";
import { action as teamAction, loader as teamLoader } from "~/routes/app.team";
import { linkPathIn, mailTo } from "../setup/account-mail";
import { testDb } from "../setup/db";
import { waitFor } from "../setup/pipeline";
import { formRequest, getRequest, loginCookie, rememberSession, responseOf } from "../setup/requests";

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
const shop = createShop(db, { name: "Alder Coffee" });
const password = "correct horse battery staple";
const call = { params: {}, context: {} };
let owner: Record<string, string>;
let ownerId: number;

beforeAll(async () => {
  ownerId = (await createUser(db, shop.id, { email: "owner@alder.example", name: "Ines" })).id;
  owner = await loginCookie("owner@alder.example");
});

const team = (fields: Record<string, string>, cookie = owner) =>
  responseOf(() => teamAction({ ...call, request: formRequest("/app/team", fields, cookie) }));
const stillSignedIn = async (cookie: Record<string, string>) =>
  (await responseOf(() => appLoader({ ...call, request: getRequest("/app", cookie) }))).status === 200;
const userByEmail = (email: string) => db.select().from(users).where(eq(users.email, email)).get();

async function inviteAndJoin(email: string, name: string) {
  const seen = (await mailTo(db, email)).length;
  expect((await team({ intent: "invite", email })).status).toBe(200);
  const { path, mail } = await linkPathIn(db, email, seen);
  const token = path.split("/").pop()!;
  const joined = await inviteAction({
    params: { token },
    context: {},
    request: formRequest(path, { name, password }),
  });
  expect(joined.status).toBe(302);
  return { cookie: await rememberSession(joined.headers.get("Set-Cookie")), token, path, mail };
}

describe("staff invitations", () => {
  it("emails a single-use link that creates a staff account in the inviting shop", async () => {
    const { cookie, token, mail } = await inviteAndJoin("tom@alder.example", "Tom");
    expect(mail.subject).toBe("Ines invited you to Alder Coffee on Tactful");
    expect(userByEmail("tom@alder.example")).toMatchObject({ shopId: shop.id, role: "staff", name: "Tom" });
    expect(await stillSignedIn(cookie)).toBe(true);
    // The database keeps only a hash of the token.
    expect(
      db
        .select()
        .from(accountTokens)
        .all()
        .map((t) => t.tokenHash),
    ).not.toContain(token);
    const again = await responseOf(() =>
      inviteLoader({ params: { token }, context: {}, request: getRequest("/") }),
    );
    expect(again.status).toBe(404);
  });

  it("refuses an expired invitation and one to an address that already has an account", async () => {
    expect((await team({ intent: "invite", email: "owner@alder.example" })).status).toBe(400);
    const seen = (await mailTo(db, "late@alder.example")).length;
    await team({ intent: "invite", email: "late@alder.example" });
    const { path } = await linkPathIn(db, "late@alder.example", seen);
    db.update(accountTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .run();
    const token = path.split("/").pop()!;
    const late = await responseOf(() =>
      inviteAction({
        params: { token },
        context: {},
        request: formRequest(path, { name: "Late", password }),
      }),
    );
    expect(late.status).toBe(404);
    expect(userByEmail("late@alder.example")).toBeUndefined();
  });

  it("lets staff see the team but not invite, approve, or change settings; the page hides those controls", async () => {
    const { cookie } = await inviteAndJoin("sam@alder.example", "Sam");
    expect((await team({ intent: "invite", email: "friend@alder.example" }, cookie)).status).toBe(403);
    const settings = await responseOf(() =>
      settingsAction({
        ...call,
        request: formRequest("/app/settings", { intent: "brand", brandColor: "#000000" }, cookie),
      }),
    );
    expect(settings.status).toBe(403);
    const page = await (await teamLoader({ ...call, request: getRequest("/app/team", cookie) })).json();
    expect(page.isOwner).toBe(false);
    expect(page.members.map((m: { name: string }) => m.name)).toEqual(
      expect.arrayContaining(["Ines", "Sam"]),
    );
  });

  it("lets the owner remove staff after confirming, which ends their sessions", async () => {
    const { cookie } = await inviteAndJoin("ray@alder.example", "Ray");
    const ray = userByEmail("ray@alder.example")!;
    expect((await team({ intent: "remove", memberId: String(ray.id) })).status).toBe(400);
    expect(await stillSignedIn(cookie)).toBe(true);
    expect((await team({ intent: "remove", memberId: String(ray.id), confirm: "yes" })).status).toBe(200);
    expect(userByEmail("ray@alder.example")).toBeUndefined();
    expect(await stillSignedIn(cookie)).toBe(false);
    expect((await team({ intent: "remove", memberId: String(ownerId), confirm: "yes" })).status).toBe(404);
  });

  it("transfers ownership: the new owner can change settings and the old one is staff", async () => {
    const { cookie } = await inviteAndJoin("ana@alder.example", "Ana");
    const ana = userByEmail("ana@alder.example")!;
    expect((await team({ intent: "transfer", memberId: String(ana.id), confirm: "yes" })).status).toBe(200);
    expect(userByEmail("ana@alder.example")!.role).toBe("owner");
    expect(userByEmail("owner@alder.example")!.role).toBe("staff");
    expect((await team({ intent: "invite", email: "x@alder.example" })).status).toBe(403);
    const back = await team({ intent: "transfer", memberId: String(ownerId), confirm: "yes" }, cookie);
    expect(back.status).toBe(200);
    expect(userByEmail("owner@alder.example")!.role).toBe("owner");
  });
});

describe("invitations in the Mailbox", () => {
  it("show to the inviting shop only, and password resets to nobody", async () => {
    await inviteAndJoin("mia@alder.example", "Mia");
    await createUser(db, shop.id, { email: "reset-me@alder.example" });
    await forgotAction({
      ...call,
      request: formRequest("/forgot-password", { email: "reset-me@alder.example" }),
    });
    await linkPathIn(db, "reset-me@alder.example");
    const other = createShop(db);
    await createUser(db, other.id, { email: "owner@other.example" });
    const otherOwner = await loginCookie("owner@other.example");
    const list = async (cookie: Record<string, string>) =>
      (await (await mailboxLoader({ ...call, request: getRequest("/app/mailbox", cookie) })).json()).mail as {
        id: number;
        envelopeTo: string[];
        subject: string;
      }[];
    const mine = await list(owner);
    const invitation = mine.find((m) => m.envelopeTo.includes("mia@alder.example"))!;
    expect(invitation.subject).toBe("Invitation to join the team");
    expect(mine.some((m) => m.envelopeTo.includes("reset-me@alder.example"))).toBe(false);
    expect(await list(otherOwner)).toEqual([]);
    const open = (cookie: Record<string, string>) =>
      responseOf(() =>
        mailLoader({
          params: { mailId: String(invitation.id) },
          context: {},
          request: getRequest("/", cookie),
        }),
      );
    expect((await open(owner)).status).toBe(200);
    expect((await open(otherOwner)).status).toBe(404);
  });
});

describe("account email headers", () => {
  it("neutralise line breaks from shop and inviter names on the real SMTP path", async () => {
    const evilShop = createShop(db, { name: "Evil\r\nBcc: victim@evil.example" });
    await createUser(db, evilShop.id, { email: "boss@evil-shop.example", name: "Boss\r\nX-Injected: yes" });
    const boss = await loginCookie("boss@evil-shop.example");
    expect((await team({ intent: "invite", email: "new@evil-shop.example" }, boss)).status).toBe(200);
    const { mail } = await linkPathIn(db, "new@evil-shop.example");
    expect(mail.subject).toBe("Boss X-Injected: yes invited you to Evil Bcc: victim@evil.example on Tactful");
    expect(mail.headers.has("bcc")).toBe(false);
    expect(mail.headers.has("x-injected")).toBe(false);
    const rows = db
      .select()
      .from(caughtMail)
      .all()
      .filter((r) => r.envelopeTo.includes("new@evil-shop.example"));
    expect(rows.map((r) => r.envelopeTo)).toEqual([["new@evil-shop.example"]]);
  });
});

describe("password reset", () => {
  const ask = (email: string) =>
    responseOf(() => forgotAction({ ...call, request: formRequest("/forgot-password", { email }) }));

  it("answers the same for unknown and known addresses, and mails only a real account", async () => {
    const unknown = await (await ask("nobody@alder.example")).json();
    const known = await (await ask("owner@alder.example")).json();
    expect(unknown).toEqual(known);
    await linkPathIn(db, "owner@alder.example");
    expect(await mailTo(db, "nobody@alder.example")).toHaveLength(0);
  });

  it("sets a new password once, signs out every other session, and the old password stops working", async () => {
    const user = await createUser(db, shop.id, { email: "lee@alder.example" });
    const laptop = await loginCookie("lee@alder.example");
    const seen = (await mailTo(db, "lee@alder.example")).length;
    await ask("lee@alder.example");
    const { path } = await linkPathIn(db, "lee@alder.example", seen);
    const token = path.split("/").pop()!;
    expect(
      (await resetLoader({ params: { token }, context: {}, request: getRequest(path) })) ?? null,
    ).toBeNull();
    const mismatch = await responseOf(() =>
      resetAction({
        params: { token },
        context: {},
        request: formRequest(path, { password: "a brand new secret", repeat: "other" }),
      }),
    );
    expect(mismatch.status).toBe(400);
    const done = await resetAction({
      params: { token },
      context: {},
      request: formRequest(path, { password: "a brand new secret", repeat: "a brand new secret" }),
    });
    expect(done.status).toBe(302);
    expect(await stillSignedIn(laptop)).toBe(false);
    expect(await stillSignedIn(await rememberSession(done.headers.get("Set-Cookie")))).toBe(true);
    const reused = await responseOf(() =>
      resetAction({
        params: { token },
        context: {},
        request: formRequest(path, { password: "another secret!", repeat: "another secret!" }),
      }),
    );
    expect(reused.status).toBe(404);
    await expect(loginCookie("lee@alder.example")).rejects.toThrow(/failed/);
    expect((await loginCookie("lee@alder.example", "a brand new secret")).Cookie).toBeTruthy();
    expect(userByEmail("lee@alder.example")!.id).toBe(user.id);
  });

  it("refuses an expired reset link", async () => {
    await createUser(db, shop.id, { email: "kim@alder.example" });
    await ask("kim@alder.example");
    const { path } = await linkPathIn(db, "kim@alder.example");
    db.update(accountTokens)
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where(eq(accountTokens.email, "kim@alder.example"))
      .run();
    const token = path.split("/").pop()!;
    expect(
      (await responseOf(() => resetLoader({ params: { token }, context: {}, request: getRequest(path) })))
        .status,
    ).toBe(404);
  });
});

describe("sign-up", () => {
  const shopFields = {
    shopName: "Paper & Pine Books",
    name: "Ines",
    password: "a long enough password",
    postalAddress: "12 Mill Lane, York YO1 7HH",
    fromEmail: "",
  };
  const signUp = (email: string, ip = "10.7.0.1") =>
    responseOf(() =>
      signupAction({
        params: {},
        context: { clientIp: ip },
        request: formRequest("/signup", { ...shopFields, email }),
      }),
    );

  it("answers the same whether or not the address has an account, and signs nobody in", async () => {
    const fresh = await signUp("Ines@PaperPine.example");
    const taken = await signUp("owner@alder.example");
    expect(fresh.status).toBe(200);
    expect(taken.status).toBe(200);
    expect(await fresh.json()).toEqual(await taken.json());
    expect(fresh.headers.get("Set-Cookie")).toBeNull();
    expect(taken.headers.get("Set-Cookie")).toBeNull();
    expect(userByEmail("ines@paperpine.example")).toBeUndefined();
  });

  it("creates the shop and its owner from the emailed link, once, and signs the owner in", async () => {
    await signUp("mia@paperpine.example");
    const { path } = await linkPathIn(db, "mia@paperpine.example");
    const token = path.split("/").pop()!;
    // Opening the link changes nothing: mail scanners follow links.
    const page = await confirmSignupLoader({ params: { token }, context: {}, request: getRequest(path) });
    expect(await page.json()).toMatchObject({
      shopName: "Paper & Pine Books",
      email: "mia@paperpine.example",
    });
    expect(userByEmail("mia@paperpine.example")).toBeUndefined();

    const done = await confirmSignupAction({
      params: { token },
      context: {},
      request: formRequest(path, {}),
    });
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/app");
    expect(done.headers.get("Set-Cookie")).toMatch(/HttpOnly/i);
    const user = userByEmail("mia@paperpine.example")!;
    expect(user).toMatchObject({ role: "owner", name: "Ines" });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(db.select().from(shops).where(eq(shops.id, user.shopId)).get()).toMatchObject({
      name: "Paper & Pine Books",
      fromEmail: "mia@paperpine.example",
    });
    expect(await stillSignedIn(await rememberSession(done.headers.get("Set-Cookie")))).toBe(true);

    const again = await responseOf(() =>
      confirmSignupAction({ params: { token }, context: {}, request: formRequest(path, {}) }),
    );
    expect(again.headers.get("Location")).toBe("/login");
    expect(db.select().from(users).where(eq(users.email, "mia@paperpine.example")).all()).toHaveLength(1);
  });

  it("is possible in the demo: the local mail catcher prints the link it caught, as mail goes nowhere else", async () => {
    const info = vi.spyOn(console, "info");
    try {
      await signUp("zoe@paperpine.example", "10.7.0.3");
      const { path } = await linkPathIn(db, "zoe@paperpine.example");
      await waitFor("the catcher's notice", () =>
        info.mock.calls.some(
          (call) => String(call[0]).includes(`zoe@paperpine.example`) && String(call[0]).endsWith(path),
        ),
      );
    } finally {
      info.mockRestore();
    }
  });

  it("tells the holder of an existing account that someone tried, and changes nothing", async () => {
    const before = userByEmail("owner@alder.example")!;
    const seen = (await mailTo(db, "owner@alder.example")).length;
    await signUp("owner@alder.example", "10.7.0.2");
    const mail = await waitFor("an email to the account holder", async () =>
      (await mailTo(db, "owner@alder.example")).at(seen),
    );
    expect(mail.subject).toMatch(/sign up/i);
    expect(mail.text).toMatch(/\/login/);
    expect(mail.text).toMatch(/\/forgot-password/);
    expect(userByEmail("owner@alder.example")).toEqual(before);
  });

  it("refuses a forged or expired link", async () => {
    for (const token of ["forged", "a".repeat(200)]) {
      const response = await responseOf(() =>
        confirmSignupLoader({ params: { token }, context: {}, request: getRequest(`/signup/${token}`) }),
      );
      expect(response.status).toBe(404);
    }
  });
});

describe("sessions", () => {
  it("sign out everywhere ends every session of the user", async () => {
    await createUser(db, shop.id, { email: "eve@alder.example" });
    const phone = await loginCookie("eve@alder.example");
    const laptop = await loginCookie("eve@alder.example");
    await logoutAction({ ...call, request: formRequest("/logout", { everywhere: "yes" }, laptop) });
    expect(await stillSignedIn(phone)).toBe(false);
    expect(await stillSignedIn(laptop)).toBe(false);
    expect(await stillSignedIn(await loginCookie("eve@alder.example"))).toBe(true);
  });

  it("expire after 14 days on the server, whatever the browser keeps", async () => {
    await createUser(db, shop.id, { email: "old@alder.example" });
    const cookie = await loginCookie("old@alder.example");
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 13 * 86_400_000);
      expect(await stillSignedIn(cookie)).toBe(true);
      vi.setSystemTime(Date.now() + 2 * 86_400_000);
      expect(await stillSignedIn(cookie)).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("login rate limits", () => {
  const attempt = (email: string, pass: string, ip: string) =>
    responseOf(() =>
      loginAction({
        params: {},
        context: { clientIp: ip },
        request: formRequest("/login", { email, password: pass }),
      }),
    );

  it("locks an account after 10 failures from one client, with a clear message, even for the right password", async () => {
    await createUser(db, shop.id, { email: "target@alder.example" });
    for (let i = 0; i < 10; i++) {
      expect((await attempt("target@alder.example", `guess ${i}`, "10.0.0.1")).status).toBe(400);
    }
    const locked = await attempt("target@alder.example", password, "10.0.0.1");
    expect(locked.status).toBe(429);
    expect((await locked.json()).errors.form).toMatch(/^Too many failed attempts\. Try again in 15 minutes/);
    expect((await attempt("owner@alder.example", password, "10.0.0.1")).status).toBe(302);
  });

  it("never locks the real person out from their own client: another's failures count only for theirs", async () => {
    await createUser(db, shop.id, { email: "victim@alder.example" });
    for (let i = 0; i < 12; i++) await attempt("victim@alder.example", `guess ${i}`, "10.0.2.1");
    expect((await attempt("victim@alder.example", password, "10.0.2.1")).status).toBe(429);
    expect((await attempt("victim@alder.example", password, "10.0.3.1")).status).toBe(302);
  });

  it("slows one address trying many accounts", async () => {
    for (let i = 0; i < 50; i++) await attempt(`nobody${i}@alder.example`, "guess", "10.9.9.9");
    expect((await attempt("owner@alder.example", password, "10.9.9.9")).status).toBe(429);
    expect((await attempt("owner@alder.example", password, "10.9.9.10")).status).toBe(302);
  });
});
