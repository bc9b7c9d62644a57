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

// The whole loop as people use it, in a real browser against the real server,
// worker, Redis and SMTP catcher: an owner drafts and approves, staff cannot,
// a recipient asks why, changes preferences and unsubscribes, and the next
// campaign leaves them out.

const db = testDb();
const shop = createShop(db, { name: "Paper & Pine Books", fromEmail: "hello@paperpine.example" });
const fiction = createCategory(db, shop.id, { name: "Fiction" });
const novel = createProduct(db, shop.id, {
  name: "The Quiet Shore",
  categoryId: fiction.id,
  priceCents: 1499,
});
const password = "a long enough password";
const readers = ["Ada", "Grace", "Alan", "Mary"].map((firstName, i) => {
  const c = createCustomer(db, shop.id, { firstName, email: `${firstName.toLowerCase()}@readers.example` });
  createOrder(db, shop.id, {
    customerId: c.id,
    orderedAt: new Date(Date.now() - (10 + i * 9) * 86_400_000),
    lines: [{ productId: novel.id }],
  });
  return c;
});
createCustomer(db, shop.id, { firstName: "Nadia", marketingConsent: false });

let journey: Journey;

beforeAll(async () => {
  await createUser(db, shop.id, { email: "owner@paperpine.example", name: "Ines", password });
  await createUser(db, shop.id, { email: "staff@paperpine.example", name: "Tom", role: "staff", password });
  journey = await startJourney(db);
}, 180_000);

afterAll(() => journey?.stop());

async function logIn(email: string): Promise<Page> {
  const page = await (await journey.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(`${journey.server.url}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await Promise.all([page.waitForURL(/\/app$/), page.getByRole("button", { name: "Log in" }).click()]);
  return page;
}

async function draftCampaign(page: Page, name: string) {
  await page.goto(`${journey.server.url}/app/campaigns/new`);
  await page.getByLabel("Campaign name").fill(name);
  await page.getByLabel("Featured category").selectOption({ label: "Fiction" });
  await Promise.all([
    page.waitForURL(/\/app\/campaigns\/\d+$/),
    page.getByRole("button", { name: "Draft the emails" }).click(),
  ]);
  await waitForJob(page, "h2#audience");
  return page.url();
}

describe("the campaign journey in a browser", () => {
  it("goes from a draft to a recipient's unsubscribe, and the next campaign honours it", async () => {
    const owner = await logIn("owner@paperpine.example");
    const campaignUrl = await step(owner, "draft", () => draftCampaign(owner, "Autumn fiction"));
    await step(owner, "review", async () => {
      await owner.locator(".bars").getByText("No marketing consent").waitFor();
      expect(await owner.locator(".sample iframe").count()).toBe(3);
    });

    const staff = await logIn("staff@paperpine.example");
    await step(staff, "staff-cannot-approve", async () => {
      await staff.goto(campaignUrl);
      await staff.getByText(/Only the shop.s owner can approve/).waitFor();
      expect(await staff.getByRole("button", { name: "Approve and send" }).count()).toBe(0);
    });

    await step(owner, "approve", async () => {
      await owner.getByLabel(/I have reviewed/).check();
      await owner.getByRole("button", { name: "Approve and send" }).click();
      await waitForJob(owner, ".page-head .badge-sent");
    });
    expect((await journey.pipeline.mail()).map((m) => m.envelopeTo[0]).sort()).toEqual(
      readers.map((r) => r.email).sort(),
    );

    const links = await step(owner, "mailbox", async () => {
      await owner.goto(`${journey.server.url}/app/mailbox`);
      await owner.getByRole("link", { name: /Fresh from the roaster, Ada/ }).click();
      const frame = owner.frameLocator("iframe.mail-frame");
      const href = async (text: string) =>
        new URL((await frame.getByRole("link", { name: text }).getAttribute("href"))!);
      return {
        why: await href("Why did I get this?"),
        preferences: await href("Email preferences"),
        unsubscribe: await href("Unsubscribe"),
      };
    });

    const recipient = await (
      await journey.browser.newContext({ viewport: { width: 390, height: 844 } })
    ).newPage();
    await step(recipient, "why", async () => {
      await recipient.goto(journey.server.url + links.why.pathname);
      await recipient.getByRole("heading", { name: "Why did I get this email?" }).waitFor();
      await recipient
        .getByText(/Your last order was/)
        .first()
        .waitFor();
      await recipient.getByText(/reviewed who would receive this email and approved it/).waitFor();
    });
    await step(recipient, "preferences", async () => {
      await recipient.goto(journey.server.url + links.preferences.pathname);
      await recipient.getByLabel("At most one email a month").check();
      await recipient.getByRole("button", { name: "Save preferences" }).click();
      await recipient.getByText("Saved.").waitFor();
    });
    await step(recipient, "unsubscribe", async () => {
      await recipient.goto(journey.server.url + links.unsubscribe.pathname);
      await recipient.getByRole("button", { name: "Unsubscribe", exact: true }).click();
      await recipient.getByRole("heading", { name: "You are unsubscribed" }).waitFor();
    });

    await step(owner, "audit", async () => {
      await owner.goto(`${journey.server.url}/app/audit`);
      await owner.getByRole("cell", { name: "Unsubscribed" }).waitFor();
      await owner.getByRole("cell", { name: "Changed their email preferences" }).waitFor();
      await owner.getByRole("cell", { name: "Approved a campaign for sending" }).waitFor();
    });

    await step(owner, "second-campaign", async () => {
      await draftCampaign(owner, "Winter fiction");
      const adaRow = owner.getByRole("row", { name: /ada@readers\.example/ });
      await adaRow.getByText("Unsubscribed or suppressed").waitFor();
    });
  }, 180_000);
});
