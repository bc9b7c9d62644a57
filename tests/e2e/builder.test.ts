import type { Page } from "playwright-core";
import {
  createCategory,
  createCustomer,
  createOrder,
  createProduct,
  createShop,
  createUser,
} from "../../db/seed/factories";
import { step, waitForJob } from "../setup/browser";
import { testDb } from "../setup/db";
import { startJourney, type Journey } from "../setup/journey";

// The builder's client-side parts in a real browser: rules added by
// keyboard, the live count and preview following the form, values kept after
// an error, and warnings acknowledged before approval.

const db = testDb();
const shop = createShop(db, { name: "Glow Skincare", fromEmail: "hello@glow.example" });
const serums = createCategory(db, shop.id, { name: "Serums" });
const serum = createProduct(db, shop.id, { name: "Night Serum", categoryId: serums.id, priceCents: 2400 });
const password = "a long enough password";
for (const [firstName, country] of [
  ["Ada", "GB"],
  ["Grace", "GB"],
  ["Aoife", "IE"],
] as const) {
  const c = createCustomer(db, shop.id, {
    firstName,
    country,
    email: `${firstName.toLowerCase()}@glow.example`,
  });
  createOrder(db, shop.id, {
    customerId: c.id,
    orderedAt: new Date(Date.now() - 15 * 86_400_000),
    lines: [{ productId: serum.id }],
  });
}

let journey: Journey;

beforeAll(async () => {
  await createUser(db, shop.id, { email: "owner@glow.example", name: "Ines", password });
  journey = await startJourney(db);
}, 180_000);

afterAll(() => journey?.stop());

async function logIn(): Promise<Page> {
  const page = await (await journey.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(`${journey.server.url}/login`);
  await page.getByLabel("Email").fill("owner@glow.example");
  await page.getByLabel("Password").fill(password);
  await Promise.all([page.waitForURL(/\/app$/), page.getByRole("button", { name: "Log in" }).click()]);
  return page;
}

describe("the campaign builder in a browser", () => {
  it("builds a campaign by keyboard with a live count and preview, and approves it once warnings are acknowledged", async () => {
    const page = await logIn();
    await page.goto(`${journey.server.url}/app/campaigns/new`);
    const count = page.locator(".audience-count");

    await step(page, "count-everyone", () => count.getByText("3 of 3 customers match").waitFor());
    await step(page, "rule-by-keyboard", async () => {
      await page.getByRole("button", { name: "Add a rule" }).focus();
      await page.keyboard.press("Enter");
      await page.getByLabel("Group 1, rule 1: kind").selectOption("country");
      await page.getByLabel("GB").focus();
      await page.keyboard.press("Space");
      await count.getByText("2 of 3 customers match these rules. 2 of them can get the email now.").waitFor();
    });

    await step(page, "preview", async () => {
      const as = page.getByLabel("As");
      const aoife = await as.locator("option", { hasText: "Aoife" }).getAttribute("value");
      await as.selectOption(aoife!);
      await page.frameLocator("iframe.frame-desktop").getByText("Hello Aoife,").waitFor();
      await page.frameLocator("iframe.frame-phone").getByText("Hello Aoife,").waitFor();
      await page.getByLabel("Email text").fill("Hello {{ custmer.first_name }}");
      await page.getByText(/problem in the email text, line 1: .*custmer/).waitFor();
    });

    await step(page, "keeps-values-after-an-error", async () => {
      await page
        .getByLabel("Subject line", { exact: true })
        .fill("LAST CHANCE for {{ customer.first_name }}");
      await page.getByRole("button", { name: "Draft the emails" }).click();
      await page.getByText("Give the campaign a name you will recognise.").waitFor();
      expect(await page.getByLabel("Subject line", { exact: true }).inputValue()).toBe(
        "LAST CHANCE for {{ customer.first_name }}",
      );
      expect(await page.getByLabel("Group 1, rule 1: kind").inputValue()).toBe("country");
    });

    await step(page, "template-error-at-its-line", async () => {
      await page.getByLabel("Campaign name").fill("Night serum");
      await page.getByRole("button", { name: "Draft the emails" }).click();
      await page
        .locator("#field-body-error")
        .getByText(/^Line 1: .*custmer/)
        .waitFor();
    });

    await step(page, "save", async () => {
      await page
        .getByLabel("Email text")
        .fill("Hello {{ customer.first_name }},\n\nOur night serum is back.");
      await Promise.all([
        page.waitForURL(/\/app\/campaigns\/\d+$/),
        page.getByRole("button", { name: "Draft the emails" }).click(),
      ]);
      await waitForJob(page, "h2#checks");
    });

    await step(page, "edit", async () => {
      await page.getByRole("link", { name: "Edit" }).click();
      await page.getByRole("heading", { name: "Edit Night serum" }).waitFor();
      expect(await page.getByLabel("Group 1, rule 1: kind").inputValue()).toBe("country");
      await page.getByLabel("Preheader (optional)").fill("New serum for night-time");
      await Promise.all([
        page.waitForURL(/\/app\/campaigns\/\d+$/),
        page.getByRole("button", { name: "Save and draft again" }).click(),
      ]);
      await waitForJob(page, "h2#checks");
    });

    await step(page, "remove-and-put-back", async () => {
      const removeGrace = page.getByRole("button", { name: /^Remove Grace .*grace@glow\.example/ });
      await removeGrace.click();
      const lists = page.getByRole("navigation", { name: "People in this campaign" });
      await lists.getByRole("link", { name: "Receiving (1)" }).waitFor();
      expect(await removeGrace.count()).toBe(0);
      await lists.getByRole("link", { name: /^Left out/ }).click();
      const leftOut = page.locator("section[aria-labelledby=excluded]");
      await leftOut.getByRole("row", { name: /grace@glow\.example.*Removed by the owner/ }).waitFor();
      await leftOut.getByRole("button", { name: "Put them back" }).click();
      await waitForJob(page, "h2#checks");
      await lists.getByRole("link", { name: /^Receiving/ }).click();
      await removeGrace.waitFor();
    });

    await step(page, "acknowledge-and-approve", async () => {
      const warnings = page.locator("fieldset.findings input[name=acknowledge]");
      expect(await warnings.count()).toBe(2);
      await page.getByLabel(/I have reviewed/).check();
      // The browser holds back a form with unticked warnings; the server refuses it too (tested in routes).
      for (const box of await warnings.all()) await box.check();
      await page.getByRole("button", { name: "Approve and send" }).click();
      await waitForJob(page, ".page-head .badge-sent");
      await page.getByText(/Acknowledged: Shouting in capitals/).waitFor();
    });
    expect((await journey.pipeline.mail()).map((m) => m.envelopeTo[0]).sort()).toEqual([
      "ada@glow.example",
      "grace@glow.example",
    ]);
  }, 120_000);
});
