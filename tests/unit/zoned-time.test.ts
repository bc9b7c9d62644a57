import { zonedToUtc } from "~/utils/zoned-time";

describe("wall-clock times in a shop's time zone", () => {
  it("reads a time on either side of the spring change in London", () => {
    expect(zonedToUtc("2027-03-28T00:30", "Europe/London")).toEqual(new Date("2027-03-28T00:30:00Z"));
    expect(zonedToUtc("2027-03-28T02:30", "Europe/London")).toEqual(new Date("2027-03-28T01:30:00Z"));
    expect(zonedToUtc("2027-06-01T09:00", "Europe/London")).toEqual(new Date("2027-06-01T08:00:00Z"));
  });

  it("has no instant for the hour the clocks skip", () => {
    expect(zonedToUtc("2027-03-28T01:30", "Europe/London")).toBeNull();
    expect(zonedToUtc("2027-03-14T02:30", "America/New_York")).toBeNull();
  });

  it("takes the first of the hour the clocks repeat in autumn", () => {
    expect(zonedToUtc("2026-10-25T01:30", "Europe/London")).toEqual(new Date("2026-10-25T00:30:00Z"));
    expect(zonedToUtc("2026-11-01T01:30", "America/New_York")).toEqual(new Date("2026-11-01T05:30:00Z"));
    expect(zonedToUtc("2026-11-01T03:00", "America/New_York")).toEqual(new Date("2026-11-01T08:00:00Z"));
  });

  it("handles half-hour zones, the southern hemisphere's autumn and UTC", () => {
    expect(zonedToUtc("2026-12-01T09:00", "Asia/Kolkata")).toEqual(new Date("2026-12-01T03:30:00Z"));
    expect(zonedToUtc("2027-04-04T02:30", "Australia/Sydney")).toEqual(new Date("2027-04-03T15:30:00Z"));
    expect(zonedToUtc("2026-12-01T09:00", "UTC")).toEqual(new Date("2026-12-01T09:00:00Z"));
  });
});
