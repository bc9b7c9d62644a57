import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import {
  categories,
  consentEvents,
  customers,
  orderLines,
  orders,
  products,
  shops,
  type SensitiveKind,
} from "../../db/schema";
import { categoryMove, type Refusal } from "../policy/protections";
import { withdrawalOnRecord } from "../withdrawals";
import { importChanges } from "./changes";
import type { CustomerRecord, Issue, OrderRecord, ProductRecord } from "./plan";

// Saves planned records by their natural keys, inside the caller's
// transaction: customers by platform id then email, orders by their number,
// products by SKU. A record equal to what is stored changes nothing.

export type Outcome = "created" | "updated" | "unchanged" | "removed";
export type Entity = "customers" | "orders" | "products" | "categories";

export type ApplyContext = {
  shopId: number;
  consentSource: string;
  now: Date;
  /** The shop's minimum age: a customer younger than this is a minor, whom an import may not make older. */
  minorAge: number;
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
        currency: orders.currency,
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
        currency: sql.placeholder("currency"),
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

const FIELD_NAMES: Record<Refusal["field"], string> = {
  category: "category in the file",
  consent: "consent in the file",
  birthdate: "birthdate in the file",
  email: "new address in the file",
};

function refusalIssues(line: number, customer: { id: number; email: string }, refused: Refusal[]): Issue[] {
  return refused.map((r) => ({
    line,
    outcome: "refused",
    code: r.code,
    detail: `customer ${customer.id} (${customer.email}): ${FIELD_NAMES[r.field]} not applied: ${r.reason}`,
  }));
}

/**
 * Creates or updates one customer as importChanges allows, and lists what it
 * refused to change. A consent change is a new history row.
 */
export function applyCustomer(
  tx: Tx,
  ctx: ApplyContext,
  record: Omit<CustomerRecord, "line">,
  line: number,
): { id: number; issues: Issue[] } {
  const existing = findCustomer(tx, ctx.shopId, record.email, record.externalId);
  const email = existing?.email ?? record.email ?? noEmailKey(record.externalId!);
  // Only a "yes" or a new address can lift a withdrawal: the lookups are not needed for anything else.
  const lifting =
    record.consent === true || (existing !== undefined && record.email !== null && record.email !== email);
  const withdrawal = lifting
    ? withdrawalOnRecord(tx, { shopId: ctx.shopId, customerId: existing?.id ?? null, email })
    : null;
  const rules = { now: ctx.now, minorAge: ctx.minorAge };
  const { changes, consent, refused } = importChanges(existing ?? null, withdrawal, record, rules);
  const consentFields = { consentSource: ctx.consentSource, consentAt: ctx.now };
  if (!existing) {
    const created = tx
      .insert(customers)
      .values({ shopId: ctx.shopId, ...changes, email, ...(consent ? consentFields : {}) })
      .returning({ id: customers.id })
      .get();
    if (consent !== null) recordConsent(tx, ctx, created.id, consent);
    ctx.count("customers", "created");
    return { id: created.id, issues: refusalIssues(line, { id: created.id, email }, refused) };
  }
  const issues = refusalIssues(line, existing, refused);
  if (Object.keys(changes).length === 0) {
    ctx.count("customers", "unchanged");
    return { id: existing.id, issues };
  }
  if (consent !== null) recordConsent(tx, ctx, existing.id, consent);
  tx.update(customers)
    .set({ ...changes, ...(consent === null ? {} : consentFields), updatedAt: ctx.now })
    .where(and(eq(customers.id, existing.id), eq(customers.shopId, ctx.shopId)))
    .run();
  ctx.count("customers", "updated");
  return { id: existing.id, issues };
}

function category(tx: Tx, ctx: ApplyContext, name: string, kind: SensitiveKind | null) {
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
      .get();
  }
  // An import only ever marks a category sensitive; un-marking is the owner's call.
  if (kind && !existing.sensitive) {
    tx.update(categories)
      .set({ sensitive: true, sensitiveKind: kind })
      .where(eq(categories.id, existing.id))
      .run();
    ctx.count("categories", "updated");
    return { ...existing, sensitive: true };
  }
  return existing;
}

/** Creates or updates one product; what it returns is the category move it refused, if any. */
export function applyProduct(tx: Tx, ctx: ApplyContext, record: ProductRecord): Issue[] {
  const next = record.category ? category(tx, ctx, record.category, record.sensitiveKind) : null;
  const existing = tx
    .select()
    .from(products)
    .where(and(eq(products.shopId, ctx.shopId), eq(products.sku, record.sku)))
    .get();
  if (!existing) {
    ctx.count("products", "created");
    tx.insert(products)
      .values({
        shopId: ctx.shopId,
        sku: record.sku,
        name: record.name,
        priceCents: record.priceCents,
        categoryId: next?.id ?? null,
        handle: record.handle,
        url: record.url,
      })
      .run();
    return [];
  }
  const issues: Issue[] = [];
  const changes: Partial<typeof products.$inferSelect> = {};
  if (record.name !== existing.name) changes.name = record.name;
  if (record.priceCents !== existing.priceCents) changes.priceCents = record.priceCents;
  // A file without the column leaves the page the shop's earlier file gave.
  if (record.handle && record.handle !== existing.handle) changes.handle = record.handle;
  if (record.url && record.url !== existing.url) changes.url = record.url;
  if (next && next.id !== existing.categoryId) {
    const current =
      existing.categoryId === null
        ? null
        : tx
            .select({ name: categories.name, sensitive: categories.sensitive })
            .from(categories)
            .where(and(eq(categories.id, existing.categoryId), eq(categories.shopId, ctx.shopId)))
            .get()!;
    const decision = categoryMove(current, next);
    if (decision.move) changes.categoryId = next.id;
    else
      issues.push({
        line: record.line,
        outcome: "refused",
        code: decision.refusal.code,
        detail: `product ${record.sku}: ${FIELD_NAMES.category} not applied: ${decision.refusal.reason}`,
      });
  }
  if (Object.keys(changes).length === 0) ctx.count("products", "unchanged");
  else {
    tx.update(products).set(changes).where(eq(products.id, existing.id)).run();
    ctx.count("products", "updated");
  }
  return issues;
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

/**
 * Removes an order a file says was cancelled, with its line items, if an
 * earlier import stored it as a purchase. Whether it removed one.
 */
export function removeCancelledOrder(tx: Tx, ctx: ApplyContext, orderId: string): boolean {
  const removed = tx
    .delete(orders)
    .where(and(eq(orders.shopId, ctx.shopId), eq(orders.externalId, orderId)))
    .run().changes;
  if (removed > 0) ctx.count("orders", "removed");
  return removed > 0;
}

/** Saves one order; what it returns is what saving its customer refused. */
export function applyOrder(tx: Tx, ctx: ApplyContext, record: OrderRecord): Issue[] {
  const { customer } = record;
  const customerKey = customer.externalId ? `id:${customer.externalId}` : `email:${customer.email}`;
  const issues: Issue[] = [];
  // An order names its customer but is not the place to change them; it only
  // creates one the shop has not imported yet.
  let customerId =
    ctx.known.customers.get(customerKey) ??
    findCustomer(tx, ctx.shopId, customer.email, customer.externalId)?.id;
  if (customerId === undefined) {
    const created = applyCustomer(
      tx,
      ctx,
      {
        email: customer.email,
        externalId: customer.externalId,
        firstName: null,
        lastName: null,
        consent: customer.consent,
        country: customer.country,
        birthdate: null,
      },
      record.line,
    );
    customerId = created.id;
    issues.push(...created.issues);
  }
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
      existing.currency === record.currency &&
      signature(stored) === signature(lines);
    if (same) {
      ctx.count("orders", "unchanged");
      return issues;
    }
    tx.update(orders)
      .set({
        customerId,
        orderedAt: record.orderedAt,
        totalCents: record.totalCents,
        currency: record.currency,
      })
      .where(eq(orders.id, existing.id))
      .run();
    tx.delete(orderLines).where(eq(orderLines.orderId, existing.id)).run();
    insertLines(ctx, existing.id, lines);
    ctx.count("orders", "updated");
    return issues;
  }
  const order = ctx.statements.insertOrder.get({
    shopId: ctx.shopId,
    customerId,
    externalId: record.orderId,
    orderedAt: record.orderedAt,
    totalCents: record.totalCents,
    currency: record.currency,
  })!;
  insertLines(ctx, order.id, lines);
  ctx.count("orders", "created");
  return issues;
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

/**
 * A shop that has not said its currency takes its orders' one, when they all
 * have the same; with several, or one set already, nothing changes.
 */
export function adoptOrderCurrency(db: Tx, shopId: number) {
  const found = db
    .selectDistinct({ currency: orders.currency })
    .from(orders)
    .where(and(eq(orders.shopId, shopId), isNotNull(orders.currency)))
    .limit(2)
    .all();
  if (found.length !== 1) return;
  db.update(shops)
    .set({ currency: found[0]!.currency })
    .where(and(eq(shops.id, shopId), isNull(shops.currency)))
    .run();
}
