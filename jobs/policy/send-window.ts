import type { SendWindow } from "../../db/schema";
import { inQuietHours, localClock, nextAllowedSendTime, validTimeZone, type QuietHours } from "./quiet-hours";

export type { SendWindow };

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;

/** Whether any minute of the window lies outside the quiet hours, so that it ever opens. */
export function windowMeetsQuietHours(window: SendWindow, quiet: QuietHours): boolean {
  for (let hour = Math.floor(window.start / 60); hour * 60 < window.end; hour++) {
    if (!inQuietHours(hour, quiet)) return true;
  }
  return false;
}

/**
 * The instant the local clock first reads `minuteOfDay`, `days` days after
 * `at`'s local date. A daylight-saving change in between is corrected by
 * reading the clock again; a time skipped by the change is read as the
 * clock would show it had it not jumped (01:30 becomes 02:30 the night the
 * clocks go forward at 01:00), as Temporal's "compatible" rule does.
 */
function atLocalTime(at: Date, timeZone: string, days: number, minuteOfDay: number): Date {
  const clock = localClock(at, timeZone);
  const base = Math.floor(at.getTime() / MINUTE) * MINUTE;
  const candidate = base + (days * DAY_MINUTES + minuteOfDay - (clock.hour * 60 + clock.minute)) * MINUTE;
  const local = localClock(new Date(candidate), timeZone);
  const drift = minuteOfDay - (local.hour * 60 + local.minute);
  if (drift === 0 || Math.abs(drift) > 120) return new Date(candidate);
  const corrected = new Date(candidate + drift * MINUTE);
  const check = localClock(corrected, timeZone);
  return check.hour * 60 + check.minute === minuteOfDay ? corrected : new Date(candidate);
}

/** Null inside the window, otherwise the next time it opens. */
function nextWindowOpening(at: Date, timeZone: string, window: SendWindow): Date | null {
  const clock = localClock(at, timeZone);
  const minute = clock.hour * 60 + clock.minute;
  const today = window.days.includes(clock.weekday);
  if (today && minute >= window.start && minute < window.end) return null;
  if (today && minute < window.start) return atLocalTime(at, timeZone, 0, window.start);
  const ahead = [1, 2, 3, 4, 5, 6, 7].find((d) => window.days.includes((clock.weekday + d) % 7))!;
  return atLocalTime(at, timeZone, ahead, window.start);
}

/**
 * When a campaign's email may next be sent to a recipient: null when now,
 * otherwise the first time that is both inside the campaign's send window
 * and outside the shop's quiet hours. The email waits; it is never dropped.
 * A window that lies wholly in the quiet hours (the shop changed them after
 * the campaign was saved) cannot open, so the quiet hours alone decide.
 */
export function nextSendTime(
  now: Date,
  timeZone: string,
  quiet: QuietHours,
  window: SendWindow | null,
): Date | null {
  if (!window || !windowMeetsQuietHours(window, quiet)) return nextAllowedSendTime(now, timeZone, quiet);
  let at = now;
  // Each step moves to the next opening of one of the two; the window meets
  // the quiet hours on every allowed day, so a few steps a day suffice.
  for (let step = 0; step < 64; step++) {
    const next = nextAllowedSendTime(at, timeZone, quiet) ?? nextWindowOpening(at, timeZone, window);
    if (!next) return at === now ? null : at;
    at = next;
  }
  throw new Error(`The send window never opens in ${timeZone}.`);
}

/**
 * The next allowed time for one recipient of a campaign, in their own time
 * zone (the shop's when theirs is missing or unknown), null when now.
 */
export function nextSendTimeFor(
  now: Date,
  input: {
    customer: { timezone: string | null };
    shop: { timezone: string; quietStartHour: number; quietEndHour: number };
    campaign: { sendWindow: SendWindow | null };
  },
): Date | null {
  const { customer, shop, campaign } = input;
  const zone = validTimeZone(customer.timezone, validTimeZone(shop.timezone, "UTC"));
  const quiet = { startHour: shop.quietStartHour, endHour: shop.quietEndHour };
  return nextSendTime(now, zone, quiet, campaign.sendWindow);
}

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** The window as an owner would say it: "09:00 to 18:00, Monday to Friday". */
export function describeSendWindow(window: SendWindow): string {
  const times =
    window.start === 0 && window.end === DAY_MINUTES
      ? "all day"
      : `${hhmm(window.start)} to ${hhmm(window.end)}`;
  const days = [...window.days].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7));
  const weekdays = days.length === 5 && days.every((d, i) => d === i + 1);
  const daysText =
    days.length === 7
      ? "every day"
      : weekdays
        ? "Monday to Friday"
        : days
            .map((d) => DAY_NAMES[d])
            .join(", ")
            .replace(/, ([^,]*)$/, " and $1");
  return `${times}, ${daysText}`;
}
