import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { createShop, createUser } from "../../db/seed/factories";
import {
  auditLog,
  categories,
  consentEvents,
  customers,
  importIssues,
  orderLines,
  orders,
  products,
} from "../../db/schema";
import { shopQuality } from "../../jobs/import/quality";
import { isSuppressed, suppressEmail } from "../../jobs/suppression";
import { action as customerAction } from "~/routes/app.customers.$customerId";
import { testDb } from "../setup/db";
import { importFixture } from "../setup/imports";
import { formRequest, loginCookie, responseOf } from "../setup/requests";

const db = testDb();
const NOW = new Date("2026-01-10T12:00:00Z");
const LATER = new Date("2026-02-01T12:00:00Z");

const customerByEmail = (shopId: number, email: string) =>
  db
    .select()
    .from(customers)
    .where(and(eq(customers.shopId, shopId), eq(customers.email, email)))
    .get()!;
const refusedOf = (importId: number) =>
  db
    .select()
    .from(importIssues)
    .where(and(eq(importIssues.importId, importId), eq(importIssues.outcome, "refused")))
    .orderBy(asc(importIssues.line))
    .all();
const auditOf = (shopId: number, subject: string) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.shopId, shopId), eq(auditLog.subject, subject)))
    .all();
const consentHistory = (shopId: number, customerId: number) =>
  db
    .select({ consent: consentEvents.consent, source: consentEvents.source })
    .from(consentEvents)
    .where(and(eq(consentEvents.shopId, shopId), eq(consentEvents.customerId, customerId)))
    .orderBy(asc(consentEvents.at), asc(consentEvents.id))
    .all();

function csvFile(name: string, text: string) {
  const path = join(mkdtempSync(join(tmpdir(), "tactful-import-")), name);
  writeFileSync(path, text);
  return path;
}

describe("a re-import never lifts a protection", () => {
  it("keeps a withdrawal the owner recorded on the customer page, lists the refusal and audits the import", async () => {
    const shop = createShop(db);
    const owner = await createUser(db, shop.id, { email: "owner@guard-1.example" });
    const staff = await createUser(db, shop.id, { email: "staff@guard-1.example", role: "staff" });
    await importFixture(db, shop.id, "shopify/customers_export.csv", { now: NOW });
    const ada = customerByEmail(shop.id, "ada@lovelace.co.uk");
    expect(ada.marketingConsent).toBe(true);

    const cookie = await loginCookie("owner@guard-1.example");
    const withdrawn = await responseOf(() =>
      customerAction({
        request: formRequest(
          `/app/customers/${ada.id}`,
          { intent: "consent", consent: "withdrawn", consentReason: "asked in the shop" },
          cookie,
        ),
        params: { customerId: String(ada.id) },
        context: {},
      }),
    );
    expect(withdrawn.status).toBe(200);

    // Staff import the same export again: it still says "yes" for Ada (twice, with her duplicate row).
    const again = await importFixture(db, shop.id, "shopify/customers_export.csv", {
      now: LATER,
      createdBy: staff.id,
    });
    expect(customerByEmail(shop.id, "ada@lovelace.co.uk")).toMatchObject({
      marketingConsent: false,
      consentSource: "owner",
    });
    expect(consentHistory(shop.id, ada.id).map((e) => [e.consent, e.source])).toEqual([
      [true, "import:customers_export.csv"],
      [false, "owner"],
    ]);
    const refused = refusedOf(again.importId);
    expect(refused.map((r) => [r.line, r.code])).toEqual([
      [2, "kept_withdrawal"],
      [7, "kept_withdrawal"],
    ]);
    expect(refused[0].detail).toContain(`customer ${ada.id}`);
    expect(refused[0].detail).toContain("ada@lovelace.co.uk");
    expect(refused[0].detail).toMatch(/owner/);
    expect(again.summary.refused).toBe(2);
    expect(auditOf(shop.id, `import:${again.importId}`)).toEqual([
      expect.objectContaining({
        actor: `user:${staff.id}`,
        action: "import.protections_kept",
        detail: expect.objectContaining({ refused: 2, kept_withdrawal: 2 }),
      }),
    ]);
    // An import with nothing refused leaves no such entry.
    const first = db.select().from(auditLog).where(eq(auditLog.action, "import.protections_kept")).all();
    expect(first.map((a) => a.subject)).toEqual([`import:${again.importId}`]);
    expect(owner.id).not.toBe(staff.id);
  });

  it("keeps a recipient's unsubscribe: no new consent, the address kept, the refusal listed", async () => {
    const shop = createShop(db);
    await importFixture(db, shop.id, "shopify/customers_export.csv", { now: NOW });
    const ada = customerByEmail(shop.id, "ada@lovelace.co.uk");
    suppressEmail(db, {
      shopId: shop.id,
      email: ada.email,
      reason: "unsubscribed",
      source: "one-click",
      actor: "recipient",
      subject: `customer:${ada.id}`,
    });
    const moved = csvFile(
      "customers_export.csv",
      "Customer ID,First Name,Last Name,Email,Accepts Email Marketing\n'7210448301122,Ada,Lovelace,ada.new@lovelace.co.uk,yes\n",
    );
    const { importId, summary } = await importFixture(db, shop.id, moved, { now: LATER });
    const after = customerByEmail(shop.id, "ada@lovelace.co.uk");
    expect(after.id).toBe(ada.id);
    expect(isSuppressed(db, shop.id, after.email)).toBe(true);
    expect(consentHistory(shop.id, ada.id)).toHaveLength(1);
    expect(refusedOf(importId).map((r) => [r.line, r.code])).toEqual([
      [2, "kept_withdrawal"],
      [2, "kept_address"],
    ]);
    expect(refusedOf(importId)[0].detail).toMatch(/unsubscribed.*one-click/);
    expect(summary.refused).toBe(2);
    expect(auditOf(shop.id, `import:${importId}`)[0]).toMatchObject({ actor: "system" });
  });

  it("keeps a minor protected when a file gives an adult birthdate, and lets a file make someone a minor", async () => {
    const shop = createShop(db);
    const staff = await createUser(db, shop.id, { role: "staff" });
    const mapping = { email: "Email", birthdate: "Birthday", consent: "Newsletter" };
    await importFixture(
      db,
      shop.id,
      csvFile(
        "members.csv",
        "Email,Birthday,Newsletter\nkid@mail.co,2010-06-01,no\nadult@mail.co,1980-01-01,no\n",
      ),
      { kind: "customers", mapping, now: NOW },
    );
    const { importId, summary } = await importFixture(
      db,
      shop.id,
      csvFile(
        "members.csv",
        "Email,Birthday,Newsletter\nkid@mail.co,1990-06-01,no\nadult@mail.co,2012-03-03,no\n",
      ),
      { kind: "customers", mapping, now: LATER, createdBy: staff.id },
    );
    expect(customerByEmail(shop.id, "kid@mail.co").birthdate).toBe("2010-06-01");
    expect(customerByEmail(shop.id, "adult@mail.co").birthdate).toBe("2012-03-03");
    const minors = shopQuality(db, shop.id, LATER).find((c) => c.code === "minor")!;
    expect(minors.examples.sort()).toEqual(["adult@mail.co", "kid@mail.co"]);
    expect(refusedOf(importId).map((r) => [r.line, r.code])).toEqual([[2, "kept_minor"]]);
    expect(refusedOf(importId)[0].detail).toMatch(/kid@mail\.co.*under 18/);
    expect(summary.updated.customers).toBe(1);
    expect(auditOf(shop.id, `import:${importId}`)[0]).toMatchObject({
      actor: `user:${staff.id}`,
      detail: expect.objectContaining({ kept_minor: 1 }),
    });
  });
});

describe("a re-import never makes a product less sensitive", () => {
  it("keeps a product in its sensitive category, lists the refusal, and still moves other products", async () => {
    const shop = createShop(db);
    const mapping = { sku: "SKU", name: "Name", category: "Category", price: "Price" };
    const file = (liqueurCategory: string, kitCategory: string) =>
      csvFile(
        "products.csv",
        `SKU,Name,Category,Price\nLIQ-500,Coffee Liqueur,${liqueurCategory},24.00\nKIT-PO,Pour-over Kit,${kitCategory},18.00\n`,
      );
    await importFixture(db, shop.id, file("Liqueurs", "Equipment"), { kind: "products", mapping, now: NOW });
    const { importId, summary } = await importFixture(db, shop.id, file("Coffee", "Brewing"), {
      kind: "products",
      mapping,
      now: LATER,
    });
    const categoryOf = (sku: string) =>
      db
        .select({ name: categories.name, sensitive: categories.sensitive })
        .from(products)
        .innerJoin(categories, eq(categories.id, products.categoryId))
        .where(and(eq(products.shopId, shop.id), eq(products.sku, sku)))
        .get();
    expect(categoryOf("LIQ-500")).toEqual({ name: "Liqueurs", sensitive: true });
    expect(categoryOf("KIT-PO")).toEqual({ name: "Brewing", sensitive: false });
    expect(refusedOf(importId).map((r) => [r.line, r.code])).toEqual([[2, "kept_sensitive"]]);
    expect(refusedOf(importId)[0].detail).toMatch(/LIQ-500.*Liqueurs.*Coffee/);
    expect(summary.refused).toBe(1);
    expect(auditOf(shop.id, `import:${importId}`)[0].detail).toMatchObject({ kept_sensitive: 1 });
  });
});

describe("Shopify orders", () => {
  it("skips a paid order that was cancelled, with its line items, and reports it", async () => {
    const shop = createShop(db);
    await importFixture(db, shop.id, "shopify/customers_export.csv", { now: NOW });
    await importFixture(db, shop.id, "shopify/products_export.csv", { now: NOW });
    const { importId, summary } = await importFixture(db, shop.id, "shopify/orders_export.csv", { now: NOW });
    const cancelled = db
      .select()
      .from(orders)
      .where(and(eq(orders.shopId, shop.id), eq(orders.externalId, "#1008")))
      .get();
    expect(cancelled).toBeUndefined();
    const issues = db
      .select()
      .from(importIssues)
      .where(and(eq(importIssues.importId, importId), eq(importIssues.code, "cancelled_order")))
      .orderBy(asc(importIssues.line))
      .all();
    expect(issues.filter((i) => i.detail.includes("#1008")).map((i) => [i.line, i.outcome])).toEqual([
      [13, "rejected"],
      [14, "rejected"],
    ]);
    expect(issues.find((i) => i.line === 13)!.detail).toMatch(/cancelled on 2025-07-01/);
    // #1006 (refunded) and #1008 (paid, then cancelled).
    expect(summary.cancelledOrders).toBe(2);
    const lines = db.select().from(orderLines).where(eq(orderLines.shopId, shop.id)).all();
    expect(lines.length).toBeGreaterThan(0);
  });

  it("removes an order imported before it was cancelled, with its line items, when a newer export says so", async () => {
    const shop = createShop(db);
    const fixture = readFileSync("tests/fixtures/shopify/orders_export.csv", "utf8");
    const beforeCancelling = csvFile(
      "orders_export.csv",
      fixture.replace(",2025-07-01 11:20:00 +0000,", ",,"),
    );
    const first = await importFixture(db, shop.id, beforeCancelling, { now: NOW });
    const stored = db
      .select()
      .from(orders)
      .where(and(eq(orders.shopId, shop.id), eq(orders.externalId, "#1008")))
      .get()!;
    expect(db.select().from(orderLines).where(eq(orderLines.orderId, stored.id)).all()).toHaveLength(2);
    expect(first.summary.cancelledOrders).toBe(1);

    const { importId, summary } = await importFixture(db, shop.id, "shopify/orders_export.csv", {
      now: LATER,
    });
    expect(db.select().from(orders).where(eq(orders.id, stored.id)).get()).toBeUndefined();
    expect(db.select().from(orderLines).where(eq(orderLines.orderId, stored.id)).all()).toEqual([]);
    expect(summary.cancelledOrders).toBe(2);
    expect(summary.removed).toEqual({ orders: 1 });
    const [issue] = db
      .select()
      .from(importIssues)
      .where(and(eq(importIssues.importId, importId), eq(importIssues.line, 13)))
      .all();
    expect(issue.detail).toMatch(/cancelled on 2025-07-01.*imported before.*removed/);
  });

  it("keeps each order's currency", async () => {
    const shop = createShop(db);
    await importFixture(db, shop.id, "shopify/orders_export.csv", { now: NOW });
    const byNumber = Object.fromEntries(
      db
        .select({ externalId: orders.externalId, currency: orders.currency, totalCents: orders.totalCents })
        .from(orders)
        .where(eq(orders.shopId, shop.id))
        .all()
        .map((o) => [o.externalId, o]),
    );
    expect(byNumber["#1001"]).toMatchObject({ currency: "GBP", totalCents: 5100 });
    expect(byNumber["#1009"]).toMatchObject({ currency: "SEK", totalCents: 15500 });
    // Totals are never converted, so the data quality report says when they are in several currencies.
    const mixed = shopQuality(db, shop.id, NOW).find((c) => c.code === "mixed_currencies")!;
    expect(mixed).toMatchObject({ count: 1, examples: ["#1009 (SEK)"] });
    expect(mixed.label).toMatch(/GBP.*SEK/);
  });
});
