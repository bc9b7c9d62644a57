import type { AcknowledgedWarning } from "../../db/schema";
import { approveCampaign, startDrafting, StateError } from "../../jobs/state";
import { db } from "../db.server";
import { producer } from "../queue.server";

type Ref = { shopId: number; campaignId: number };
export type QueueResult = { ok: true } | { ok: false; error: string };

const QUEUE_DOWN =
  "The job queue (Redis) is not reachable right now. Your campaign is saved; try again in a moment.";

async function enqueue(work: () => Promise<void>): Promise<QueueResult> {
  try {
    await work();
    return { ok: true };
  } catch {
    return { ok: false, error: QUEUE_DOWN };
  }
}

/** Moves the campaign to drafting and queues the job. The state change stands even when Redis is down. */
export async function requestDrafting(ref: Ref): Promise<QueueResult> {
  try {
    startDrafting(db, ref);
  } catch (error) {
    if (error instanceof StateError) return { ok: false, error: error.message };
    throw error;
  }
  return enqueue(() => producer.enqueueDrafting(ref));
}

/** Re-queues a drafting job that never reached the queue (Redis was down). */
export function retryDrafting(ref: Ref): Promise<QueueResult> {
  return enqueue(() => producer.enqueueDrafting(ref));
}

export async function approveAndDispatch(
  input: Ref & { userId: number; acknowledgedWarnings: AcknowledgedWarning[] },
): Promise<QueueResult> {
  const ref = { shopId: input.shopId, campaignId: input.campaignId };
  try {
    approveCampaign(db, { ...ref, userId: input.userId, acknowledgedWarnings: input.acknowledgedWarnings });
  } catch (error) {
    if (error instanceof StateError) return { ok: false, error: error.message };
    throw error;
  }
  return enqueue(() => producer.enqueueDispatch(ref));
}

/** Queues dispatch again for an approved campaign; its job id makes this safe to repeat. */
export function retryDispatch(ref: Ref): Promise<QueueResult> {
  return enqueue(() => producer.enqueueDispatch(ref));
}
