import type { Browser } from "playwright-core";
import { exclusions, messages } from "../../db/schema";
import { createCustomer, createOrder, createProduct, createShop, createUser } from "../../db/seed/factories";
import { startAppServer } from "../setup/app-server";
import { launchBrowser, step } from "../setup/browser";
import { campaignInReview } from "../setup/campaigns";
import { testDb } from "../setup/db";

// The dashboard as an owner meets it in a browser: the review page on a phone
// without the whole page sliding sideways, and the builder showing a template
// mistake beside its field as it is typed, keeping unsaved text in the browser
// and asking before it is lost.

const db = testDb();
const shop = createShop(db, { name: "Glow Skincare", fromEmail: "hello@glow.example" });
const password = "a long enough password";
const { campaign } = campaignInReview(db, shop.id, [
  { code: "recency", text: "Your last order was three weeks ago, and you usually reorder about then." },
]);
for (let i = 0; i < 5; i++) {
  const customer = createCustomer(db, shop.id, {
    firstName: "Maximiliana",
    lastName: `Featherstonehaugh-${i}`,
    email: `maximiliana.featherstonehaugh.${i}@a-rather-long-domain.example`,
  });
  db.insert(messages)
    .values({
      shopId: shop.id,
      campaignId: campaign.id,
      customerId: customer.id,
      publicId: `phone-width-${i}`,
      subject: "Hello",
      html: "<p>Hi</p>",
      text: "Hi",
      reasons: [{ code: "affinity", text: "You often buy serums, and this one is new." }],
      dataUsed: [],
      score: 0.5,
      rank: i + 2,
      messageIdHeader: `<phone-width-${i}@glow.example>`,
    })
    .run();
  const left = createCustomer(db, shop.id, { email: `left.out.customer.${i}@a-rather-long-domain.example` });
  db.insert(exclusions)
    .values({
      shopId: shop.id,
      campaignId: campaign.id,
      customerId: left.id,
      reason: "no_consent",
      detail: "They have not agreed to marketing email, so nothing is sent to them.",
    })
    .run();
}

createOrder(db, shop.id, {
  customerId: createCustomer(db, shop.id, { firstName: "Ada" }).id,
  orderedAt: new Date(Date.now() - 20 * 86_400_000),
  lines: [{ productId: createProduct(db, shop.id).id }],
});

let server: Awaited<ReturnType<typeof startAppServer>>;
let browser: Browser;

beforeAll(async () => {
  await createUser(db, shop.id, { email: "owner@glow.example", password });
  server = await startAppServer({ SESSION_SECRET: "e2e-".padEnd(40, "x") });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function logIn(width: number) {
  const page = await (await browser.newContext({ viewport: { width, height: 844 } })).newPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel("Email").fill("owner@glow.example");
  await page.getByLabel("Password").fill(password);
  await Promise.all([page.waitForURL(/\/app$/), page.getByRole("button", { name: "Log in" }).click()]);
  return page;
}

describe("the review page on a phone", () => {
  it("never scrolls the whole page sideways, for either list", async () => {
    const page = await logIn(390);

    for (const list of ["in", "out"]) {
      await step(page, `phone-review-${list}`, async () => {
        await page.goto(`${server.url}/app/campaigns/${campaign.id}?list=${list}`);
        await page.getByText(/Featherstonehaugh-4|left\.out\.customer\.4/).waitFor();
        const width = await page.evaluate(() => ({
          page: document.documentElement.scrollWidth,
          viewport: window.innerWidth,
        }));
        expect(width.page).toBeLessThanOrEqual(width.viewport);
      });
    }
  }, 120_000);
});

describe("the campaign builder", () => {
  it("shows a template mistake beside its field while typing, keeps unsaved text and asks before it is lost", async () => {
    const page = await logIn(1280);
    await page.goto(`${server.url}/app/campaigns/new`);
    const body = page.getByLabel("Email text");
    await step(page, "builder-live-error", async () => {
      await page.frameLocator("iframe.frame-desktop").getByText(/Hello/).waitFor();
      await body.fill('Hello {{ custmer.first_name }} and {{ "x"');
      await page
        .locator("#field-body-error")
        .getByText(/^Line 1: /)
        .waitFor();
      expect(await body.getAttribute("aria-describedby")).toContain("field-body-error");
      expect(await page.locator("#field-body-error").textContent()).not.toMatch(/\\|&quot;/);
    });
    await step(page, "builder-kept", async () => {
      page.once("dialog", (dialog) => void dialog.accept());
      await page.reload();
      await page.getByRole("button", { name: "Bring it back" }).click();
      expect(await body.inputValue()).toBe('Hello {{ custmer.first_name }} and {{ "x"');
    });
    await step(page, "builder-unsaved", async () => {
      const asked = new Promise<string>((resolve) =>
        page.once("dialog", (dialog) => {
          resolve(dialog.type());
          void dialog.accept();
        }),
      );
      await page.close({ runBeforeUnload: true });
      expect(await asked).toBe("beforeunload");
    });
  }, 120_000);
});
