import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { and, asc, count, eq } from "drizzle-orm";
import { createShop } from "../../db/seed/factories";
import { customers, importIssues, imports, orders } from "../../db/schema";
import { testDb } from "../setup/db";

// `npm run import` as a shop owner runs it: a real process on this test
// file's SQLite file, with a small heap, so a reader that holds a whole file
// (or one endless line) in memory dies instead of passing.
const db = testDb();
const dir = mkdtempSync(join(tmpdir(), "tactful-import-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Run = { code: number | null; stdout: string; stderr: string };

function importCli(shopSlug: string, file: string, ...args: string[]): Promise<Run> {
  const child = spawn(
    resolve("node_modules/.bin/tsx"),
    ["scripts/import.ts", "--database", process.env.DATABASE_PATH!, "--shop", shopSlug, ...args, file],
    { env: { ...process.env, NODE_OPTIONS: "--max-old-space-size=96" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.on("close", (code) => done({ code, stdout, stderr })));
}

/** A file of `megabytes` made of `fill`, after `head`, written in pieces so the test itself stays small. */
function bigFile(name: string, head: string, fill: string, megabytes: number) {
  const path = join(dir, name);
  const fd = openSync(path, "w");
  writeSync(fd, head);
  const piece = Buffer.alloc(1024 * 1024, fill);
  for (let i = 0; i < megabytes; i++) writeSync(fd, piece);
  closeSync(fd);
  return path;
}

const STACK_FRAME = /^\s+at .+:\d+/m;
const ordersOf = (shopId: number) =>
  db.select({ n: count() }).from(orders).where(eq(orders.shopId, shopId)).get()!.n;

describe("the import command", () => {
  it("refuses a file with an unterminated quote, naming its line, and imports nothing of it", async () => {
    const shop = createShop(db);
    const run = await importCli(shop.slug, "tests/fixtures/malformed/unterminated_quote.csv");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /unterminated_quote\.csv: Line 2502 opens a quoted value that is never closed/,
    );
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(ordersOf(shop.id)).toBe(0);
    const record = db.select().from(imports).where(eq(imports.shopId, shop.id)).get()!;
    expect(record.status).toBe("failed");
    expect(record.error).toMatch(/Line 2502 opens a quoted value/);
  });

  it("says the same, without a stack trace, when the quote is in the first rows", async () => {
    const shop = createShop(db);
    const file = join(dir, "early-quote.csv");
    writeFileSync(file, 'Email,First Name\nann@lee.io,Ann\n"bob@ray.io,Bob\ncat@ng.io,Cat\n');
    const run = await importCli(shop.slug, file, "--kind", "customers", "--map", "email=Email");
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/early-quote\.csv: Line 3 opens a quoted value that is never closed/);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(db.select({ n: count() }).from(customers).where(eq(customers.shopId, shop.id)).get()!.n).toBe(0);
  });

  it("refuses a file of NUL bytes at once, as the Data page does", async () => {
    const shop = createShop(db);
    const file = bigFile("zeros.csv", "", "\0", 50);
    const run = await importCli(shop.slug, file, "--kind", "customers", "--map", "email=Email");
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/zeros\.csv: This file holds NUL bytes, so it is not a CSV file/);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it("refuses NUL bytes further into a file, with their line", async () => {
    const shop = createShop(db);
    const file = join(dir, "late-nul.csv");
    const rows = Array.from({ length: 5000 }, (_, i) => `p${i}@mail.co,P${i}`);
    rows[4000] = "late@mail.co,La\0te";
    writeFileSync(file, `Email,First Name\n${rows.join("\n")}\n`);
    const run = await importCli(shop.slug, file, "--kind", "customers", "--map", "email=Email");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/late-nul\.csv: Line 4002 holds a NUL byte, so this is not a CSV file/);
    expect(db.select({ n: count() }).from(customers).where(eq(customers.shopId, shop.id)).get()!.n).toBe(0);
  });

  it("refuses one endless line without holding it in memory", async () => {
    const shop = createShop(db);
    const file = bigFile("one-line.csv", "Email,First Name\nann@lee.io,", "x", 50);
    const run = await importCli(shop.slug, file, "--kind", "customers", "--map", "email=Email");
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/one-line\.csv: Line 2 is longer than 1 MB/);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it("refuses a file that is one endless first line", async () => {
    const shop = createShop(db);
    const file = bigFile("no-breaks.csv", "", "x", 50);
    const run = await importCli(shop.slug, file, "--kind", "customers", "--map", "email=Email");
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/no-breaks\.csv: The first line is longer than 64 KB/);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it("rejects rows with absurd values, each with its line and reason, and imports the rest", async () => {
    const shop = createShop(db);
    const file = join(dir, "absurd.csv");
    writeFileSync(
      file,
      [
        "Invoice,Date,Email,Sku,Qty,Price,Total",
        "A1,2025-01-01,a@shop.io,X,1,2.00,100000000000000000000",
        "A2,2025-01-02,a@shop.io,X,1000000000000,2.00,2.00",
        "A3,0001-01-01,a@shop.io,X,1,2.00,2.00",
        "A4,2099-01-01,a@shop.io,X,1,2.00,2.00",
        "A5,2025-01-03,a@shop.io,X,1,2.00,2.00",
        "",
      ].join("\n"),
    );
    const mapping = ["orderId=Invoice", "orderedAt=Date", "email=Email", "sku=Sku", "quantity=Qty"];
    const run = await importCli(
      shop.slug,
      file,
      "--kind",
      "orders",
      ...[...mapping, "unitPrice=Price", "total=Total"].flatMap((m) => ["--map", m]),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Unreadable number: 2/);
    expect(run.stdout).toMatch(/Unreadable or impossible date: 2/);
    const issues = db
      .select({ line: importIssues.line, outcome: importIssues.outcome, detail: importIssues.detail })
      .from(importIssues)
      .where(and(eq(importIssues.shopId, shop.id)))
      .orderBy(asc(importIssues.line))
      .all();
    expect(issues).toEqual([
      { line: 2, outcome: "rejected", detail: expect.stringMatching(/^order A1: total .* is beyond/) },
      { line: 3, outcome: "rejected", detail: "quantity 1000000000000 is beyond 100,000 either way" },
      { line: 4, outcome: "rejected", detail: "order A3: 0001-01-01 is before 1990" },
      { line: 5, outcome: "rejected", detail: "order A4: 2099-01-01 is in the future" },
    ]);
    expect(ordersOf(shop.id)).toBe(1);
  });

  it("reads Excel's Unicode text: UTF-16 with a byte-order mark, tab-separated", async () => {
    const shop = createShop(db);
    const text = "Email\tFirst Name\r\njuergen@weiss.de\tJürgen\r\nyui@mail.jp\t結衣\r\n";
    const little = join(dir, "unicode-le.txt");
    writeFileSync(little, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    const big = join(dir, "unicode-be.txt");
    writeFileSync(big, Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]));
    for (const file of [little, big]) {
      const run = await importCli(
        shop.slug,
        file,
        "--kind",
        "customers",
        "--map",
        "email=Email",
        "--map",
        "firstName=First Name",
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/UTF-16/);
    }
    const names = db
      .select({ email: customers.email, firstName: customers.firstName })
      .from(customers)
      .where(eq(customers.shopId, shop.id))
      .orderBy(asc(customers.email))
      .all();
    expect(names).toEqual([
      { email: "juergen@weiss.de", firstName: "Jürgen" },
      { email: "yui@mail.jp", firstName: "結衣" },
    ]);
  });

  it("names UTF-16 without a byte-order mark instead of importing it as garbage", async () => {
    const shop = createShop(db);
    const file = join(dir, "no-bom.txt");
    writeFileSync(file, Buffer.from("Email\tFirst Name\r\nann@lee.io\tAnn\r\n", "utf16le"));
    const run = await importCli(shop.slug, file, "--kind", "customers", "--map", "email=Email");
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/UTF-16 without a byte-order mark/);
  });

  it("still imports a good file", async () => {
    const shop = createShop(db);
    const run = await importCli(shop.slug, "tests/fixtures/shopify/customers_export.csv");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/new: \d+ customers/);
  });
});
