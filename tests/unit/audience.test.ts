import { selectAudience, type Person } from "../../jobs/drafting/audience";
import { emailHash } from "../../jobs/suppression";

const now = new Date("2026-11-23T12:00:00Z");
const person = (id: number, overrides: Partial<Person> = {}): Person => ({
  id,
  email: `p${id}@mail.example`,
  marketingConsent: true,
  birthdate: "1980-01-01",
  consentAt: null,
  needsCare: false,
  emailFrequency: "as_sent",
  optedOutCategoryIds: [],
  ...overrides,
});

const base = {
  orderCounts: new Map([1, 2, 3, 4, 5].map((id) => [id, 2])),
  lastOrderAts: new Map([1, 2, 3, 4, 5].map((id) => [id, new Date("2026-10-01T00:00:00Z")])),
  scores: new Map([
    [1, 0.2],
    [2, 0.9],
    [3, 0.5],
    [4, 0.7],
    [5, 0.9],
  ]),
  suppressedHashes: new Set([emailHash("P3@mail.example")]),
  recentSends: new Map<number, Date[]>(),
  campaign: { sensitive: false, categoryIds: [] },
  shop: {
    capCount: 2,
    capWindowDays: 7,
    minGapHours: 24,
    minorAge: 18,
    allowUnknownAgeSensitive: false,
    staleMonths: 24,
  },
  removed: new Set<number>(),
  now,
};

describe("audience selection", () => {
  it("ranks eligible people by score (ties by id) and gives every other person a reason", () => {
    const people = [person(1), person(2), person(3), person(4, { needsCare: true }), person(5)];
    const { recipients, excluded } = selectAudience({ ...base, people, audienceLimit: null });
    expect(recipients.map((p) => p.id)).toEqual([2, 5, 1]);
    expect(excluded.map((e) => [e.customerId, e.reason])).toEqual([
      [3, "suppressed"],
      [4, "needs_care"],
    ]);
  });

  it("keeps the top of the ranking within the audience limit and says who was cut", () => {
    const people = [1, 2, 3, 4, 5].map((id) => person(id));
    const { recipients, excluded } = selectAudience({ ...base, people, audienceLimit: 2 });
    expect(recipients.map((p) => p.id)).toEqual([2, 5]);
    expect(excluded.filter((e) => e.reason === "audience_limit").map((e) => e.customerId)).toEqual([4, 1]);
    expect(recipients.length + excluded.length).toBe(people.length);
  });

  it("leaves out whom the owner removed, before the cap, so the next best takes their place", () => {
    const people = [1, 2, 3, 4, 5].map((id) => person(id));
    const { recipients, excluded } = selectAudience({
      ...base,
      people,
      audienceLimit: 2,
      removed: new Set([2]),
    });
    expect(recipients.map((p) => p.id)).toEqual([5, 4]);
    expect(excluded.map((e) => [e.customerId, e.reason])).toEqual([
      [2, "removed_by_owner"],
      [3, "suppressed"],
      [1, "audience_limit"],
    ]);
  });
});
