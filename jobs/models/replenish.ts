/**
 * When a customer is likely to reorder a product they replenish: their own
 * mean interval between purchase days, shrunk toward the product's typical
 * interval (a Bayesian average with the typical interval worth `prior`
 * observations), so one quick reorder does not make someone "due" weekly.
 */
const DAY = 86_400_000;
export const INTERVAL_PRIOR = 2;

export type Purchases = { productId: number; days: readonly number[] };
export type DueItem = {
  productId: number;
  timesBought: number;
  intervalDays: number;
  daysSince: number;
  dueAt: Date;
  /** 1 when the time since the last purchase equals the interval, falling to 0 at half and at twice it. */
  dueness: number;
};

/** Gaps in days between consecutive purchase days of one product, appended to `into`. */
export function collectGaps(days: readonly number[], into: number[]) {
  for (let i = 1; i < days.length; i++) into.push(days[i] - days[i - 1]);
}

/** The median of a product's reorder gaps across customers, or null without any. */
export function typicalInterval(gaps: number[]): number | null {
  if (gaps.length === 0) return null;
  gaps.sort((x, y) => x - y);
  const mid = Math.floor(gaps.length / 2);
  return gaps.length % 2 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2;
}

export function dueness(daysSince: number, intervalDays: number): number {
  const ratio = daysSince / intervalDays;
  if (ratio <= 0.5 || ratio >= 2) return 0;
  return ratio <= 1 ? (ratio - 0.5) / 0.5 : (2 - ratio) / 1;
}

/**
 * `days` are sorted purchase days (days since the epoch, one entry per day).
 * Null when the product has no typical interval and the customer bought it once.
 */
export function nextOrder(
  purchases: Purchases,
  typicalDays: number | null,
  today: number,
  prior = INTERVAL_PRIOR,
): DueItem | null {
  const { days } = purchases;
  if (days.length === 0) return null;
  const gaps = days.length - 1;
  const own = gaps > 0 ? (days[days.length - 1] - days[0]) / gaps : 0;
  let interval: number;
  if (typicalDays === null) {
    if (gaps === 0) return null;
    interval = own;
  } else {
    interval = (gaps * own + prior * typicalDays) / (gaps + prior);
  }
  interval = Math.max(1, interval);
  const last = days[days.length - 1];
  const daysSince = today - last;
  return {
    productId: purchases.productId,
    timesBought: days.length,
    intervalDays: interval,
    daysSince,
    dueAt: new Date((last + interval) * DAY),
    dueness: dueness(daysSince, interval),
  };
}

/** The customer's replenishable product closest to due, if any. */
export function mostDue(items: Iterable<DueItem | null>): DueItem | null {
  let best: DueItem | null = null;
  for (const item of items) {
    if (
      item &&
      (!best ||
        item.dueness > best.dueness ||
        (item.dueness === best.dueness && item.productId < best.productId))
    )
      best = item;
  }
  return best;
}
