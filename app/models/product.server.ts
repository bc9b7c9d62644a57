import { and, asc, eq, sql } from "drizzle-orm";
import { categories, products, type SensitiveKind } from "../../db/schema";
import { recordAudit } from "../../jobs/audit";
import { db } from "../db.server";

type ShopRef = { shopId: number };
type Actor = ShopRef & { userId: number };

/** The shop's categories with their product counts, and every product, by category then name. */
export function productCatalogue({ shopId }: ShopRef) {
  const categoryRows = db
    .select({
      id: categories.id,
      name: categories.name,
      sensitive: categories.sensitive,
      sensitiveKind: categories.sensitiveKind,
      productCount: sql<number>`count(${products.id})`,
    })
    .from(categories)
    .leftJoin(products, eq(products.categoryId, categories.id))
    .where(eq(categories.shopId, shopId))
    .groupBy(categories.id)
    .orderBy(asc(categories.name))
    .all();
  const productRows = db
    .select({
      id: products.id,
      sku: products.sku,
      name: products.name,
      categoryId: products.categoryId,
      priceCents: products.priceCents,
      replenishDays: products.replenishDays,
      sensitive: products.sensitive,
    })
    .from(products)
    .leftJoin(categories, eq(categories.id, products.categoryId))
    .where(eq(products.shopId, shopId))
    .orderBy(sql`${categories.name} IS NULL`, asc(categories.name), asc(products.name))
    .all();
  return { categories: categoryRows, products: productRows };
}

/**
 * Marks one product sensitive or not. Its category's sensitivity still
 * applies: a product in a sensitive category is sensitive either way.
 */
export function setProductSensitive(input: Actor & { productId: number; sensitive: boolean }): boolean {
  return db.transaction((tx) => {
    const updated = tx
      .update(products)
      .set({ sensitive: input.sensitive })
      .where(and(eq(products.id, input.productId), eq(products.shopId, input.shopId)))
      .run();
    if (updated.changes === 0) return false;
    recordAudit(tx, {
      shopId: input.shopId,
      actor: `user:${input.userId}`,
      action: input.sensitive ? "product.marked_sensitive" : "product.unmarked_sensitive",
      subject: `product:${input.productId}`,
    });
    return true;
  });
}

/**
 * Marks a whole category sensitive with its kind, or ordinary (kind null).
 * Kept on the category, so products imported into it later are sensitive too.
 */
export function setCategorySensitivity(
  input: Actor & { categoryId: number; kind: SensitiveKind | null },
): boolean {
  return db.transaction((tx) => {
    const updated = tx
      .update(categories)
      .set({ sensitive: input.kind !== null, sensitiveKind: input.kind })
      .where(and(eq(categories.id, input.categoryId), eq(categories.shopId, input.shopId)))
      .run();
    if (updated.changes === 0) return false;
    recordAudit(tx, {
      shopId: input.shopId,
      actor: `user:${input.userId}`,
      action: input.kind ? "category.marked_sensitive" : "category.unmarked_sensitive",
      subject: `category:${input.categoryId}`,
      ...(input.kind ? { detail: { kind: input.kind } } : {}),
    });
    return true;
  });
}
