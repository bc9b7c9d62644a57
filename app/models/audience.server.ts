import { and, eq } from "drizzle-orm";
import { categories, shops } from "../../db/schema";
import { countAudience, previewAudience } from "../../jobs/audience/preview";
import type { Audience } from "../../jobs/audience/rules";
import { db } from "../db.server";

/** The live count in the builder: who the rules match, who the policy would leave out and why. */
export function audienceCount(input: {
  shopId: number;
  audience: Audience | null;
  featuredCategoryId: number | null;
  now?: Date;
}) {
  const shop = db.select().from(shops).where(eq(shops.id, input.shopId)).get();
  if (!shop) throw new Response("Not found", { status: 404 });
  const category =
    input.featuredCategoryId === null
      ? null
      : db
          .select({ id: categories.id })
          .from(categories)
          .where(and(eq(categories.id, input.featuredCategoryId), eq(categories.shopId, input.shopId)))
          .get();
  if (category === undefined) throw new Response("Not found", { status: 404 });
  const preview = previewAudience(db, {
    shopId: input.shopId,
    shop,
    audience: input.audience,
    featured: { featuredCategoryId: category?.id ?? null, featuredProductIds: [] },
    now: input.now ?? new Date(),
  });
  return countAudience(preview);
}
