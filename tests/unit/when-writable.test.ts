import { sql } from "drizzle-orm";
import { whenWritable } from "../../db/client";
import { testDb } from "../setup/db";

// Two handles on one file, as two worker processes have.
const mine = testDb();
const other = testDb();
mine.run(sql`CREATE TABLE IF NOT EXISTS writes (n INTEGER)`);

const busyTimeout = () => mine.$client.pragma("busy_timeout", { simple: true });
const rows = () => mine.all<{ n: number }>(sql`SELECT n FROM writes ORDER BY n`).map((r) => r.n);
const insert = (n: number) => () =>
  mine.transaction((tx) => tx.run(sql`INSERT INTO writes VALUES (${n})`).changes, { behavior: "immediate" });

beforeEach(() => mine.run(sql`DELETE FROM writes`));

describe("a write waiting for the write lock", () => {
  it("lets the event loop run while another handle holds the lock, then writes", async () => {
    const before = busyTimeout();
    other.$client.prepare("BEGIN IMMEDIATE").run();
    let ticks = 0;
    const ticking = setInterval(() => ticks++, 1);
    // The holder lets go from a timer: in a busy handler that sleeps the
    // process, it never would, and the write would fail after the timeout.
    setTimeout(() => other.$client.prepare("COMMIT").run(), 50);

    const written = await whenWritable(mine, insert(1));

    clearInterval(ticking);
    expect(written).toBe(1);
    expect(ticks).toBeGreaterThan(5);
    expect(rows()).toEqual([1]);
    expect(busyTimeout()).toBe(before);
  });

  it("gives any other error at once, and restores the busy timeout", async () => {
    const before = busyTimeout();
    const started = Date.now();
    await expect(
      whenWritable(mine, () =>
        mine.transaction(() => mine.$client.prepare("INSERT INTO no_such_table VALUES (1)").run(), {
          behavior: "immediate",
        }),
      ),
    ).rejects.toThrow(/no such table/);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(busyTimeout()).toBe(before);
  });
});
