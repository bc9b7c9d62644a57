import { eq } from "drizzle-orm";
import { request } from "node:http";
import { shops, users } from "../../db/schema";
import { createShop, createUser } from "../../db/seed/factories";
import { isSuppressed } from "../../jobs/suppression";
import { signRecipientToken } from "../../jobs/tokens";
import { sealSignup } from "~/signup-link.server";
import { hashPassword } from "../../db/password";
import { startAppServer } from "../setup/app-server";
import { campaignInReview } from "../setup/campaigns";
import { testDb } from "../setup/db";

// The production web server as a browser and a mail provider meet it: what
// the framework layer does with an Origin header, and what the rate limits
// refuse, can only be seen through real HTTP.

const db = testDb();
const shop = createShop(db, { name: "Edge Coffee" });
await createUser(db, shop.id, { email: "owner@edge.example" });

const SESSION_SECRET = "edge-".padEnd(40, "x");
let server: Awaited<ReturnType<typeof startAppServer>>;
beforeAll(async () => {
  server = await startAppServer({ SESSION_SECRET });
});
afterAll(() => server?.stop());

const FORM = { "Content-Type": "application/x-www-form-urlencoded" };

function post(path: string, body: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { ...FORM, ...headers },
    body: new URLSearchParams(body),
    redirect: "manual",
  });
}

function oneClickToken() {
  const { message, customer } = campaignInReview(db, shop.id);
  return { token: signRecipientToken(shop.tokenSecret, message.publicId, "unsubscribe"), customer };
}

const oneClick = (token: string, headers: Record<string, string> = {}) =>
  post(`/r/unsubscribe/${token}`, { "List-Unsubscribe": "One-Click" }, headers);

describe("RFC 8058 one-click unsubscribe", () => {
  it("unsubscribes whatever Origin the mail provider's POST carries", async () => {
    for (const origin of ["https://mail.provider.example", "null", server.url]) {
      const { token, customer } = oneClickToken();
      const response = await oneClick(token, { Origin: origin });
      expect(response.status, `Origin: ${origin}`).toBe(200);
      expect(isSuppressed(db, shop.id, customer.email), `Origin: ${origin}`).toBe(true);
    }
  });

  it("still refuses the unsubscribe page's own buttons posted from another site", async () => {
    const { token, customer } = oneClickToken();
    const response = await post(
      `/r/unsubscribe/${token}`,
      { intent: "unsubscribe" },
      { Origin: "https://evil.example" },
    );
    expect(response.status).toBe(403);
    expect(isSuppressed(db, shop.id, customer.email)).toBe(false);
  });

  it("is never rate-limited into failure: 100 people behind one provider address all stop", async () => {
    const people = Array.from({ length: 100 }, oneClickToken);
    const refused = [];
    for (const { token } of people) {
      const response = await oneClick(token);
      const page = await response.text();
      if (response.status !== 200 || !page.includes("You are unsubscribed")) refused.push(response.status);
    }
    expect(refused).toEqual([]);
    expect(people.filter(({ customer }) => !isSuppressed(db, shop.id, customer.email))).toEqual([]);
  });

  it("still limits a client that guesses at tokens", async () => {
    const { token } = oneClickToken();
    const forged = `${token.slice(0, -4)}AAAA`;
    const statuses = new Set<number>();
    for (let i = 0; i < 70; i++) statuses.add((await oneClick(forged)).status);
    expect([...statuses].sort()).toEqual([404, 429]);
  });
});

describe("dashboard posts from another site", () => {
  async function ownerSession() {
    const login = await post("/login", {
      email: "owner@edge.example",
      password: "correct horse battery staple",
    });
    expect(login.status).toBe(302);
    const cookie = login.headers.get("Set-Cookie")!.split(";")[0];
    const page = await (await fetch(`${server.url}/app/settings`, { headers: { Cookie: cookie } })).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
    expect(csrf).toBeTruthy();
    return { cookie, csrf: csrf! };
  }
  const brandColor = () => db.select().from(shops).where(eq(shops.id, shop.id)).get()!.brandColor;

  it("get a short 403, never a 500 with a stack trace, and change nothing", async () => {
    const { cookie, csrf } = await ownerSession();
    const before = brandColor();
    for (const origin of ["https://evil.example", "null"]) {
      const response = await post(
        "/app/settings",
        { intent: "brand", brandColor: "#123456", csrf },
        { Cookie: cookie, Origin: origin },
      );
      expect(response.status, `Origin: ${origin}`).toBe(403);
      expect(response.headers.get("Content-Type")).toMatch(/^text\/plain/);
      const text = await response.text();
      expect(text.length).toBeLessThan(200);
      expect(text).not.toMatch(/\bat .+:\d+/);
    }
    expect(brandColor()).toBe(before);
  });

  it("take effect from our own pages", async () => {
    const { cookie, csrf } = await ownerSession();
    const response = await post(
      "/app/settings",
      { intent: "brand", brandColor: "#654321", csrf },
      { Cookie: cookie, Origin: server.url },
    );
    expect(response.status).toBe(200);
    expect(brandColor()).toBe("#654321");
  });

  it("take effect behind a reverse proxy that passes its own Host, checked against PUBLIC_URL", async () => {
    const { cookie, csrf } = await ownerSession();
    const status = await new Promise<number>((done, fail) => {
      const req = request(`${server.url}/app/settings`, {
        method: "POST",
        headers: { ...FORM, Cookie: cookie, Origin: server.url, Host: "127.0.0.1:1" },
      });
      req.on("response", (res) => done(res.resume().statusCode ?? 0));
      req.on("error", fail);
      req.end(new URLSearchParams({ intent: "brand", brandColor: "#abcdef", csrf }).toString());
    });
    expect(status).toBe(200);
    expect(brandColor()).toBe("#abcdef");
  });
});

describe("the access log", () => {
  it("keeps neither the upload's CSRF token nor a searched email address", async () => {
    const login = await post("/login", {
      email: "owner@edge.example",
      password: "correct horse battery staple",
    });
    const cookie = login.headers.get("Set-Cookie")!.split(";")[0];
    const page = await (await fetch(`${server.url}/app/data`, { headers: { Cookie: cookie } })).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1];
    const upload = new FormData();
    upload.set("file", new Blob(["email\n"], { type: "text/csv" }), "people.csv");
    await fetch(`${server.url}/app/data?index&csrf=${encodeURIComponent(csrf)}`, {
      method: "POST",
      headers: { Cookie: cookie },
      body: upload,
      redirect: "manual",
    });
    await fetch(`${server.url}/app/customers?q=${encodeURIComponent("searched.person@mail.example")}`, {
      headers: { Cookie: cookie },
    });
    await new Promise((r) => setTimeout(r, 200));
    const log = server.accessLog();
    expect(log).toMatch(/^POST \/app\/data\?index&csrf=… /m);
    expect(log).toMatch(/^GET \/app\/customers\?q=… /m);
    expect(log).not.toContain(csrf);
    expect(log).not.toContain(encodeURIComponent(csrf));
    expect(log).not.toMatch(/searched\.person/);
  });
});

describe("the emailed sign-up link", () => {
  it("shows its own page, creating nothing, and creates the shop when its button is pressed", async () => {
    const email = "new-owner@edge.example";
    const pending = {
      shopName: "Edge Books",
      name: "Noor",
      email,
      passwordHash: await hashPassword("a long enough password"),
      postalAddress: "1 Edge Street, Leeds LS1 1AA",
      fromEmail: email,
      timezone: "Europe/London",
    };
    const path = `/signup/${sealSignup(pending, SESSION_SECRET)}`;
    const page = await fetch(`${server.url}${path}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Create my shop");
    expect(db.select().from(users).where(eq(users.email, email)).get()).toBeUndefined();

    const created = await post(path, {}, { Origin: server.url });
    expect(created.status).toBe(302);
    expect(created.headers.get("Location")).toBe("/app");
    expect(db.select().from(users).where(eq(users.email, email)).get()).toMatchObject({ role: "owner" });
  });
});
