import { escapeHtml, FONT } from "./html";
import { callToAction } from "./shop-links";
import { webAddresses } from "./web-links";

export type LayoutInput = {
  shopName: string;
  brandColor: string; // #rrggbb, validated when the shop saves it
  postalAddress: string;
  preheader: string;
  paragraphs: string[]; // plain text, filled for this recipient
  /** A product's url is its page as productLink (./shop-links) allows it, or null. */
  products: { name: string; price: string; url?: string | null }[];
  /** The shop's own website (see shopWebAddress); without it the email has no links to buy. */
  webAddress?: string | null;
  links: { why: string; preferences: string; unsubscribe: string };
  ownerLinks?: readonly string[]; // web addresses written in the campaign's own text
};

/**
 * One paragraph of plain text as HTML: escaped, line breaks kept, and the web
 * addresses the owner wrote in the template linked. An address that arrived
 * in customer or product data stays text, so imported data cannot put a link
 * in the shop's email.
 */
function paragraphHtml(text: string, accent: string, ownerLinks: readonly string[]): string {
  let html = "";
  let from = 0;
  // A linked address is always one of the owner's written out in full, so a
  // paragraph holding none of them needs no scan.
  if (ownerLinks.some((url) => text.includes(url))) {
    for (const link of webAddresses(text)) {
      if (!ownerLinks.includes(link.url)) continue;
      html += escapeHtml(text.slice(from, link.index));
      html += `<a href="${escapeHtml(link.url)}" style="color:${accent}">${escapeHtml(link.text)}</a>`;
      from = link.lastIndex;
    }
  }
  html += escapeHtml(text.slice(from));
  return html.replace(/\n/g, "<br>");
}

const PARAGRAPH = `<p style="margin:0 0 16px;font:16px/1.6 ${FONT};color:#1f2a27">`;
const PRODUCT_NAME = `<tr><td style="padding:10px 0;border-top:1px solid #e6e2da;font:16px/1.4 ${FONT};color:#1f2a27">`;
const PRODUCT_PRICE = `</td><td align="right" style="padding:10px 0;border-top:1px solid #e6e2da;font:16px/1.4 ${FONT};color:#1f2a27;white-space:nowrap">`;
const PRODUCTS = `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin:8px 0 16px">`;

// A product page is linked only in the email of a shop with a web address, the one its link was checked against.
const pageOf = (input: LayoutInput, product: LayoutInput["products"][number]) =>
  input.webAddress ? (product.url ?? null) : null;

function productsHtml(input: LayoutInput, accent: string): string {
  if (input.products.length === 0) return "";
  let rows = "";
  for (const p of input.products) {
    const url = pageOf(input, p);
    const name = url
      ? `<a href="${escapeHtml(url)}" style="color:${accent}">${escapeHtml(p.name)}</a>`
      : escapeHtml(p.name);
    rows += `${PRODUCT_NAME}${name}${PRODUCT_PRICE}${escapeHtml(p.price)}</td></tr>`;
  }
  return `${PRODUCTS}${rows}</table>`;
}

// A table cell holds the button's colour, since some clients drop an anchor's background.
function buttonHtml(input: LayoutInput, accent: string): string {
  const action = callToAction({
    shopName: input.shopName,
    webAddress: input.webAddress ?? null,
    products: input.products,
  });
  if (!action) return "";
  return `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0 16px"><tr><td style="border-radius:6px;background:${accent}"><a href="${escapeHtml(action.url)}" style="display:inline-block;padding:12px 22px;font:600 16px/1.2 ${FONT};color:#ffffff;text-decoration:none">${escapeHtml(action.label)}</a></td></tr></table>`;
}

type Shop = Pick<LayoutInput, "shopName" | "brandColor" | "postalAddress">;

/** The layout's text around the parts filled per recipient; the same for every email of a shop. */
type Frame = Shop & {
  accent: string;
  beforePreheader: string;
  beforeBody: string;
  beforeWhy: string;
  beforePreferences: string;
  beforeUnsubscribe: string;
  end: string;
};

function frameFor(shop: Shop): Frame {
  const accent = /^#[0-9a-f]{6}$/i.test(shop.brandColor) ? shop.brandColor : "#2f5d50";
  const name = escapeHtml(shop.shopName);
  return {
    ...shop,
    accent,
    beforePreheader: `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light">
<title>${name}</title>
</head>
<body style="margin:0;padding:0;background:#f6f4ef">
<div style="display:none;max-height:0;overflow:hidden">`,
    beforeBody: `</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f6f4ef">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px">
<tr><td style="padding:24px 28px 8px;font:600 20px/1.3 ${FONT};color:${accent}">${name}</td></tr>
<tr><td style="padding:8px 28px 8px">`,
    beforeWhy: `</td></tr>
</table>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px">
<tr><td style="padding:16px 28px;font:13px/1.5 ${FONT};color:#5b6461">
<p style="margin:0 0 8px"><a href="`,
    beforePreferences: `" style="color:${accent}">Why did I get this?</a> &middot; <a href="`,
    beforeUnsubscribe: `" style="color:${accent}">Email preferences</a> &middot; <a href="`,
    end: `" style="color:${accent}">Unsubscribe</a></p>
<p style="margin:0">${name} &middot; ${escapeHtml(shop.postalAddress)}</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`,
  };
}

// Drafting renders every email of a campaign for one shop in a row.
let lastFrame: Frame | undefined;
function shopFrame(shop: Shop): Frame {
  const last = lastFrame;
  if (
    last &&
    last.shopName === shop.shopName &&
    last.brandColor === shop.brandColor &&
    last.postalAddress === shop.postalAddress
  )
    return last;
  return (lastFrame = frameFor(shop));
}

/**
 * A single-column table layout: it survives the mail clients that ignore
 * modern CSS, reads well at phone width (max-width container) and keeps every
 * style inline because many clients strip <style> blocks.
 */
export function renderHtmlLayout(input: LayoutInput): string {
  const frame = shopFrame(input);
  const ownerLinks = input.ownerLinks ?? [];
  let body = "";
  for (const p of input.paragraphs) body += `${PARAGRAPH}${paragraphHtml(p, frame.accent, ownerLinks)}</p>`;
  return (
    frame.beforePreheader +
    escapeHtml(input.preheader) +
    frame.beforeBody +
    body +
    productsHtml(input, frame.accent) +
    buttonHtml(input, frame.accent) +
    frame.beforeWhy +
    escapeHtml(input.links.why) +
    frame.beforePreferences +
    escapeHtml(input.links.preferences) +
    frame.beforeUnsubscribe +
    escapeHtml(input.links.unsubscribe) +
    frame.end
  );
}

export function renderTextLayout(input: LayoutInput): string {
  const products = input.products
    .map((p) => {
      const url = pageOf(input, p);
      return `- ${p.name} (${p.price})${url ? `: ${url}` : ""}`;
    })
    .join("\n");
  const action = callToAction({
    shopName: input.shopName,
    webAddress: input.webAddress ?? null,
    products: input.products,
  });
  return [
    ...input.paragraphs,
    ...(products ? [products] : []),
    ...(action ? [`${action.label}: ${action.url}`] : []),
    "--",
    `Why did I get this? ${input.links.why}`,
    `Email preferences: ${input.links.preferences}`,
    `Unsubscribe: ${input.links.unsubscribe}`,
    `${input.shopName}, ${input.postalAddress}`,
  ].join("\n\n");
}
