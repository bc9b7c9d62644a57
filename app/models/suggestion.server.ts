import { and, count, desc, eq } from "drizzle-orm";
import { campaigns, messages, type Suggestion } from "../../db/schema";
import { recordAudit } from "../../jobs/audit";
import { isPendingSuggestion, restingSuggestions as resting } from "../../jobs/suggestions/suggest";
import { db } from "../db.server";
import { producer } from "../queue.server";
import type { QueueResult } from "./pipeline.server";

type Ref = { shopId: number; campaignId: number };

/** The suggestions waiting for the owner, newest first, with how many drafts each has. */
export function pendingSuggestions({ shopId }: { shopId: number }) {
  return db
    .select({
      id: campaigns.id,
      name: campaigns.name,
      status: campaigns.status,
      suggestion: campaigns.suggestion,
      createdAt: campaigns.createdAt,
      recipients: count(messages.id),
    })
    .from(campaigns)
    .leftJoin(messages, eq(messages.campaignId, campaigns.id))
    .where(and(eq(campaigns.shopId, shopId), isPendingSuggestion))
    .groupBy(campaigns.id)
    .orderBy(desc(campaigns.id))
    .all()
    .map((row) => ({ ...row, suggestion: row.suggestion! }));
}

/** The kinds of suggestion resting after a recent one, and until when (jobs/suggestions/plan.ts). */
export function restingSuggestions({ shopId }: { shopId: number }) {
  return resting(db, { shopId });
}

/**
 * Settles a pending suggestion: accepted, it becomes an ordinary campaign in
 * review (still to be approved); dismissed, it is archived. 404 when it is not
 * this shop's pending suggestion.
 */
export function settleSuggestion(input: Ref & { userId: number; accept: boolean }) {
  const campaign = db
    .select({ suggestion: campaigns.suggestion })
    .from(campaigns)
    .where(and(eq(campaigns.id, input.campaignId), eq(campaigns.shopId, input.shopId)))
    .get();
  if (campaign?.suggestion?.status !== "pending") throw new Response("Not found", { status: 404 });
  const status: Suggestion["status"] = input.accept ? "accepted" : "dismissed";
  db.transaction((tx) => {
    tx.update(campaigns)
      .set({
        suggestion: { ...campaign.suggestion!, status },
        ...(input.accept ? {} : { archivedAt: new Date() }),
      })
      .where(and(eq(campaigns.id, input.campaignId), eq(campaigns.shopId, input.shopId)))
      .run();
    recordAudit(tx, {
      shopId: input.shopId,
      actor: `user:${input.userId}`,
      action: input.accept ? "suggestion.accepted" : "suggestion.dismissed",
      subject: `campaign:${input.campaignId}`,
    });
  });
}

/** Asks the worker for fresh suggestions now, instead of waiting for the morning run. */
export async function requestSuggestions({ shopId }: { shopId: number }): Promise<QueueResult> {
  try {
    await producer.enqueueSuggestions({ shopId });
    return { ok: true };
  } catch {
    return { ok: false, error: "The job queue (Redis) is not reachable right now; try again in a moment." };
  }
}

/** Whether a suggestion run for the shop is waiting or under way (false when Redis cannot say). */
export async function isLookingForSuggestions({ shopId }: { shopId: number }): Promise<boolean> {
  try {
    await producer.ping();
    const job = await producer.workQueue.getJob(`suggest-${shopId}`);
    return job ? ["waiting", "active", "delayed", "prioritized"].includes(await job.getState()) : false;
  } catch {
    return false;
  }
}
