// The links to buy in a shop's emails. Addresses arriving in customer or
// product data are never made into links by themselves; these are the only
// exceptions, and each one leads to the shop's own website.

function parse(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/**
 * The shop's website as its emails link to it: https, a public host name, no
 * credentials, query or fragment, no trailing slash; null for anything else.
 */
export function shopWebAddress(value: string): string | null {
  const url = parse(value.trim());
  if (!url || url.protocol !== "https:" || url.username || url.password) return null;
  if (url.search || url.hash || !url.hostname.includes(".")) return null;
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/**
 * A product's page, or null when it may not be linked: built from the shop's
 * address and a Shopify handle, or a URL from an imported file, which is only
 * linked when it is https on the same host as the shop's address.
 */
export function productLink(input: {
  webAddress: string | null;
  handle: string | null;
  url: string | null;
}): string | null {
  const shop = input.webAddress ? parse(input.webAddress) : null;
  if (!shop) return null;
  if (input.handle) return `${input.webAddress}/products/${encodeURIComponent(input.handle)}`;
  const url = input.url ? parse(input.url) : null;
  if (!url || url.protocol !== "https:" || url.username || url.password) return null;
  return url.host === shop.host ? url.href : null;
}

export type CallToAction = { label: string; url: string };

/**
 * The email's one button: the featured product's page when a single product
 * is featured and has one, else the shop's website; none without a website.
 */
export function callToAction(input: {
  shopName: string;
  webAddress: string | null;
  products: { name: string; url?: string | null }[];
}): CallToAction | null {
  if (!input.webAddress) return null;
  const [only] = input.products;
  if (input.products.length === 1 && only?.url) return { label: `See ${only.name}`, url: only.url };
  return { label: `Visit ${input.shopName}`, url: input.webAddress };
}
