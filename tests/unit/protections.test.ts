import { importChanges } from "../../jobs/import/changes";
import {
  categoryMove,
  standingWithdrawal,
  withoutLoosening,
  type OnRecord,
} from "../../jobs/policy/protections";

const now = new Date("2026-01-10T12:00:00Z");
const rules = { now, minorAge: 18 };
const day = (d: string) => new Date(`${d}T09:00:00Z`);

describe("standingWithdrawal", () => {
  it("is none for a customer who never said yes, even after an import said no", () => {
    expect(
      standingWithdrawal([{ consent: false, source: "import:a.csv", at: day("2025-01-01") }], null),
    ).toBe(null);
    expect(standingWithdrawal([], null)).toBe(null);
  });

  it("is a no after a yes, from any source, and a no the owner recorded", () => {
    const afterYes = standingWithdrawal(
      [
        { consent: true, source: "signup form", at: day("2025-01-01") },
        { consent: false, source: "import:b.csv", at: day("2025-02-01") },
      ],
      null,
    );
    expect(afterYes).toMatchObject({
      by: "consent",
      text: expect.stringMatching(/2025-02-01.*import:b\.csv/),
    });
    expect(
      standingWithdrawal([{ consent: false, source: "owner", at: day("2025-03-01") }], null),
    ).toMatchObject({
      by: "consent",
    });
  });

  it("stands after a later yes from an import or the signup form, and ends with the owner's recorded consent", () => {
    const withdrawn = { consent: false, source: "owner", at: day("2025-03-01") };
    for (const source of ["import:c.csv", "signup form"]) {
      expect(
        standingWithdrawal([withdrawn, { consent: true, source, at: day("2025-04-01") }], null),
      ).not.toBe(null);
    }
    expect(
      standingWithdrawal([withdrawn, { consent: true, source: "owner", at: day("2025-04-01") }], null),
    ).toBe(null);
  });

  it("is an unsubscribe, complaint or the shop's own suppression, not a bounce", () => {
    expect(standingWithdrawal([], { reason: "unsubscribed", source: "one-click" })).toMatchObject({
      by: "suppression",
      text: expect.stringMatching(/unsubscribed.*one-click/),
    });
    expect(standingWithdrawal([], { reason: "complained", source: "fbl" })?.by).toBe("suppression");
    expect(standingWithdrawal([], { reason: "owner", source: "owner" })?.by).toBe("suppression");
    expect(standingWithdrawal([], { reason: "bounced", source: "smtp" })).toBe(null);
  });
});

describe("withoutLoosening", () => {
  const record = (overrides: Partial<OnRecord> = {}): OnRecord => ({
    email: "ada@mail.example",
    birthdate: null,
    withdrawal: null,
    ...overrides,
  });
  const unsubscribed = { by: "suppression" as const, text: "unsubscribed (one-click)" };
  const ownerWithdrew = { by: "consent" as const, text: "withdrawn on 2025-03-01 (owner)" };

  it("lets consent be given where nothing was withdrawn, and always lets it be taken away", () => {
    expect(withoutLoosening(record(), { consent: true }, rules)).toEqual({
      kept: { consent: true },
      refused: [],
    });
    expect(withoutLoosening(record({ withdrawal: unsubscribed }), { consent: false }, rules).refused).toEqual(
      [],
    );
  });

  it("refuses consent over a withdrawal, and says which", () => {
    for (const withdrawal of [unsubscribed, ownerWithdrew]) {
      const { kept, refused } = withoutLoosening(record({ withdrawal }), { consent: true }, rules);
      expect(kept.consent).toBeUndefined();
      expect(refused).toEqual([
        { field: "consent", code: "kept_withdrawal", reason: expect.stringContaining(withdrawal.text) },
      ]);
    }
  });

  it("refuses consent for a new customer whose address is suppressed", () => {
    const { refused } = withoutLoosening(
      { email: null, birthdate: null, withdrawal: unsubscribed },
      { consent: true },
      rules,
    );
    expect(refused.map((r) => r.field)).toEqual(["consent"]);
  });

  it("may make someone a minor, never make a minor older", () => {
    const adult = record({ birthdate: "1980-01-01" });
    expect(withoutLoosening(adult, { birthdate: "2012-05-05" }, rules).kept.birthdate).toBe("2012-05-05");
    expect(withoutLoosening(record(), { birthdate: "1990-01-01" }, rules).kept.birthdate).toBe("1990-01-01");
    const minor = record({ birthdate: "2010-06-01" });
    for (const older of ["1980-01-01", "2009-12-31"]) {
      const { kept, refused } = withoutLoosening(minor, { birthdate: older }, rules);
      expect(kept.birthdate).toBeUndefined();
      expect(refused).toEqual([
        { field: "birthdate", code: "kept_minor", reason: expect.stringMatching(/under 18/) },
      ]);
    }
    expect(withoutLoosening(minor, { birthdate: "2011-01-01" }, rules).kept.birthdate).toBe("2011-01-01");
  });

  it("uses the shop's minimum age: under 21 is a minor where the shop says so", () => {
    const young = record({ birthdate: "2006-01-01" });
    expect(withoutLoosening(young, { birthdate: "1980-01-01" }, rules).refused).toEqual([]);
    expect(withoutLoosening(young, { birthdate: "1980-01-01" }, { now, minorAge: 21 }).refused).toHaveLength(
      1,
    );
  });

  it("keeps an unsubscribed customer's address, under which the unsubscribe is filed", () => {
    const suppressed = withoutLoosening(
      record({ withdrawal: unsubscribed }),
      { email: "new@mail.example" },
      rules,
    );
    expect(suppressed.refused.map((r) => r.code)).toEqual(["kept_address"]);
    const ownerWithdrawal = withoutLoosening(
      record({ withdrawal: ownerWithdrew }),
      { email: "new@mail.example" },
      rules,
    );
    expect(ownerWithdrawal.kept.email).toBe("new@mail.example");
  });
});

describe("importChanges", () => {
  const stored = {
    externalId: "7",
    email: "ada@mail.example",
    firstName: "Ada",
    lastName: null,
    country: "GB",
    birthdate: "2010-06-01",
    marketingConsent: false,
  };
  const incoming = {
    email: "ada@mail.example",
    externalId: "7",
    firstName: "Ada",
    lastName: "Lovelace",
    consent: true,
    country: null,
    birthdate: "1980-01-01",
  };

  it("replaces names with the file's non-empty values and keeps what the file leaves empty", () => {
    const { changes } = importChanges(stored, null, { ...incoming, birthdate: null }, rules);
    expect(changes).toEqual({ lastName: "Lovelace", marketingConsent: true });
  });

  it("applies what adds a protection and refuses, with reasons, what would lift one", () => {
    const { changes, refused } = importChanges(
      { ...stored, marketingConsent: true },
      { by: "consent", text: "withdrawn on 2025-03-01 (owner)" },
      { ...incoming, consent: true },
      rules,
    );
    expect(changes).toEqual({ lastName: "Lovelace" });
    expect(refused.map((r) => r.field)).toEqual(["consent", "birthdate"]);
  });

  it("records a consent change only when it changes what is stored", () => {
    expect(
      importChanges({ ...stored, marketingConsent: true }, null, incoming, rules).changes,
    ).not.toHaveProperty("marketingConsent");
    const withdrawing = { ...incoming, consent: false, birthdate: null };
    expect(importChanges({ ...stored, marketingConsent: true }, null, withdrawing, rules)).toMatchObject({
      changes: { marketingConsent: false },
      consent: false,
      refused: [],
    });
  });

  it("keeps the platform id a customer was first stored with", () => {
    expect(importChanges(stored, null, { ...incoming, externalId: "8" }, rules).changes).not.toHaveProperty(
      "externalId",
    );
    expect(importChanges({ ...stored, externalId: null }, null, incoming, rules).changes.externalId).toBe(
      "7",
    );
  });

  it("creates a new customer without consent when the address is unsubscribed", () => {
    const { changes, refused } = importChanges(
      null,
      { by: "suppression", text: "unsubscribed (one-click)" },
      incoming,
      rules,
    );
    expect(changes).toMatchObject({
      email: "ada@mail.example",
      marketingConsent: false,
      birthdate: "1980-01-01",
    });
    expect(refused.map((r) => r.field)).toEqual(["consent"]);
  });
});

describe("categoryMove", () => {
  const liqueurs = { name: "Liqueurs", sensitive: true };
  const coffee = { name: "Coffee", sensitive: false };
  const spirits = { name: "Spirits", sensitive: true };

  it("may put a product in a category, or in a sensitive one", () => {
    expect(categoryMove(null, coffee)).toEqual({ move: true });
    expect(categoryMove(coffee, liqueurs)).toEqual({ move: true });
    expect(categoryMove(liqueurs, spirits)).toEqual({ move: true });
  });

  it("never takes a product out of a sensitive category into an ordinary one", () => {
    expect(categoryMove(liqueurs, coffee)).toEqual({
      move: false,
      refusal: {
        field: "category",
        code: "kept_sensitive",
        reason: expect.stringMatching(/Liqueurs.*Coffee/),
      },
    });
  });
});
