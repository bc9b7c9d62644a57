import { nextAllowedSendTime, validTimeZone } from "../../jobs/policy/quiet-hours";

const quiet = { startHour: 21, endHour: 8 };
const at = (iso: string) => new Date(iso);

describe("quiet hours", () => {
  it("allows daytime sends in the recipient's zone", () => {
    expect(nextAllowedSendTime(at("2026-11-23T12:00:00Z"), "Europe/London", quiet)).toBeNull();
    // 12:00 UTC is 07:00 in New York: still quiet there.
    expect(nextAllowedSendTime(at("2026-11-23T12:00:00Z"), "America/New_York", quiet)).toEqual(
      at("2026-11-23T13:00:00Z"),
    );
  });

  it("postpones an evening send to eight the next morning", () => {
    expect(nextAllowedSendTime(at("2026-11-23T21:30:00Z"), "Europe/London", quiet)).toEqual(
      at("2026-11-24T08:00:00Z"),
    );
    expect(nextAllowedSendTime(at("2026-11-23T23:59:00Z"), "Australia/Sydney", quiet)).toBeNull(); // 10:59 there
    expect(nextAllowedSendTime(at("2026-11-23T11:00:00Z"), "Australia/Sydney", quiet)).toEqual(
      at("2026-11-23T21:00:00Z"),
    );
  });

  it("lands on local 08:00 across daylight-saving changes", () => {
    // London springs forward at 01:00 UTC on 29 March 2026: 08:00 local is 07:00 UTC.
    expect(nextAllowedSendTime(at("2026-03-28T22:00:00Z"), "Europe/London", quiet)).toEqual(
      at("2026-03-29T07:00:00Z"),
    );
    // ...and falls back on 25 October: 08:00 local is 08:00 UTC again.
    expect(nextAllowedSendTime(at("2026-10-24T21:30:00Z"), "Europe/London", quiet)).toEqual(
      at("2026-10-25T08:00:00Z"),
    );
  });

  it("supports a quiet window that does not cross midnight", () => {
    const lunch = { startHour: 12, endHour: 14 };
    expect(nextAllowedSendTime(at("2026-11-23T12:45:00Z"), "UTC", lunch)).toEqual(at("2026-11-23T14:00:00Z"));
    expect(nextAllowedSendTime(at("2026-11-23T15:00:00Z"), "UTC", lunch)).toBeNull();
  });

  it("falls back from an unknown time zone", () => {
    expect(validTimeZone("Mars/Olympus_Mons", "Europe/London")).toBe("Europe/London");
    expect(validTimeZone(null, "UTC")).toBe("UTC");
    expect(validTimeZone("America/Chicago", "UTC")).toBe("America/Chicago");
  });
});
