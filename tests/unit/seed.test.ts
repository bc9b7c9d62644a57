import { createHash } from "node:crypto";
import { customers, orderLines, orders, shops, suppressions } from "../../db/schema";
import { seedDemo } from "../../db/seed/demo";
import { generateCustomers } from "../../db/seed/generate";
import { suppressionHash } from "../../db/seed/insert";
import { emailHash } from "../../jobs/suppression";
import { testDb } from "../setup/db";

const today = new Date("2026-11-01T00:00:00Z");

function fingerprint(seed: number) {
  const hash = createHash("sha256");
  for (const c of generateCustomers({ seed, customers: 200, ordersTarget: 2000, today }))
    hash.update(JSON.stringify(c));
  return hash.digest("hex");
}

describe("synthetic shop data", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    expect(fingerprint(7)).toBe(fingerprint(7));
    expect(fingerprint(7)).not.toBe(fingerprint(8));
  });

  it("keeps every order inside the two years, after consent, with 1 to 4 lines", () => {
    for (const c of generateCustomers({ seed: 3, customers: 500, ordersTarget: 5000, today })) {
      for (const o of c.orders) {
        expect(o.orderedAt.getTime()).toBeLessThan(today.getTime());
        expect(o.orderedAt.getTime()).toBeGreaterThan(today.getTime() - 2 * 366 * 86_400_000);
        expect(o.lines.length).toBeGreaterThanOrEqual(1);
        expect(o.lines.length).toBeLessThanOrEqual(4);
        if (c.consentAt) expect(c.consentAt.getTime()).toBeLessThanOrEqual(o.orderedAt.getTime());
      }
    }
  });

  it("hashes suppressed addresses exactly as the policy does", () => {
    for (const email of ["a@example.com", "  Mixed.Case@Example.ORG ", "ünï@example.net"]) {
      expect(suppressionHash(email)).toBe(emailHash(email));
    }
  });

  it("seeds the demo shop near its targets, with totals that match their lines, once", async () => {
    const db = testDb();
    const first = await seedDemo(db, { today });
    expect(first.created).toBe(true);
    const count = (table: Parameters<typeof db.$count>[0]) => db.$count(table);
    const sizes = {
      customers: await count(customers),
      orders: await count(orders),
      lines: await count(orderLines),
    };
    expect(sizes.customers).toBe(2000);
    expect(sizes.orders).toBeGreaterThan(18_000);
    expect(sizes.orders).toBeLessThan(22_000);

    const flags = db.$client
      .prepare(
        `SELECT avg(marketing_consent = 0) AS noConsent, avg(needs_care) AS care, avg(birthdate IS NULL) AS unknownAge,
                avg(birthdate > date(?, '-18 years')) AS minors FROM customers`,
      )
      .get(today.toISOString().slice(0, 10)) as Record<string, number>;
    expect(flags.noConsent).toBeGreaterThan(0.1);
    expect(flags.noConsent).toBeLessThan(0.2);
    expect(flags.care).toBeGreaterThan(0.002);
    expect(flags.care).toBeLessThan(0.03);
    expect(flags.unknownAge).toBeGreaterThan(0.25);
    expect(flags.minors).toBeGreaterThan(0.003);
    expect(flags.minors).toBeLessThan(0.04);
    const suppressed = await count(suppressions);
    expect(suppressed).toBeGreaterThan(10);
    expect(suppressed).toBeLessThan(80);

    const mismatched = db.$client
      .prepare(
        `SELECT count(*) AS n FROM orders o
         WHERE o.total_cents != (SELECT sum(quantity * unit_price_cents) FROM order_lines l WHERE l.order_id = o.id)`,
      )
      .get() as { n: number };
    expect(mismatched.n).toBe(0);

    const again = await seedDemo(db, { today });
    expect(again).toEqual({ shopId: first.shopId, created: false });
    expect(await count(orders)).toBe(sizes.orders);
    expect(await count(shops)).toBe(1);
  });
});
