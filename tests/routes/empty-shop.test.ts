import { createCustomer, createShop, createUser } from "../../db/seed/factories";
import { testDb } from "../setup/db";
import { renderPage } from "../setup/document";
import { loginCookie } from "../setup/requests";

// A new shop with no customers is shown its first step, bringing them in,
// wherever it looks first; a shop with customers is not.

const db = testDb();
const empty = createShop(db);
const busy = createShop(db);
createCustomer(db, busy.id);
let newOwner: Record<string, string>;
let busyOwner: Record<string, string>;

beforeAll(async () => {
  await createUser(db, empty.id, { email: "owner@new.example" });
  await createUser(db, busy.id, { email: "owner@busy.example" });
  newOwner = await loginCookie("owner@new.example");
  busyOwner = await loginCookie("owner@busy.example");
});

/** The page's main content: its visible words and its links. */
async function main(path: string, cookie: Record<string, string>) {
  const html = await (await renderPage(path, cookie)).text();
  const content = /<main[^>]*>([\s\S]*?)<\/main>/.exec(html)?.[1] ?? "";
  return {
    text: content
      .replace(/<[^>]+>/g, " ")
      .replace(/&#x27;|&#39;/g, "'")
      .replace(/\s+/g, " "),
    links: [...content.matchAll(/<a [^>]*href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => ({
      href: m[1],
      text: m[2].replace(/<[^>]+>/g, "").trim(),
    })),
  };
}

describe("a shop without customers", () => {
  it("is told on the Overview how to bring its customers in, and with which files", async () => {
    const { text, links } = await main("/app", newOwner);
    expect(links).toContainEqual({ href: "/app/data", text: "Bring in your customers" });
    expect(text).toMatch(/Shopify/);
    expect(text).toMatch(/any (other )?CSV/i);
  });

  it("is pointed to the Data page from Campaigns and Customers too", async () => {
    for (const path of ["/app/campaigns", "/app/customers"]) {
      const { links } = await main(path, newOwner);
      expect(
        links.map((l) => l.href),
        path,
      ).toContain("/app/data");
    }
  });

  it("is not shown to a shop that has customers", async () => {
    const { text, links } = await main("/app", busyOwner);
    expect(text).not.toContain("Bring in your customers");
    expect(links.map((l) => l.href)).not.toContain("/app/data");
  });
});
