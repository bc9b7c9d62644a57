import { eq } from "drizzle-orm";
import { campaigns, messages } from "../../db/schema";
import { createCategory, createCustomer, createShop, createUser } from "../../db/seed/factories";
import { ConfigError, loadConfig } from "../../jobs/config";
import { redactPath } from "~/redact.server";
import { action as loginAction } from "~/routes/login";
import { baseSecurityHeaders } from "~/security-headers.server";
import { compileCampaign, renderMessage } from "../../templates/campaign";
import { campaignInReview } from "../setup/campaigns";
import { testDb } from "../setup/db";
import { renderPage } from "../setup/document";
import { formRequest, loginCookie } from "../setup/requests";

// Payloads that would run as script, or break out of an attribute, if any
// customer- or staff-provided text reached the page or the email unescaped.
const SCRIPT = "<script>alert(1)</script>";
const ATTRIBUTE = `"><img src=x onerror=alert(1)>`;
const SINGLE = `' onmouseover='alert(1)`;
const RAW = [SCRIPT, ATTRIBUTE, "<img src=x"];
// An event-handler attribute inside any tag: what an attribute break-out produces.
const HANDLER_IN_TAG = /<[a-z][^>]*\son\w+=/i;
// The tags alone: script bodies and (escaped) attribute values taken out.
const markupOf = (html: string) =>
  html.replace(/<script[^>]*>[\s\S]*?<\/script>/g, "").replace(/"[^"]*"/g, '""');

const db = testDb();
const shop = createShop(db, { name: `Tea ${SCRIPT}` });
const category = createCategory(db, shop.id, { name: `Herbal ${ATTRIBUTE}` });
const customer = createCustomer(db, shop.id, {
  firstName: SCRIPT,
  lastName: ATTRIBUTE,
  email: "x@readers.example",
});
const { campaign, message } = campaignInReview(
  db,
  shop.id,
  [{ code: "recency", text: `Ordered ${SINGLE}` }],
  customer,
);
db.update(campaigns)
  .set({ name: `Autumn ${SCRIPT}`, featuredCategoryId: category.id })
  .where(eq(campaigns.id, campaign.id))
  .run();
db.update(messages)
  .set({ subject: `Hi ${ATTRIBUTE}` })
  .where(eq(messages.id, message.id))
  .run();
let owner: Record<string, string>;

beforeAll(async () => {
  await createUser(db, shop.id, { email: "owner@tea.example", name: `Mo ${SINGLE}` });
  await createUser(db, shop.id, { email: "staff@tea.example", name: `Jo ${ATTRIBUTE}`, role: "staff" });
  owner = await loginCookie("owner@tea.example");
});

describe("dashboard pages", () => {
  const pages = () => ["/app", "/app/campaigns", `/app/campaigns/${campaign.id}`, "/app/team", "/app/audit"];

  it("escape customer, campaign, category and staff text everywhere, including the embedded page data", async () => {
    for (const path of pages()) {
      const response = await renderPage(path, owner);
      expect(response.status, path).toBe(200);
      const html = await response.text();
      for (const raw of RAW) expect(html, `${path} holds ${raw} unescaped`).not.toContain(raw);
      expect(markupOf(html), path).not.toMatch(HANDLER_IN_TAG);
    }
    const review = await (await renderPage(`/app/campaigns/${campaign.id}`, owner)).text();
    expect(review).toContain("Autumn &lt;script&gt;alert(1)&lt;/script&gt;");
    const team = await (await renderPage("/app/team", owner)).text();
    expect(team).toContain("Jo &quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  });

  it("carry a script nonce on every inline script, and a CSP that allows only those", async () => {
    for (const path of pages()) {
      const response = await renderPage(path, owner);
      const csp = response.headers.get("Content-Security-Policy")!;
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, path).toBeTruthy();
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      const html = await response.text();
      const scripts = html.match(/<script[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    }
    const again = (await renderPage("/app", owner)).headers.get("Content-Security-Policy");
    const first = (await renderPage("/app", owner)).headers.get("Content-Security-Policy");
    expect(again).not.toBe(first);
  });
});

describe("emails", () => {
  it("escape customer and product text in the HTML part", () => {
    const compiled = compileCampaign({
      subject: "For {{ customer.first_name }}",
      body: "Hello {{ customer.first_name }} {{ customer.last_name }},\n\n{{ reason }}\n\n{% for p in recommended %}{{ p.name }}{% endfor %}",
    });
    const rendered = renderMessage(
      compiled,
      {
        customer: { first_name: SCRIPT, last_name: ATTRIBUTE },
        shop: { name: shop.name },
        reason: `Because ${SINGLE}`,
        products: [{ name: `Mug ${ATTRIBUTE}`, price: "£5" }],
        recommended: [{ name: `Spoon ${SCRIPT}`, price: "£2" }],
        last_purchase: { name: `Cup ${ATTRIBUTE}`, date: "1 May 2026" },
      },
      {
        shopName: `Tea ${SCRIPT}`,
        brandColor: `red" onload="alert(1)`,
        postalAddress: ATTRIBUTE,
        preheader: SCRIPT,
        links: {
          why: "https://t.example/why",
          preferences: "https://t.example/p",
          unsubscribe: "https://t.example/u",
        },
      },
    );
    for (const raw of RAW) expect(rendered.html).not.toContain(raw);
    expect(markupOf(rendered.html)).not.toMatch(HANDLER_IN_TAG);
    expect(rendered.html).toContain("Hello &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(rendered.html).toContain("Spoon &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(rendered.text).toContain(`Hello ${SCRIPT}`);
  });
});

describe("redirects after login", () => {
  const login = (redirectTo: string) =>
    loginAction({
      params: {},
      context: {},
      request: formRequest("/login", {
        email: "owner@tea.example",
        password: "correct horse battery staple",
        redirectTo,
      }),
    });

  it("go only to paths on this site", async () => {
    expect((await login("/app/campaigns?page=2")).headers.get("Location")).toBe("/app/campaigns?page=2");
    for (const evil of [
      "//evil.example",
      "https://evil.example/app",
      "/\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "javascript:alert(1)",
      " //evil.example",
    ]) {
      expect((await login(evil)).headers.get("Location"), JSON.stringify(evil)).toBe("/app");
    }
  });
});

describe("headers on every response", () => {
  it("forbid sniffing and framing, keep the referrer on this site, and send HSTS only over https", () => {
    const http = baseSecurityHeaders("http://localhost:3000");
    expect(http).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "DENY",
      "Referrer-Policy": "same-origin",
    });
    expect(http["Strict-Transport-Security"]).toBeUndefined();
    expect(baseSecurityHeaders("https://tactful.example")["Strict-Transport-Security"]).toMatch(
      /max-age=\d{7,}/,
    );
  });
});

describe("secrets", () => {
  const base = { REDIS_URL: "redis://127.0.0.1:6379", SMTP_URL: "smtp://127.0.0.1:25" };

  it("are required in production and never repeated in a configuration error", () => {
    expect(() => loadConfig({ ...base, NODE_ENV: "production" })).toThrow(/SESSION_SECRET: is required/);
    try {
      loadConfig({ ...base, NODE_ENV: "production", SESSION_SECRET: "hunter2-too-short" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain("SESSION_SECRET");
      expect((error as Error).message).not.toContain("hunter2");
    }
  });

  it("in links stay out of the access log", () => {
    expect(redactPath("/r/unsubscribe/abc.def-123?x=1")).toBe("/r/unsubscribe/…?x=…");
    expect(redactPath("/r/data/abc.def/download")).toBe("/r/data/…/download");
    expect(redactPath("/invite/Zx9_secret")).toBe("/invite/…");
    expect(redactPath("/reset-password/Zx9_secret")).toBe("/reset-password/…");
    expect(redactPath("/signup/Zx9_secret")).toBe("/signup/…");
    expect(redactPath("/app/campaigns/4")).toBe("/app/campaigns/4");
  });

  it("and what people type into a query string stay out of the access log, but not which page it was", () => {
    expect(redactPath("/app/data?csrf=Zx9_secret&_data=routes%2Fapp.data._index")).toBe(
      "/app/data?csrf=…&_data=routes%2Fapp.data._index",
    );
    expect(redactPath("/app/customers?q=ada%40mail.example&page=2")).toBe("/app/customers?q=…&page=2");
    expect(redactPath("/login?redirectTo=%2Fapp%2Fcustomers%3Fq%3Dada%40mail.example")).toBe(
      "/login?redirectTo=…",
    );
    expect(redactPath("/app/campaigns?archived=1")).toBe("/app/campaigns?archived=1");
  });
});
