import { signRecipientToken } from "./tokens";

export type RecipientLinks = { why: string; unsubscribe: string; unsubscribeMailto: string };

/** The links every message carries: the why-page and one-click unsubscribe. */
export function recipientLinks(
  publicUrl: string,
  shop: { tokenSecret: string; fromEmail: string },
  publicId: string,
): RecipientLinks {
  const base = publicUrl.replace(/\/+$/, "");
  const unsubscribeToken = signRecipientToken(shop.tokenSecret, publicId, "unsubscribe");
  return {
    why: `${base}/r/why/${signRecipientToken(shop.tokenSecret, publicId, "why")}`,
    unsubscribe: `${base}/r/unsubscribe/${unsubscribeToken}`,
    unsubscribeMailto: `mailto:${shop.fromEmail}?subject=${encodeURIComponent(`unsubscribe ${unsubscribeToken}`)}`,
  };
}
