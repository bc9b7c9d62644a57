// What the shop worked out about a recipient, in words for the recipient's own
// pages: the numbers and model names stay in the stored record and its
// download, where anyone who asks can check them.

/** A campaign score (0 to 1) as a level and what that level means for the person reading. */
export function fitWords(score: number): { level: "High" | "Medium" | "Low"; meaning: string } {
  if (score >= 2 / 3) return { level: "High", meaning: "very likely to be useful to you" };
  if (score >= 1 / 3) return { level: "Medium", meaning: "likely enough to be useful to you" };
  return { level: "Low", meaning: "less likely to be useful to you than to most" };
}

/** The model behind a score, described by what it looks at rather than by name. */
export function modelWords(version: string): string {
  return version.startsWith("rfm")
    ? "a simple rule that favours customers who ordered recently, often and more"
    : "a statistical model of your past orders (how often you reorder, what goes with what you bought, when you might run out)";
}

const PARTS: Record<string, string> = {
  active: "whether you are still a customer",
  expected: "how often you are expected to order",
  value: "how much you are expected to spend",
  affinity: "how well the products in the email go with what you bought",
  due: "whether you are due to reorder",
  recency: "how recently you ordered",
  frequency: "how often you have ordered",
  monetary: "how much you have spent",
};

/** One part a score is made of (a stored contribution's feature). */
export function partWords(feature: string): string {
  return PARTS[feature] ?? "other parts of your order history";
}

/** A probability as a person says it, with the percentage for anyone who wants it. */
export function likelihoodWords(p: number): string {
  const percent = `${Math.round(p * 100)}%`;
  if (p >= 0.8) return `Very likely (${percent})`;
  if (p >= 0.6) return `Likely (${percent})`;
  if (p >= 0.4) return `About even (${percent})`;
  if (p >= 0.2) return `Unlikely (${percent})`;
  return `Very unlikely (${percent})`;
}

/** An expected number of orders (a fraction, as models give it) in whole orders. */
export function expectedOrdersWords(n: number): string {
  if (n < 0.5) return "probably none";
  if (n < 1.5) return "about one";
  return `about ${Math.round(n)}`;
}
