import {
  describeSendWindow,
  nextSendTime,
  windowMeetsQuietHours,
  type SendWindow,
} from "../../jobs/policy/send-window";

const at = (iso: string) => new Date(iso);
const noQuiet = { startHour: 0, endHour: 0 };
const quiet = { startHour: 21, endHour: 8 };
const WEEKDAYS = [1, 2, 3, 4, 5];
// 09:00 to 18:00, Monday to Friday.
const office: SendWindow = { start: 9 * 60, end: 18 * 60, days: WEEKDAYS };

describe("campaign send window", () => {
  it("sends at once inside the window and without one", () => {
    // Monday 23 November 2026, 12:00 in London.
    expect(nextSendTime(at("2026-11-23T12:00:00Z"), "Europe/London", quiet, office)).toBeNull();
    expect(nextSendTime(at("2026-11-23T12:00:00Z"), "Europe/London", quiet, null)).toBeNull();
  });

  it("waits for the window to open, in the recipient's own time zone", () => {
    // 12:00 UTC is 07:00 in New York: the window opens at 09:00 there (14:00 UTC).
    expect(nextSendTime(at("2026-11-23T12:00:00Z"), "America/New_York", noQuiet, office)).toEqual(
      at("2026-11-23T14:00:00Z"),
    );
    // 12:00 UTC is 23:00 Monday in Sydney: Tuesday 09:00 there is 22:00 UTC Monday.
    expect(nextSendTime(at("2026-11-23T12:00:00Z"), "Australia/Sydney", noQuiet, office)).toEqual(
      at("2026-11-23T22:00:00Z"),
    );
    // Half past six in the evening in London: tomorrow at nine.
    expect(nextSendTime(at("2026-11-23T18:30:00Z"), "Europe/London", noQuiet, office)).toEqual(
      at("2026-11-24T09:00:00Z"),
    );
  });

  it("skips days that are not in the window", () => {
    // Friday 27 November, 19:00 in London: the next weekday is Monday 30 November.
    expect(nextSendTime(at("2026-11-27T19:00:00Z"), "Europe/London", noQuiet, office)).toEqual(
      at("2026-11-30T09:00:00Z"),
    );
    // Saturday noon with a Sunday-only window: Sunday 10:30.
    const sundays = { start: 10 * 60 + 30, end: 12 * 60, days: [0] };
    expect(nextSendTime(at("2026-11-28T12:00:00Z"), "Europe/London", noQuiet, sundays)).toEqual(
      at("2026-11-29T10:30:00Z"),
    );
    // The weekday is the recipient's: Sunday 23:00 UTC is already Monday 10:00 in Sydney.
    expect(nextSendTime(at("2026-11-22T23:00:00Z"), "Australia/Sydney", noQuiet, office)).toBeNull();
  });

  it("lets the stricter of the window and the quiet hours win", () => {
    // Window from 06:00; quiet hours until 08:00: nothing before 08:00.
    const early = { start: 6 * 60, end: 18 * 60, days: [0, 1, 2, 3, 4, 5, 6] };
    expect(nextSendTime(at("2026-11-23T06:30:00Z"), "UTC", quiet, early)).toEqual(at("2026-11-23T08:00:00Z"));
    // Quiet hours over lunch inside an office-hours window; after them, back in the window.
    const lunch = { startHour: 12, endHour: 14 };
    expect(nextSendTime(at("2026-11-23T12:30:00Z"), "UTC", lunch, office)).toEqual(
      at("2026-11-23T14:00:00Z"),
    );
    // A window that is all quiet after 12:00: the next morning.
    const morning = { start: 10 * 60, end: 13 * 60, days: WEEKDAYS };
    expect(nextSendTime(at("2026-11-23T12:30:00Z"), "UTC", lunch, morning)).toEqual(
      at("2026-11-24T10:00:00Z"),
    );
  });

  it("falls back to the quiet hours when the window lies wholly inside them", () => {
    const late = { start: 22 * 60, end: 23 * 60, days: WEEKDAYS };
    expect(windowMeetsQuietHours(late, quiet)).toBe(false);
    expect(windowMeetsQuietHours(office, quiet)).toBe(true);
    expect(nextSendTime(at("2026-11-23T22:30:00Z"), "UTC", quiet, late)).toEqual(at("2026-11-24T08:00:00Z"));
  });

  it("opens at the local time across daylight-saving changes", () => {
    // Friday 27 March 2026, 19:00 GMT; London springs forward on Sunday 29 March:
    // Monday 09:00 is then 08:00 UTC.
    expect(nextSendTime(at("2026-03-27T19:00:00Z"), "Europe/London", noQuiet, office)).toEqual(
      at("2026-03-30T08:00:00Z"),
    );
    // New York falls back on Sunday 1 November 2026: Monday 09:00 EST is 14:00 UTC.
    expect(nextSendTime(at("2026-10-30T23:00:00Z"), "America/New_York", noQuiet, office)).toEqual(
      at("2026-11-02T14:00:00Z"),
    );
    // A window opening at 01:30 on the night London skips 01:00 to 02:00 opens an hour
    // later by the clock (02:30 BST, 01:30 UTC), as Temporal's "compatible" rule reads a skipped time.
    const night = { start: 90, end: 4 * 60, days: [0] };
    expect(nextSendTime(at("2026-03-28T12:00:00Z"), "Europe/London", noQuiet, night)).toEqual(
      at("2026-03-29T01:30:00Z"),
    );
  });
});

describe("describing a send window", () => {
  it("says it as an owner would", () => {
    expect(describeSendWindow(office)).toBe("09:00 to 18:00, Monday to Friday");
    expect(describeSendWindow({ start: 0, end: 1440, days: [0, 6] })).toBe("all day, Saturday and Sunday");
    expect(describeSendWindow({ start: 570, end: 600, days: [0, 1, 2, 3, 4, 5, 6] })).toBe(
      "09:30 to 10:00, every day",
    );
    expect(describeSendWindow({ start: 600, end: 720, days: [3, 1, 5] })).toBe(
      "10:00 to 12:00, Monday, Wednesday and Friday",
    );
  });
});
