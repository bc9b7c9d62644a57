import { eq } from "drizzle-orm";
import { campaigns, customers, linkClicks, messages } from "../../db/schema";
import { createCustomer, createShop, createUser } from "../../db/seed/factories";
import { signRecipientToken } from "../../jobs/tokens";
import { campaignInReview } from "../setup/campaigns";
import { testDb } from "../setup/db";
import { renderPage } from "../setup/document";
import { loginCookie } from "../setup/requests";

// The owner is told that a campaign's name is seen by no one else and that a
// care note is for the team: neither may reach the customer's own pages, in
// the page, its embedded data or the download.

const CAMPAIGN_NAME = "We miss you: valued customers gone quiet";
const CARE_NOTE = "Her husband died in March; she asked us to hold off";
const SUBJECT = "It has been a while, Ada";

const db = testDb();
const shop = createShop(db);
const customer = createCustomer(db, shop.id, { firstName: "Ada", email: "ada@quiet.example" });
const { campaign, message } = campaignInReview(db, shop.id, undefined, customer);
db.update(campaigns)
  .set({
    name: CAMPAIGN_NAME,
    status: "sent",
    suggestion: { kind: "win_back", rationale: "12 valued customers gone quiet", status: "accepted" },
  })
  .where(eq(campaigns.id, campaign.id))
  .run();
db.update(messages)
  .set({ subject: SUBJECT, status: "sent", sentAt: new Date("2026-10-01T09:00:00Z") })
  .where(eq(messages.id, message.id))
  .run();
db.insert(linkClicks)
  .values({ shopId: shop.id, messageId: message.id, link: 0, url: "https://shop.example/beans" })
  .run();
// Flagged after the email went out, as happens when the customer phones the shop about it.
db.update(customers)
  .set({ needsCare: true, careReason: "bereavement", careNote: CARE_NOTE })
  .where(eq(customers.id, customer.id))
  .run();

const token = (purpose: "data" | "why") => signRecipientToken(shop.tokenSecret, message.publicId, purpose);

async function page(path: string) {
  const response = await renderPage(path);
  expect(response.status, path).toBe(200);
  return response.text();
}

describe("the customer's data page", () => {
  it("never shows the care note or the campaign's private name, and says that extra care applies", async () => {
    const html = await page(`/r/data/${token("data")}`);
    expect(html).not.toContain(CARE_NOTE);
    expect(html).not.toContain("Her husband died");
    expect(html).not.toContain(CAMPAIGN_NAME);
    expect(html).not.toContain("We miss you");
    expect(html).toContain("Extra care");
    expect(html).toContain(SUBJECT);
    expect(html).toContain("not ordered for a while");
  });

  it("leaves both out of the download too, which keeps the fact of extra care and what each email was", async () => {
    const response = await renderPage(`/r/data/${token("data")}/download`);
    expect(response.headers.get("Content-Disposition")).toContain("attachment");
    const text = await response.text();
    expect(text).not.toContain(CARE_NOTE);
    expect(text).not.toContain(CAMPAIGN_NAME);
    const data = JSON.parse(text);
    expect(data.profile.extraCare).toBe(true);
    expect(data.emails).toMatchObject([{ subject: SUBJECT, about: expect.stringContaining("not ordered") }]);
    expect(data.clicks).toMatchObject([{ subject: SUBJECT, url: "https://shop.example/beans" }]);
  });
});

describe("the why-page", () => {
  it("describes the email by its purpose and subject, never by the owner's name for it", async () => {
    const html = await page(`/r/why/${token("why")}`);
    expect(html).not.toContain(CAMPAIGN_NAME);
    expect(html).not.toContain("We miss you");
    expect(html).not.toContain(CARE_NOTE);
    expect(html).toContain(SUBJECT);
    expect(html).toContain("not ordered for a while");
  });
});

describe("the owner's forms", () => {
  let owner: Record<string, string>;
  beforeAll(async () => {
    await createUser(db, shop.id, { email: "owner@quiet.example" });
    owner = await loginCookie("owner@quiet.example");
  });

  it("tell the owner what the customer sees of the care flag, and that a formal request may reach the note", async () => {
    const html = await (await renderPage(`/app/customers/${customer.id}`, owner)).text();
    expect(html).toContain("data page shows that extra care applies to them");
    expect(html).toMatch(/not the reason or (this|the) note/);
    expect(html).toContain("access request");
  });

  it("tell the owner that customers see the subject and the kind of email, not the campaign's name", async () => {
    const html = await (await renderPage("/app/campaigns/new", owner)).text();
    expect(html).toContain("Customers see the subject line");
    expect(html).not.toContain("Only you see this");
  });
});
