import { and, desc, eq, getTableColumns, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { campaigns, categories, customers, orders, products, type SendWindow } from "../../db/schema";
import type { Audience } from "../../jobs/audience/rules";
import { recordAudit } from "../../jobs/audit";
import type { RestorableReason } from "../../jobs/policy/reasons";
import { db, prepared } from "../db.server";

type Ref = { shopId: number; campaignId: number };

/** Statuses in which a campaign may still change: nothing has been approved yet. */
export const EDITABLE = ["draft", "review", "failed"] as const;
// Archiving hides a campaign; one still being worked on by a job must finish first.
const ARCHIVABLE = ["draft", "review", "failed", "sent", "cancelled"] as const;

export type CampaignContent = {
  name: string;
  subject: string;
  subjectVariants: string[];
  preheader: string;
  body: string;
  audienceRules: Audience | null;
  featuredCategoryId: number | null;
  audienceLimit: number | null;
  sendWindow: SendWindow | null;
};

export function listCampaigns({ shopId, archived = false }: { shopId: number; archived?: boolean }) {
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
    .where(
      and(
        eq(campaigns.shopId, shopId),
        archived ? isNotNull(campaigns.archivedAt) : isNull(campaigns.archivedAt),
      ),
    )
    .orderBy(desc(campaigns.createdAt), desc(campaigns.id))
    .all();
}

export function countArchived({ shopId }: { shopId: number }) {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(campaigns)
    .where(and(eq(campaigns.shopId, shopId), isNotNull(campaigns.archivedAt)))
    .get()!.n;
}

// What is made of the drafts (checks, counts) has readers of its own; a
// campaign's pages would only carry it to the browser a second time.
const { checks: _checks, draftCounts: _draftCounts, ...campaignColumns } = getTableColumns(campaigns);

const campaignWithCategory = prepared(() =>
  db
    .select({ campaign: campaignColumns, category: categories })
    .from(campaigns)
    .leftJoin(categories, eq(categories.id, campaigns.featuredCategoryId))
    .where(
      and(eq(campaigns.id, sql.placeholder("campaignId")), eq(campaigns.shopId, sql.placeholder("shopId"))),
    )
    .prepare(),
);

export function getCampaign({ shopId, campaignId }: Ref) {
  const row = campaignWithCategory().get({ shopId, campaignId });
  return row && { ...row.campaign, category: row.category };
}

export function listCategories({ shopId }: { shopId: number }) {
  return db
    .select({
      id: categories.id,
      name: categories.name,
      sensitive: categories.sensitive,
      sensitiveKind: categories.sensitiveKind,
    })
    .from(categories)
    .where(eq(categories.shopId, shopId))
    .orderBy(categories.name)
    .all();
}

export function listProducts({ shopId }: { shopId: number }) {
  return db
    .select({ id: products.id, name: products.name })
    .from(products)
    .where(eq(products.shopId, shopId))
    .orderBy(products.name)
    .all();
}

/** The countries the shop's customers are in, most customers first. */
export function listCountries({ shopId }: { shopId: number }) {
  return db
    .select({ country: sql<string>`upper(${customers.country})`, n: sql<number>`count(*)` })
    .from(customers)
    .where(and(eq(customers.shopId, shopId), isNotNull(customers.country)))
    .groupBy(sql`upper(${customers.country})`)
    .orderBy(sql`count(*) desc`)
    .all();
}

/** Customers with orders to preview a campaign as, most recent buyers first. */
export function listPreviewCustomers({ shopId }: { shopId: number }, limit = 200) {
  return db
    .select({
      id: customers.id,
      firstName: customers.firstName,
      lastName: customers.lastName,
      email: customers.email,
    })
    .from(customers)
    .innerJoin(orders, eq(orders.customerId, customers.id))
    .where(eq(customers.shopId, shopId))
    .groupBy(customers.id)
    .orderBy(sql`max(${orders.orderedAt}) desc`)
    .limit(limit)
    .all();
}

/** Refuses another shop's category or products, whether featured or named in a rule. */
function assertOwned(shopId: number, content: Pick<CampaignContent, "featuredCategoryId" | "audienceRules">) {
  const rules = content.audienceRules?.groups.flatMap((g) => g.rules) ?? [];
  const wanted = (target: "product" | "category") =>
    rules.flatMap((r) => (r.kind === "bought" && r.target === target ? [r.id] : []));
  const categoryIds = [
    ...new Set([...wanted("category"), ...(content.featuredCategoryId ? [content.featuredCategoryId] : [])]),
  ];
  const productIds = [...new Set(wanted("product"))];
  const ownCategories = db
    .select({ n: sql<number>`count(*)` })
    .from(categories)
    .where(and(eq(categories.shopId, shopId), inArray(categories.id, categoryIds)))
    .get()!.n;
  const ownProducts = db
    .select({ n: sql<number>`count(*)` })
    .from(products)
    .where(and(eq(products.shopId, shopId), inArray(products.id, productIds)))
    .get()!.n;
  if (ownCategories !== categoryIds.length || ownProducts !== productIds.length) {
    throw new Response("Not found", { status: 404 });
  }
}

function auditCampaign(
  tx: Queryable,
  input: { shopId: number; userId: number; campaignId: number; action: string },
) {
  recordAudit(tx, {
    shopId: input.shopId,
    actor: `user:${input.userId}`,
    action: input.action,
    subject: `campaign:${input.campaignId}`,
  });
}

export function createCampaign(input: CampaignContent & { shopId: number; userId: number }) {
  const { shopId, userId, ...content } = input;
  assertOwned(shopId, content);
  return db.transaction((tx) => {
    const created = tx
      .insert(campaigns)
      .values({ shopId, createdBy: userId, ...content })
      .returning({ id: campaigns.id })
      .get();
    auditCampaign(tx, { shopId, userId, campaignId: created.id, action: "campaign.created" });
    return created;
  });
}

/** Saves new content while nothing has been approved; false when the campaign can no longer change. */
export function updateCampaign(input: Ref & CampaignContent & { userId: number }): boolean {
  const { shopId, campaignId, userId, ...content } = input;
  assertOwned(shopId, content);
  return db.transaction((tx) => {
    const saved =
      tx
        .update(campaigns)
        .set({ ...content, updatedAt: new Date() })
        .where(
          and(
            eq(campaigns.id, campaignId),
            eq(campaigns.shopId, shopId),
            inArray(campaigns.status, [...EDITABLE]),
          ),
        )
        .run().changes === 1;
    if (saved) auditCampaign(tx, { shopId, userId, campaignId, action: "campaign.edited" });
    return saved;
  });
}

/** A new draft with the same content; nothing about its sending is copied. */
export function duplicateCampaign({ shopId, campaignId, userId }: Ref & { userId: number }) {
  const source = getCampaign({ shopId, campaignId });
  if (!source) throw new Response("Not found", { status: 404 });
  return db.transaction((tx) => {
    const copy = tx
      .insert(campaigns)
      .values({
        shopId,
        createdBy: userId,
        name: `Copy of ${source.name}`.slice(0, 100),
        subject: source.subject,
        subjectVariants: source.subjectVariants,
        preheader: source.preheader,
        body: source.body,
        audienceRules: source.audienceRules,
        featuredCategoryId: source.featuredCategoryId,
        featuredProductIds: source.featuredProductIds,
        audienceLimit: source.audienceLimit,
        sendWindow: source.sendWindow,
      })
      .returning({ id: campaigns.id })
      .get();
    auditCampaign(tx, { shopId, userId, campaignId: copy.id, action: "campaign.duplicated" });
    return copy;
  });
}

/** Hides a campaign from the list; false while a job is still working on it. */
export function setArchived(input: Ref & { archived: boolean; userId: number }): boolean {
  const { shopId, campaignId, archived, userId } = input;
  return db.transaction((tx) => {
    const done =
      tx
        .update(campaigns)
        .set({ archivedAt: archived ? new Date() : null })
        .where(
          and(
            eq(campaigns.id, campaignId),
            eq(campaigns.shopId, shopId),
            inArray(campaigns.status, [...ARCHIVABLE]),
          ),
        )
        .run().changes === 1;
    const action = archived ? "campaign.archived" : "campaign.unarchived";
    if (done) auditCampaign(tx, { shopId, userId, campaignId, action });
    return done;
  });
}

/**
 * Puts a group the owner's own choices left out back in, before approval:
 * their removals are forgotten, or the campaign cap is lifted. The caller
 * drafts the campaign again. False when the campaign can no longer change.
 */
export function restoreGroup(input: Ref & { reason: RestorableReason; userId: number }): boolean {
  const { shopId, campaignId, reason } = input;
  const change = reason === "removed_by_owner" ? { removedCustomerIds: [] } : { audienceLimit: null };
  return db.transaction((tx) => {
    const changed =
      tx
        .update(campaigns)
        .set({ ...change, updatedAt: new Date() })
        .where(
          and(eq(campaigns.id, campaignId), eq(campaigns.shopId, shopId), eq(campaigns.status, "review")),
        )
        .run().changes === 1;
    if (changed) {
      recordAudit(tx, {
        shopId,
        actor: `user:${input.userId}`,
        action: "campaign.group_restored",
        subject: `campaign:${campaignId}`,
        detail: { reason },
      });
    }
    return changed;
  });
}
