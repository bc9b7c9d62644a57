import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { shops } from "../schema";
import { createShop, createUser } from "./factories";
import { generateCustomers, generateProducts } from "./generate";
import { insertShopData, type InsertCounts } from "./insert";

export const DEMO_LOGIN = { email: "owner@beanandleaf.example", password: "tactful-demo" } as const;
export const DEMO_STAFF_LOGIN = { email: "staff@beanandleaf.example", password: "tactful-demo" } as const;
const DEMO_SLUG = "bean-and-leaf";

const startOfUtcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

/** A shop with owner-less synthetic data: for tests, benchmarks and extra demo shops. */
export function seedShop(
  db: Db,
  input: { slug: string; name: string; seed: number; customers: number; ordersTarget: number; today: Date },
  onProgress?: (customers: number) => void,
): { shopId: number; counts: InsertCounts } {
  const shop = createShop(db, {
    slug: input.slug,
    name: input.name,
    fromEmail: `hello@${input.slug}.example`,
  });
  const counts = insertShopData(
    db,
    shop.id,
    { products: generateProducts(), customers: generateCustomers({ ...input }) },
    { onProgress },
  );
  return { shopId: shop.id, counts };
}

/**
 * The demo shop, a small UK coffee roaster whose two years of history end
 * today, so its data is always fresh. Idempotent: an existing demo shop is
 * left exactly as it is.
 */
export async function seedDemo(
  db: Db,
  options: { today?: Date } = {},
): Promise<{ shopId: number; created: boolean }> {
  const existing = db.select({ id: shops.id }).from(shops).where(eq(shops.slug, DEMO_SLUG)).get();
  if (existing) return { shopId: existing.id, created: false };
  const today = startOfUtcDay(options.today ?? new Date());
  const shop = createShop(db, {
    slug: DEMO_SLUG,
    name: "Bean & Leaf Coffee Roasters",
    fromEmail: "hello@beanandleaf.example",
    postalAddress: "Unit 4, Wapping Wharf, Bristol BS1 4RW, United Kingdom",
    timezone: "Europe/London",
  });
  await createUser(db, shop.id, { ...DEMO_LOGIN, name: "Maya Okafor", role: "owner" });
  await createUser(db, shop.id, { ...DEMO_STAFF_LOGIN, name: "Tom Reed", role: "staff" });
  insertShopData(db, shop.id, {
    products: generateProducts(),
    customers: generateCustomers({ seed: 20_261_123, customers: 2000, ordersTarget: 20_000, today }),
  });
  return { shopId: shop.id, created: true };
}
