import { eq } from "drizzle-orm";
import { auditLog, campaigns } from "../../db/schema";
import { createCustomer, createShop, createUser } from "../../db/seed/factories";
import { recordAudit } from "../../jobs/audit";
import { testDb } from "../setup/db";
import { renderPage } from "../setup/document";
import { loginCookie } from "../setup/requests";

// The dashboard shows times in the shop's own time zone, named.

const db = testDb();
const shop = createShop(db, { timezone: "America/New_York" });
let owner: Record<string, string>;

beforeAll(async () => {
  await createUser(db, shop.id, { email: "owner@nytime.example" });
  owner = await loginCookie("owner@nytime.example");
});

describe("times on a New York shop's dashboard", () => {
  it("are New York times on the audit log", async () => {
    recordAudit(db, {
      shopId: shop.id,
      actor: "system",
      action: "shop.details_changed",
      subject: `shop:${shop.id}`,
    });
    db.update(auditLog)
      .set({ at: new Date("2026-11-23T15:30:00Z") })
      .where(eq(auditLog.shopId, shop.id))
      .run();
    const html = await (await renderPage("/app/audit", owner)).text();
    expect(html).toContain("23 Nov 2026, 10:30 GMT-5");
    expect(html).not.toContain("15:30 UTC");
  });

  it("are New York times on a customer's consent", async () => {
    const customer = createCustomer(db, shop.id, { consentAt: new Date("2025-01-01T00:00:00Z") });
    const html = await (await renderPage(`/app/customers/${customer.id}`, owner)).text();
    expect(html).toContain("31 Dec 2024, 19:00 GMT-5");
  });

  it("are New York times on the campaigns list", async () => {
    db.insert(campaigns)
      .values({
        shopId: shop.id,
        name: "Autumn",
        subject: "Autumn",
        body: "Hello",
        createdAt: new Date("2026-07-01T12:05:00Z"),
      })
      .run();
    const html = await (await renderPage("/app/campaigns", owner)).text();
    expect(html).toContain("1 Jul 2026, 08:05 GMT-4");
  });
});
