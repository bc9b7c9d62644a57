import { signRecipientToken, TOKEN_PURPOSES, type TokenPurpose } from "./tokens";

export type RecipientLinks = Record<TokenPurpose, string>;

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

/** The links every message carries: the recipient pages, one-click unsubscribe among them. */
export function recipientLinks(
  publicUrl: string,
  shop: { tokenSecret: string },
  publicId: string,
): RecipientLinks {
  const paths = recipientPaths(shop.tokenSecret, publicId);
  return Object.fromEntries(
    TOKEN_PURPOSES.map((purpose) => [purpose, absolute(publicUrl, paths[purpose])]),
  ) as RecipientLinks;
}

/**
 * What sending adds to a drafted email: the List-Unsubscribe link, and the
 * click link only when the shop tracks clicks. The drafted bodies already
 * carry the other pages' links, so signing them again per message was waste.
 *
 * List-Unsubscribe is the RFC 8058 one-click https link alone: a mailto
 * would go to the shop's From address, where nothing reads it, and the
 * person would go on getting mail after asking to stop.
 */
export function sendingLinks(
  publicUrl: string,
  shop: { tokenSecret: string; clickTracking: boolean },
  publicId: string,
) {
  return {
    unsubscribe: absolute(publicUrl, recipientPath(shop.tokenSecret, publicId, "unsubscribe")),
    click: shop.clickTracking
      ? absolute(publicUrl, recipientPath(shop.tokenSecret, publicId, "click"))
      : null,
  };
}
