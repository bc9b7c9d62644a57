import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { getUserWithShop } from "./models/user.server";
import { env } from "./env.server";

export const sessionStorage = createCookieSessionStorage({
  cookie: {
    name: "__tactful",
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    // Secure whenever the app is served over https; a local demo on
    // http://localhost must still be able to keep its session.
    secure: env.PUBLIC_URL.startsWith("https:"),
    secrets: [env.SESSION_SECRET],
    maxAge: 60 * 60 * 24 * 30,
  },
});

const USER_KEY = "userId";

/** Only same-site relative paths: never "//evil.example" or "https://…". */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/app"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\"))
    return fallback;
  return to;
}

export async function getUserId(request: Request): Promise<number | undefined> {
  const session = await sessionStorage.getSession(request.headers.get("Cookie"));
  const id = session.get(USER_KEY);
  return typeof id === "number" ? id : undefined;
}

/** The signed-in user and their shop, or a redirect to the login page. */
export async function requireUser(request: Request) {
  const userId = await getUserId(request);
  const found = userId === undefined ? undefined : getUserWithShop({ userId });
  if (!found) {
    const url = new URL(request.url);
    throw redirect(`/login?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
  }
  return found;
}

export async function createUserSession(input: { request: Request; userId: number; redirectTo: string }) {
  const session = await sessionStorage.getSession(input.request.headers.get("Cookie"));
  session.set(USER_KEY, input.userId);
  return redirect(input.redirectTo, {
    headers: { "Set-Cookie": await sessionStorage.commitSession(session) },
  });
}

export async function logout(request: Request) {
  const session = await sessionStorage.getSession(request.headers.get("Cookie"));
  return redirect("/login", { headers: { "Set-Cookie": await sessionStorage.destroySession(session) } });
}
