import { mkdirSync } from "node:fs";
import { parseArgs } from "node:util";
import { chromium, type Page } from "playwright-core";
import { DEMO_LOGIN } from "../db/seed/demo";

// `tsx scripts/screenshots.ts --url http://localhost:3000 [--out .data/screenshots]`:
// logs in to a running demo and photographs the main pages at desktop and
// phone widths, for people to look at (and for the README).
const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://localhost:3000" },
    out: { type: "string", default: ".data/screenshots" },
  },
});
const base = values.url!;
const out = values.out!;
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});

// Long pages (the review page lists every recipient) are cut at a height a
// reader can take in.
const MAX_HEIGHT = 1800;

async function shoot(page: Page, name: string, path: string) {
  await page.goto(`${base}${path}`);
  await page.waitForLoadState("networkidle");
  const { width, height: viewportHeight } = page.viewportSize()!;
  const height = Math.min(MAX_HEIGHT, await page.evaluate(() => document.documentElement.scrollHeight));
  // Chromium does not paint iframes below the viewport, so grow it to the shot.
  await page.setViewportSize({ width, height });
  await page.waitForTimeout(200);
  await page.screenshot({ path: `${out}/${name}.png` });
  await page.setViewportSize({ width, height: viewportHeight });
  console.info(`${out}/${name}.png`);
}

for (const [device, viewport] of [
  ["desktop", { width: 1280, height: 800 }],
  ["phone", { width: 390, height: 844 }],
] as const) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await shoot(page, `${device}-login`, "/login");
  await page.fill("#field-email", DEMO_LOGIN.email);
  await page.fill("#field-password", DEMO_LOGIN.password);
  await Promise.all([page.waitForURL(/\/app/), page.click("button[type=submit]")]);
  await shoot(page, `${device}-overview`, "/app");
  await shoot(page, `${device}-campaigns`, "/app/campaigns");
  // A campaign waiting for approval shows the most; otherwise the newest.
  const firstHref = (selector: string) =>
    page
      .locator(selector)
      .first()
      .getAttribute("href", { timeout: 2000 })
      .catch(() => null);
  const review =
    (await firstHref("table.list tr:has(.badge-review) a")) ??
    (await firstHref("table.list a[href^='/app/campaigns/']"));
  await shoot(page, `${device}-new-campaign`, "/app/campaigns/new");
  if (review) await shoot(page, `${device}-review`, review);
  await shoot(page, `${device}-mailbox`, "/app/mailbox");
  const mail = await firstHref("table.list a[href^='/app/mailbox/']");
  if (mail) {
    await shoot(page, `${device}-mail`, mail);
    const link = (text: string) =>
      page.frameLocator("iframe.mail-frame").locator("a", { hasText: text }).getAttribute("href");
    const why = await link("Why did I get this?");
    const preferences = await link("Email preferences").catch(() => null);
    const unsubscribe = await link("Unsubscribe");
    if (why) await shoot(page, `${device}-why`, new URL(why).pathname);
    if (unsubscribe) await shoot(page, `${device}-unsubscribe`, new URL(unsubscribe).pathname);
    if (preferences) {
      await shoot(page, `${device}-preferences`, new URL(preferences).pathname);
      const data = await firstHref("a:has-text('See or erase your data')");
      if (data) await shoot(page, `${device}-my-data`, data);
    }
  }
  await shoot(page, `${device}-customers`, "/app/customers");
  const customer = await firstHref("table.list a[href^='/app/customers/']");
  if (customer) await shoot(page, `${device}-customer`, customer);
  await shoot(page, `${device}-products`, "/app/products");
  await shoot(page, `${device}-data`, "/app/data");
  await shoot(page, `${device}-suggestions`, "/app/suggestions");
  await shoot(page, `${device}-model`, "/app/model");
  await shoot(page, `${device}-audit`, "/app/audit");
  await shoot(page, `${device}-settings`, "/app/settings");
  const signup = await page
    .locator("#signupUrl")
    .inputValue({ timeout: 2000 })
    .catch(() => null);
  if (signup) await shoot(page, `${device}-signup-form`, new URL(signup).pathname);
  await context.close();
}
await browser.close();
