import { count, eq } from "drizzle-orm";
import { orders } from "../../db/schema";
import { shopModel } from "../../jobs/models/shop-model";
import { db } from "../db.server";

type Model = ReturnType<typeof shopModel>;
const cache = new Map<number, { orders: number; at: number; model: Model }>();
const TEN_MINUTES = 10 * 60_000;

/**
 * The shop's fitted customer model. Fitting takes a second or two, so a fit
 * is reused for ten minutes unless the shop's orders changed.
 */
export function getShopModel({ shopId }: { shopId: number }): Model {
  const orderCount = db.select({ n: count() }).from(orders).where(eq(orders.shopId, shopId)).get()!.n;
  const hit = cache.get(shopId);
  if (hit && hit.orders === orderCount && Date.now() - hit.at < TEN_MINUTES) return hit.model;
  const model = shopModel(db, shopId);
  cache.set(shopId, { orders: orderCount, at: Date.now(), model });
  return model;
}
