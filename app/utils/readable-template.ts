export type TemplatePart = { kind: "text"; text: string } | { kind: "field"; label: string };

// The fields the builder lists (templates/campaign.ts), as an owner would say them.
const LABELS: Record<string, string> = {
  "customer.first_name": "first name",
  "customer.last_name": "last name",
  "shop.name": "shop name",
  reason: "reason",
  "last_purchase.name": "last purchase",
  "last_purchase.date": "last purchase date",
};

const LIQUID = /\{\{-?([\s\S]*?)-?\}\}|\{%-?[\s\S]*?-?%\}/g;

function labelOf(expression: string): string {
  const path = expression.split("|")[0].trim();
  return LABELS[path] ?? (path.split(".").at(-1) ?? path).replace(/_/g, " ");
}

/**
 * A Liquid line (a subject) split into its own words and the personal fields
 * in it, each named in plain words: "Fresh from the roaster, {{
 * customer.first_name }}" reads "Fresh from the roaster, [first name]". Tags
 * ({% if %}) are left out; what they wrap stays.
 */
export function readableTemplate(source: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  const addText = (text: string) => {
    if (!text) return;
    const last = parts.at(-1);
    if (last?.kind === "text") last.text += text;
    else parts.push({ kind: "text", text });
  };
  let at = 0;
  for (const match of source.matchAll(LIQUID)) {
    addText(source.slice(at, match.index));
    if (match[1] !== undefined) parts.push({ kind: "field", label: labelOf(match[1]) });
    at = match.index + match[0].length;
  }
  addText(source.slice(at));
  return parts;
}
