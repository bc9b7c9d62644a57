import { createHash } from "node:crypto";
import type { Db } from "../client";
import type { GeneratedCustomer, GeneratedProduct } from "./generate";

export type InsertCounts = { products: number; customers: number; orders: number; lines: number };

/** The same hash as jobs/suppression.ts emailHash (a test keeps them equal; db/ may not import jobs/). */
export function suppressionHash(email: string): string {
  return createHash("sha256").update(email.trim().toLowerCase()).digest("hex");
}

/**
 * Writes generated data through prepared statements in chunked transactions,
 * so that a million customers stream through in bounded memory.
 */
export function insertShopData(
  db: Db,
  shopId: number,
  data: { products: GeneratedProduct[]; customers: Iterable<GeneratedCustomer> },
  options: { chunk?: number; onProgress?: (customers: number) => void } = {},
): InsertCounts {
  const sqlite = db.$client;
  const chunk = options.chunk ?? 5000;
  const counts: InsertCounts = { products: 0, customers: 0, orders: 0, lines: 0 };

  const insertCategory = sqlite.prepare(
    "INSERT INTO categories (shop_id, name, sensitive) VALUES (?, ?, ?) ON CONFLICT (shop_id, name) DO UPDATE SET sensitive = excluded.sensitive RETURNING id",
  );
  const insertProduct = sqlite.prepare(
    "INSERT INTO products (shop_id, sku, name, category_id, price_cents, replenish_days) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
  );
  const productIds = new Map<string, number>();
  sqlite.transaction(() => {
    const categoryIds = new Map<string, number>();
    for (const p of data.products) {
      if (!categoryIds.has(p.category)) {
        const row = insertCategory.get(shopId, p.category, p.sensitive ? 1 : 0) as { id: number };
        categoryIds.set(p.category, row.id);
      }
      const row = insertProduct.get(
        shopId,
        p.sku,
        p.name,
        categoryIds.get(p.category),
        p.priceCents,
        p.replenishDays,
      ) as { id: number };
      productIds.set(p.sku, row.id);
      counts.products++;
    }
  })();

  const insertCustomer = sqlite.prepare(
    `INSERT INTO customers (shop_id, email, first_name, last_name, birthdate, country, timezone, marketing_consent,
       consent_source, consent_at, needs_care, care_note, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertOrder = sqlite.prepare(
    "INSERT INTO orders (shop_id, customer_id, external_id, ordered_at, total_cents) VALUES (?, ?, ?, ?, ?)",
  );
  const insertLine = sqlite.prepare(
    "INSERT INTO order_lines (shop_id, order_id, product_id, quantity, unit_price_cents) VALUES (?, ?, ?, ?, ?)",
  );
  const insertSuppression = sqlite.prepare(
    "INSERT OR IGNORE INTO suppressions (shop_id, email_hash, reason, source) VALUES (?, ?, ?, 'seed')",
  );

  const writeChunk = sqlite.transaction((batch: GeneratedCustomer[]) => {
    for (const c of batch) {
      const lastActivity = c.orders.at(-1)?.orderedAt ?? c.createdAt;
      const customerId = insertCustomer.run(
        shopId,
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
        c.careNote,
        c.createdAt.getTime(),
        lastActivity.getTime(),
      ).lastInsertRowid;
      for (const o of c.orders) {
        const total = o.lines.reduce((s, l) => s + l.quantity * l.unitPriceCents, 0);
        const orderId = insertOrder.run(
          shopId,
          customerId,
          o.externalId,
          o.orderedAt.getTime(),
          total,
        ).lastInsertRowid;
        for (const l of o.lines)
          insertLine.run(shopId, orderId, productIds.get(l.sku), l.quantity, l.unitPriceCents);
        counts.orders++;
        counts.lines += o.lines.length;
      }
      if (c.suppression) insertSuppression.run(shopId, suppressionHash(c.email), c.suppression);
      counts.customers++;
    }
  });

  let batch: GeneratedCustomer[] = [];
  for (const customer of data.customers) {
    batch.push(customer);
    if (batch.length >= chunk) {
      writeChunk(batch);
      batch = [];
      options.onProgress?.(counts.customers);
    }
  }
  if (batch.length > 0) writeChunk(batch);
  options.onProgress?.(counts.customers);
  return counts;
}
