import type { Template } from "liquidjs";
import { compileFill, type Fill } from "./fill";
import { createLiquid, explainLimit, renderLimited, withinOutputLimit } from "./liquid";
import { renderHtmlLayout, renderTextLayout, type LayoutInput } from "./layout";
import { webAddresses } from "./web-links";

export type PersonalField = { name: string; example: string; description: string };

export const TEMPLATE_FIELDS: PersonalField[] = [
  {
    name: "customer.first_name",
    example: '{{ customer.first_name | default: "there" }}',
    description: "The customer's first name; the default covers customers without one.",
  },
  {
    name: "customer.last_name",
    example: "{{ customer.last_name }}",
    description: "The customer's last name.",
  },
  { name: "shop.name", example: "{{ shop.name }}", description: "Your shop's name." },
  {
    name: "reason",
    example: "{{ reason }}",
    description: "The main reason this customer was picked, in their words (e.g. when they last ordered).",
  },
  {
    name: "products",
    example: "{% for p in products %}{{ p.name }} ({{ p.price }}){% endfor %}",
    description:
      "The recommended products (the campaign's featured ones), each with name and price; they are also listed under the text.",
  },
  {
    name: "last_purchase",
    example: "{% if last_purchase %}How is the {{ last_purchase.name }}?{% endif %}",
    description:
      "What the customer bought most recently, with its date ({{ last_purchase.date }}); empty for a customer without orders.",
  },
  {
    name: "recommended",
    example: "{% for p in recommended %}{{ p.name }} ({{ p.price }}){% endfor %}",
    description:
      "Up to three products this customer has not bought that go with what they have (empty while the shop's history is thin).",
  },
];

export type TemplateVariables = {
  customer: { first_name: string; last_name: string };
  shop: { name: string };
  reason: string;
  products: { name: string; price: string; url?: string | null }[];
  recommended: { name: string; price: string }[];
  last_purchase: { name: string; date: string } | null;
};

// A template must render for a customer with everything and for one with
// nothing optional, so that no recipient can make it fail at send time.
const EXAMPLE_VARIABLES: TemplateVariables[] = [
  {
    customer: { first_name: "Ada", last_name: "Lovelace" },
    shop: { name: "Example Shop" },
    reason: "Your last order was 3 weeks ago.",
    products: [{ name: "House Blend 250 g", price: "£8.50" }],
    recommended: [{ name: "Chemex filters (100)", price: "£7.00" }],
    last_purchase: { name: "House Blend 250 g", date: "2 November 2026" },
  },
  {
    customer: { first_name: "", last_name: "" },
    shop: { name: "Example Shop" },
    reason: "",
    products: [],
    recommended: [],
    last_purchase: null,
  },
];

export type TemplateField = "subject" | "subject2" | "subject3" | "preheader" | "body";

export class TemplateError extends Error {
  constructor(
    readonly field: TemplateField,
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = "TemplateError";
  }
}

export type CampaignSource = {
  subject: string;
  subjectVariants?: string[];
  preheader?: string;
  body: string;
};
type CompiledField = { field: TemplateField; templates: Template[]; fill: Fill | null };
export type CompiledCampaign = {
  subjects: CompiledField[];
  preheader: CompiledField | null;
  body: CompiledField;
  ownerLinks: string[];
};

// Exported so that the fast fill is tested against this very engine.
export const engine = createLiquid();

function describe(error: unknown): { line: number; message: string } {
  const err = error as { message?: string; token?: { getPosition?: () => [number, number] } };
  const line = err.token?.getPosition?.()[0] ?? 1;
  const message = (err.message ?? String(error)).replace(/, line:\d+, col:\d+$/, "");
  return { line, message: explainLimit(message) };
}

function asTemplateError(field: TemplateField, error: unknown): TemplateError {
  if (error instanceof TemplateError) return error;
  const { line, message } = describe(error);
  return new TemplateError(field, line, message);
}

function compileField(field: TemplateField, source: string): CompiledField {
  try {
    const templates = engine.parse(source);
    for (const example of EXAMPLE_VARIABLES) renderLimited(engine, templates, example);
    return { field, templates, fill: compileFill(engine, templates) };
  } catch (error) {
    throw asTemplateError(field, error);
  }
}

/**
 * Parses a campaign once and proves it renders, so that a template error is
 * reported to the owner at its line and can never reach the send stage.
 */
export function compileCampaign(input: CampaignSource): CompiledCampaign {
  const variants = (input.subjectVariants ?? []).slice(0, 2);
  return {
    subjects: [
      compileField("subject", input.subject),
      ...variants.map((v, i) => compileField(i === 0 ? "subject2" : "subject3", v)),
    ],
    preheader: input.preheader?.trim() ? compileField("preheader", input.preheader) : null,
    body: compileField("body", input.body),
    ownerLinks: webAddresses(input.body).map((a) => a.url),
  };
}

/**
 * Which subject line a recipient gets: a hash of their id, so that drafting
 * again gives everyone the same line and the variants split evenly.
 */
export function subjectVariantFor(customerId: number, variants: number): number {
  let h = 2166136261;
  for (const ch of String(customerId)) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return (h >>> 0) % Math.max(1, variants);
}

const oneLine = (value: string) => value.replace(/[\r\n]+/g, " ").trim();

// liquidjs renders whatever the fast fill leaves, so both give the same text and
// errors. A recipient's data can take a field past a limit its examples kept
// within: that is a template error at the field, as at save time.
function fillField(field: CompiledField, vars: TemplateVariables): string {
  try {
    const filled = field.fill?.(vars);
    return filled === undefined ? renderLimited(engine, field.templates, vars) : withinOutputLimit(filled);
  } catch (error) {
    throw asTemplateError(field.field, error);
  }
}

export type RenderedMessage = { subject: string; html: string; text: string };

/**
 * Fills a compiled campaign for one recipient. Pure: no I/O. The body is
 * plain text, so the HTML part escapes all of it after filling: customer data
 * can never become markup, and an owner's "<SAVE10>" shows as written
 * instead of vanishing as an unknown tag.
 */
export function renderMessage(
  compiled: CompiledCampaign,
  vars: TemplateVariables,
  layout: Omit<LayoutInput, "paragraphs" | "products">,
  subjectVariant = 0,
): RenderedMessage {
  // A subject is a header: no line breaks may survive into it.
  const subject = oneLine(fillField(compiled.subjects[subjectVariant] ?? compiled.subjects[0], vars));
  const preheader = compiled.preheader ? oneLine(fillField(compiled.preheader, vars)) : "";
  const body = fillField(compiled.body, vars);
  const input: LayoutInput = {
    ...layout,
    preheader: preheader || layout.preheader,
    paragraphs: paragraphs(body),
    products: vars.products,
    ownerLinks: compiled.ownerLinks,
  };
  return { subject, html: renderHtmlLayout(input), text: renderTextLayout(input) };
}

function paragraphs(rendered: string): string[] {
  return rendered
    .replace(/\r\n/g, "\n")
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}
