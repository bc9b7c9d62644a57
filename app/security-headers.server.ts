/**
 * The Content-Security-Policy of every HTML page: scripts only from this site
 * or inline with this response's nonce, so markup that slipped through
 * escaping still cannot run. Inline styles stay allowed (React style props,
 * the shop's colour, the email preview's inline CSS).
 */
export function documentCsp(nonce: string) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

/**
 * Headers for every response, static files included (scripts/server.ts).
 * HSTS only when the public address is https, so a local http demo keeps
 * working; pages get their CSP from entry.server.tsx, with a nonce.
 */
export function baseSecurityHeaders(publicUrl: string | undefined): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(publicUrl?.startsWith("https:") ? { "Strict-Transport-Security": "max-age=31536000" } : {}),
  };
}
