import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { campaigns, messages } from "../../db/schema";
import type { DispatchJobData } from "../queue";

// The database is the truth about what is still to send; Redis only holds
// the jobs that carry it out, and Redis can lose them (a restart without
// persistence, a failover, eviction). Reconciling compares the two and puts
// back the jobs that should exist. Adding a job that already exists is a
// no-op (fixed job ids), and a job too many sends nothing twice: each
// message is claimed (queued → sending) in the database before it is sent.

/** What the database says is waiting for a job. */
export type Pending = {
  /** Approved campaigns: each needs its dispatch job (delayed until sendAt). */
  approved: { shopId: number; campaignId: number; round: number; sendAt: Date | null }[];
  /** Queued messages of sending campaigns, by id. */
  queued: { shopId: number; campaignId: number; round: number; messageId: number }[];
};

/** What the jobs waiting, delayed or running in Redis will take care of. */
export type LiveJobs = { dispatching: Set<number>; messageIds: Set<number> };

export type Restore = {
  dispatches: { data: DispatchJobData; at: Date | null }[];
  sends: { shopId: number; campaignId: number; round: number; messageIds: number[] }[];
};

/** The jobs that must be added so that everything pending has one. */
export function jobsToRestore(pending: Pending, live: LiveJobs): Restore {
  const dispatches = pending.approved
    .filter((c) => !live.dispatching.has(c.campaignId))
    .map((c) => ({ data: { shopId: c.shopId, campaignId: c.campaignId, round: c.round }, at: c.sendAt }));
  const byCampaign = new Map<number, Restore["sends"][number]>();
  for (const m of pending.queued) {
    // A dispatch job still to run (or running) queues its campaign's messages itself.
    if (live.dispatching.has(m.campaignId) || live.messageIds.has(m.messageId)) continue;
    const send = byCampaign.get(m.campaignId) ?? { ...m, messageIds: [] };
    send.messageIds.push(m.messageId);
    byCampaign.set(m.campaignId, send);
  }
  const sends = [...byCampaign.values()].map(({ shopId, campaignId, round, messageIds }) => ({
    shopId,
    campaignId,
    round,
    messageIds,
  }));
  return { dispatches, sends };
}

/** Approved campaigns and the queued messages of sending ones, across all shops. */
export function loadPending(db: Db): Pending {
  const approved = db
    .select({
      shopId: campaigns.shopId,
      campaignId: campaigns.id,
      round: campaigns.dispatchRound,
      sendAt: campaigns.sendAt,
    })
    .from(campaigns)
    .where(eq(campaigns.status, "approved"))
    .all();
  const queued = db
    .select({
      shopId: messages.shopId,
      campaignId: messages.campaignId,
      round: campaigns.dispatchRound,
      messageId: messages.id,
    })
    .from(campaigns)
    .innerJoin(
      messages,
      and(
        eq(messages.campaignId, campaigns.id),
        eq(messages.shopId, campaigns.shopId),
        eq(messages.status, "queued"),
      ),
    )
    .where(eq(campaigns.status, "sending"))
    .orderBy(asc(messages.id))
    .all();
  return { approved, queued };
}

/** The ids a job's data names, by job name; other jobs concern no campaign. */
export function liveJobsOf(jobs: { name: string; data: unknown }[]): LiveJobs {
  const live: LiveJobs = { dispatching: new Set(), messageIds: new Set() };
  for (const { name, data } of jobs) {
    if (name === "dispatch") live.dispatching.add((data as DispatchJobData).campaignId);
    if (name === "send") live.messageIds.add((data as { messageId: number }).messageId);
    if (name === "send-batch")
      for (const id of (data as { messageIds: number[] }).messageIds) live.messageIds.add(id);
  }
  return live;
}
