import { signRecipientToken, TOKEN_PURPOSES, type TokenPurpose } from "./tokens";

export type RecipientLinks = Record<TokenPurpose, string> & { unsubscribeMailto: string };

const PATHS: Record<TokenPurpose, string> = {
  why: "/r/why/",
  unsubscribe: "/r/unsubscribe/",
  preferences: "/r/preferences/",
  data: "/r/data/",
  click: "/r/click/",
};

/** Site-relative links to every recipient page of one message. */
export function recipientPaths(secret: string, publicId: string): Record<TokenPurpose, string> {
  return Object.fromEntries(
    TOKEN_PURPOSES.map((purpose) => [
      purpose,
      PATHS[purpose] + signRecipientToken(secret, publicId, purpose),
    ]),
  ) as Record<TokenPurpose, string>;
}

/** The links every message carries: the recipient pages and one-click unsubscribe. */
export function recipientLinks(
  publicUrl: string,
  shop: { tokenSecret: string; fromEmail: string },
  publicId: string,
): RecipientLinks {
  const base = publicUrl.replace(/\/+$/, "");
  const paths = recipientPaths(shop.tokenSecret, publicId);
  const absolute = Object.fromEntries(
    TOKEN_PURPOSES.map((purpose) => [purpose, base + paths[purpose]]),
  ) as Record<TokenPurpose, string>;
  const unsubscribeToken = paths.unsubscribe.slice(PATHS.unsubscribe.length);
  return {
    ...absolute,
    unsubscribeMailto: `mailto:${shop.fromEmail}?subject=${encodeURIComponent(`unsubscribe ${unsubscribeToken}`)}`,
  };
}
