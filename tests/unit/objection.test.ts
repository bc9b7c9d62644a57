import { campaignPurpose } from "../../jobs/policy/campaign-purpose";
import { objectionOf, objectionWords } from "../../jobs/policy/objection";

const since = new Date("2026-11-01T10:00:00Z");

describe("who has objected to marketing", () => {
  it.each([
    ["an unsubscribe", { marketingConsent: true, consentAt: since }, "unsubscribed", "unsubscribed"],
    ["a spam complaint", { marketingConsent: true, consentAt: since }, "complained", "unsubscribed"],
    ["erasure", { marketingConsent: true, consentAt: since }, "erased", "unsubscribed"],
    ["consent taken back", { marketingConsent: false, consentAt: since }, null, "withdrew consent"],
  ] as const)("%s is an objection", (_, customer, reason, how) => {
    const suppression = reason ? { reason, since } : null;
    expect(objectionOf(customer, suppression)).toEqual({ how, since });
  });

  it.each([
    ["consent never given", { marketingConsent: false, consentAt: null }, null],
    ["a bounce", { marketingConsent: true, consentAt: since }, "bounced"],
    ["the shop's own block", { marketingConsent: true, consentAt: since }, "owner"],
    ["consent given", { marketingConsent: true, consentAt: since }, null],
  ] as const)("%s is not", (_, customer, reason) => {
    expect(objectionOf(customer, reason ? { reason, since } : null)).toBeNull();
  });

  it("is told to the customer with what stopped", () => {
    expect(objectionWords({ how: "withdrew consent" }, "Roastery", "1 November 2026")).toBe(
      "You withdrew your consent to marketing on 1 November 2026, so Roastery no longer makes predictions about you, and has deleted the ones it had.",
    );
  });
});

describe("what an email was, for its recipient", () => {
  it.each([
    [
      { kind: "replenish", featuredCategory: "Tea", featuredProducts: 0 },
      "due to reorder from our Tea range",
    ],
    [{ kind: "win_back", featuredCategory: null, featuredProducts: 0 }, "have not ordered for a while"],
    [{ kind: "new_product", featuredCategory: null, featuredProducts: 1 }, "news of a new product"],
    [{ kind: null, featuredCategory: "Tea", featuredProducts: 0 }, "an email about our Tea range"],
    [{ kind: null, featuredCategory: null, featuredProducts: 2 }, "an email about some of our products"],
    [{ kind: null, featuredCategory: null, featuredProducts: 0 }, "an email to our customers"],
  ] as const)("%o is described as …%s…", (campaign, words) => {
    expect(campaignPurpose(campaign)).toContain(words);
  });
});
