import { and, eq } from "drizzle-orm";
import { categories, customers, shops } from "../../db/schema";
import { loadAudienceFeatures } from "../../jobs/audience/features";
import { scoreForCampaign } from "../../jobs/drafting/campaign-scores";
import { loadAggregates, loadFeaturedProducts } from "../../jobs/drafting/load";
import { latestCompleteRun } from "../../jobs/models/model-run";
import { explainScore, medianTotalCents } from "../../jobs/scoring/explain";
import type { LayoutInput } from "../../templates/layout";
import type { TemplateVariables } from "../../templates/campaign";
import { moneyFormat } from "../../templates/money";
import { productLink } from "../../templates/shop-links";
import { db } from "../db.server";

const DATE = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" });

/**
 * What drafting would fill in for one customer of this shop, computed the
 * same way (scores over the whole shop, so the reason is the one they would
 * get); undefined when the customer is not this shop's.
 */
export function previewVariables(input: {
  shopId: number;
  customerId: number;
  featuredCategoryId: number | null;
  now?: Date;
}): { vars: TemplateVariables; layout: Omit<LayoutInput, "paragraphs" | "products"> } | undefined {
  const now = input.now ?? new Date();
  const { shopId } = input;
  const shop = db.select().from(shops).where(eq(shops.id, shopId)).get();
  const customer = db
    .select()
    .from(customers)
    .where(and(eq(customers.id, input.customerId), eq(customers.shopId, shopId)))
    .get();
  if (!shop || !customer) return undefined;
  const category = input.featuredCategoryId
    ? db
        .select()
        .from(categories)
        .where(and(eq(categories.id, input.featuredCategoryId), eq(categories.shopId, shopId)))
        .get()
    : undefined;
  const aggregates = loadAggregates(db, shopId, { categoryId: category?.id, productIds: [] });
  const aggregate = aggregates.get(customer.id);
  // Scored as drafting would, on the shop's latest model run (or the RFM rule
  // for a shop never modelled), so the reason shown is the one they would get.
  const scoring = scoreForCampaign(db, shopId, {
    featured: { productIds: [], categoryId: category?.id },
    aggregates,
    run: latestCompleteRun(db, shopId),
    now,
  });
  const scored = aggregate ? scoring.scored.find((s) => s.customerId === customer.id) : undefined;
  const recommended = scoring.recommended.get(customer.id) ?? [];
  const reasons =
    aggregate && scored
      ? explainScore({
          aggregate,
          contributions: scored.contributions,
          featured: category ? { kind: "category", name: category.name } : null,
          medianTotalCents: medianTotalCents(aggregates.values()),
          now,
        })
      : [];
  const last = loadAudienceFeatures(db, shopId).get(customer.id)?.lastPurchase;
  const price = moneyFormat(shop);
  const products = loadFeaturedProducts(db, shopId, [], category?.id).map((p) => ({
    name: p.name,
    price: price(p.priceCents),
    url: productLink({ webAddress: shop.webAddress, handle: p.handle, url: p.url }),
  }));
  return {
    vars: {
      customer: { first_name: customer.firstName ?? "", last_name: customer.lastName ?? "" },
      shop: { name: shop.name },
      reason: reasons[0]?.text ?? "",
      products,
      recommended: recommended.map((p) => ({ name: p.name, price: price(p.priceCents) })),
      last_purchase: last ? { name: last.name, date: DATE.format(last.at) } : null,
    },
    layout: {
      shopName: shop.name,
      brandColor: shop.brandColor,
      postalAddress: shop.postalAddress,
      webAddress: shop.webAddress,
      preheader: reasons[0]?.text ?? "",
      // The preview is never sent: its links lead nowhere.
      links: { why: "#", preferences: "#", unsubscribe: "#" },
    },
  };
}
