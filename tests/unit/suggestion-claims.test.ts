import type { DueItem } from "../../jobs/models/replenish";
import {
  checkClaim,
  DUE_WINDOW_DAYS,
  RECENT_ORDER_DAYS,
  runningLow,
  WIN_BACK_MIN_DAYS,
  wentQuiet,
} from "../../jobs/suggestions/claims";

const DAY = 86_400_000;
const now = new Date("2026-11-23T12:00:00Z");
const today = Math.floor(now.getTime() / DAY);
const daysAgo = (d: number) => new Date(now.getTime() - d * DAY);

/** A due item for House Blend, last bought `since` days ago, reordered every `every` days. */
function due(since: number, every: number): DueItem & { productName: string } {
  return {
    productId: 1,
    productName: "House Blend",
    timesBought: 3,
    intervalDays: every,
    daysSince: since,
    dueAt: new Date((today - since + every) * DAY),
    dueness: 0.5,
  };
}

describe("the claim “running low”: due to reorder now, by the customer's own rhythm", () => {
  it("holds for someone due within the window, and states the fact it rests on", () => {
    const check = runningLow({ due: due(27, 28), lastOrderAt: daysAgo(27), now });
    expect(check).toEqual({
      holds: true,
      fact: {
        code: "claim",
        text: "You last bought House Blend on 27 October, and you usually reorder about every four weeks, so you are due around 24 November.",
      },
    });
  });

  it("leaves out someone who ordered in the last week, whatever their rhythm says", () => {
    expect(runningLow({ due: due(30, 28), lastOrderAt: daysAgo(1), now })).toEqual({
      holds: false,
      reason: "not_due",
      detail: "ordered yesterday: not running low",
    });
    expect(runningLow({ due: due(30, 28), lastOrderAt: daysAgo(RECENT_ORDER_DAYS - 1), now })).toMatchObject({
      holds: false,
      detail: "ordered 6 days ago: not running low",
    });
    expect(runningLow({ due: due(30, 28), lastOrderAt: daysAgo(RECENT_ORDER_DAYS), now }).holds).toBe(true);
  });

  it("leaves out someone not yet due, or not far enough into their interval", () => {
    expect(runningLow({ due: due(20, 70), lastOrderAt: daysAgo(20), now })).toEqual({
      holds: false,
      reason: "not_due",
      detail:
        "due around 12 January (last bought House Blend 3 weeks ago, usually every two months): not running low yet",
    });
    // Due within the window, but only half way through a short interval.
    expect(runningLow({ due: due(8, 14), lastOrderAt: daysAgo(8), now }).holds).toBe(false);
    // The window's edge is inside it.
    expect(runningLow({ due: due(30, 30 + DUE_WINDOW_DAYS), lastOrderAt: daysAgo(30), now }).holds).toBe(
      true,
    );
    expect(runningLow({ due: due(30, 31 + DUE_WINDOW_DAYS), lastOrderAt: daysAgo(30), now }).holds).toBe(
      false,
    );
  });

  it("leaves out someone long past due: they may have stopped or bought elsewhere", () => {
    expect(runningLow({ due: due(70, 28), lastOrderAt: daysAgo(70), now })).toEqual({
      holds: false,
      reason: "not_due",
      detail:
        "was due around 12 October (last bought House Blend 2 months ago, usually every four weeks): “running low” would be a guess",
    });
  });

  it("leaves out someone with no reorder rhythm for the range", () => {
    expect(runningLow({ due: null, lastOrderAt: daysAgo(40), now })).toEqual({
      holds: false,
      reason: "not_due",
      detail: "no reorder rhythm for this range yet: cannot say they are running low",
    });
  });
});

describe("the claim “we have not seen you for a while”: quiet for longer than their own usual interval", () => {
  const history = (orderCount: number, firstDaysAgo: number, lastDaysAgo: number) => ({
    orderCount,
    firstOrderAt: daysAgo(firstDaysAgo),
    lastOrderAt: daysAgo(lastDaysAgo),
  });

  it("holds for someone quiet for over twice their usual interval, and states it", () => {
    // Four orders 30 days apart, the last 100 days ago.
    expect(wentQuiet({ ...history(4, 190, 100), now })).toEqual({
      holds: true,
      fact: {
        code: "claim",
        text: "Your last order was on 15 August, 3 months ago; you used to order about every four weeks.",
      },
    });
  });

  it("leaves out someone on their usual interval", () => {
    // Every 90 days, last 100 days ago: quiet, by the shop's calendar, but not for them.
    expect(wentQuiet({ ...history(3, 280, 100), now })).toEqual({
      holds: false,
      reason: "not_lapsed",
      detail:
        "last order 3 months ago, and they usually order about every three months: not “a while” for them",
    });
  });

  it("needs a minimum quiet time even for someone who orders often", () => {
    // Every 5 days, last 30 days ago: six intervals, but a month is not "a while".
    expect(wentQuiet({ ...history(5, 50, 30), now }).holds).toBe(false);
    expect(wentQuiet({ ...history(5, 20 + WIN_BACK_MIN_DAYS, WIN_BACK_MIN_DAYS), now }).holds).toBe(true);
  });

  it("leaves out someone with one order: there is no usual interval to compare with", () => {
    expect(wentQuiet({ ...history(1, 200, 200), now })).toEqual({
      holds: false,
      reason: "not_lapsed",
      detail: "one order so far: no usual interval to say “a while” by",
    });
  });
});

describe("claims by kind of suggestion", () => {
  it("checks a reorder reminder and a win-back, and nothing for other campaigns", () => {
    const facts = {
      due: due(1, 28),
      orderCount: 2,
      firstOrderAt: daysAgo(29),
      lastOrderAt: daysAgo(1),
      now,
    };
    expect(checkClaim("replenish", facts)).toMatchObject({ holds: false, reason: "not_due" });
    expect(checkClaim("win_back", facts)).toMatchObject({ holds: false, reason: "not_lapsed" });
    expect(checkClaim("new_product", facts)).toBeNull();
    expect(checkClaim(undefined, facts)).toBeNull();
  });
});
