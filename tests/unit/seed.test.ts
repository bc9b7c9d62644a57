import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import {
  categories,
  customers,
  orderLines,
  orders,
  products,
  shops,
  suppressions,
  users,
} from "../../db/schema";
import { verifyPassword } from "../../db/password";
import { createShop } from "../../db/seed/factories";
import { DEMO_LOGIN, DEMO_STAFF_LOGIN, seedDemo, seedShop } from "../../db/seed/demo";
import { generateShopData, type GeneratedCustomer, type GenerateOptions } from "../../db/seed/generate";
import { insertShopData, suppressionHash, type InsertCounts } from "../../db/seed/insert";
import { shopQuality } from "../../jobs/import/quality";
import { emailHash } from "../../jobs/suppression";
import { testDb } from "../setup/db";

const DAY = 86_400_000;
const today = new Date("2026-06-01T00:00:00Z");
const small = { seed: 3, customers: 600, ordersTarget: 5000, today } satisfies GenerateOptions;

function fingerprint(stream: Iterable<GeneratedCustomer>) {
  const hash = createHash("sha256");
  for (const c of stream) hash.update(JSON.stringify(c));
  return hash.digest("hex");
}

const all = (options: GenerateOptions) => [...generateShopData(options).customers];
const orderCount = (list: GeneratedCustomer[]) => list.reduce((n, c) => n + c.orders.length, 0);

describe("generateShopData", () => {
  it("gives the same data for the same seed, on every pass, and other data for another seed", () => {
    const data = generateShopData(small);
    const first = fingerprint(data.customers);
    expect(fingerprint(data.customers)).toBe(first);
    expect(fingerprint(generateShopData(small).customers)).toBe(first);
    expect(fingerprint(generateShopData({ ...small, seed: 4 }).customers)).not.toBe(first);
  });

  it("has a catalogue of 60 priced products in 8 categories, one of them sensitive", () => {
    const { categories: cats, products: items } = generateShopData(small);
    expect(cats).toHaveLength(8);
    expect(cats.filter((c) => c.sensitive).map((c) => c.name)).toEqual(["Spirits & liqueurs"]);
    expect(items).toHaveLength(60);
    expect(new Set(items.map((p) => p.sku)).size).toBe(60);
    const coffeeAndTea = ["Single-origin coffee", "Blends", "Decaf", "Tea"];
    for (const p of items) {
      expect(cats.map((c) => c.name)).toContain(p.category);
      expect(p.priceCents).toBeGreaterThan(0);
      if (coffeeAndTea.includes(p.category)) {
        expect(p.replenishDays).toBeGreaterThanOrEqual(14);
        expect(p.replenishDays).toBeLessThanOrEqual(42);
      } else {
        expect(p.replenishDays).toBeNull();
      }
    }
  });

  it("keeps orders inside the two years, in order, after consent, with 1 to 4 catalogue lines", () => {
    const data = generateShopData(small);
    const price = new Map(data.products.map((p) => [p.sku, p.priceCents]));
    const emails = new Set<string>();
    // Broken rules are collected rather than asserted one by one: thousands
    // of expect() calls would make this test slow, and a list says more.
    const broken: string[] = [];
    const check = (ok: boolean, rule: string, c: GeneratedCustomer) => {
      if (!ok) broken.push(`${c.email}: ${rule}`);
    };
    for (const c of data.customers) {
      emails.add(c.email);
      check(/^[a-z0-9._]+@example\.(com|org|net)$/.test(c.email), "reserved-domain address", c);
      check((c.consentAt !== null) === c.marketingConsent, "consent time iff consent", c);
      check((c.consentSource !== null) === c.marketingConsent, "consent source iff consent", c);
      check(c.orders.length > 0 || c.consentSource !== "checkout", "checkout consent needs an order", c);
      const first = c.orders[0]?.orderedAt.getTime();
      check(
        !c.consentAt || first === undefined || c.consentAt.getTime() < first,
        "consent before first order",
        c,
      );
      let previous = c.createdAt.getTime();
      for (const o of c.orders) {
        const at = o.orderedAt.getTime();
        check(at > previous, "orders after creation, oldest first", c);
        check(at < today.getTime() && at >= today.getTime() - 730 * DAY, "order within the two years", c);
        previous = at;
        check(/^#\d+$/.test(o.externalId), "external id like #1001", c);
        check(o.lines.length >= 1 && o.lines.length <= 4, "1 to 4 lines", c);
        check(new Set(o.lines.map((l) => l.sku)).size === o.lines.length, "one line per product", c);
        for (const l of o.lines) {
          check(l.unitPriceCents === price.get(l.sku), "catalogue price", c);
          check(l.quantity >= 1 && l.quantity <= 3, "quantity 1 to 3", c);
        }
      }
    }
    expect(broken).toEqual([]);
    expect(emails.size).toBe(small.customers);
  });

  it("never sells spirits to customers it knows are under 18", () => {
    const data = generateShopData({ ...small, customers: 3000, ordersTarget: 30_000 });
    const spirits = new Set(
      data.products.filter((p) => p.category === "Spirits & liqueurs").map((p) => p.sku),
    );
    const eighteenYearsAgo = new Date(today.getTime() - 18 * 365.25 * DAY).toISOString().slice(0, 10);
    let minors = 0;
    let adultSpiritOrders = 0;
    for (const c of data.customers) {
      const bought = c.orders.flatMap((o) => o.lines).filter((l) => spirits.has(l.sku)).length;
      if (c.birthdate && c.birthdate > eighteenYearsAgo) {
        minors++;
        expect(bought).toBe(0);
      } else adultSpiritOrders += bought;
    }
    expect(minors).toBeGreaterThan(10);
    expect(adultSpiritOrders).toBeGreaterThan(100);
  });

  it.each([
    [1000, 2500],
    [1000, 10_000],
    [800, 24_000],
  ])("lands within a tenth of the order target (%i customers, %i orders)", (n, target) => {
    const total = orderCount(all({ seed: 11, customers: n, ordersTarget: target, today }));
    expect(total).toBeGreaterThan(target * 0.9);
    expect(total).toBeLessThan(target * 1.1);
  });

  describe("at the demo's size, has signal for the models", () => {
    const data = generateShopData({ seed: 5, customers: 2000, ordersTarget: 20_000, today });
    const list = [...data.customers];
    const bySku = new Map(data.products.map((p) => [p.sku, p]));

    it("is heterogeneous like BG/NBD data: many light buyers, a heavy tail", () => {
      const counts = list.map((c) => c.orders.length).sort((a, b) => b - a);
      const total = counts.reduce((a, b) => a + b, 0);
      const top20 = counts.slice(0, counts.length / 5).reduce((a, b) => a + b, 0);
      expect(top20 / total).toBeGreaterThan(0.5);
      const oneOrder = counts.filter((n) => n === 1).length / counts.length;
      expect(oneOrder).toBeGreaterThan(0.08);
      expect(oneOrder).toBeLessThan(0.4);
    });

    it("buys things together: filters with a V60", () => {
      const sku = (name: string) => data.products.find((p) => p.name === name)!.sku;
      const [dripper, filters] = [sku("V60 Dripper"), sku("Paper Filters (100)")];
      const baskets = list.flatMap((c) => c.orders.map((o) => new Set(o.lines.map((l) => l.sku))));
      const withDripper = baskets.filter((b) => b.has(dripper));
      const lift =
        withDripper.filter((b) => b.has(filters)).length /
        withDripper.length /
        (baskets.filter((b) => b.has(filters)).length / baskets.length);
      expect(withDripper.length).toBeGreaterThan(50);
      expect(lift).toBeGreaterThan(4);
    });

    it("reorders coffee and tea about when it runs out", () => {
      // Days between two purchases of the same product, over the days the
      // earlier purchase lasts: regulars put a peak near 1.
      const ratios: number[] = [];
      for (const c of list) {
        const last = new Map<string, { at: number; quantity: number }>();
        for (const o of c.orders) {
          for (const l of o.lines) {
            const days = bySku.get(l.sku)!.replenishDays;
            if (days === null) continue;
            const before = last.get(l.sku);
            if (before) ratios.push((o.orderedAt.getTime() - before.at) / DAY / (days * before.quantity));
            last.set(l.sku, { at: o.orderedAt.getTime(), quantity: l.quantity });
          }
        }
      }
      const density = (low: number, high: number) =>
        ratios.filter((r) => r >= low && r < high).length / ratios.length / (high - low);
      expect(ratios.length).toBeGreaterThan(5000);
      // Intervals thin out as they grow, except for a peak where the bag runs out.
      expect(density(0.9, 1.1)).toBeGreaterThan(1.5 * density(0.5, 0.8));
    });
  });
});

describe("suppressionHash", () => {
  it("hashes addresses exactly as jobs/suppression.ts emailHash does", () => {
    for (const email of [
      "a@example.com",
      "  Mixed.Case@Example.ORG ",
      "ünï@example.net",
      "o'brien+tag@example.com",
    ]) {
      expect(suppressionHash(email)).toBe(emailHash(email));
    }
  });
});

describe("insertShopData", () => {
  it("writes what was generated and reports progress per transaction", async () => {
    const db = testDb();
    const shop = createShop(db);
    const data = generateShopData({ seed: 9, customers: 250, ordersTarget: 1500, today });
    const progress: InsertCounts[] = [];
    const counts = insertShopData(db, shop.id, data, {
      customersPerTransaction: 100,
      onProgress: (c) => progress.push(c),
    });
    expect(progress.map((p) => p.customers)).toEqual([100, 200, 250]);
    expect(progress.at(-1)).toEqual(counts);
    const generated = [...data.customers];
    expect(counts.orders).toBe(orderCount(generated));
    expect(await db.$count(orders, eq(orders.shopId, shop.id))).toBe(counts.orders);
    expect(await db.$count(orderLines, eq(orderLines.shopId, shop.id))).toBe(counts.lines);
    expect(await db.$count(suppressions, eq(suppressions.shopId, shop.id))).toBe(
      generated.filter((c) => c.suppression).length,
    );
  });

  it("seeds further shops beside each other through seedShop", async () => {
    const db = testDb();
    const a = seedShop(db, { slug: "shop-a", name: "A", seed: 1, customers: 50, ordersTarget: 300, today });
    const b = seedShop(db, { slug: "shop-b", name: "B", seed: 2, customers: 50, ordersTarget: 300, today });
    expect(a.shopId).not.toBe(b.shopId);
    for (const { shopId, counts } of [a, b]) {
      expect(await db.$count(customers, eq(customers.shopId, shopId))).toBe(50);
      expect(await db.$count(orders, eq(orders.shopId, shopId))).toBe(counts.orders);
    }
  });

  it("marks seeded shops as demos, so their made-up addresses read as such on the Data page", () => {
    const db = testDb();
    const { shopId } = seedShop(db, {
      slug: "demo-q",
      name: "Q",
      seed: 3,
      customers: 40,
      ordersTarget: 200,
      today,
    });
    const checks = Object.fromEntries(shopQuality(db, shopId, today).map((c) => [c.code, c]));
    expect(checks.demo_email.count).toBe(40);
    expect(checks.undeliverable_email).toBeUndefined();
    // The same addresses in a real shop's data are flagged: they would never be delivered.
    db.update(shops).set({ demo: false }).where(eq(shops.id, shopId)).run();
    const real = Object.fromEntries(shopQuality(db, shopId, today).map((c) => [c.code, c]));
    expect(real.undeliverable_email.count).toBe(40);
    expect(real.demo_email).toBeUndefined();
  });
});

describe("seedDemo", () => {
  it("seeds Bean & Leaf near its targets with consistent data, and a second call changes nothing", async () => {
    const db = testDb();
    const first = await seedDemo(db, { today });
    expect(first.created).toBe(true);
    const shopId = first.shopId;

    const shop = db.select().from(shops).where(eq(shops.id, shopId)).get()!;
    expect(shop).toMatchObject({
      slug: "bean-and-leaf",
      name: "Bean & Leaf Coffee Roasters",
      fromEmail: "hello@beanandleaf.example",
      timezone: "Europe/London",
      webAddress: "https://beanandleaf.example",
      currency: "GBP",
      locale: "en-GB",
      demo: true,
    });
    // Its products link to their pages in the demo's emails.
    const blend = db.select().from(products).where(eq(products.name, "House Blend 250 g")).get()!;
    expect(blend.handle).toBe("house-blend-250-g");
    expect(Buffer.from(shop.tokenSecret, "base64url")).toHaveLength(32);
    const team = db.select().from(users).where(eq(users.shopId, shopId)).all();
    expect(team.map((u) => [u.email, u.role]).sort()).toEqual([
      [DEMO_LOGIN.email, "owner"],
      [DEMO_STAFF_LOGIN.email, "staff"],
    ]);
    const owner = team.find((u) => u.role === "owner")!;
    expect(await verifyPassword(owner.passwordHash, DEMO_LOGIN.password)).toBe(true);
    expect(await db.$count(categories, eq(categories.shopId, shopId))).toBe(8);
    expect(await db.$count(products, eq(products.shopId, shopId))).toBe(60);

    const sizes = {
      customers: await db.$count(customers, eq(customers.shopId, shopId)),
      orders: await db.$count(orders, eq(orders.shopId, shopId)),
      lines: await db.$count(orderLines, eq(orderLines.shopId, shopId)),
      suppressions: await db.$count(suppressions, eq(suppressions.shopId, shopId)),
    };
    expect(sizes.customers).toBe(2000);
    expect(sizes.orders).toBeGreaterThan(18_000);
    expect(sizes.orders).toBeLessThan(22_000);

    const sql = (query: string, params: Record<string, unknown>) =>
      db.$client.prepare(query).get({ shop: shopId, ...params }) as Record<string, number>;
    const shares = sql(
      `SELECT avg(marketing_consent = 0) AS noConsent, avg(needs_care) AS care, avg(birthdate IS NULL) AS unknownAge,
              avg(birthdate > date(:today, '-18 years')) AS minors,
              avg(NOT EXISTS (SELECT 1 FROM orders o WHERE o.shop_id = c.shop_id AND o.customer_id = c.id)) AS noOrders,
              avg(country = 'GB') AS british, count(DISTINCT timezone) AS zones
       FROM customers c WHERE shop_id = :shop`,
      { today: today.toISOString().slice(0, 10) },
    );
    expect(shares.noConsent).toBeGreaterThan(0.12);
    expect(shares.noConsent).toBeLessThan(0.18);
    expect(shares.care).toBeGreaterThan(0.004);
    expect(shares.care).toBeLessThan(0.02);
    expect(shares.unknownAge).toBeGreaterThan(0.26);
    expect(shares.unknownAge).toBeLessThan(0.34);
    expect(shares.minors).toBeGreaterThan(0.007);
    expect(shares.minors).toBeLessThan(0.025);
    expect(shares.noOrders).toBeGreaterThan(0.015);
    expect(shares.noOrders).toBeLessThan(0.05);
    expect(shares.british).toBeGreaterThan(0.5);
    expect(shares.zones).toBeGreaterThanOrEqual(8);
    expect(sizes.suppressions / sizes.customers).toBeGreaterThan(0.01);
    expect(sizes.suppressions / sizes.customers).toBeLessThan(0.03);

    const emailsByHash = new Set(
      db
        .select({ email: customers.email })
        .from(customers)
        .where(eq(customers.shopId, shopId))
        .all()
        .map((c) => emailHash(c.email)),
    );
    const suppressed = db.select().from(suppressions).where(eq(suppressions.shopId, shopId)).all();
    for (const s of suppressed) {
      expect(emailsByHash.has(s.emailHash)).toBe(true);
      expect(["unsubscribed", "bounced"]).toContain(s.reason);
      expect(s.source).toBe("seed");
    }

    const broken = sql(
      `SELECT
         (SELECT count(*) FROM orders o WHERE o.shop_id = :shop AND o.total_cents IS NOT
            (SELECT sum(quantity * unit_price_cents) FROM order_lines l WHERE l.order_id = o.id)) AS badTotals,
         (SELECT count(*) FROM order_lines l JOIN products p ON p.id = l.product_id
            WHERE l.shop_id = :shop AND (l.unit_price_cents != p.price_cents OR p.shop_id != :shop)) AS badPrices,
         (SELECT count(*) FROM customers c WHERE c.shop_id = :shop AND c.consent_at >=
            (SELECT min(ordered_at) FROM orders o WHERE o.shop_id = c.shop_id AND o.customer_id = c.id)) AS consentAfterFirstOrder,
         (SELECT count(*) FROM orders WHERE shop_id = :shop AND (ordered_at >= :end OR ordered_at < :start))
           AS outsideHistory`,
      { end: today.getTime(), start: today.getTime() - 730 * DAY },
    );
    expect(broken).toEqual({ badTotals: 0, badPrices: 0, consentAfterFirstOrder: 0, outsideHistory: 0 });

    const changes = () => (db.$client.prepare("SELECT total_changes() AS n").get() as { n: number }).n;
    const before = changes();
    const again = await seedDemo(db, { today: new Date("2027-01-01T00:00:00Z") });
    expect(again).toEqual({ shopId, created: false });
    expect(changes()).toBe(before);
    expect(await db.$count(orders, eq(orders.shopId, shopId))).toBe(sizes.orders);
    expect(await db.$count(shops, eq(shops.slug, "bean-and-leaf"))).toBe(1);
  });
});
