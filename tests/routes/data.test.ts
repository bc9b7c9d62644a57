import { readFileSync } from "node:fs";
import { and, eq } from "drizzle-orm";
import { createShop, createUser } from "../../db/seed/factories";
import { columnMappings, customers, imports } from "../../db/schema";
import { suppressEmail } from "../../jobs/suppression";
import { action as uploadAction, loader as dataLoader } from "~/routes/app.data._index";
import { action as confirmAction, loader as importLoader } from "~/routes/app.data.$importId";
import { loader as issuesLoader } from "~/routes/app.data.$importId.issues[.]csv";
import { neutralise } from "~/models/data.server";
import { loader as settingsLoader } from "~/routes/app.settings";
import { testDb } from "../setup/db";
import { renderPage } from "../setup/document";
import { importFixture } from "../setup/imports";
import { startPipeline, waitFor } from "../setup/pipeline";
import { formRequest, getRequest, loginCookie, responseOf, uploadRequest } from "../setup/requests";

const db = testDb();
let owner: Record<string, string>;
let staff: Record<string, string>;
let shopId: number;
let other: Record<string, string>;

beforeAll(async () => {
  const shop = createShop(db);
  shopId = shop.id;
  await createUser(db, shop.id, { email: "owner@data.example" });
  await createUser(db, shop.id, { email: "staff@data.example", role: "staff" });
  const otherShop = createShop(db);
  await createUser(db, otherShop.id, { email: "owner@other.example" });
  owner = await loginCookie("owner@data.example");
  staff = await loginCookie("staff@data.example");
  other = await loginCookie("owner@other.example");
});

function upload(cookie: Record<string, string>, name: string, bytes: Buffer | string, type = "text/csv") {
  const form = new FormData();
  form.append("file", new File([typeof bytes === "string" ? bytes : new Uint8Array(bytes)], name, { type }));
  return responseOf(() =>
    uploadAction({
      request: uploadRequest("/app/data?index", form, cookie),
      params: {},
      context: {},
    }),
  );
}

const importIdOf = (response: Response) => Number(response.headers.get("Location")!.split("/").pop());
const loadImport = async (cookie: Record<string, string>, id: number, query = "") =>
  responseOf(() =>
    importLoader({
      request: getRequest(`/app/data/${id}${query}`, cookie),
      params: { importId: String(id) },
      context: {},
    }),
  );
const confirm = (cookie: Record<string, string>, id: number, fields: Record<string, string>) =>
  responseOf(() =>
    confirmAction({
      request: formRequest(`/app/data/${id}`, fields, cookie),
      params: { importId: String(id) },
      context: {},
    }),
  );

describe("the Data page", () => {
  it("lets staff upload a Shopify export and previews it with its recognised columns", async () => {
    const response = await upload(
      staff,
      "orders_export.csv",
      readFileSync("tests/fixtures/shopify/orders_export.csv"),
    );
    expect(response.status).toBe(302);
    const data = await (await loadImport(staff, importIdOf(response))).json();
    expect(data.import).toMatchObject({
      format: "shopify-orders",
      known: true,
      status: "uploaded",
      fileName: "orders_export.csv",
    });
    expect(data.file.header).toContain("Lineitem quantity");
    expect(data.file.preview[0][0]).toBe("#1001");
  });

  it("refuses a workbook or an empty file with a clear error", async () => {
    const workbook = await upload(owner, "customers.xlsx", Buffer.from("PK\u0003\u0004\u0000\u0000binary"));
    expect(workbook.status).toBe(400);
    expect((await workbook.json()).errors.file).toMatch(/Save it as CSV/);
    const empty = await upload(owner, "empty.csv", "");
    expect(empty.status).toBe(400);
  });

  it.each([
    "prices=final.csv",
    "kunden;2025.csv",
    'the "good" customers.csv',
    "Kundenübersicht.csv",
    "顧客.csv",
    "it's (1) – 100%.csv",
  ])("accepts and shows the file name %s as it was chosen", async (name) => {
    const customers = readFileSync("tests/fixtures/shopify/customers_export.csv");
    const response = await upload(owner, name, customers);
    expect(response.status).toBe(302);
    const data = await (await loadImport(owner, importIdOf(response))).json();
    expect(data.import.fileName).toBe(name);
    expect(data.file.header).toContain("Email");
    const page = await (
      await responseOf(() => dataLoader({ request: getRequest("/app/data", owner), params: {}, context: {} }))
    ).json();
    expect(page.imports.map((i: { fileName: string }) => i.fileName)).toContain(name);
  });

  it("names the issues download after the file, non-ASCII letters and all", async () => {
    const response = await upload(owner, "Kundenübersicht (März).csv", "Email,First Name\nann@lee.io,Ann\n");
    const id = importIdOf(response);
    const csv = await responseOf(() =>
      issuesLoader({
        request: getRequest(`/app/data/${id}/issues.csv`, owner),
        params: { importId: String(id) },
        context: {},
      }),
    );
    expect(csv.headers.get("Content-Disposition")).toBe(
      `attachment; filename="Kunden_bersicht__M_rz_-issues.csv"; filename*=UTF-8''Kunden%C3%BCbersicht%20%28M%C3%A4rz%29-issues.csv`,
    );
  });

  it("keeps only the file's own name, not a folder the browser sent", async () => {
    const response = await upload(owner, "C:\\Users\\ann\\Kunden.csv", "Email,First Name\nann@lee.io,Ann\n");
    expect(response.status).toBe(302);
    const data = await (await loadImport(owner, importIdOf(response))).json();
    expect(data.import.fileName).toBe("Kunden.csv");
  });

  it("refuses what the import command refuses, with the same words", async () => {
    const refused = async (name: string, bytes: Buffer | string) => {
      const response = await upload(owner, name, bytes);
      expect(response.status, name).toBe(400);
      return (await response.json()).errors.file as string;
    };
    const before = (
      await (
        await responseOf(() =>
          dataLoader({ request: getRequest("/app/data", owner), params: {}, context: {} }),
        )
      ).json()
    ).imports.length;
    expect(await refused("zeros.csv", Buffer.alloc(3 * 1024 * 1024))).toMatch(
      /^This file holds NUL bytes, so it is not a CSV file/,
    );
    expect(
      await refused("quote.csv", readFileSync("tests/fixtures/malformed/unterminated_quote.csv")),
    ).toMatch(/^Line 2502 opens a quoted value that is never closed/);
    expect(await refused("long.csv", `Email,First Name\nann@lee.io,${"x".repeat(3 * 1024 * 1024)}`)).toMatch(
      /^Line 2 is longer than 1 MB/,
    );
    const noBom = Buffer.from("Email\tFirst Name\r\nann@lee.io\tAnn\r\n", "utf16le");
    expect(await refused("unicode.txt", noBom)).toMatch(/UTF-16 without a byte-order mark/);
    const after = (
      await (
        await responseOf(() =>
          dataLoader({ request: getRequest("/app/data", owner), params: {}, context: {} }),
        )
      ).json()
    ).imports.length;
    expect(after).toBe(before);
  });

  it("reads Excel's Unicode text (UTF-16 with a byte-order mark, tab-separated)", async () => {
    const text = "Email\tFirst Name\r\njuergen@weiss.de\tJürgen\r\nyui@mail.jp\t結衣\r\n";
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const response = await upload(owner, "Kunden.txt", bytes, "text/plain");
    expect(response.status).toBe(302);
    const data = await (await loadImport(owner, importIdOf(response))).json();
    expect(data.file).toMatchObject({
      encoding: "utf-16le",
      encodingLabel: "UTF-16 (little-endian)",
      delimiter: "\t",
      header: ["Email", "First Name"],
      preview: [
        ["juergen@weiss.de", "Jürgen"],
        ["yui@mail.jp", "結衣"],
      ],
    });
  });

  it("keeps another shop out of an import", async () => {
    const response = await upload(
      owner,
      "customers_export.csv",
      readFileSync("tests/fixtures/shopify/customers_export.csv"),
    );
    const id = importIdOf(response);
    expect((await loadImport(other, id)).status).toBe(404);
    const issues = await responseOf(() =>
      issuesLoader({
        request: getRequest(`/app/data/${id}/issues.csv`, other),
        params: { importId: String(id) },
        context: {},
      }),
    );
    expect(issues.status).toBe(404);
  });

  it("maps an unknown file, remembers the mapping, runs the job and reports, exportable by the owner only", async () => {
    const pipeline = await startPipeline(db);
    try {
      const slice = readFileSync("tests/fixtures/online-retail/online_retail_slice.csv");
      const first = importIdOf(await upload(staff, "-2+3 retail.csv", slice));
      const preview = await (await loadImport(staff, first, "?kind=orders")).json();
      expect(preview.import.known).toBe(false);
      expect(preview.suggested).toMatchObject({ orderId: "InvoiceNo", customerId: "CustomerID" });

      const missing = await confirm(staff, first, { kind: "orders", "map.orderId": "InvoiceNo" });
      expect(missing.status).toBe(400);
      expect((await missing.json()).errors.join(" ")).toMatch(/Order date/);

      const fields = Object.fromEntries(
        Object.entries(preview.suggested).map(([f, c]) => [`map.${f}`, c as string]),
      );
      expect((await confirm(staff, first, { kind: "orders", ...fields })).status).toBe(302);
      const done = await waitFor("the import job", () => {
        const row = db.select().from(imports).where(eq(imports.id, first)).get();
        return row?.status === "done" || row?.status === "failed" ? row : undefined;
      });
      expect(done.status).toBe("done");
      const report = await (await loadImport(staff, first)).json();
      expect(report.import.summary.issues.cancelled_order).toBe(33);
      expect(report.rejected[0]).toMatchObject({ label: expect.any(String), line: expect.any(Number) });

      expect(db.select().from(columnMappings).where(eq(columnMappings.shopId, shopId)).all()).toHaveLength(1);
      const second = importIdOf(await upload(staff, "again.csv", slice));
      expect((await (await loadImport(staff, second)).json()).import).toMatchObject({
        format: "mapped-orders",
      });

      const denied = await responseOf(() =>
        issuesLoader({
          request: getRequest(`/app/data/${first}/issues.csv`, staff),
          params: { importId: String(first) },
          context: {},
        }),
      );
      expect(denied.status).toBe(403);
      const csv = await responseOf(() =>
        issuesLoader({
          request: getRequest(`/app/data/${first}/issues.csv`, owner),
          params: { importId: String(first) },
          context: {},
        }),
      );
      const text = await csv.text();
      const lines = text.trim().split("\r\n");
      expect(lines[0]).toBe("file,line,outcome,reason,detail");
      expect(lines).toHaveLength(
        1 + Object.values(report.import.summary.issues as Record<string, number>).reduce((a, b) => a + b, 0),
      );
      // The file's name starts with "-": a spreadsheet would take it for a formula.
      expect(lines[1].startsWith("'-2+3 retail.csv,")).toBe(true);
    } finally {
      await pipeline.stop();
    }
  });

  it("reports the changes an import refused to keep protections, and the cancelled orders it skipped", async () => {
    const shop = createShop(db);
    await createUser(db, shop.id, { email: "owner@report.example" });
    const cookie = await loginCookie("owner@report.example");
    await importFixture(db, shop.id, "shopify/customers_export.csv");
    const ada = db
      .select()
      .from(customers)
      .where(and(eq(customers.shopId, shop.id), eq(customers.email, "ada@lovelace.co.uk")))
      .get()!;
    suppressEmail(db, {
      shopId: shop.id,
      email: ada.email,
      reason: "unsubscribed",
      source: "one-click",
      actor: "recipient",
      subject: `customer:${ada.id}`,
    });
    const again = await importFixture(db, shop.id, "shopify/customers_export.csv");
    const report = await (await loadImport(cookie, again.importId)).json();
    expect(report.refusedCount).toBe(2);
    expect(report.refused).toEqual([
      {
        line: 2,
        code: "kept_withdrawal",
        label: "Consent not applied: the customer withdrew it",
        detail: expect.stringMatching(
          new RegExp(`^customer ${ada.id} \\(ada@lovelace\\.co\\.uk\\): .*unsubscribed`),
        ),
      },
      expect.objectContaining({ line: 7, code: "kept_withdrawal" }),
    ]);
    const page = await (await renderPage(`/app/data/${again.importId}`, cookie)).text();
    expect(page).toContain("Changes not made, to keep a protection (2)");
    // Refusals are not rejected rows: the rest of the row was imported.
    expect(report.rejected.map((r: { code: string }) => r.code)).toEqual(["invalid_email"]);

    const orders = await importFixture(db, shop.id, "shopify/orders_export.csv");
    const ordersReport = await (await loadImport(cookie, orders.importId)).json();
    expect(ordersReport.import.summary.cancelledOrders).toBe(2);
    expect(ordersReport.refusedCount).toBe(0);
    const ordersPage = await (await renderPage(`/app/data/${orders.importId}`, cookie)).text();
    expect(ordersPage).toContain("2 cancelled orders, with their items");
  });

  it("lets only the owner change the stale window, and validates it", async () => {
    const bad = await responseOf(() =>
      uploadAction({
        request: formRequest("/app/data", { staleMonths: "1", openedOn: "" }, owner),
        params: {},
        context: {},
      }),
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.staleMonths).toMatch(/At least 3/);
    const denied = await responseOf(() =>
      uploadAction({
        request: formRequest("/app/data", { staleMonths: "12", openedOn: "" }, staff),
        params: {},
        context: {},
      }),
    );
    expect(denied.status).toBe(403);
    await responseOf(() =>
      uploadAction({
        request: formRequest("/app/data", { staleMonths: "12", openedOn: "2019-04-01" }, owner),
        params: {},
        context: {},
      }),
    );
    const page = await (
      await responseOf(() => dataLoader({ request: getRequest("/app/data", owner), params: {}, context: {} }))
    ).json();
    expect(page.quality.settings).toMatchObject({ staleMonths: 12, openedOn: "2019-04-01" });
    const settings = await (
      await responseOf(() =>
        settingsLoader({ request: getRequest("/app/settings", staff), params: {}, context: {} }),
      )
    ).json();
    expect(settings.settings.staleMonths).toBe(12);
  });
});

describe("spreadsheet formula neutralisation", () => {
  it.each([
    ["=HYPERLINK(1)", "'=HYPERLINK(1)"],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["plain", "plain"],
  ])("%s", (cell, expected) => expect(neutralise(cell)).toBe(expected));
});
