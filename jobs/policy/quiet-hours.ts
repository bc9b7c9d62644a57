export type QuietHours = { startHour: number; endHour: number };

const MINUTE = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** The wall clock in a time zone: hour, minute and weekday (0 is Sunday). */
export function localClock(at: Date, timeZone: string): { hour: number; minute: number; weekday: number } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return {
    hour: Number(get("hour")),
    minute: Number(get("minute")),
    weekday: WEEKDAYS.indexOf(get("weekday")),
  };
}

// Asked for every message sent; building a DateTimeFormat to find out costs
// far more than the rest of the check.
const knownZones = new Map<string, boolean>();

/** A time zone Intl knows, else the fallback (a typo in imported data must not stop sending). */
export function validTimeZone(zone: string | null | undefined, fallback: string): string {
  if (!zone) return fallback;
  let valid = knownZones.get(zone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat("en-GB", { timeZone: zone });
      valid = true;
    } catch {
      valid = false;
    }
    knownZones.set(zone, valid);
  }
  return valid ? zone : fallback;
}

export const inQuietHours = (hour: number, { startHour, endHour }: QuietHours) =>
  startHour > endHour ? hour >= startHour || hour < endHour : hour >= startHour && hour < endHour;

/**
 * When a marketing email may next arrive in the recipient's own time zone:
 * null when it may be sent now, otherwise the end of their quiet hours
 * (by default 21:00 to 08:00), so the send is postponed, never dropped.
 * Daylight-saving jumps are corrected by reading the local clock again.
 */
export function nextAllowedSendTime(now: Date, timeZone: string, quiet: QuietHours): Date | null {
  const { hour, minute } = localClock(now, timeZone);
  if (!inQuietHours(hour, quiet)) return null;
  const hoursLeft = hour >= quiet.endHour ? 24 - hour + quiet.endHour : quiet.endHour - hour;
  let candidate = new Date(now.getTime() + (hoursLeft * 60 - minute) * MINUTE);
  const local = localClock(candidate, timeZone);
  const drift = quiet.endHour * 60 - (local.hour * 60 + local.minute);
  if (drift !== 0 && Math.abs(drift) <= 120) candidate = new Date(candidate.getTime() + drift * MINUTE);
  return new Date(Math.ceil(candidate.getTime() / MINUTE) * MINUTE);
}
