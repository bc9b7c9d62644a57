import {
  expectedOrdersWords,
  fitWords,
  likelihoodWords,
  modelWords,
  partWords,
} from "~/utils/recipient-words";
import { CAMPAIGN_MODEL_VERSION } from "../../jobs/scoring/campaign-score";
import { RFM_MODEL_VERSION } from "../../jobs/scoring/rfm";

describe("what the shop worked out, in a recipient's words", () => {
  it("names a campaign score by band and what the band means", () => {
    expect(fitWords(0.85)).toEqual({ level: "High", meaning: "very likely to be useful to you" });
    expect(fitWords(0.5)).toEqual({ level: "Medium", meaning: "likely enough to be useful to you" });
    expect(fitWords(0.2)).toEqual({ level: "Low", meaning: "less likely to be useful to you than to most" });
  });

  it("describes each model without its name", () => {
    expect(modelWords(CAMPAIGN_MODEL_VERSION)).toMatch(/^a statistical model of your past orders/);
    expect(modelWords(RFM_MODEL_VERSION)).toMatch(/^a simple rule/);
    for (const version of [CAMPAIGN_MODEL_VERSION, RFM_MODEL_VERSION]) {
      expect(modelWords(version)).not.toMatch(/BG|Gamma|rfm|campaign-\d/);
    }
  });

  it("says chances and expected orders as a person would", () => {
    expect(likelihoodWords(0.93)).toBe("Very likely (93%)");
    expect(likelihoodWords(0.5)).toBe("About even (50%)");
    expect(likelihoodWords(0.05)).toBe("Very unlikely (5%)");
    expect(expectedOrdersWords(0.42)).toBe("probably none");
    expect(expectedOrdersWords(1.27)).toBe("about one");
    expect(expectedOrdersWords(3.6)).toBe("about 4");
  });

  it("names every part a score is made of", () => {
    for (const feature of [
      "active",
      "expected",
      "value",
      "affinity",
      "due",
      "recency",
      "frequency",
      "monetary",
    ]) {
      expect(partWords(feature)).not.toBe(feature);
    }
  });
});
