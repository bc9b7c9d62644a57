import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, asc, count, eq, like } from "drizzle-orm";
import { createShop } from "../../db/seed/factories";
import {
  categories,
  consentEvents,
  customers,
  importIssues,
  imports,
  orderLines,
  orders,
  products,
  shops,
} from "../../db/schema";
import { createImport, describeFile, processImport } from "../../jobs/import/job";
import { shopQuality } from "../../jobs/import/quality";
import { exportCustomerData } from "~/models/customer-data.server";
import { testDb } from "../setup/db";
import { importFixture } from "../setup/imports";

const db = testDb();
const NOW = new Date("2026-01-10T12:00:00Z");
const scratch = mkdtempSync(join(tmpdir(), "tactful-import-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const issuesOf = (importId: number) =>
  db
    .select()
    .from(importIssues)
    .where(eq(importIssues.importId, importId))
    .orderBy(asc(importIssues.id))
    .all();
const customerByEmail = (shopId: number, email: string) =>
  db
    .select()
    .from(customers)
    .where(and(eq(customers.shopId, shopId), eq(customers.email, email)))
    .get();
const rowCount = (
  table: typeof orders | typeof customers | typeof orderLines | typeof consentEvents,
  shopId: number,
) => db.select({ n: count() }).from(table).where(eq(table.shopId, shopId)).get()!.n;

async function shopifyShop() {
  const shop = createShop(db);
  const c = await importFixture(db, shop.id, "shopify/customers_export.csv", { now: NOW });
  const p = await importFixture(db, shop.id, "shopify/products_export.csv", { now: NOW });
  const o = await importFixture(db, shop.id, "shopify/orders_export.csv", { now: NOW });
  return { shop, customersImport: c, productsImport: p, ordersImport: o };
}

describe("Shopify exports, unchanged", () => {
  it("imports the customers export with consent history, merges duplicates and rejects bad addresses", async () => {
    const { shop, customersImport } = await shopifyShop();
    const issues = issuesOf(customersImport.importId);
    // Björn's note spans two lines, so the rows after it start one line later.
    expect(issues.find((i) => i.code === "invalid_email")).toMatchObject({ line: 6, outcome: "rejected" });
    expect(issues.find((i) => i.code === "duplicate_customer_merged")).toMatchObject({ line: 7 });
    expect(issues.filter((i) => i.code === "undeliverable_email").map((i) => i.line)).toEqual([5, 8]);
    expect(issues.filter((i) => i.code === "sensitive_tags").map((i) => i.line)).toEqual([3, 8]);

    const ada = customerByEmail(shop.id, "ada@lovelace.co.uk")!;
    expect(ada).toMatchObject({ externalId: "7210448301122", marketingConsent: true, country: "GB" });
    expect(ada.consentSource).toBe("import:customers_export.csv");
    const bjorn = customerByEmail(shop.id, "bjorn.stahl@mail.se")!;
    expect(bjorn).toMatchObject({ firstName: "Björn", marketingConsent: false });
    expect(customerByEmail(shop.id, "dan@@gmail")).toBeUndefined();
    expect(customersImport.summary.created.customers).toBe(4);
  });

  it("reads the older customers export with CRLF line ends", async () => {
    const shop = createShop(db);
    const { summary } = await importFixture(db, shop.id, "shopify/customers_export_legacy.csv", { now: NOW });
    expect(summary.created.customers).toBe(2);
    expect(customerByEmail(shop.id, "grace@navy.example.org")).toMatchObject({
      marketingConsent: true,
      country: "US",
    });
  });

  it("imports products with their variants and marks alcohol sensitive", async () => {
    const { shop, productsImport } = await shopifyShop();
    const rows = db
      .select()
      .from(products)
      .where(eq(products.shopId, shop.id))
      .orderBy(asc(products.sku))
      .all();
    expect(rows.map((p) => [p.sku, p.name, p.priceCents])).toEqual(
      expect.arrayContaining([
        ["ESP-1000", "House Espresso – 1kg", 3200],
        ["ESP-250", "House Espresso – 250g", 950],
        ["LIQ-500", "Cold Brew Coffee Liqueur", 2400],
      ]),
    );
    const cats = db.select().from(categories).where(eq(categories.shopId, shop.id)).all();
    expect(cats.find((c) => c.name === "Liqueurs")).toMatchObject({
      sensitive: true,
      sensitiveKind: "alcohol",
    });
    expect(cats.find((c) => c.name === "Coffee")).toMatchObject({ sensitive: false, sensitiveKind: null });
    const issues = issuesOf(productsImport.importId);
    expect(issues.find((i) => i.code === "bad_number")).toMatchObject({ line: 6, outcome: "rejected" });
    expect(issues.some((i) => i.code === "sensitive_category")).toBe(true);
  });

  it("puts an order's line items together and reports every order-level problem", async () => {
    const { shop, ordersImport } = await shopifyShop();
    const first = db
      .select()
      .from(orders)
      .where(and(eq(orders.shopId, shop.id), eq(orders.externalId, "#1001")))
      .get()!;
    expect(first.totalCents).toBe(5100);
    const lines = db.select().from(orderLines).where(eq(orderLines.orderId, first.id)).all();
    expect(lines).toHaveLength(2);
    const codes = issuesOf(ordersImport.importId).map((i) => [i.code, i.outcome]);
    expect(codes).toEqual(
      expect.arrayContaining([
        ["non_product_line", "noted"],
        ["totals_mismatch", "noted"],
        ["future_order", "noted"],
        ["non_positive_total", "noted"],
        ["zero_price_line", "noted"],
        ["cancelled_order", "rejected"],
        ["bad_date", "rejected"],
      ]),
    );
    expect(customerByEmail(shop.id, "new.customer@fastmail.com")).toMatchObject({ marketingConsent: true });
    // #1001 to #1005 and #1009; #1006 was refunded, #1007 has no such date, #1008 was cancelled.
    expect(ordersImport.summary.created.orders).toBe(6);
  });
});

describe("re-imports", () => {
  it("changes nothing when the same files come again", async () => {
    const { shop } = await shopifyShop();
    const before = [customers, orders, orderLines, consentEvents].map((t) => rowCount(t, shop.id));
    for (const name of [
      "shopify/customers_export.csv",
      "shopify/products_export.csv",
      "shopify/orders_export.csv",
    ]) {
      const { summary } = await importFixture(db, shop.id, name, { now: new Date(NOW.getTime() + 1000) });
      expect(summary.created).toEqual({});
      expect(summary.updated).toEqual({});
    }
    expect([customers, orders, orderLines, consentEvents].map((t) => rowCount(t, shop.id))).toEqual(before);
  });

  it("updates by natural key from a newer export and keeps consent as history", async () => {
    const { shop } = await shopifyShop();
    const dir = mkdtempSync(join(tmpdir(), "tactful-import-"));
    const newer = join(dir, "customers_export.csv");
    const text = readFileSync("tests/fixtures/shopify/customers_export.csv", "utf8");
    writeFileSync(newer, text.replace("Bjorn.Stahl@Mail.se,no", "Bjorn.Stahl@Mail.se,yes"));
    const { summary } = await importFixture(db, shop.id, newer, { now: new Date("2026-02-01") });
    expect(summary.updated.customers).toBe(1);
    const bjorn = customerByEmail(shop.id, "bjorn.stahl@mail.se")!;
    expect(bjorn.marketingConsent).toBe(true);
    const history = db
      .select({ consent: consentEvents.consent, at: consentEvents.at })
      .from(consentEvents)
      .where(and(eq(consentEvents.shopId, shop.id), eq(consentEvents.customerId, bjorn.id)))
      .orderBy(asc(consentEvents.at))
      .all();
    expect(history.map((h) => h.consent)).toEqual([false, true]);
    // The customer's own "my data" download carries the history too.
    const mine = exportCustomerData({ shopId: shop.id, customerId: bjorn.id })!;
    expect(mine.consent.history.map((h) => [h.consent, h.source])).toEqual([
      [false, "import:customers_export.csv"],
      [true, "import:customers_export.csv"],
    ]);
  });
});

describe("encodings and delimiters", () => {
  it("decodes Windows-1252 with semicolons and quoted delimiters", async () => {
    const shop = createShop(db);
    await importFixture(db, shop.id, "encodings/customers_windows1252.csv", { now: NOW });
    expect(customerByEmail(shop.id, "juergen@weiss.de")).toMatchObject({
      firstName: "Jürgen",
      lastName: "Weiß",
    });
    expect(customerByEmail(shop.id, "zoe@orsted.dk")).toMatchObject({ firstName: "Zoë", lastName: "Ørsted" });
  });

  it("maps any other CSV (BOM, semicolons, CRLF, comma decimals) through the user's mapping", async () => {
    const shop = createShop(db);
    const mapping = {
      orderId: "Invoice",
      orderedAt: "Date",
      email: "Customer email",
      productName: "Item",
      sku: "Item code",
      quantity: "Qty",
      unitPrice: "Price",
    };
    const { summary } = await importFixture(db, shop.id, "encodings/orders_bom_semicolon_crlf.csv", {
      kind: "orders",
      mapping,
      now: NOW,
    });
    expect(summary.created.orders).toBe(2);
    const a1 = db
      .select()
      .from(orders)
      .where(and(eq(orders.shopId, shop.id), eq(orders.externalId, "A-1")))
      .get()!;
    expect(a1.totalCents).toBe(2 * 750 + 325);
    expect(db.select().from(products).where(eq(products.sku, "AC2")).get()?.name).toBe("Açúcar; mascavado");
  });
});

describe("malformed files", () => {
  it("rejects rows with the wrong number of columns, by line", async () => {
    const shop = createShop(db);
    const { importId, summary } = await importFixture(db, shop.id, "malformed/wrong_column_count.csv", {
      now: NOW,
    });
    const rejected = issuesOf(importId).filter((i) => i.outcome === "rejected");
    expect(rejected.map((i) => [i.line, i.code])).toEqual([
      [3, "wrong_column_count"],
      [4, "wrong_column_count"],
    ]);
    expect(summary.created.customers).toBe(2);
  });

  it("rejects orders with impossible or unreadable dates and keeps the good one", async () => {
    const shop = createShop(db);
    const { importId } = await importFixture(db, shop.id, "malformed/bad_dates.csv", { now: NOW });
    expect(issuesOf(importId).map((i) => [i.line, i.code])).toEqual([
      [2, "bad_date"],
      [3, "bad_date"],
      [4, "bad_date"],
    ]);
    expect(rowCount(orders, shop.id)).toBe(1);
  });

  it("fails a file whose bytes stop being UTF-8 after the sample, and says so", async () => {
    const shop = createShop(db);
    const path = "tests/fixtures/malformed/bad_utf8_after_sample.csv";
    await expect(describeFile(path)).rejects.toThrow(/Line 1853 is not valid UTF-8/);
    const { id } = createImport(db, {
      shopId: shop.id,
      fileName: "bad.csv",
      storedPath: path,
      sizeBytes: statSync(path).size,
      format: "shopify-customers-legacy",
      mapping: { email: "Email", firstName: "First Name", consent: "Accepts Marketing" },
    });
    await expect(processImport(db, { shopId: shop.id, importId: id })).rejects.toThrow(
      /Line 1853 is not valid UTF-8/,
    );
    const record = db.select().from(imports).where(eq(imports.id, id)).get()!;
    expect(record.status).toBe("failed");
    expect(record.error).toMatch(/Line 1853 is not valid UTF-8/);
    expect(rowCount(customers, shop.id)).toBe(0);
  });
  it.each([
    ["customers", "Email,First Name\n", (i: number) => `p${i}@mail.co,P${i},extra`],
    ["orders", "Invoice,Date,Email,Sku,Qty,Price\n", (i: number) => `,2025-01-01,p${i}@mail.co,X,1,2.00`],
  ] as const)(
    "saves the issues of a file of rejected %s batch by batch, not all at its end",
    async (kind, header, row) => {
      const shop = createShop(db);
      const file = join(scratch, `rejected-${kind}.csv`);
      writeFileSync(file, header + Array.from({ length: 1000 }, (_, i) => row(i)).join("\n") + "\n");
      const mapping: Record<string, string> =
        kind === "customers"
          ? { email: "Email", firstName: "First Name" }
          : {
              orderId: "Invoice",
              orderedAt: "Date",
              email: "Email",
              sku: "Sku",
              quantity: "Qty",
              unitPrice: "Price",
            };
      let batches = 0;
      const { summary } = await importFixture(db, shop.id, file, {
        kind,
        mapping,
        now: NOW,
        batchSize: 100,
        onProgress: () => (batches += 1),
      });
      expect(summary.rows).toBe(1000);
      expect(Object.values(summary.issues)).toEqual([1000]);
      expect(batches).toBeGreaterThanOrEqual(10);
    },
  );

  it("rejects an order of more rows than any order has (a wrong column mapped), batch by batch", async () => {
    const shop = createShop(db);
    const file = join(scratch, "one-currency.csv");
    const rows = Array.from({ length: 6000 }, (_, i) => `EUR,2025-01-01,p${i}@mail.co,X${i},1,2.00`);
    writeFileSync(
      file,
      `Currency,Date,Email,Sku,Qty,Price\nGBP,2025-01-01,a@mail.co,X,1,2.00\n${rows.join("\n")}\n`,
    );
    const mapping = {
      orderId: "Currency",
      orderedAt: "Date",
      email: "Email",
      sku: "Sku",
      quantity: "Qty",
      unitPrice: "Price",
    };
    let batches = 0;
    const { importId, summary } = await importFixture(db, shop.id, file, {
      kind: "orders",
      mapping,
      now: NOW,
      batchSize: 1000,
      onProgress: () => (batches += 1),
    });
    expect(summary.rows).toBe(6001);
    expect(summary.issues).toEqual({ too_many_rows: 6000 });
    expect(batches).toBeGreaterThanOrEqual(6);
    expect(issuesOf(importId)[0]).toMatchObject({
      line: 3,
      outcome: "rejected",
      detail: "order EUR has more than 5,000 rows: is the order number column the right one?",
    });
    expect(rowCount(orders, shop.id)).toBe(1);
  });

  it("rejects rows of an order that come back after another order, and still counts them", async () => {
    const shop = createShop(db);
    const dir = mkdtempSync(join(tmpdir(), "tactful-import-"));
    const file = join(dir, "apart.csv");
    writeFileSync(
      file,
      "Invoice,Date,Email,Sku,Qty,Price\nA,2025-01-01,a@shop.io,X,1,2.00\nB,2025-01-02,b@shop.io,X,1,2.00\nA,2025-01-01,a@shop.io,Y,1,3.00\n",
    );
    const mapping = {
      orderId: "Invoice",
      orderedAt: "Date",
      email: "Email",
      sku: "Sku",
      quantity: "Qty",
      unitPrice: "Price",
    };
    const { importId, summary } = await importFixture(db, shop.id, file, {
      kind: "orders",
      mapping,
      now: NOW,
    });
    expect(summary.rows).toBe(3);
    expect(issuesOf(importId).map((i) => [i.line, i.code])).toEqual([[4, "order_rows_apart"]]);
  });
});

describe("a crash mid-import", () => {
  it("refuses a file with an unterminated quote before saving any of it, naming the line", async () => {
    const shop = createShop(db);
    await expect(
      importFixture(db, shop.id, "malformed/unterminated_quote.csv", { now: NOW, batchSize: 1000 }),
    ).rejects.toThrow(/Line 2502 opens a quoted value that is never closed/);
    expect(rowCount(orders, shop.id)).toBe(0);
    const record = db.select().from(imports).where(eq(imports.shopId, shop.id)).get()!;
    expect(record).toMatchObject({ status: "failed" });
    // Importing the repaired file imports all of it.
    const dir = mkdtempSync(join(tmpdir(), "tactful-import-"));
    const repaired = join(dir, "repaired.csv");
    writeFileSync(
      repaired,
      readFileSync("tests/fixtures/malformed/unterminated_quote.csv", "utf8").replace('"Beans', "Beans"),
    );
    const { summary } = await importFixture(db, shop.id, repaired, { now: NOW });
    expect(summary.created.orders).toBe(1000);
  });

  it("rolls back the whole batch when an error is thrown inside its transaction", async () => {
    const shop = createShop(db);
    let batches = 0;
    const onProgress = () => {
      batches += 1;
      if (batches === 2) throw new Error("worker killed");
    };
    await expect(
      importFixture(db, shop.id, "online-retail/online_retail_slice.csv", {
        kind: "orders",
        mapping: UCI_MAPPING,
        now: NOW,
        batchSize: 500,
        onProgress,
      }),
    ).rejects.toThrow(/worker killed/);
    const record = db.select().from(imports).where(eq(imports.shopId, shop.id)).get()!;
    const firstBatchRows = record.summary!.rows;
    expect(firstBatchRows).toBeGreaterThanOrEqual(500);
    const savedIssues = db
      .select({ n: count() })
      .from(importIssues)
      .where(eq(importIssues.importId, record.id))
      .get()!.n;
    expect(savedIssues).toBe(Object.values(record.summary!.issues).reduce((a, b) => a + b, 0));
    // Every order saved starts within the first batch's rows.
    const lastLine = 1 + firstBatchRows;
    const text = readFileSync("tests/fixtures/online-retail/online_retail_slice.csv", "utf8").split("\n");
    const firstBatchInvoices = new Set(text.slice(1, lastLine).map((l) => l.split(",")[0]));
    const saved = db.select({ id: orders.externalId }).from(orders).where(eq(orders.shopId, shop.id)).all();
    expect(saved.length).toBeGreaterThan(0);
    expect(saved.every((o) => firstBatchInvoices.has(o.id))).toBe(true);
    // Importing the file again finishes the job without duplicates.
    const again = await importFixture(db, shop.id, "online-retail/online_retail_slice.csv", {
      kind: "orders",
      mapping: UCI_MAPPING,
      now: NOW,
    });
    expect(again.summary.unchanged.orders).toBe(saved.length);
    expect(rowCount(orders, shop.id)).toBe(saved.length + (again.summary.created.orders ?? 0));
  });
});

const UCI_MAPPING = {
  orderId: "InvoiceNo",
  sku: "StockCode",
  productName: "Description",
  quantity: "Quantity",
  orderedAt: "InvoiceDate",
  unitPrice: "UnitPrice",
  customerId: "CustomerID",
  country: "Country",
};

describe("UCI Online Retail through the generic mapping", () => {
  it("accounts for every line: imported, rejected with a reason, or noted", async () => {
    const shop = createShop(db);
    const { importId, summary } = await importFixture(db, shop.id, "online-retail/online_retail_slice.csv", {
      kind: "orders",
      mapping: UCI_MAPPING,
      now: NOW,
    });
    const dataLines =
      readFileSync("tests/fixtures/online-retail/online_retail_slice.csv", "utf8").trim().split("\n").length -
      1;
    expect(summary.rows).toBe(dataLines);
    const issues = issuesOf(importId);
    const rejectedLines = new Set(issues.filter((i) => i.outcome === "rejected").map((i) => i.line));
    const skippedLines = new Set(
      issues.filter((i) => i.code === "non_product_line" || i.code === "duplicate_line").map((i) => i.line),
    );
    const importedLines = rowCount(orderLines, shop.id);
    // An invoice of postage alone is noted line by line and rejected as having no products.
    const accounted = new Set([...rejectedLines, ...skippedLines]);
    expect(importedLines + accounted.size).toBe(dataLines);

    expect(summary.issues.cancelled_order).toBe(33);
    expect(summary.issues.missing_key).toBeGreaterThan(1000);
    expect(issues.some((i) => i.code === "missing_key" && i.detail.includes("has no customer"))).toBe(true);
    // Postage, fees and adjustments: each line is noted, or rejected with its invoice.
    const rows = readFileSync("tests/fixtures/online-retail/online_retail_slice.csv", "utf8")
      .trim()
      .split("\n");
    const feeLines = rows.flatMap((row, i) => (/^[^,]*,(?!\d{5})/.test(row) && i > 0 ? [i + 1] : []));
    expect(feeLines.length).toBeGreaterThan(15);
    const withIssue = new Set(issues.map((i) => i.line));
    expect(feeLines.filter((line) => !withIssue.has(line))).toEqual([]);
    expect(
      new Set(issues.filter((i) => i.code === "non_product_line").map((i) => i.detail.split(" ")[0])),
    ).toEqual(new Set(["POST", "M", "C2", "BANK", "PADS"]));
    // Customers are keyed by CustomerID ("17850.0" → "17850") and have no address to write to.
    const c = db
      .select()
      .from(customers)
      .where(and(eq(customers.shopId, shop.id), eq(customers.externalId, "17850")))
      .get()!;
    expect(c).toMatchObject({ email: "no-email:17850", marketingConsent: false, country: "United Kingdom" });
    expect(summary.issues.no_email).toBe(summary.created.orders);
  });
});

describe("the shop's data quality, at any time", () => {
  it("reports stale customers, customers without orders, future and non-positive orders, and uncontactable ones", async () => {
    const { shop } = await shopifyShop();
    await importFixture(db, shop.id, "online-retail/online_retail_slice.csv", {
      kind: "orders",
      mapping: UCI_MAPPING,
      now: NOW,
    });
    const checks = Object.fromEntries(shopQuality(db, shop.id, NOW).map((c) => [c.code, c]));
    // The UCI orders are from 2010-11: every one of those customers is stale.
    const uciCustomers = db
      .select({ n: count() })
      .from(customers)
      .where(and(eq(customers.shopId, shop.id), like(customers.email, "no-email:%")))
      .get()!.n;
    expect(checks.no_email.count).toBe(uciCustomers);
    expect(checks.stale.count).toBe(uciCustomers);
    expect(checks.no_email.examples[0]).toMatch(/^customer \d+$/);
    expect(checks.no_orders.examples).toEqual(expect.arrayContaining(["chloe@example.com"]));
    expect(checks.undeliverable_email.examples.join()).toMatch(/gmial/);
    expect(checks.future_order.examples).toEqual(["#1004"]);
    expect(checks.non_positive_total.examples).toEqual(["#1005"]);
    expect(checks.before_opening).toBeUndefined();

    db.update(shops).set({ openedOn: "2025-04-01" }).where(eq(shops.id, shop.id)).run();
    const again = shopQuality(db, shop.id, NOW).find((c) => c.code === "before_opening")!;
    expect(again.examples).toContain("#1001");
  });

  it("notes minors from birthdates against the shop's own minimum age", async () => {
    const shop = createShop(db, { minorAge: 21 });
    const dir = mkdtempSync(join(tmpdir(), "tactful-import-"));
    const file = join(dir, "members.csv");
    writeFileSync(
      file,
      "Email,Birthday\nkid@mail.co,2010-06-01\nyoung@mail.co,2006-01-01\nadult@mail.co,1980-01-01\n",
    );
    await importFixture(db, shop.id, file, {
      kind: "customers",
      mapping: { email: "Email", birthdate: "Birthday" },
      now: NOW,
    });
    const minors = shopQuality(db, shop.id, NOW).find((c) => c.code === "minor")!;
    expect(minors.examples.sort()).toEqual(["kid@mail.co", "young@mail.co"]);
  });
});
