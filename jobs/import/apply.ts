import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import {
  categories,
  consentEvents,
  customers,
  orderLines,
  orders,
  products,
  type SensitiveKind,
} from "../../db/schema";
import type { CustomerRecord, OrderRecord, ProductRecord } from "./plan";

// Saves planned records by their natural keys, inside the caller's
// transaction: customers by platform id then email, orders by their number,
// products by SKU. A record equal to what is stored changes nothing.

export type Outcome = "created" | "updated" | "unchanged";
export type Entity = "customers" | "orders" | "products" | "categories";

export type ApplyContext = {
  shopId: number;
  consentSource: string;
  now: Date;
  count(entity: Entity, outcome: Outcome): void;
  /**
   * Ids already resolved in this run, by customer key and by SKU: an order
   * file names the same customers and products over and over. Only valid
   * while the run lasts, which ends at the first failed batch.
   */
  known: { customers: Map<string, number>; products: Map<string, number> };
  statements: OrderStatements;
};

/**
 * The statements saving an order runs, prepared once per import: building
 * and preparing them per row cost more than running them.
 */
export function prepareOrderStatements(db: Db) {
  return {
    findOrder: db
      .select({
        id: orders.id,
        customerId: orders.customerId,
        orderedAt: orders.orderedAt,
        totalCents: orders.totalCents,
      })
      .from(orders)
      .where(
        and(
          eq(orders.shopId, sql.placeholder("shopId")),
          eq(orders.externalId, sql.placeholder("externalId")),
        ),
      )
      .prepare(),
    insertOrder: db
      .insert(orders)
      .values({
        shopId: sql.placeholder("shopId"),
        customerId: sql.placeholder("customerId"),
        externalId: sql.placeholder("externalId"),
        orderedAt: sql.placeholder("orderedAt"),
        totalCents: sql.placeholder("totalCents"),
      })
      .returning({ id: orders.id })
      .prepare(),
    insertLine: db
      .insert(orderLines)
      .values({
        shopId: sql.placeholder("shopId"),
        orderId: sql.placeholder("orderId"),
        productId: sql.placeholder("productId"),
        quantity: sql.placeholder("quantity"),
        unitPriceCents: sql.placeholder("unitPriceCents"),
      })
      .prepare(),
  };
}
export type OrderStatements = ReturnType<typeof prepareOrderStatements>;

/** Customers without an address are kept (their orders matter) under a key that is not an address. */
export const noEmailKey = (externalId: string) => `no-email:${externalId}`;

type Stored = typeof customers.$inferSelect;

function findCustomer(tx: Tx, shopId: number, email: string | null, externalId: string | null) {
  if (externalId) {
    const byId = tx
      .select()
      .from(customers)
      .where(and(eq(customers.shopId, shopId), eq(customers.externalId, externalId)))
      .get();
    if (byId) return byId;
  }
  const key = email ?? (externalId ? noEmailKey(externalId) : null);
  if (!key) return undefined;
  return tx
    .select()
    .from(customers)
    .where(and(eq(customers.shopId, shopId), eq(customers.email, key)))
    .get();
}

function recordConsent(tx: Tx, ctx: ApplyContext, customerId: number, consent: boolean) {
  tx.insert(consentEvents)
    .values({ shopId: ctx.shopId, customerId, consent, source: ctx.consentSource, at: ctx.now })
    .run();
}

/**
 * Creates or updates one customer. Non-empty values in the file replace what
 * is stored; empty ones keep it. A consent change is a new history row.
 */
export function applyCustomer(
  tx: Tx,
  ctx: ApplyContext,
  record: Omit<CustomerRecord, "line">,
): Pick<Stored, "id"> {
  const existing = findCustomer(tx, ctx.shopId, record.email, record.externalId);
  const fields = {
    // A duplicate found by email keeps the platform id it was first stored with.
    externalId: existing?.externalId ? null : record.externalId,
    firstName: record.firstName,
    lastName: record.lastName,
    country: record.country,
    birthdate: record.birthdate,
  };
  if (!existing) {
    const consent = record.consent ?? false;
    const created = tx
      .insert(customers)
      .values({
        shopId: ctx.shopId,
        email: record.email ?? noEmailKey(record.externalId!),
        ...fields,
        externalId: record.externalId,
        marketingConsent: consent,
        consentSource: consent ? ctx.consentSource : null,
        consentAt: consent ? ctx.now : null,
      })
      .returning({ id: customers.id })
      .get();
    if (record.consent !== null) recordConsent(tx, ctx, created.id, consent);
    ctx.count("customers", "created");
    return created;
  }
  const changes: Partial<Stored> = {};
  for (const [key, value] of Object.entries(fields) as [keyof typeof fields, string | null][]) {
    if (value !== null && value !== existing[key]) changes[key] = value;
  }
  if (record.email && record.email !== existing.email) changes.email = record.email;
  if (record.consent !== null && record.consent !== existing.marketingConsent) {
    changes.marketingConsent = record.consent;
    changes.consentSource = ctx.consentSource;
    changes.consentAt = ctx.now;
    recordConsent(tx, ctx, existing.id, record.consent);
  }
  if (Object.keys(changes).length === 0) {
    ctx.count("customers", "unchanged");
    return existing;
  }
  tx.update(customers)
    .set({ ...changes, updatedAt: ctx.now })
    .where(and(eq(customers.id, existing.id), eq(customers.shopId, ctx.shopId)))
    .run();
  ctx.count("customers", "updated");
  return existing;
}

function categoryId(tx: Tx, ctx: ApplyContext, name: string, kind: SensitiveKind | null) {
  const existing = tx
    .select()
    .from(categories)
    .where(and(eq(categories.shopId, ctx.shopId), eq(categories.name, name)))
    .get();
  if (!existing) {
    ctx.count("categories", "created");
    return tx
      .insert(categories)
      .values({ shopId: ctx.shopId, name, sensitive: kind !== null, sensitiveKind: kind })
      .returning()
      .get().id;
  }
  // An import only ever marks a category sensitive; un-marking is the owner's call.
  if (kind && !existing.sensitive) {
    tx.update(categories)
      .set({ sensitive: true, sensitiveKind: kind })
      .where(eq(categories.id, existing.id))
      .run();
    ctx.count("categories", "updated");
  }
  return existing.id;
}

export function applyProduct(tx: Tx, ctx: ApplyContext, record: Omit<ProductRecord, "line">) {
  const catId = record.category ? categoryId(tx, ctx, record.category, record.sensitiveKind) : null;
  const existing = tx
    .select()
    .from(products)
    .where(and(eq(products.shopId, ctx.shopId), eq(products.sku, record.sku)))
    .get();
  if (!existing) {
    ctx.count("products", "created");
    return tx
      .insert(products)
      .values({
        shopId: ctx.shopId,
        sku: record.sku,
        name: record.name,
        priceCents: record.priceCents,
        categoryId: catId,
      })
      .returning({ id: products.id })
      .get();
  }
  const changes: Partial<typeof products.$inferSelect> = {};
  if (record.name !== existing.name) changes.name = record.name;
  if (record.priceCents !== existing.priceCents) changes.priceCents = record.priceCents;
  if (catId !== null && catId !== existing.categoryId) changes.categoryId = catId;
  if (Object.keys(changes).length === 0) ctx.count("products", "unchanged");
  else {
    tx.update(products).set(changes).where(eq(products.id, existing.id)).run();
    ctx.count("products", "updated");
  }
  return existing;
}

/** A product an order names, created from the line when the shop has no such SKU yet. */
function lineProduct(tx: Tx, ctx: ApplyContext, sku: string, name: string, unitCents: number) {
  const key = sku || `name:${name.toLowerCase()}`;
  const known = ctx.known.products.get(key);
  if (known !== undefined) return known;
  const existing = tx
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.shopId, ctx.shopId), eq(products.sku, key)))
    .get();
  let id = existing?.id;
  if (id === undefined) {
    ctx.count("products", "created");
    id = tx
      .insert(products)
      .values({ shopId: ctx.shopId, sku: key, name: name || key, priceCents: Math.max(0, unitCents) })
      .returning({ id: products.id })
      .get().id;
  }
  ctx.known.products.set(key, id);
  return id;
}

export function applyOrder(tx: Tx, ctx: ApplyContext, record: OrderRecord) {
  const { customer } = record;
  const customerKey = customer.externalId ? `id:${customer.externalId}` : `email:${customer.email}`;
  // An order names its customer but is not the place to change them; it only
  // creates one the shop has not imported yet.
  const customerId =
    ctx.known.customers.get(customerKey) ??
    findCustomer(tx, ctx.shopId, customer.email, customer.externalId)?.id ??
    applyCustomer(tx, ctx, {
      email: customer.email,
      externalId: customer.externalId,
      firstName: null,
      lastName: null,
      consent: customer.consent,
      country: customer.country,
      birthdate: null,
    }).id;
  ctx.known.customers.set(customerKey, customerId);
  const lines = record.lines.map((l) => ({
    productId: lineProduct(tx, ctx, l.sku, l.name, l.unitCents),
    quantity: l.quantity,
    unitPriceCents: l.unitCents,
  }));
  const existing = ctx.statements.findOrder.get({ shopId: ctx.shopId, externalId: record.orderId });
  if (existing) {
    const stored = tx
      .select({
        productId: orderLines.productId,
        quantity: orderLines.quantity,
        unitPriceCents: orderLines.unitPriceCents,
      })
      .from(orderLines)
      .where(and(eq(orderLines.shopId, ctx.shopId), eq(orderLines.orderId, existing.id)))
      .all();
    const same =
      existing.customerId === customerId &&
      existing.orderedAt.getTime() === record.orderedAt.getTime() &&
      existing.totalCents === record.totalCents &&
      signature(stored) === signature(lines);
    if (same) {
      ctx.count("orders", "unchanged");
      return;
    }
    tx.update(orders)
      .set({ customerId, orderedAt: record.orderedAt, totalCents: record.totalCents })
      .where(eq(orders.id, existing.id))
      .run();
    tx.delete(orderLines).where(eq(orderLines.orderId, existing.id)).run();
    insertLines(ctx, existing.id, lines);
    ctx.count("orders", "updated");
    return;
  }
  const order = ctx.statements.insertOrder.get({
    shopId: ctx.shopId,
    customerId,
    externalId: record.orderId,
    orderedAt: record.orderedAt,
    totalCents: record.totalCents,
  })!;
  insertLines(ctx, order.id, lines);
  ctx.count("orders", "created");
}

type Line = { productId: number; quantity: number; unitPriceCents: number };
const signature = (lines: Line[]) =>
  lines
    .map((l) => `${l.productId}:${l.quantity}:${l.unitPriceCents}`)
    .sort()
    .join(",");

function insertLines(ctx: ApplyContext, orderId: number, lines: Line[]) {
  for (const line of lines) ctx.statements.insertLine.run({ shopId: ctx.shopId, orderId, ...line });
}
