import { describe, expect, it } from "vitest";
import { canonicalLocale, currencySymbol, knownCurrency, moneyFormat } from "../../templates/money";

describe("moneyFormat", () => {
  it("formats cents in the shop's currency and locale", () => {
    expect(moneyFormat({ currency: "USD", locale: "en-US" })(123456)).toBe("$1,234.56");
    expect(moneyFormat({ currency: "EUR", locale: "de-DE" })(850)).toBe("8,50\u00a0€");
    expect(moneyFormat({ currency: "JPY", locale: "ja-JP" })(1200)).toBe("￥12");
  });
  it("falls back to pounds in British English for a shop that has not said", () => {
    expect(moneyFormat({ currency: null, locale: null })(850)).toBe("£8.50");
  });
  it("gives the same formatter for the same shop settings", () => {
    expect(moneyFormat({ currency: "USD", locale: "en-US" })).toBe(
      moneyFormat({ currency: "USD", locale: "en-US" }),
    );
  });
});

describe("currency and locale checks", () => {
  it("knows ISO 4217 codes, in any case", () => {
    expect(knownCurrency("usd")).toBe("USD");
    expect(knownCurrency("SEK")).toBe("SEK");
    expect(knownCurrency("XYZ1")).toBeNull();
    expect(knownCurrency("")).toBeNull();
  });
  it("canonicalizes BCP 47 tags and refuses others", () => {
    expect(canonicalLocale("en-us")).toBe("en-US");
    expect(canonicalLocale("fr")).toBe("fr");
    expect(canonicalLocale("not a locale!")).toBeNull();
    expect(canonicalLocale("")).toBeNull();
  });
});

describe("currencySymbol", () => {
  it("is the sign the shop's prices carry, for a field's unit", () => {
    expect(currencySymbol({ currency: "USD", locale: "en-US" })).toBe("$");
    expect(currencySymbol({ currency: "EUR", locale: "de-DE" })).toBe("€");
    expect(currencySymbol({ currency: null, locale: null })).toBe("£");
  });
});
