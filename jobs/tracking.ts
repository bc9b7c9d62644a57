import { decodeHTMLAttribute } from "entities";

// Click tracking rewrites the href of each web link in an email's HTML to a
// signed redirect naming the link by its position. The redirect looks the
// position up in the same approved HTML, so it can only ever lead to a URL
// the owner approved: there is no target in the tracked URL to tamper with.
// Links to the recipient's own pages (unsubscribe, preferences, why) and
// mailto links are never rewritten. Only the HTML part is tracked; the plain
// text part keeps its links as they are.

// Our layout writes every attribute in double quotes, with HTML escaping inside.
const ANCHOR_HREF = /(<a\b[^>]*?\shref=")([^"]*)(")/gi;

// A recipient page of any message, on whatever address Tactful had when it was sent.
const RECIPIENT_PAGE = /\/r\/[a-z]+\/[A-Za-z0-9_-]{16,64}\.[A-Za-z0-9_-]{43}/;

function isTrackable(url: string): boolean {
  return /^https?:\/\//i.test(url) && !RECIPIENT_PAGE.test(url);
}

/** The web links of an email's HTML in the order a tracked email numbers them. */
export function trackableLinks(html: string): string[] {
  const links: string[] = [];
  for (const match of html.matchAll(ANCHOR_HREF)) {
    const url = decodeHTMLAttribute(match[2]!);
    if (isTrackable(url)) links.push(url);
  }
  return links;
}

/** The HTML with each trackable link sent through `${clickUrl}/<position>`. */
export function trackLinks(html: string, clickUrl: string): string {
  let position = 0;
  return html.replace(ANCHOR_HREF, (whole, before: string, href: string, after: string) => {
    if (!isTrackable(decodeHTMLAttribute(href))) return whole;
    return `${before}${clickUrl}/${position++}${after}`;
  });
}
