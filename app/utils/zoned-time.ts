// Wall-clock times in a shop's time zone, to and from UTC, with Intl only.

const formats = new Map<string, Intl.DateTimeFormat>();

function wallClock(at: number, timeZone: string): string {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

const HALF_DAY = 12 * 3_600_000;
const asUtc = (local: string) => Date.parse(`${local}:00Z`);

/**
 * The instant a datetime-local value ("2026-03-29T09:30") names in `timeZone`.
 * Null when that wall-clock time does not exist there (the hour skipped when
 * the clocks go forward). In the hour repeated when they go back, the first.
 */
export function zonedToUtc(local: string, timeZone: string): Date | null {
  const wanted = asUtc(local);
  const offsetAt = (at: number) => asUtc(wallClock(at, timeZone)) - at;
  // The zone's offsets half a day either side cover any change near this
  // time; each gives a candidate, and only real readings of the clock count.
  const candidates = [-HALF_DAY, 0, HALF_DAY].map((shift) => wanted - offsetAt(wanted + shift));
  const found = candidates.filter((at) => wallClock(at, timeZone) === local).sort((a, b) => a - b)[0];
  return found === undefined ? null : new Date(found);
}
