import { eq } from "drizzle-orm";
import { campaigns } from "../../db/schema";
import { createShop, createUser } from "../../db/seed/factories";
import { campaignInReview } from "../setup/campaigns";
import { testDb } from "../setup/db";
import { renderPage } from "../setup/document";
import { loginCookie } from "../setup/requests";

// The review page's heading shows the subject lines as an owner reads them,
// not as Liquid source.

const db = testDb();
const shop = createShop(db);
const { campaign } = campaignInReview(db, shop.id);
db.update(campaigns)
  .set({
    subject: "Fresh from the roaster, {{ customer.first_name }}",
    subjectVariants: ['{{ customer.first_name | default: "Hello" }}, your beans'],
  })
  .where(eq(campaigns.id, campaign.id))
  .run();
let owner: Record<string, string>;

beforeAll(async () => {
  await createUser(db, shop.id, { email: "owner@subject.example" });
  owner = await loginCookie("owner@subject.example");
});

/** The visible words of the page's main content (the hydration data after it still holds the source). */
async function mainText(path: string) {
  const html = await (await renderPage(path, owner)).text();
  const main = /<main[^>]*>([\s\S]*?)<\/main>/.exec(html)?.[1] ?? "";
  return main
    .replace(/<[^>]+>/g, "")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/\s+/g, " ");
}

describe("the subject on the review page", () => {
  it("names personal fields in plain words and shows every subject line", async () => {
    const text = await mainText(`/app/campaigns/${campaign.id}`);
    expect(text).not.toContain("{{");
    expect(text).toContain("Fresh from the roaster, first name");
    expect(text).toContain("first name, your beans");
  });
});
