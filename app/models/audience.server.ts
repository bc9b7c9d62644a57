import { and, eq } from "drizzle-orm";
import { categories, shops } from "../../db/schema";
import { predictionRun } from "../../jobs/audience/predictions";
import { countAudience, previewAudience } from "../../jobs/audience/preview";
import { usesPredictions, type Audience } from "../../jobs/audience/rules";
import { db } from "../db.server";

/** Why the rules cannot be used now (a "predicted activity" rule without a fresh model run), or null. */
export function audienceProblem(input: { shopId: number; audience: Audience | null; now?: Date }) {
  if (!usesPredictions(input.audience)) return null;
  return predictionRun(db, input.shopId, input.now ?? new Date()).problem;
}

/**
 * The live count in the builder: who the rules match, who the policy would
 * leave out and why; or why the rules cannot be counted.
 */
export function audienceCount(input: {
  shopId: number;
  audience: Audience | null;
  featuredCategoryId: number | null;
  now?: Date;
}) {
  const now = input.now ?? new Date();
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
  const predicted = usesPredictions(input.audience) ? predictionRun(db, input.shopId, now) : null;
  if (predicted?.problem) return { error: predicted.problem, count: null };
  const preview = previewAudience(db, {
    shopId: input.shopId,
    shop,
    audience: input.audience,
    featured: { featuredCategoryId: category?.id ?? null, featuredProductIds: [] },
    modelRunId: predicted?.run?.id ?? null,
    now,
  });
  return { error: null, count: countAudience(preview) };
}
