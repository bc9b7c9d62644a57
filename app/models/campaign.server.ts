import { and, desc, eq } from "drizzle-orm";
import { campaigns, categories } from "../../db/schema";
import { db } from "../db.server";

export function listCampaigns({ shopId }: { shopId: number }) {
  return db
    .select({
      id: campaigns.id,
      name: campaigns.name,
      status: campaigns.status,
      createdAt: campaigns.createdAt,
      approvedAt: campaigns.approvedAt,
      progressDone: campaigns.progressDone,
      progressTotal: campaigns.progressTotal,
    })
    .from(campaigns)
    .where(eq(campaigns.shopId, shopId))
    .orderBy(desc(campaigns.createdAt), desc(campaigns.id))
    .all();
}

export function getCampaign({ shopId, campaignId }: { shopId: number; campaignId: number }) {
  const row = db
    .select({ campaign: campaigns, category: categories })
    .from(campaigns)
    .leftJoin(categories, eq(categories.id, campaigns.featuredCategoryId))
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.shopId, shopId)))
    .get();
  return row && { ...row.campaign, category: row.category };
}

export function listCategories({ shopId }: { shopId: number }) {
  return db
    .select({ id: categories.id, name: categories.name, sensitive: categories.sensitive })
    .from(categories)
    .where(eq(categories.shopId, shopId))
    .orderBy(categories.name)
    .all();
}

export function createCampaign(input: {
  shopId: number;
  userId: number;
  name: string;
  subject: string;
  body: string;
  featuredCategoryId: number | null;
  audienceLimit: number | null;
}) {
  if (input.featuredCategoryId !== null) {
    const owned = listCategories({ shopId: input.shopId }).some((c) => c.id === input.featuredCategoryId);
    if (!owned) throw new Response("Not found", { status: 404 });
  }
  return db
    .insert(campaigns)
    .values({
      shopId: input.shopId,
      createdBy: input.userId,
      name: input.name,
      subject: input.subject,
      body: input.body,
      featuredCategoryId: input.featuredCategoryId,
      audienceLimit: input.audienceLimit,
    })
    .returning({ id: campaigns.id })
    .get();
}
