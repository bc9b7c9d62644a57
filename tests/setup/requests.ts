import { action as loginAction } from "~/routes/login";
import { loader as appLoader } from "~/routes/app";

const BASE = "http://tactful.test";

// The CSRF token each logged-in cookie's pages carry, as the dashboard layout
// hands it to <CsrfInput />. formRequest puts it in the form, as a browser
// submitting one of those pages would.
const pageTokens = new Map<string, string>();

/**
 * A form POST (fields as pairs when a name repeats). With a logged-in cookie
 * the page's CSRF token is included unless the fields set `csrf` themselves
 * (tests of the refusal do).
 */
export function formRequest(
  path: string,
  fields: Record<string, string> | [string, string][],
  headers: Record<string, string> = {},
) {
  const token = headers.Cookie ? pageTokens.get(headers.Cookie) : undefined;
  const body = new URLSearchParams(fields);
  if (token && !body.has("csrf")) body.append("csrf", token);
  return new Request(`${BASE}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: body.toString(),
  });
}

/**
 * A file upload as the Data page's form sends it: multipart, with the page's
 * CSRF token in the URL (the body is a file, read only by the action).
 */
export function uploadRequest(path: string, form: FormData, headers: Record<string, string> = {}) {
  const token = headers.Cookie ? pageTokens.get(headers.Cookie) : undefined;
  const url = new URL(`${BASE}${path}`);
  if (token) url.searchParams.set("csrf", token);
  return new Request(url, { method: "POST", body: form, headers });
}

export function getRequest(path: string, headers: Record<string, string> = {}) {
  return new Request(`${BASE}${path}`, { headers });
}

/** The session cookie of a Set-Cookie header, ready to send back. */
export async function rememberSession(setCookie: string | null) {
  if (!setCookie) throw new Error("no session cookie was set");
  const headers = { Cookie: setCookie.split(";")[0] };
  const layout = await appLoader({ request: getRequest("/app", headers), params: {}, context: {} });
  pageTokens.set(headers.Cookie, (await layout.json()).csrf);
  return headers;
}

/** Logs in through the real login action and returns the session cookie. */
export async function loginCookie(email: string, password = "correct horse battery staple") {
  const response = await loginAction({
    request: formRequest("/login", { email, password }),
    params: {},
    context: {},
  });
  if (!response.headers.get("Set-Cookie")) {
    throw new Error(`login as ${email} failed with status ${response.status}`);
  }
  return rememberSession(response.headers.get("Set-Cookie"));
}

/** The Response a loader or action threw or returned. */
export async function responseOf(run: () => Promise<unknown>): Promise<Response> {
  try {
    const result = await run();
    if (result instanceof Response) return result;
    throw new Error(`expected a Response, got ${JSON.stringify(result)}`);
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}
