// What the campaign page says about the emails of a sending campaign that
// are still queued. Only what is known: those due later wait for quiet hours
// or the send window; those due now wait for a worker, and when nothing has
// moved for a while that is what the owner is told.

/** How long a sending campaign may make no progress before the page says so. */
export const SENDING_STALL_MS = 3 * 60_000;

/** Queued emails by when they may go: `dueNow` now, `waiting` at `nextAt` at the earliest. */
export type QueuedTiming = { dueNow: number; waiting: number; nextAt: Date | null };

export type DeliveryNote =
  | { kind: "stalled"; dueNow: number; waiting: number; minutes: number }
  | { kind: "waiting"; waiting: number; nextAt: Date }
  | { kind: "sending"; dueNow: number; waiting: number };

export function deliveryNote(input: {
  timing: QueuedTiming;
  /** When the campaign last moved: a status change or an email settled. */
  updatedAt: Date;
  now: Date;
}): DeliveryNote | null {
  const { timing, updatedAt, now } = input;
  const { dueNow, waiting, nextAt } = timing;
  if (dueNow === 0) return waiting > 0 && nextAt ? { kind: "waiting", waiting, nextAt } : null;
  const still = now.getTime() - updatedAt.getTime();
  if (still >= SENDING_STALL_MS)
    return { kind: "stalled", dueNow, waiting, minutes: Math.floor(still / 60_000) };
  return { kind: "sending", dueNow, waiting };
}
