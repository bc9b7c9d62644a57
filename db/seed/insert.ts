import { createHash } from "node:crypto";
import type { Db } from "../client";
import type { GeneratedCustomer, GeneratedShopData } from "./generate";

export type InsertCounts = {
  categories: number;
  products: number;
  customers: number;
  orders: number;
  lines: number;
  suppressions: number;
};

/** The same hash as jobs/suppression.ts emailHash (a test keeps them equal; db/ may not import jobs/). */
export function suppressionHash(email: string): string {
  return createHash("sha256").update(email.trim().toLowerCase()).digest("hex");
}

const CUSTOMERS_PER_TRANSACTION = 5000;

/**
 * Writes generated data into an existing shop through prepared statements,
 * a few thousand customers per transaction: memory stays bounded at any size,
 * and each commit costs one fsync instead of one per row.
 */
export function insertShopData(
  db: Db,
  shopId: number,
  data: GeneratedShopData,
  options: { onProgress?: (counts: InsertCounts) => void; customersPerTransaction?: number } = {},
): InsertCounts {
  const sqlite = db.$client;
  const counts: InsertCounts = {
    categories: 0,
    products: 0,
    customers: 0,
    orders: 0,
    lines: 0,
    suppressions: 0,
  };

  const insertCategory = sqlite.prepare(
    "INSERT INTO categories (shop_id, name, sensitive, sensitive_kind) VALUES (?, ?, ?, ?)",
  );
  const insertProduct = sqlite.prepare(
    "INSERT INTO products (shop_id, sku, name, category_id, price_cents, replenish_days, handle) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const productIds = new Map<string, number | bigint>();
  sqlite.transaction(() => {
    const categoryIds = new Map<string, number | bigint>();
    for (const c of data.categories) {
      categoryIds.set(
        c.name,
        insertCategory.run(shopId, c.name, c.sensitive ? 1 : 0, c.sensitiveKind).lastInsertRowid,
      );
      counts.categories++;
    }
    for (const p of data.products) {
      const categoryId = categoryIds.get(p.category);
      if (categoryId === undefined) throw new Error(`Product ${p.sku} names unknown category ${p.category}`);
      const row = insertProduct.run(
        shopId,
        p.sku,
        p.name,
        categoryId,
        p.priceCents,
        p.replenishDays,
        p.handle,
      );
      productIds.set(p.sku, row.lastInsertRowid);
      counts.products++;
    }
  })();

  const insertCustomer = sqlite.prepare(
    `INSERT INTO customers (shop_id, external_id, email, first_name, last_name, birthdate, country, timezone,
       marketing_consent, consent_source, consent_at, needs_care, care_reason, care_note, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertOrder = sqlite.prepare(
    "INSERT INTO orders (shop_id, customer_id, external_id, ordered_at, total_cents) VALUES (?, ?, ?, ?, ?)",
  );
  const insertLine = sqlite.prepare(
    "INSERT INTO order_lines (shop_id, order_id, product_id, quantity, unit_price_cents) VALUES (?, ?, ?, ?, ?)",
  );
  const insertSuppression = sqlite.prepare(
    "INSERT INTO suppressions (shop_id, email_hash, reason, source) VALUES (?, ?, ?, 'seed')",
  );

  const writeBatch = sqlite.transaction((batch: GeneratedCustomer[]) => {
    for (const c of batch) {
      const lastActivity = c.orders.at(-1)?.orderedAt ?? c.createdAt;
      const customerId = insertCustomer.run(
        shopId,
        c.externalId,
        c.email,
        c.firstName,
        c.lastName,
        c.birthdate,
        c.country,
        c.timezone,
        c.marketingConsent ? 1 : 0,
        c.consentSource,
        c.consentAt?.getTime() ?? null,
        c.needsCare ? 1 : 0,
        c.careReason,
        c.careNote,
        c.createdAt.getTime(),
        lastActivity.getTime(),
      ).lastInsertRowid;
      for (const o of c.orders) {
        let total = 0;
        for (const l of o.lines) total += l.quantity * l.unitPriceCents;
        const orderId = insertOrder.run(
          shopId,
          customerId,
          o.externalId,
          o.orderedAt.getTime(),
          total,
        ).lastInsertRowid;
        for (const l of o.lines) {
          const productId = productIds.get(l.sku);
          if (productId === undefined)
            throw new Error(`Order ${o.externalId} names unknown product ${l.sku}`);
          insertLine.run(shopId, orderId, productId, l.quantity, l.unitPriceCents);
        }
        counts.orders++;
        counts.lines += o.lines.length;
      }
      if (c.suppression) {
        insertSuppression.run(shopId, suppressionHash(c.email), c.suppression);
        counts.suppressions++;
      }
      counts.customers++;
    }
  });

  const perTransaction = options.customersPerTransaction ?? CUSTOMERS_PER_TRANSACTION;
  let batch: GeneratedCustomer[] = [];
  for (const customer of data.customers) {
    batch.push(customer);
    if (batch.length >= perTransaction) {
      writeBatch(batch);
      batch = [];
      options.onProgress?.({ ...counts });
    }
  }
  if (batch.length > 0) writeBatch(batch);
  options.onProgress?.({ ...counts });
  return counts;
}
