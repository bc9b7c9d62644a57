import { randomBytes, timingSafeEqual } from "node:crypto";
import { CSRF_FIELD } from "./components/csrf-input";
import { env } from "./env.server";
import { CROSS_SITE_REFUSAL } from "./origin-gate.server";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const isStateChanging = (request: Request) => !SAFE_METHODS.has(request.method.toUpperCase());

/** A fresh per-session secret; it lives only in the signed, HttpOnly session cookie and in our own pages. */
export const newCsrfToken = () => randomBytes(24).toString("base64url");

const forbidden = (why: string) => new Response(`Refused: ${why}`, { status: 403 });

/**
 * Refuses a request that a browser says came from another site: the
 * Sec-Fetch-Site and Origin headers cannot be set by a page's script. A
 * request without either (an old browser, a mail provider's server) passes
 * this check and must be defended by a token.
 */
export function requireSameSite(request: Request) {
  const crossSite = new Response(CROSS_SITE_REFUSAL, { status: 403 });
  if (request.headers.get("Sec-Fetch-Site") === "cross-site") throw crossSite;
  const origin = request.headers.get("Origin");
  if (origin === null) return;
  const allowed = [new URL(env.PUBLIC_URL).origin, new URL(request.url).origin];
  if (!allowed.includes(origin)) throw crossSite;
}

function sameToken(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The dashboard's defence for every state-changing request: same-site by the
 * browser's headers, and the form's token equal to the session's. Another
 * site can make a browser send the session cookie but can never read the
 * token. Reads a clone of the body, so the action can still read the form.
 */
export async function verifyCsrf(request: Request, sessionToken: string | undefined) {
  if (!isStateChanging(request)) return;
  requireSameSite(request);
  // An upload carries its token in the URL: reading a copy of a multipart body
  // here would hold the whole file in memory before the action's size limit.
  const multipart = (request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data");
  const sent = multipart
    ? new URL(request.url).searchParams.get(CSRF_FIELD)
    : (
        await request
          .clone()
          .formData()
          .catch(() => undefined)
      )?.get(CSRF_FIELD);
  if (!sessionToken || typeof sent !== "string" || !sameToken(sent, sessionToken)) {
    throw forbidden("this form has expired or came from another site. Reload the page and try again.");
  }
}
