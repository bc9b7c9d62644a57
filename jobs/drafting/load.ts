import { and, eq, gt, inArray, or, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import {
  campaigns,
  categories,
  customers,
  messages,
  orderLines,
  orders,
  products,
  shops,
  suppressions,
} from "../../db/schema";
import type { CustomerAggregate } from "../scoring/rfm";

const DAY = 86_400_000;

export type DraftingContext = NonNullable<ReturnType<typeof loadCampaign>>;

/** The campaign with its shop and what it features; undefined when not this shop's. */
export function loadCampaign(db: Queryable, shopId: number, campaignId: number) {
  const row = db
    .select({ campaign: campaigns, shop: shops })
    .from(campaigns)
    .innerJoin(shops, eq(shops.id, campaigns.shopId))
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.shopId, shopId)))
    .get();
  if (!row) return undefined;
  const { campaign } = row;
  const category = campaign.featuredCategoryId
    ? db
        .select()
        .from(categories)
        .where(and(eq(categories.id, campaign.featuredCategoryId), eq(categories.shopId, shopId)))
        .get()
    : undefined;
  const featuredProducts = loadFeaturedProducts(db, shopId, campaign.featuredProductIds, category?.id);
  return { ...row, category, featuredProducts, featured: campaignCategories(db, shopId, campaign) };
}

/**
 * The categories a campaign features, directly or through its products, and
 * whether any of them or of its products is sensitive: cheap enough to ask
 * again for every send.
 */
export function campaignCategories(
  db: Queryable,
  shopId: number,
  campaign: { featuredCategoryId: number | null; featuredProductIds: number[] },
): { categoryIds: number[]; sensitive: boolean } {
  const featured = or(
    campaign.featuredCategoryId ? eq(categories.id, campaign.featuredCategoryId) : sql`0`,
    campaign.featuredProductIds.length > 0
      ? sql`${categories.id} IN (SELECT ${products.categoryId} FROM ${products} WHERE ${inArray(products.id, campaign.featuredProductIds)})`
      : sql`0`,
  );
  const rows = db
    .select({ id: categories.id, sensitive: categories.sensitive })
    .from(categories)
    .where(and(eq(categories.shopId, shopId), featured))
    .all();
  const sensitiveProduct =
    campaign.featuredProductIds.length > 0 &&
    db
      .select({ id: products.id })
      .from(products)
      .where(
        and(
          eq(products.shopId, shopId),
          inArray(products.id, campaign.featuredProductIds),
          eq(products.sensitive, true),
        ),
      )
      .get() !== undefined;
  return {
    categoryIds: rows.map((r) => r.id),
    sensitive: sensitiveProduct || rows.some((r) => r.sensitive),
  };
}

/**
 * The products named by the campaign, or else the category's best sellers,
 * leaving out a product marked sensitive on its own: featuring an ordinary
 * category must not put one in front of people the policy keeps from it.
 */
export function loadFeaturedProducts(
  db: Queryable,
  shopId: number,
  productIds: number[],
  categoryId: number | undefined,
) {
  const base = db
    .select({
      id: products.id,
      name: products.name,
      priceCents: products.priceCents,
      handle: products.handle,
      url: products.url,
    })
    .from(products);
  if (productIds.length > 0) {
    return base.where(and(eq(products.shopId, shopId), inArray(products.id, productIds))).all();
  }
  if (!categoryId) return [];
  return base
    .leftJoin(orderLines, eq(orderLines.productId, products.id))
    .where(
      and(eq(products.shopId, shopId), eq(products.categoryId, categoryId), eq(products.sensitive, false)),
    )
    .groupBy(products.id)
    .orderBy(sql`count(${orderLines.id}) desc`, products.id)
    .limit(3)
    .all();
}

export function loadCustomers(db: Queryable, shopId: number) {
  return db
    .select({
      id: customers.id,
      email: customers.email,
      firstName: customers.firstName,
      lastName: customers.lastName,
      birthdate: customers.birthdate,
      needsCare: customers.needsCare,
      marketingConsent: customers.marketingConsent,
      consentAt: customers.consentAt,
      consentSource: customers.consentSource,
      emailFrequency: customers.emailFrequency,
      optedOutCategoryIds: customers.optedOutCategoryIds,
    })
    .from(customers)
    .where(eq(customers.shopId, shopId))
    .all();
}

/** Per-customer order aggregates in one pass over the shop's orders. */
export function loadAggregates(
  db: Queryable,
  shopId: number,
  featured: { categoryId?: number; productIds: number[] },
) {
  const rows = db
    .select({
      customerId: orders.customerId,
      orderCount: sql<number>`count(*)`,
      firstOrderAt: sql<number>`min(${orders.orderedAt})`,
      lastOrderAt: sql<number>`max(${orders.orderedAt})`,
      totalCents: sql<number>`sum(${orders.totalCents})`,
    })
    .from(orders)
    .where(eq(orders.shopId, shopId))
    .groupBy(orders.customerId)
    .all();
  const featuredLines = loadFeaturedLines(db, shopId, featured);
  const byCustomer = new Map<number, CustomerAggregate>();
  for (const r of rows) {
    byCustomer.set(r.customerId, {
      customerId: r.customerId,
      orderCount: r.orderCount,
      firstOrderAt: new Date(r.firstOrderAt),
      lastOrderAt: new Date(r.lastOrderAt),
      totalCents: r.totalCents,
      featuredLines: featuredLines.get(r.customerId) ?? 0,
    });
  }
  return byCustomer;
}

function loadFeaturedLines(
  db: Queryable,
  shopId: number,
  featured: { categoryId?: number; productIds: number[] },
) {
  const match =
    featured.productIds.length > 0
      ? inArray(orderLines.productId, featured.productIds)
      : featured.categoryId
        ? eq(products.categoryId, featured.categoryId)
        : undefined;
  if (!match) return new Map<number, number>();
  const rows = db
    .select({ customerId: orders.customerId, lines: sql<number>`count(*)` })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .innerJoin(products, eq(products.id, orderLines.productId))
    .where(and(eq(orderLines.shopId, shopId), match))
    .groupBy(orders.customerId)
    .all();
  return new Map(rows.map((r) => [r.customerId, r.lines]));
}

export function loadSuppressedHashes(db: Queryable, shopId: number): Set<string> {
  const rows = db
    .select({ hash: suppressions.emailHash })
    .from(suppressions)
    .where(eq(suppressions.shopId, shopId))
    .all();
  return new Set(rows.map((r) => r.hash));
}

/** Marketing sends that count toward each customer's cap, across all campaigns. */
export function loadRecentSends(
  db: Queryable,
  shopId: number,
  now: Date,
  windowDays: number,
  customerIds?: number[],
) {
  const rows = db
    .select({ customerId: messages.customerId, sentAt: messages.sentAt })
    .from(messages)
    .where(
      and(
        eq(messages.shopId, shopId),
        customerIds === undefined ? undefined : inArray(messages.customerId, customerIds),
        inArray(messages.status, ["sent", "sending", "unknown"]),
        gt(messages.sentAt, new Date(now.getTime() - windowDays * DAY)),
      ),
    )
    .all();
  const byCustomer = new Map<number, Date[]>();
  for (const r of rows) {
    if (!r.sentAt) continue;
    const list = byCustomer.get(r.customerId) ?? [];
    list.push(r.sentAt);
    byCustomer.set(r.customerId, list);
  }
  return byCustomer;
}
