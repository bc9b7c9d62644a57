import type { AcknowledgedWarning } from "../../db/schema";
import {
  cancelCampaign,
  markUnknownSent,
  pauseCampaign,
  requeueUnknown,
  resumeCampaign,
} from "../../jobs/control";
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

/** Whether the job queue answers; a page waiting on a worker says so only when it does. */
export function queueReachable(): Promise<boolean> {
  return producer.ping().then(
    () => true,
    () => false,
  );
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

/** A state change first (it stands even when Redis is down), then its job, if any. */
async function change(run: () => (() => Promise<void>) | void): Promise<QueueResult> {
  let then: (() => Promise<void>) | void;
  try {
    then = run();
  } catch (error) {
    if (error instanceof StateError) return { ok: false, error: error.message };
    throw error;
  }
  return then ? enqueue(then) : { ok: true };
}

/** Approves and queues dispatch, now or at `sendAt` (the job waits until then). */
export function approveAndDispatch(
  input: Ref & { userId: number; acknowledgedWarnings: AcknowledgedWarning[]; sendAt?: Date | null },
): Promise<QueueResult> {
  const ref = { shopId: input.shopId, campaignId: input.campaignId };
  return change(() => {
    approveCampaign(db, {
      ...ref,
      userId: input.userId,
      acknowledgedWarnings: input.acknowledgedWarnings,
      sendAt: input.sendAt,
    });
    return () => producer.enqueueDispatch(ref, { at: input.sendAt });
  });
}

export function pauseSending(input: Ref & { userId: number }): Promise<QueueResult> {
  return change(() => pauseCampaign(db, input));
}

/** Resumes, and queues a dispatch round that re-queues whatever is left. */
export function resumeSending(input: Ref & { userId: number }): Promise<QueueResult> {
  return change(() => {
    const { round, sendAt } = resumeCampaign(db, input);
    const ref = { shopId: input.shopId, campaignId: input.campaignId, round };
    return () => producer.enqueueDispatch(ref, { at: sendAt });
  });
}

export function cancelSending(input: Ref & { userId: number }): Promise<QueueResult> {
  return change(() => {
    cancelCampaign(db, input);
  });
}

/** Queues dispatch again for an approved campaign; its job id makes this safe to repeat. */
export function retryDispatch(ref: Ref & { round: number; sendAt: Date | null }): Promise<QueueResult> {
  const { sendAt, ...data } = ref;
  return enqueue(() => producer.enqueueDispatch(data, { at: sendAt }));
}

type Resolve = Ref & { userId: number; messageIds: number[] };

/** Unknown messages the owner found in the provider's logs. Returns how many were marked. */
export function markSent(input: Resolve): number {
  return markUnknownSent(db, input);
}

/**
 * Unknown messages the owner chose to send again. Only while the queue
 * answers: a message queued again without a job would never leave.
 */
export async function sendAgain(input: Resolve): Promise<QueueResult> {
  try {
    await producer.ping();
  } catch {
    return { ok: false, error: QUEUE_DOWN };
  }
  return change(() => {
    const queued = requeueUnknown(db, input);
    const again = Date.now();
    return async () => {
      for (const messageId of queued) {
        const jobId = `send-${messageId}-again-${again}`;
        await producer.enqueueSend({ shopId: input.shopId, messageId }, { jobId });
      }
    };
  });
}
