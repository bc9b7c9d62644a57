import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createShop, createUser } from "../../db/seed/factories";
import { testDb } from "../setup/db";
import { renderPage } from "../setup/document";
import { importFixture } from "../setup/imports";
import { loginCookie } from "../setup/requests";

// Imported text reaches the Data page and its reports: names, tags, and the raw
// value of every rejected cell. None of it may come out as markup.
const SCRIPT = "<script>alert(1)</script>";
const ATTRIBUTE = `"><img src=x onerror=alert(1)>`;
const RAW = [SCRIPT, ATTRIBUTE, "<img src=x"];
const HANDLER_IN_TAG = /<[a-z][^>]*\son\w+=/i;
const markupOf = (html: string) =>
  html.replace(/<script[^>]*>[\s\S]*?<\/script>/g, "").replace(/"[^"]*"/g, '""');
const cell = (value: string) => `"${value.replaceAll('"', '""')}"`;

const db = testDb();
const shop = createShop(db);
const file = join(mkdtempSync(join(tmpdir(), "tactful-xss-")), "customers_export.csv");
writeFileSync(
  file,
  [
    "Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Country Code,Total Spent,Total Orders,Tags",
    [
      "101",
      cell(SCRIPT),
      cell(ATTRIBUTE),
      "mal@readers.example",
      "yes",
      "GB",
      "10.00",
      "1",
      cell(`vip, ${SCRIPT}`),
    ].join(","),
    ["102", "Eve", "Smith", cell(`${ATTRIBUTE}@x`), "yes", "GB", "5.00", "1", ""].join(","),
    ["103", cell(ATTRIBUTE), "Jones", cell(`${SCRIPT}@readers.example`), "no", "GB", "0.00", "0", ""].join(
      ",",
    ),
  ].join("\r\n"),
);

describe("imported text on the Data pages", () => {
  it("is escaped in the import report, the rejected rows and the shop's data quality", async () => {
    await createUser(db, shop.id, { email: "owner@xss.example" });
    const owner = await loginCookie("owner@xss.example");
    const { importId, summary } = await importFixture(db, shop.id, file);
    expect(summary.rows).toBe(3);
    let shown = 0;
    for (const path of ["/app/data", `/app/data/${importId}`]) {
      const response = await renderPage(path, owner);
      expect(response.status, path).toBe(200);
      const html = await response.text();
      for (const raw of RAW) expect(html, `${path} holds ${raw} unescaped`).not.toContain(raw);
      expect(markupOf(html), path).not.toMatch(HANDLER_IN_TAG);
      shown += html.split("&lt;script&gt;alert(1)&lt;/script&gt;").length - 1;
    }
    // The payloads are on the pages, as text.
    expect(shown).toBeGreaterThan(0);
  });
});
