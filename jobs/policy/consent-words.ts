/**
 * Where a customer's agreement to marketing email was recorded, in words
 * for the customer: stored sources are codes ("import:<file>", "owner").
 */
export function consentSourceForCustomer(source: string | null): string | null {
  if (!source) return null;
  if (source === "owner") return "recorded by the shop";
  if (source === "signup form") return "through the shop's signup form";
  if (source.startsWith("import:")) return `as kept in the shop's customer list, ${source.slice(7)}`;
  return source;
}
