/**
 * Dates as the owner reads them; the server and the browser agree on UTC, or
 * on the zone given (the shop's, for a scheduled send).
 */
// A formatter per zone, made once: making one takes longer than formatting
// a date, and a page of fifty rows formats fifty.
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(timeZone: string) {
  let format = dateTimeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZone,
      timeZoneName: "short",
    });
    dateTimeFormats.set(timeZone, format);
  }
  return format;
}

export function formatDateTime(value: string | Date | null | undefined, timeZone = "UTC"): string {
  if (!value) return "—";
  return dateTimeFormat(timeZone).format(new Date(value));
}

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return "—";
  return dateFormat.format(new Date(value));
}
