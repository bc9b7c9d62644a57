import { mixSeed, Random } from "./random";

// When one customer buys: BG/NBD's generative story (Fader, Hardie & Lee,
// 2005), plus replenishment. Each customer buys at their own Poisson rate
// λ ~ Gamma(r, α) and, after every repeat purchase, lapses for good with
// probability p ~ Beta(a, b). Some customers are regulars of a coffee or tea:
// besides those purchases, they reorder it when it runs out, about
// replenishDays × quantity after the last bag, so replenishment models have a
// real interval to find.

export const DAY = 86_400_000;
const HOUR = 3_600_000;
const HISTORY_DAYS = 730;

// r < 1 gives the long tail real shops see: many occasional buyers, a few
// who order every week. RATE_PER_DAY is the mean rate before
// calibrateRateBoost scales every rate to meet the order target.
const RATE_SHAPE = 0.5;
const RATE_PER_DAY = 1 / 45;
const DROPOUT_A = 0.8;
const DROPOUT_B = 9;
// The more often someone buys, the likelier they buy their coffee only here.
const REGULAR_SHARE = 0.7;

// Local hours at which people order (7:00 to 22:00), busiest at breakfast,
// lunch and in the evening.
const ORDER_HOUR_WEIGHTS = [3, 5, 4, 3, 3, 4, 5, 4, 3, 3, 4, 5, 6, 6, 5, 3];
const FIRST_ORDER_HOUR = 7;

export type Window = { start: number; end: number };

export type PurchaseProfile = {
  /** Replenishment interval of the customer's usual coffee or tea. */
  stapleReplenishDays: number;
  utcOffsetHours: number;
};

export type Purchase = {
  at: number; // ms since the epoch, UTC
  /** Bags of the usual coffee or tea when this is a reorder of it; 0 otherwise. */
  stapleQuantity: number;
};

export function historyWindow(today: Date): Window {
  const end = today.getTime();
  return { start: end - HISTORY_DAYS * DAY, end };
}

// Shops grow: first purchases become likelier towards the end of the window
// (density rising linearly from 0.6 to 1.4), inverted from the CDF.
function firstPurchaseFraction(u: number): number {
  return (-0.6 + Math.sqrt(0.36 + 1.6 * u)) / 0.8;
}

const STAPLE_QUANTITY_WEIGHTS = [75, 20, 5];

// People reorder a little before or after the bag runs out.
function runsOutAfter(random: Random, replenishDays: number, quantity: number): number {
  return replenishDays * quantity * Math.max(0.5, 1 + 0.12 * random.normal());
}

/**
 * One customer's purchases, oldest first, on distinct days. Each random
 * quantity has its own stream, so that a faster purchase rate (a larger boost)
 * only ever moves the same purchases earlier: the order count rises with the
 * boost, which is what lets calibrateRateBoost bisect on it.
 */
export function simulatePurchases(
  customerSeed: number,
  profile: PurchaseProfile,
  window: Window,
  rateBoost: number,
): { regular: boolean; purchases: Purchase[] } {
  const life = new Random(mixSeed(customerSeed, 1));
  const poissonClock = new Random(mixSeed(customerSeed, 2));
  const stapleClock = new Random(mixSeed(customerSeed, 3));
  const dropout = new Random(mixSeed(customerSeed, 4));
  const hours = new Random(mixSeed(customerSeed, 5));

  const rate = Math.max(life.gamma(RATE_SHAPE, RATE_PER_DAY / RATE_SHAPE) * rateBoost, 1e-9);
  const lapse = life.beta(DROPOUT_A, DROPOUT_B);
  // Whole days clear of both ends, so that the first order, whatever the
  // customer's time zone, falls inside the window.
  const startDay = Math.floor(window.start / DAY) + 1;
  const lastFirstDay = Math.floor(window.end / DAY) - 1;
  const firstDay = startDay + firstPurchaseFraction(life.next()) * (lastFirstDay - startDay);
  const replenish = profile.stapleReplenishDays;
  const regular = life.next() < REGULAR_SHARE * (1 - Math.exp(-rate * replenish));

  const purchases: Purchase[] = [];
  let lastDay = -Infinity;
  let day = firstDay;
  let quantity = regular ? 1 + stapleClock.weighted(STAPLE_QUANTITY_WEIGHTS) : 0;
  let nextPoisson = firstDay + poissonClock.exponential(rate);
  let nextStaple = regular ? firstDay + runsOutAfter(stapleClock, replenish, quantity) : Infinity;
  for (;;) {
    const orderDay = Math.max(Math.floor(day), lastDay + 1);
    const localHour = FIRST_ORDER_HOUR + hours.weighted(ORDER_HOUR_WEIGHTS);
    const at = orderDay * DAY + (localHour - profile.utcOffsetHours) * HOUR + Math.floor(hours.next() * HOUR);
    if (at >= window.end) break;
    purchases.push({ at, stapleQuantity: quantity });
    lastDay = orderDay;
    // BG/NBD: a customer may lapse after any repeat purchase, never after the first.
    if (purchases.length > 1 && dropout.next() < lapse) break;
    if (nextStaple <= nextPoisson) {
      day = nextStaple;
      quantity = 1 + stapleClock.weighted(STAPLE_QUANTITY_WEIGHTS);
      nextStaple = day + runsOutAfter(stapleClock, replenish, quantity);
    } else {
      day = nextPoisson;
      quantity = 0;
      nextPoisson = day + poissonClock.exponential(rate);
    }
  }
  return { regular, purchases };
}

/**
 * The multiplier on every purchase rate that makes the customers in the sample
 * (null for one who never orders) place `ordersPerCustomer` orders on average,
 * found by bisection. The sample
 * is the generator's own first customers, so at small sizes the total lands
 * almost exactly on target and at large ones within sampling error.
 */
export function calibrateRateBoost(
  sample: readonly ({ customerSeed: number; profile: PurchaseProfile } | null)[],
  window: Window,
  ordersPerCustomer: number,
): number {
  const target = ordersPerCustomer * sample.length;
  const orders = (boost: number) => {
    let total = 0;
    for (const buyer of sample)
      if (buyer)
        total += simulatePurchases(buyer.customerSeed, buyer.profile, window, boost).purchases.length;
    return total;
  };
  let low = Math.log(1 / 256);
  let high = Math.log(256);
  for (let i = 0; i < 24; i++) {
    const middle = (low + high) / 2;
    const total = orders(Math.exp(middle));
    if (total === target) return Math.exp(middle);
    if (total < target) low = middle;
    else high = middle;
  }
  return Math.exp((low + high) / 2);
}
