const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

// The RFC 8058 one-click address (app/routes/r.unsubscribe.$token.tsx).
const ONE_CLICK_PATH = /^\/r\/unsubscribe\/[^/]+$/;

export const CROSS_SITE_REFUSAL = "Refused: cross-site request.";

/**
 * What the web server does with a request's Origin header before Remix sees
 * it. Remix 2 compares Origin with the Host header on its own and answers a
 * mismatch with a 500 and a stack trace, which refuses a mail provider's
 * one-click unsubscribe and breaks every form behind a proxy that rewrites
 * Host. So the gate decides instead, against this site's own origins:
 *
 * - "unchanged": nothing to decide (no Origin, or a request that changes nothing);
 * - "same site": from our own pages; Origin is dropped, it has been checked;
 * - "one-click": another site posted to the one-click address, whose signed
 *   token is the capability and which only ever stops mail; it goes on
 *   marked `Sec-Fetch-Site: cross-site`, so the page's other buttons are
 *   still refused there (requireSameSite);
 * - "refuse": another site posted anything else; a short 403.
 */
export type OriginGate = "unchanged" | "same site" | "one-click" | "refuse";

export function originGate(request: {
  method: string;
  path: string;
  origin: string | undefined;
  ownOrigins: string[];
}): OriginGate {
  if (request.origin === undefined || !STATE_CHANGING.has(request.method.toUpperCase())) return "unchanged";
  if (request.ownOrigins.includes(request.origin)) return "same site";
  return ONE_CLICK_PATH.test(request.path) ? "one-click" : "refuse";
}
