import { action as loginAction } from "~/routes/login";

const BASE = "http://tactful.test";

export function formRequest(
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return new Request(`${BASE}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

export function getRequest(path: string, headers: Record<string, string> = {}) {
  return new Request(`${BASE}${path}`, { headers });
}

/** Logs in through the real login action and returns the session cookie. */
export async function loginCookie(email: string, password = "correct horse battery staple") {
  const response = await loginAction({
    request: formRequest("/login", { email, password }),
    params: {},
    context: {},
  });
  const cookie = response.headers.get("Set-Cookie");
  if (!cookie) throw new Error(`login as ${email} failed with status ${response.status}`);
  return { Cookie: cookie.split(";")[0] };
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
