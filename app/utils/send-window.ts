import type { SendWindow } from "../../db/schema";

const ALL_DAYS = [0, 1, 2, 3, 4, 5, 6];

const pad = (n: number) => String(n).padStart(2, "0");
const clock = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/** A stored window as the builder's fields. */
export function windowFields(window: SendWindow | null) {
  if (!window) return { windowMode: "any", windowStart: "", windowEnd: "", windowDays: ALL_DAYS.join(",") };
  const allDay = window.start === 0 && window.end === 24 * 60;
  return {
    windowMode: "window",
    windowStart: allDay ? "" : clock(window.start),
    windowEnd: allDay ? "" : clock(window.end),
    windowDays: window.days.join(","),
  };
}
