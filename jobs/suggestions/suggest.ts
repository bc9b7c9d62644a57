import { and, eq, gte, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { campaigns, categories, predictions, products, shops, type Suggestion } from "../../db/schema";
import { recordAudit } from "../audit";
import { draftCampaign } from "../drafting/draft-campaign";
import { forEachHistory } from "../models/history";
import { isFresh, latestCompleteRun, runShopModel, type CustomerModelParams } from "../models/model-run";
import { mostDue, nextOrder, type DueItem } from "../models/replenish";
import { runningLow, wentQuiet } from "./claims";
import { DAY, planSuggestions, restsUntil, type ShopSignals } from "./plan";

const NEW_PRODUCT_DAYS = 30;

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];

/**
 * The category with the most customers "running low" on a replenishable
 * product of it, from the model run: counted by the same claim that drafting
 * then checks for each recipient, so the number suggested is the number who
 * can truly be told so (before the policy).
 */
function dueSignal(db: Db, shopId: number, params: CustomerModelParams, now: Date): ShopSignals["due"] {
  const typical = new Map(params.typicalDays);
  const productOf = new Map(
    db
      .select({ id: products.id, name: products.name, categoryId: products.categoryId })
      .from(products)
      .where(and(eq(products.shopId, shopId), isNotNull(products.categoryId)))
      .all()
      .map((p) => [p.id, { name: p.name, categoryId: p.categoryId! }]),
  );
  const categoryOf = new Map([...productOf].map(([id, p]) => [id, p.categoryId]));
  const today = Math.floor(now.getTime() / DAY);
  const dueBy = new Map<number, number>();
  forEachHistory(db, { shopId, asOf: now }, ({ purchases }) => {
    const byCategory = new Map<number, DueItem[]>();
    let lastDay = -Infinity;
    for (const p of purchases) {
      lastDay = Math.max(lastDay, p.days[p.days.length - 1]);
      const days = typical.get(p.productId);
      const category = categoryOf.get(p.productId);
      if (days === undefined || category === undefined) continue;
      const next = nextOrder(p, days, today);
      if (next) byCategory.set(category, [...(byCategory.get(category) ?? []), next]);
    }
    const lastOrderAt = Number.isFinite(lastDay) ? new Date(lastDay * DAY) : null;
    for (const [category, items] of byCategory) {
      const due = mostDue(items);
      const named = due && { ...due, productName: productOf.get(due.productId)!.name };
      if (runningLow({ due: named, lastOrderAt, now }).holds)
        dueBy.set(category, (dueBy.get(category) ?? 0) + 1);
    }
  });
  const [best] = [...dueBy].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  if (!best) return null;
  const category = db.select().from(categories).where(eq(categories.id, best[0])).get()!;
  const intervals = [...typical]
    .filter(([id]) => categoryOf.get(id) === best[0])
    .map(([, d]) => d)
    .sort((x, y) => x - y);
  return {
    categoryId: best[0],
    categoryName: category.name,
    customers: best[1],
    typicalWeeks: Math.max(1, Math.round(quantile(intervals, 0.5) / 7)),
  };
}

/**
 * Customers in the top quarter of 12-month value whose chance of still being
 * active is 20–60%, and who have been quiet "a while" by their own interval.
 */
function driftingSignal(db: Db, shopId: number, runId: number, now: Date): ShopSignals["drifting"] {
  const rows = db
    .select({ customerId: predictions.customerId, pAlive: predictions.pAlive, clv: predictions.clv12 })
    .from(predictions)
    .where(and(eq(predictions.shopId, shopId), eq(predictions.modelRunId, runId)))
    .all();
  if (rows.length === 0) return null;
  const top = quantile(
    rows.map((r) => r.clv).sort((x, y) => x - y),
    0.75,
  );
  const falling = new Set(
    rows.filter((r) => r.clv >= top && r.pAlive >= 0.2 && r.pAlive <= 0.6).map((r) => r.customerId),
  );
  const history = db
    .all<{ customerId: number; n: number; total: number; first: number; last: number }>(
      sql`SELECT customer_id AS customerId, count(*) AS n, sum(total_cents) AS total,
                 min(ordered_at) AS first, max(ordered_at) AS last
          FROM orders WHERE shop_id = ${shopId} GROUP BY customer_id`,
    )
    .filter(
      (h) =>
        falling.has(h.customerId) &&
        wentQuiet({ orderCount: h.n, firstOrderAt: new Date(h.first), lastOrderAt: new Date(h.last), now })
          .holds,
    );
  if (history.length === 0) return null;
  return {
    customers: history.length,
    // The rules keep three quarters of them: most spent at least this, most have been quiet this long.
    minSpendCents: quantile(
      history.map((h) => h.total).sort((x, y) => x - y),
      0.25,
    ),
    quietDays: Math.max(
      1,
      Math.floor(
        quantile(
          history.map((h) => (now.getTime() - h.last) / DAY).sort((x, y) => x - y),
          0.25,
        ),
      ),
    ),
  };
}

/** The newest product added in the last 30 days and not sold before then, with its category's other buyers. */
function newProductSignal(db: Db, shopId: number, now: Date): ShopSignals["newProduct"] {
  const since = new Date(now.getTime() - NEW_PRODUCT_DAYS * DAY);
  const candidates = db
    .select({
      id: products.id,
      name: products.name,
      categoryId: products.categoryId,
      category: categories.name,
    })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(
      and(
        eq(products.shopId, shopId),
        gte(products.createdAt, since),
        sql`NOT EXISTS (SELECT 1 FROM order_lines l JOIN orders o ON o.id = l.order_id
                        WHERE l.product_id = ${products.id} AND o.ordered_at < ${since.getTime()})`,
      ),
    )
    .orderBy(sql`${products.createdAt} DESC`, products.id)
    .all();
  const product = candidates[0];
  if (!product) return null;
  const customers = db.get<{ n: number }>(sql`
    SELECT count(DISTINCT o.customer_id) AS n FROM orders o JOIN order_lines l ON l.order_id = o.id
    JOIN products p ON p.id = l.product_id
    WHERE o.shop_id = ${shopId} AND p.category_id = ${product.categoryId}
      AND o.customer_id NOT IN (SELECT o2.customer_id FROM orders o2 JOIN order_lines l2 ON l2.order_id = o2.id
                                WHERE o2.shop_id = ${shopId} AND l2.product_id = ${product.id})`).n;
  return {
    productId: product.id,
    name: product.name,
    categoryId: product.categoryId!,
    categoryName: product.category,
    customers,
  };
}

/** Campaigns that are suggestions still waiting for the owner. */
export const isPendingSuggestion = sql`json_extract(${campaigns.suggestion}, '$.status') = 'pending'`;

function pendingKinds(db: Db, shopId: number) {
  return new Set(
    db
      .select({ suggestion: campaigns.suggestion })
      .from(campaigns)
      .where(and(eq(campaigns.shopId, shopId), isPendingSuggestion))
      .all()
      .map((c) => c.suggestion!.kind),
  );
}

/**
 * When each kind of suggestion was last made for the shop, whatever became of
 * it; for one the owner approved, when it was approved, which can be weeks
 * after it was suggested and is when its customers started hearing from it.
 */
export function lastSuggested(db: Db, shopId: number): ShopSignals["lastSuggested"] {
  const kind = sql<Suggestion["kind"]>`json_extract(${campaigns.suggestion}, '$.kind')`;
  const lastAt = sql<Date>`max(max(${campaigns.createdAt}, coalesce(${campaigns.approvedAt}, 0)))`;
  const rows = db
    .select({ kind, at: lastAt.mapWith(campaigns.createdAt) })
    .from(campaigns)
    .where(and(eq(campaigns.shopId, shopId), isNotNull(campaigns.suggestion)))
    .groupBy(kind)
    .all();
  return Object.fromEntries(rows.map((r) => [r.kind, r.at]));
}

/** The kinds resting after a recent suggestion that is settled (see REST_DAYS), and until when. */
export function restingSuggestions(db: Db, input: { shopId: number; now?: Date }) {
  const now = input.now ?? new Date();
  const pending = pendingKinds(db, input.shopId);
  const last = Object.entries(lastSuggested(db, input.shopId)) as [Suggestion["kind"], Date][];
  return last
    .filter(([kind]) => !pending.has(kind))
    .map(([kind, at]) => ({ kind, at, until: restsUntil(kind, at) }))
    .filter((r) => r.until > now)
    .sort((a, b) => a.until.getTime() - b.until.getTime());
}

/**
 * The "suggest" job: reads the shop's model run (refitting it when stale),
 * proposes campaigns where the data supports them, and drafts each one so it
 * waits in the Suggestions inbox with its audience and drafts. Nothing is
 * approved or sent: the owner accepts, edits or dismisses each suggestion.
 */
export function suggestCampaigns(db: Db, input: { shopId: number; publicUrl: string; now?: Date }) {
  const now = input.now ?? new Date();
  const { shopId } = input;
  const latest = latestCompleteRun(db, shopId);
  const run = isFresh(db, latest, now) ? latest : runShopModel(db, { shopId, now });
  const params = run.params as CustomerModelParams | null;
  const shop = db
    .select({ currency: shops.currency, locale: shops.locale })
    .from(shops)
    .where(eq(shops.id, shopId))
    .get();
  const plans = planSuggestions({
    today: now,
    money: shop ?? { currency: null, locale: null },
    due: params ? dueSignal(db, shopId, params, now) : null,
    drifting: params ? driftingSignal(db, shopId, run.id, now) : null,
    newProduct: newProductSignal(db, shopId, now),
    pending: pendingKinds(db, shopId),
    lastSuggested: lastSuggested(db, shopId),
  });
  const created: number[] = [];
  for (const plan of plans) {
    const { kind, rationale, ...content } = plan;
    // The suggestion and its audit entry are written together, already
    // drafting, so a crash cannot leave one without the other.
    const campaign = db.transaction((tx) => {
      const row = tx
        .insert(campaigns)
        .values({
          shopId,
          ...content,
          suggestion: { kind, rationale, status: "pending" },
          status: "drafting",
          progressStage: "queued",
        })
        .returning({ id: campaigns.id })
        .get();
      recordAudit(tx, {
        shopId,
        actor: "system",
        action: "campaign.suggested",
        subject: `campaign:${row.id}`,
        detail: { kind },
      });
      return row;
    });
    created.push(campaign.id);
  }
  // Drafts every pending suggestion still drafting, including one left by a
  // crashed earlier attempt (drafting starts from a clean slate each time).
  const unfinished = db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.shopId, shopId), eq(campaigns.status, "drafting"), isPendingSuggestion))
    .all();
  for (const { id } of unfinished)
    draftCampaign(db, { shopId, campaignId: id, publicUrl: input.publicUrl, now });
  return created;
}

/** Every shop, for the daily run that queues one suggestion job per shop. */
export function allShopIds(db: Db): number[] {
  return db
    .select({ id: shops.id })
    .from(shops)
    .all()
    .map((s) => s.id);
}
