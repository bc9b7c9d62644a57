import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { getUserWithShop, raiseSessionVersion } from "./models/user.server";
import { newCsrfToken, verifyCsrf } from "./csrf.server";
import { env } from "./env.server";

// Enforced on the server too: the cookie's Max-Age is only a request to the
// browser, and a copied cookie would otherwise work for ever.
export const SESSION_MAX_AGE_SECONDS = 60 * 60 * 24 * 14;

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
    maxAge: SESSION_MAX_AGE_SECONDS,
  },
});

type SessionData = { userId: number; version: number; issuedAt: number; csrf: string };

const HERE = "http://tactful.invalid";

/**
 * Only paths on this site. Parsed the way a browser would (which drops tabs
 * and line breaks and reads "\\" as "/"), so "/\t/evil.example" cannot
 * turn into "//evil.example".
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/app"): string {
  if (typeof to !== "string" || !to.startsWith("/")) return fallback;
  const url = new URL(to, HERE);
  return url.origin === HERE ? url.pathname + url.search + url.hash : fallback;
}

async function readSession(request: Request): Promise<SessionData | undefined> {
  const session = await sessionStorage.getSession(request.headers.get("Cookie"));
  const data = {
    userId: session.get("userId"),
    version: session.get("version"),
    issuedAt: session.get("issuedAt"),
    csrf: session.get("csrf"),
  };
  const valid =
    typeof data.userId === "number" &&
    typeof data.version === "number" &&
    typeof data.issuedAt === "number" &&
    typeof data.csrf === "string" &&
    Date.now() - data.issuedAt < SESSION_MAX_AGE_SECONDS * 1000;
  return valid ? (data as SessionData) : undefined;
}

/** The signed-in user and their shop, when the session is still valid. */
async function currentUser(request: Request) {
  const session = await readSession(request);
  const found = session ? getUserWithShop({ userId: session.userId }) : undefined;
  if (!session || !found || found.user.sessionVersion !== session.version) return undefined;
  return { ...found, csrf: session.csrf };
}

export async function getUserId(request: Request): Promise<number | undefined> {
  return (await currentUser(request))?.user.id;
}

/**
 * The signed-in user and their shop, or a redirect to the login page. Every
 * dashboard loader and action starts here, so this is also where a
 * state-changing request must prove it came from one of our own forms.
 */
export async function requireUser(request: Request) {
  const found = await currentUser(request);
  if (!found) {
    const url = new URL(request.url);
    throw redirect(`/login?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
  }
  await verifyCsrf(request, found.csrf);
  return found;
}

export async function requireOwner(request: Request) {
  const found = await requireUser(request);
  if (found.user.role !== "owner") throw new Response("Only an owner can do this.", { status: 403 });
  return found;
}

/** A brand-new session (never one carried over from before login) at the user's current version. */
export async function createUserSession(input: {
  userId: number;
  sessionVersion: number;
  redirectTo: string;
}) {
  const session = await sessionStorage.getSession();
  session.set("userId", input.userId);
  session.set("version", input.sessionVersion);
  session.set("issuedAt", Date.now());
  session.set("csrf", newCsrfToken());
  return redirect(input.redirectTo, {
    headers: { "Set-Cookie": await sessionStorage.commitSession(session) },
  });
}

export async function logout(request: Request) {
  const session = await sessionStorage.getSession(request.headers.get("Cookie"));
  return redirect("/login", { headers: { "Set-Cookie": await sessionStorage.destroySession(session) } });
}

/** Ends every session of this user, on every device, this one included. */
export async function logoutEverywhere(request: Request, userId: number) {
  raiseSessionVersion({ userId });
  return logout(request);
}
