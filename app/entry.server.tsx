import { randomBytes } from "node:crypto";
import type { EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { NonceContext } from "./components/nonce";
import { documentCsp } from "./security-headers.server";

// Each page is rendered whole, to one string sent in one piece, with a fresh
// script nonce and the Content-Security-Policy that requires it. No loader
// defers data, so streaming would send the same bytes in several writes and
// cost more per page; a page that starts deferring needs
// renderToPipeableStream back.
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const nonce = randomBytes(16).toString("base64");
  const html = renderToString(
    <NonceContext.Provider value={nonce}>
      <RemixServer context={remixContext} url={request.url} nonce={nonce} />
    </NonceContext.Provider>,
  );
  responseHeaders.set("Content-Security-Policy", documentCsp(nonce));
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  // As bytes: a string body is first checked character by character for lone
  // surrogates (WebIDL's USVString), which cost more than encoding it.
  const body = Buffer.from(`<!DOCTYPE html>${html}`);
  return new Response(body, { headers: responseHeaders, status: responseStatusCode });
}
