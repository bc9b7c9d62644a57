import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";

const committed = fileURLToPath(new URL("../../db/migrations", import.meta.url));

/** A copy of the migrations folder holding only the first `count` migrations. */
function migrationsUpTo(dir: string, count: number) {
  const folder = join(dir, "migrations");
  cpSync(committed, folder, { recursive: true });
  const journalPath = join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: unknown[] };
  journal.entries = journal.entries.slice(0, count);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

describe("migration 0006", () => {
  it("strips the shop row that older stored checks copied, keeping the pushiness numbers", () => {
    const dir = mkdtempSync(join(tmpdir(), "tactful-migrations-"));
    try {
      const db = openDatabase(join(dir, "old.sqlite"));
      migrate(db, { migrationsFolder: migrationsUpTo(dir, 6) });
      const sqlite = db.$client;
      sqlite
        .prepare(
          "INSERT INTO shops (slug, name, from_email, postal_address, token_secret) VALUES (?, ?, ?, ?, ?)",
        )
        .run("old", "Old Shop", "hello@old.example", "1 High Street", "the-old-secret");
      const pushiness = {
        recipients: 10,
        nearCap: 2,
        recentlyEmailed: 3,
        capCount: 2,
        capWindowDays: 7,
        tokenSecret: "the-old-secret",
        previousTokenSecret: "an-older-secret",
      };
      const checks = { findings: [], pushiness, rates: { country: [], age: [] }, checkedAt: "2026-11-01" };
      sqlite
        .prepare(
          "INSERT INTO campaigns (shop_id, name, subject, body, checks) VALUES (1, 'Old', 'Hi', 'Hi', ?)",
        )
        .run(JSON.stringify(checks));

      migrateDatabase(db);

      const row = sqlite.prepare("SELECT checks FROM campaigns").get() as { checks: string };
      expect(row.checks).not.toContain("secret");
      expect(JSON.parse(row.checks)).toEqual({
        ...checks,
        pushiness: { recipients: 10, nearCap: 2, recentlyEmailed: 3, capCount: 2, capWindowDays: 7 },
      });
      sqlite.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
