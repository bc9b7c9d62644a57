import { randomBytes } from "node:crypto";
import type { Db } from "../client";
import { hashPassword } from "../password";
import { categories, customers, orderLines, orders, products, shops, users } from "../schema";

// Small builders shared by the seed and the tests: each inserts one row with
// sensible defaults and returns it. Callers override only what matters.

let sequence = 0;
const next = () => ++sequence;

type Insert<T extends { $inferInsert: unknown }> = T["$inferInsert"];

export function createShop(db: Db, overrides: Partial<Insert<typeof shops>> = {}) {
  const n = next();
  return db
    .insert(shops)
    .values({
      slug: `shop-${n}`,
      name: `Shop ${n}`,
      fromEmail: `hello@shop-${n}.example`,
      postalAddress: `${n} High Street, Bristol BS1 4DJ, United Kingdom`,
      tokenSecret: randomBytes(32).toString("base64url"),
      // No quiet hours unless a test asks for them, so tests do not depend on the time of day.
      quietStartHour: 0,
      quietEndHour: 0,
      ...overrides,
    })
    .returning()
    .get();
}

export async function createUser(
  db: Db,
  shopId: number,
  overrides: Partial<Omit<Insert<typeof users>, "passwordHash">> & { password?: string } = {},
) {
  const n = next();
  const { password = "correct horse battery staple", ...rest } = overrides;
  return db
    .insert(users)
    .values({
      shopId,
      email: `owner-${n}@shop.example`,
      name: `Owner ${n}`,
      role: "owner",
      passwordHash: await hashPassword(password),
      ...rest,
    })
    .returning()
    .get();
}

export function createCategory(db: Db, shopId: number, overrides: Partial<Insert<typeof categories>> = {}) {
  return db
    .insert(categories)
    .values({ shopId, name: `Category ${next()}`, ...overrides })
    .returning()
    .get();
}

export function createProduct(db: Db, shopId: number, overrides: Partial<Insert<typeof products>> = {}) {
  const n = next();
  return db
    .insert(products)
    .values({ shopId, sku: `SKU-${n}`, name: `Product ${n}`, priceCents: 1200, ...overrides })
    .returning()
    .get();
}

export function createCustomer(db: Db, shopId: number, overrides: Partial<Insert<typeof customers>> = {}) {
  const n = next();
  return db
    .insert(customers)
    .values({
      shopId,
      email: `customer-${n}@mail.example`,
      firstName: `Customer`,
      lastName: `${n}`,
      country: "GB",
      timezone: "Europe/London",
      marketingConsent: true,
      consentSource: "checkout",
      consentAt: new Date("2025-01-01T00:00:00Z"),
      birthdate: "1985-06-15",
      ...overrides,
    })
    .returning()
    .get();
}

/** An order with its lines; the total is the sum of the lines. */
export function createOrder(
  db: Db,
  shopId: number,
  input: {
    customerId: number;
    orderedAt: Date;
    lines: { productId: number; quantity?: number; unitPriceCents?: number }[];
    externalId?: string;
  },
) {
  return db.transaction((tx) => {
    const lines = input.lines.map((l) => ({
      productId: l.productId,
      quantity: l.quantity ?? 1,
      unitPriceCents: l.unitPriceCents ?? 1200,
    }));
    const order = tx
      .insert(orders)
      .values({
        shopId,
        customerId: input.customerId,
        externalId: input.externalId ?? `#${1000 + next()}`,
        orderedAt: input.orderedAt,
        totalCents: lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0),
      })
      .returning()
      .get();
    for (const line of lines)
      tx.insert(orderLines)
        .values({ shopId, orderId: order.id, ...line })
        .run();
    return order;
  });
}
