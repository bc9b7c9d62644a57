import { and, eq, inArray } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { categories, products, shops } from "../../db/schema";
import { moneyFormat } from "../../templates/money";
import type { Audience, RuleNames } from "./rules";

/**
 * The names of the products and categories an audience's rules mention, and
 * the shop's money, for saying the rules in words.
 */
export function loadRuleNames(db: Queryable, shopId: number, audience: Audience | null): RuleNames {
  const rules = audience?.groups.flatMap((g) => g.rules) ?? [];
  const ids = (target: "product" | "category") =>
    rules.flatMap((r) => (r.kind === "bought" && r.target === target ? [r.id] : []));
  const productNames = new Map(
    db
      .select({ id: products.id, name: products.name })
      .from(products)
      .where(and(eq(products.shopId, shopId), inArray(products.id, ids("product"))))
      .all()
      .map((p) => [p.id, p.name]),
  );
  const categoryNames = new Map(
    db
      .select({ id: categories.id, name: categories.name })
      .from(categories)
      .where(and(eq(categories.shopId, shopId), inArray(categories.id, ids("category"))))
      .all()
      .map((c) => [c.id, c.name]),
  );
  const shop = db
    .select({ currency: shops.currency, locale: shops.locale })
    .from(shops)
    .where(eq(shops.id, shopId))
    .get();
  return {
    money: moneyFormat(shop ?? { currency: null, locale: null }),
    product: (id: number) => productNames.get(id) ?? "a removed product",
    category: (id: number) => categoryNames.get(id) ?? "a removed category",
  };
}
