import { resolve } from "node:path";
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { shops } from "../../db/schema";
import { linkPathIn } from "../setup/account-mail";
import { expectNoSideScroll, step, waitForJob } from "../setup/browser";
import { testDb } from "../setup/db";
import { startJourney, type Journey } from "../setup/journey";

// A new shop's first day, in a real browser against the real server, worker,
// Redis and SMTP catcher, all on a phone: the owner signs up, brings in
// Shopify's three exports unchanged, sees what was wrong with them, sends a
// campaign about an imported product, and the customer's "why did I get
// this?" names the imported data. No page may need sideways scrolling.

const db = testDb();
const FIXTURES = resolve("tests/fixtures/shopify");
const OWNER = { email: "mia@beanandleaf.example", password: "a long enough password" };
const PHONE = { width: 390, height: 844 };

let journey: Journey;

beforeAll(async () => {
  journey = await startJourney(db);
}, 180_000);

afterAll(() => journey?.stop());

/** Uploads one fixture on the Data page, confirms the recognised format and waits for the import to finish. */
async function importFile(page: Page, file: string, kind: string) {
  await page.goto(`${journey.server.url}/app/data`);
  await page.getByLabel("CSV file").setInputFiles(`${FIXTURES}/${file}`);
  await Promise.all([
    page.waitForURL(/\/app\/data\/\d+$/),
    page.getByRole("button", { name: "Upload and preview" }).click(),
  ]);
  await page.getByRole("heading", { name: "Recognised columns" }).waitFor();
  await page.getByRole("heading", { name: "The first rows" }).waitFor();
  await expectNoSideScroll(page, `preview-${kind}`);
  await page.getByRole("button", { name: `Import ${kind}` }).click();
  await waitForJob(page, ".page-head .badge-done");
  await page.getByRole("heading", { name: "What was imported" }).waitFor();
  await expectNoSideScroll(page, `imported-${kind}`);
}

/** The row of a report table whose first cell is `line`. */
const issueRow = (page: Page, line: number, reason: RegExp) =>
  page
    .getByRole("row")
    .filter({ has: page.getByRole("cell", { name: String(line), exact: true }) })
    .filter({
      hasText: reason,
    });

describe("the import journey in a browser", () => {
  it("signs up, imports the Shopify exports, sends a campaign about an imported product and explains it, on a phone", async () => {
    const owner = await (await journey.browser.newContext({ viewport: PHONE })).newPage();

    await step(owner, "signup", async () => {
      await owner.goto(`${journey.server.url}/signup`);
      await owner.getByLabel("Shop name").fill("Bean & Leaf");
      await owner.getByLabel("Your name").fill("Mia");
      await owner.getByLabel("Your email").fill(OWNER.email);
      await owner.getByLabel("Password").fill(OWNER.password);
      await owner.getByLabel("Shop postal address").fill("4 Mill Lane, Leeds LS1 4AB, United Kingdom");
      await owner.getByRole("button", { name: "Create shop" }).click();
      await owner.getByRole("heading", { name: "Check your email" }).waitFor();
      await expectNoSideScroll(owner, "signup-sent");
      // Nothing is created until the emailed link is used.
      const { path } = await linkPathIn(db, OWNER.email);
      await owner.goto(`${journey.server.url}${path}`);
      await Promise.all([
        owner.waitForURL(/\/app$/),
        owner.getByRole("button", { name: "Create my shop" }).click(),
      ]);
      await expectNoSideScroll(owner, "new-shop");
    });
    // A new shop has quiet hours (21:00 to 08:00); the journey must not depend on the time of day.
    db.update(shops).set({ quietStartHour: 0, quietEndHour: 0 }).where(eq(shops.name, "Bean & Leaf")).run();

    await step(owner, "import-customers", async () => {
      await importFile(owner, "customers_export.csv", "customers");
      await owner.getByRole("heading", { name: "Rejected rows (1)" }).waitFor();
      await issueRow(owner, 6, /email/i).waitFor();
      // Tags about health and religion are not stored, and the report says so.
      await issueRow(owner, 3, /sensitive/i).waitFor();
    });
    await step(owner, "import-products", async () => {
      await importFile(owner, "products_export.csv", "products");
      await issueRow(owner, 6, /number|price/i).waitFor();
    });
    await step(owner, "import-orders", async () => {
      await importFile(owner, "orders_export.csv", "orders");
      await owner
        .getByRole("cell", { name: /cancelled/i })
        .first()
        .waitFor();
      await owner.getByRole("cell", { name: /date/i }).first().waitFor();
    });
    await step(owner, "data-quality", async () => {
      await owner.goto(`${journey.server.url}/app/data`);
      await owner.getByRole("heading", { name: "Data quality now" }).waitFor();
      expect(await owner.getByRole("link", { name: /_export\.csv/ }).count()).toBe(3);
      await expectNoSideScroll(owner, "data-quality");
    });

    const campaignUrl = await step(owner, "build", async () => {
      await owner.goto(`${journey.server.url}/app/campaigns/new`);
      await owner.getByLabel("Campaign name").fill("Espresso season");
      await owner.getByLabel("Featured category").selectOption({ label: "Coffee" });
      const as = owner.getByLabel("As");
      await as.selectOption((await as.locator("option", { hasText: "Ada" }).getAttribute("value"))!);
      await owner.frameLocator("iframe.frame-desktop").getByText("House Espresso").first().waitFor();
      await expectNoSideScroll(owner, "builder");
      await Promise.all([
        owner.waitForURL(/\/app\/campaigns\/\d+$/),
        owner.getByRole("button", { name: "Draft the emails" }).click(),
      ]);
      await waitForJob(owner, "h2#audience");
      return owner.url();
    });

    await step(owner, "review", async () => {
      await owner.locator(".bars").getByText("No marketing consent").waitFor();
      await owner.getByRole("row", { name: /ada@lovelace\.co\.uk/ }).waitFor();
      await owner.getByRole("heading", { name: "Checks before approving" }).waitFor();
      await expectNoSideScroll(owner, "review");
    });

    await step(owner, "approve", async () => {
      await owner.getByLabel(/I have reviewed/).check();
      for (const box of await owner.locator("fieldset.findings input[name=acknowledge]").all())
        await box.check();
      await owner.getByRole("button", { name: "Approve and send" }).click();
      await owner.locator(".page-head .badge-sent").waitFor({ timeout: 30_000 });
      await expectNoSideScroll(owner, "sent");
    });
    expect(owner.url()).toBe(campaignUrl);
    const sentTo = (await journey.pipeline.mail()).map((m) => m.envelopeTo[0]);
    expect(sentTo).toContain("ada@lovelace.co.uk");
    expect(sentTo).not.toContain("bjorn.stahl@mail.se");

    const why = await step(owner, "mailbox", async () => {
      await owner.goto(`${journey.server.url}/app/mailbox`);
      await owner
        .getByRole("row", { name: /ada@lovelace\.co\.uk/ })
        .getByRole("link")
        .first()
        .click();
      const frame = owner.frameLocator("iframe.mail-frame");
      await frame.getByText("House Espresso").first().waitFor();
      await expectNoSideScroll(owner, "mailbox");
      return new URL((await frame.getByRole("link", { name: "Why did I get this?" }).getAttribute("href"))!);
    });

    const recipient = await (await journey.browser.newContext({ viewport: PHONE })).newPage();
    await step(recipient, "why", async () => {
      await recipient.goto(journey.server.url + why.pathname);
      await recipient.getByRole("heading", { name: "Why did I get this email?" }).waitFor();
      await expectNoSideScroll(recipient, "why");
      await recipient.getByText(/orders between March 2025 and June 2025/).waitFor();
      await recipient
        .getByText(
          /You agreed to marketing email on .*\(as kept in the shop's customer list, customers_export\.csv\)/,
        )
        .waitFor();
      await recipient.getByText(/purchases were from our Coffee range/).waitFor();
    });
  }, 240_000);
});
