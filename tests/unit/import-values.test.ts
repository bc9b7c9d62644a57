import { readFileSync } from "node:fs";
import { detectDelimiter, detectEncoding, sniff } from "../../jobs/import/read";
import {
  emailProblem,
  isSensitiveCategory,
  isSensitiveTaxonomy,
  nonProductLine,
  parseConsent,
  parseDateTime,
  parseMoney,
  sensitiveKindOf,
  sensitiveTaxonomyKind,
  taxonomyLeaf,
} from "../../jobs/import/values";
import { checkMapping, detectFormat, guessMapping } from "../../jobs/import/formats";

const fixture = (name: string) => readFileSync(`tests/fixtures/${name}`);

describe("reading what shops export", () => {
  it("tells Windows-1252 from UTF-8 and finds the delimiter outside quotes", () => {
    expect(detectEncoding(fixture("encodings/customers_windows1252.csv"))).toBe("windows-1252");
    expect(detectEncoding(fixture("shopify/customers_export.csv"))).toBe("utf-8");
    expect(detectDelimiter('a;b;"c,d,e";f')).toBe(";");
    expect(detectDelimiter("a,b,c")).toBe(",");
    expect(detectDelimiter("a\tb\tc")).toBe("\t");
  });

  it("strips a BOM from the header", () => {
    const sniffed = sniff(fixture("encodings/orders_bom_semicolon_crlf.csv"));
    expect(sniffed.header[0]).toBe("Invoice");
    expect(sniffed.delimiter).toBe(";");
  });

  it("recognises the Shopify exports, current and older, by their own headers", () => {
    const id = (name: string) => detectFormat(sniff(fixture(name)).header)?.id;
    expect(id("shopify/customers_export.csv")).toBe("shopify-customers");
    expect(id("shopify/customers_export_legacy.csv")).toBe("shopify-customers-legacy");
    expect(id("shopify/products_export.csv")).toBe("shopify-products");
    expect(id("shopify/orders_export.csv")).toBe("shopify-orders");
    expect(id("online-retail/online_retail_slice.csv")).toBeUndefined();
  });

  it("asks for the fields an import cannot do without", () => {
    const header = ["InvoiceNo", "StockCode", "Quantity"];
    const problems = checkMapping(
      "orders",
      { orderId: "InvoiceNo", sku: "StockCode", quantity: "Nope" },
      header,
    );
    expect(problems).toContain('The file has no column "Nope".');
    expect(problems.some((p) => p.includes("Order date"))).toBe(true);
  });
});

describe("values", () => {
  it("reads money in the forms exports use", () => {
    expect(parseMoney("12.50")).toBe(1250);
    expect(parseMoney("£1,234.50")).toBe(123450);
    expect(parseMoney("7,50")).toBe(750);
    expect(parseMoney("1.234,50")).toBe(123450);
    expect(parseMoney("-3")).toBe(-300);
    expect(parseMoney("free")).toBeNull();
  });

  it("reads dates with their offsets and rejects impossible ones", () => {
    expect(parseDateTime("2025-03-02 10:15:00 +0100")?.toISOString()).toBe("2025-03-02T09:15:00.000Z");
    expect(parseDateTime("2010-12-01 08:26:00")?.toISOString()).toBe("2010-12-01T08:26:00.000Z");
    expect(parseDateTime("2025-01-15T10:00:00Z")?.toISOString()).toBe("2025-01-15T10:00:00.000Z");
    expect(parseDateTime("15/01/2025")?.toISOString()).toBe("2025-01-15T00:00:00.000Z");
    expect(parseDateTime("2025-02-31 09:00:00 +0000")).toBeNull();
    expect(parseDateTime("2025-13-01")).toBeNull();
    expect(parseDateTime("yesterday")).toBeNull();
  });

  it("reads consent as yes or no, and says when it cannot", () => {
    expect(parseConsent("yes")).toBe(true);
    expect(parseConsent("no")).toBe(false);
    expect(parseConsent("")).toBe(false);
    expect(parseConsent("maybe")).toBeNull();
  });

  it("tells invalid addresses from undeliverable-looking ones", () => {
    expect(emailProblem("dan@@gmail")?.invalid).toBe(true);
    expect(emailProblem("a..b@mail.com")?.invalid).toBe(true);
    expect(emailProblem("chloe@example.com")).toEqual({
      invalid: false,
      reserved: true,
      reason: "reserved domain, never delivered",
    });
    for (const reserved of ["x@shop.example", "x@mail.test", "x@nowhere.invalid", "x@a.example.org"])
      expect(emailProblem(reserved)?.reserved, reserved).toBe(true);
    for (const real of ["x@example-shop.com", "x@myexample.com", "x@testing.co.uk"])
      expect(emailProblem(real), real).toBeNull();
    expect(emailProblem("noreply@shop.co")).toMatchObject({ invalid: false, reserved: false });
    expect(emailProblem("eve@gmial.com")?.reason).toBe("looks like a mistyped domain");
    expect(emailProblem("ada@lovelace.co.uk")).toBeNull();
  });

  it("knows postage, fees and adjustments from goods", () => {
    expect(nonProductLine("POST", "POSTAGE")).toBe("POST (POSTAGE)");
    expect(nonProductLine("BANK CHARGES", "Bank Charges")).toBeTruthy();
    expect(nonProductLine("", "Shipping protection")).toBe("Shipping protection");
    expect(nonProductLine("M", "Manual")).toBe("M (Manual)");
    expect(nonProductLine("B", "Beans")).toBeNull();
    expect(nonProductLine("85123A", "WHITE HANGING HEART T-LIGHT HOLDER")).toBeNull();
  });

  it("marks alcohol and the like sensitive from a category's leaf, not its ancestors", () => {
    expect(taxonomyLeaf("Food, Beverages & Tobacco > Beverages > Coffee")).toBe("Coffee");
    expect(isSensitiveTaxonomy("Food, Beverages & Tobacco > Beverages > Coffee")).toBe(false);
    expect(
      isSensitiveTaxonomy("Food, Beverages & Tobacco > Beverages > Alcoholic Beverages > Liqueurs"),
    ).toBe(true);
    expect(isSensitiveCategory("Weight Loss Supplements")).toBe(true);
  });

  it("names the kind of a sensitive category", () => {
    expect(
      sensitiveTaxonomyKind("Food, Beverages & Tobacco > Beverages > Alcoholic Beverages > Liqueurs"),
    ).toBe("alcohol");
    expect(sensitiveTaxonomyKind("Food, Beverages & Tobacco > Tobacco Products > Cigars")).toBe("tobacco");
    expect(sensitiveTaxonomyKind("Food, Beverages & Tobacco > Beverages > Coffee")).toBeNull();
    expect(
      ["Sports Betting Vouchers", "Slimming Tea", "Store Credit", "Adult Toys", "Dry Gin", "Dark Rum"].map(
        sensitiveKindOf,
      ),
    ).toEqual(["gambling", "weight_loss", "credit", "adult", "alcohol", "alcohol"]);
    expect(["Single-origin coffee", "Face Serum", "Spectrum Mugs"].map(sensitiveKindOf)).toEqual([
      null,
      null,
      null,
    ]);
  });
});

describe("mapping suggestions", () => {
  it("maps the UCI Online Retail columns to order fields", () => {
    const header = [
      "InvoiceNo",
      "StockCode",
      "Description",
      "Quantity",
      "InvoiceDate",
      "UnitPrice",
      "CustomerID",
      "Country",
    ];
    expect(guessMapping("orders", header)).toEqual({
      orderId: "InvoiceNo",
      orderedAt: "InvoiceDate",
      customerId: "CustomerID",
      sku: "StockCode",
      productName: "Description",
      quantity: "Quantity",
      unitPrice: "UnitPrice",
      country: "Country",
    });
    expect(checkMapping("orders", guessMapping("orders", header), header)).toEqual([]);
  });
});
