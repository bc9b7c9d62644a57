import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { hashPassword } from "../password";
import { shops, users } from "../schema";
import { createShop } from "./factories";
import { generateShopData } from "./generate";
import { insertShopData, type InsertCounts } from "./insert";

export const DEMO_LOGIN = { email: "owner@beanandleaf.example", password: "tactful-demo" } as const;
export const DEMO_STAFF_LOGIN = { email: "staff@beanandleaf.example", password: "tactful-demo" } as const;
export const DEMO_SLUG = "bean-and-leaf";
export const DEMO_SIZE = { customers: 2000, ordersTarget: 20_000 } as const;
const DEMO_SEED = 20_240_611;

const startOfUtcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

/**
 * A shop with synthetic data and no users: for tests, benchmarks and extra
 * shops. Writes in chunks, so a large shop is visible (partly) while it fills.
 */
export function seedShop(
  db: Db,
  input: {
    slug: string;
    name: string;
    seed: number;
    customers: number;
    ordersTarget: number;
    today: Date;
    onProgress?: (counts: InsertCounts) => void;
  },
): { shopId: number; counts: InsertCounts } {
  const shop = createShop(db, {
    slug: input.slug,
    name: input.name,
    fromEmail: `hello@${input.slug}.example`,
    demo: true,
  });
  const counts = insertShopData(db, shop.id, generateShopData(input), { onProgress: input.onProgress });
  return { shopId: shop.id, counts };
}

function findDemoShop(db: Db): number | undefined {
  return db.select({ id: shops.id }).from(shops).where(eq(shops.slug, DEMO_SLUG)).get()?.id;
}

/**
 * The demo shop, a small UK coffee roaster whose two years of history end
 * `today` (by default the start of the current UTC day, so its data is always
 * fresh). Idempotent: an existing demo shop is left exactly as it is, found
 * with one indexed lookup. Created in one transaction, so a crash halfway
 * leaves no half-seeded shop for the next start to mistake for a whole one.
 */
export async function seedDemo(
  db: Db,
  options: { today?: Date; customers?: number; ordersTarget?: number } = {},
): Promise<{ shopId: number; created: boolean }> {
  const existing = findDemoShop(db);
  if (existing !== undefined) return { shopId: existing, created: false };

  const [ownerHash, staffHash] = await Promise.all([
    hashPassword(DEMO_LOGIN.password),
    hashPassword(DEMO_STAFF_LOGIN.password),
  ]);
  const data = generateShopData({
    seed: DEMO_SEED,
    customers: options.customers ?? DEMO_SIZE.customers,
    ordersTarget: options.ordersTarget ?? DEMO_SIZE.ordersTarget,
    today: options.today ?? startOfUtcDay(new Date()),
  });
  // IMMEDIATE takes the write lock before looking again, so two launchers
  // starting together create one shop between them.
  return db.$client
    .transaction(() => {
      const raced = findDemoShop(db);
      if (raced !== undefined) return { shopId: raced, created: false };
      const shop = createShop(db, {
        slug: DEMO_SLUG,
        name: "Bean & Leaf Coffee Roasters",
        fromEmail: "hello@beanandleaf.example",
        postalAddress: "Unit 4, Cargo Wharf, Gaol Ferry Steps, Bristol BS1 6WP, United Kingdom",
        timezone: "Europe/London",
        // A reserved example domain: the demo's links to buy lead nowhere real.
        webAddress: "https://beanandleaf.example",
        currency: "GBP",
        locale: "en-GB",
        // The real default: no marketing email between 21:00 and 08:00 the recipient's time.
        quietStartHour: 21,
        quietEndHour: 8,
        demo: true,
      });
      db.insert(users)
        .values([
          {
            shopId: shop.id,
            email: DEMO_LOGIN.email,
            name: "Maya Okafor",
            role: "owner",
            passwordHash: ownerHash,
          },
          {
            shopId: shop.id,
            email: DEMO_STAFF_LOGIN.email,
            name: "Tom Reed",
            role: "staff",
            passwordHash: staffHash,
          },
        ])
        .run();
      insertShopData(db, shop.id, data);
      return { shopId: shop.id, created: true };
    })
    .immediate();
}
