import { createHmac, timingSafeEqual } from "node:crypto";

export const TOKEN_PURPOSES = ["why", "unsubscribe", "preferences", "data", "click"] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

// A recipient link token: the message's public id and an HMAC over it and the
// link's purpose, so a "why" token cannot be replayed as an unsubscribe.
function signature(secret: string, publicId: string, purpose: TokenPurpose): string {
  return createHmac("sha256", secret).update(`${purpose}:${publicId}`).digest("base64url");
}

export function signRecipientToken(secret: string, publicId: string, purpose: TokenPurpose): string {
  return `${publicId}.${signature(secret, publicId, purpose)}`;
}

/** The public id inside a token, before it is verified (to find the shop's secret). */
export function tokenPublicId(token: string): string | null {
  const match = /^([A-Za-z0-9_-]{16,64})\.[A-Za-z0-9_-]{43}$/.exec(token);
  return match ? match[1] : null;
}

export function verifyRecipientToken(secret: string, token: string, purpose: TokenPurpose): boolean {
  const publicId = tokenPublicId(token);
  if (!publicId) return false;
  const given = Buffer.from(token.slice(publicId.length + 1));
  const expected = Buffer.from(signature(secret, publicId, purpose));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export type ShopKeys = {
  tokenSecret: string;
  previousTokenSecret: string | null;
  previousTokenSecretUntil: Date | null;
};

/** Verifies with the shop's current key, or with its previous one during the grace period after a rotation. */
export function verifyWithShopKeys(
  keys: ShopKeys,
  token: string,
  purpose: TokenPurpose,
  now = new Date(),
): boolean {
  if (verifyRecipientToken(keys.tokenSecret, token, purpose)) return true;
  const graceLeft = keys.previousTokenSecretUntil !== null && keys.previousTokenSecretUntil > now;
  return (
    graceLeft &&
    keys.previousTokenSecret !== null &&
    verifyRecipientToken(keys.previousTokenSecret, token, purpose)
  );
}
