import { Liquid, type Template } from "liquidjs";
import { renderHtmlLayout, renderTextLayout, type LayoutInput } from "./layout";

export type TemplateField = { name: string; example: string; description: string };

export const TEMPLATE_FIELDS: TemplateField[] = [
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
    description: "The featured products, each with name and price.",
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
  products: { name: string; price: string }[];
  recommended: { name: string; price: string }[];
};

const EXAMPLE_VARIABLES: TemplateVariables = {
  customer: { first_name: "Ada", last_name: "Lovelace" },
  shop: { name: "Example Shop" },
  reason: "Your last order was 3 weeks ago.",
  products: [{ name: "House Blend 250 g", price: "£8.50" }],
  recommended: [{ name: "Chemex filters (100)", price: "£7.00" }],
};

export class TemplateError extends Error {
  constructor(
    readonly field: "subject" | "body",
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = "TemplateError";
  }
}

export type CompiledCampaign = { subject: Template[]; body: Template[] };

// strictVariables turns a misspelt field into an error at save time instead of
// a blank in every customer's inbox.
const engine = new Liquid({ strictVariables: true, strictFilters: true, jsTruthy: false });

function describe(error: unknown): { line: number; message: string } {
  const err = error as { message?: string; token?: { getPosition?: () => [number, number] } };
  const line = err.token?.getPosition?.()[0] ?? 1;
  const message = (err.message ?? String(error)).replace(/, line:\d+, col:\d+$/, "");
  return { line, message };
}

function compileField(field: "subject" | "body", source: string): Template[] {
  try {
    const templates = engine.parse(source);
    engine.renderSync(templates, EXAMPLE_VARIABLES);
    return templates;
  } catch (error) {
    const { line, message } = describe(error);
    throw new TemplateError(field, line, message);
  }
}

/**
 * Parses a campaign once and proves it renders, so that a template error is
 * reported to the owner at its line and can never reach the send stage.
 */
export function compileCampaign(input: { subject: string; body: string }): CompiledCampaign {
  return { subject: compileField("subject", input.subject), body: compileField("body", input.body) };
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
): RenderedMessage {
  // A subject is a header: no line breaks may survive into it.
  const subject = engine
    .renderSync(compiled.subject, vars)
    .replace(/[\r\n]+/g, " ")
    .trim();
  const body = engine.renderSync(compiled.body, vars) as string;
  const input: LayoutInput = { ...layout, paragraphs: paragraphs(body), products: vars.products };
  return { subject, html: renderHtmlLayout(input), text: renderTextLayout(input) };
}

function paragraphs(rendered: string): string[] {
  return rendered
    .replace(/\r\n/g, "\n")
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}
