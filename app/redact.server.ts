// Links that carry a secret in their path: recipient pages, invitations,
// password resets, sign-up confirmations. Access logs keep the page, never the token.
const SECRET_PATH = /^(\/(?:r\/[\w-]+|invite|reset-password|signup)\/)[^/?#]+/;

// Query parameters that say which page or view it was and carry nothing a
// person typed or a secret: logged as they are. Any other value (a search,
// the upload's CSRF token, a redirect) is logged as "…".
const PLAIN_PARAMETERS = new Set(["_data", "index", "page", "archived", "kind", "list"]);

function redactQuery(query: string) {
  return query
    .split("&")
    .map((pair) => {
      const [name] = pair.split("=", 1);
      if (PLAIN_PARAMETERS.has(name)) return pair;
      return pair.includes("=") ? `${name}=…` : "…";
    })
    .join("&");
}

/** The request's URL as the access log may keep it. */
export function redactPath(url: string) {
  const queryAt = url.indexOf("?");
  const path = (queryAt < 0 ? url : url.slice(0, queryAt)).replace(SECRET_PATH, "$1…");
  return queryAt < 0 ? path : `${path}?${redactQuery(url.slice(queryAt + 1))}`;
}
