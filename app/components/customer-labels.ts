import type { CareReason } from "../../db/schema";

export const CARE_REASON_LABELS: Record<CareReason, string> = {
  financial_hardship: "Financial hardship",
  bereavement: "Bereavement",
  own_request: "At the customer's own request",
  other: "Other",
};

/** Where a consent record came from, in the owner's words. */
export function consentSourceLabel(source: string | null): string {
  if (!source) return "unknown source";
  if (source === "owner") return "recorded by the shop";
  if (source === "signup form") return "signup form";
  if (source.startsWith("import:")) return `import of ${source.slice(7)}`;
  return source;
}
