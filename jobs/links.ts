import { signRecipientToken, TOKEN_PURPOSES, type TokenPurpose } from "./tokens";

export type RecipientLinks = Record<TokenPurpose, string> & { unsubscribeMailto: string };

const PATHS: Record<TokenPurpose, string> = {
  why: "/r/why/",
  unsubscribe: "/r/unsubscribe/",
  preferences: "/r/preferences/",
  data: "/r/data/",
  click: "/r/click/",
};

/** The site-relative link to one recipient page of one message. */
const recipientPath = (secret: string, publicId: string, purpose: TokenPurpose) =>
  PATHS[purpose] + signRecipientToken(secret, publicId, purpose);

/** Site-relative links to every recipient page of one message. */
export function recipientPaths(secret: string, publicId: string): Record<TokenPurpose, string> {
  return Object.fromEntries(
    TOKEN_PURPOSES.map((purpose) => [purpose, recipientPath(secret, publicId, purpose)]),
  ) as Record<TokenPurpose, string>;
}

const absolute = (publicUrl: string, path: string) => publicUrl.replace(/\/+$/, "") + path;

function unsubscribeMailto(fromEmail: string, unsubscribePath: string) {
  const token = unsubscribePath.slice(PATHS.unsubscribe.length);
  return `mailto:${fromEmail}?subject=${encodeURIComponent(`unsubscribe ${token}`)}`;
}

/** The links every message carries: the recipient pages and one-click unsubscribe. */
export function recipientLinks(
  publicUrl: string,
  shop: { tokenSecret: string; fromEmail: string },
  publicId: string,
): RecipientLinks {
  const paths = recipientPaths(shop.tokenSecret, publicId);
  const links = Object.fromEntries(
    TOKEN_PURPOSES.map((purpose) => [purpose, absolute(publicUrl, paths[purpose])]),
  ) as Record<TokenPurpose, string>;
  return { ...links, unsubscribeMailto: unsubscribeMailto(shop.fromEmail, paths.unsubscribe) };
}

/**
 * What sending adds to a drafted email: the List-Unsubscribe links, and the
 * click link only when the shop tracks clicks. The drafted bodies already
 * carry the other pages' links, so signing them again per message was waste.
 */
export function sendingLinks(
  publicUrl: string,
  shop: { tokenSecret: string; fromEmail: string; clickTracking: boolean },
  publicId: string,
) {
  const unsubscribe = recipientPath(shop.tokenSecret, publicId, "unsubscribe");
  return {
    unsubscribe: absolute(publicUrl, unsubscribe),
    unsubscribeMailto: unsubscribeMailto(shop.fromEmail, unsubscribe),
    click: shop.clickTracking
      ? absolute(publicUrl, recipientPath(shop.tokenSecret, publicId, "click"))
      : null,
  };
}
