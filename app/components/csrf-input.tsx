import { useRouteLoaderData } from "@remix-run/react";
import type { loader as appLoader } from "~/routes/app";

export const CSRF_FIELD = "csrf";

/** The session's CSRF token, as the dashboard layout hands it to its pages. */
export function useCsrfToken(): string {
  return useRouteLoaderData<typeof appLoader>("routes/app")?.csrf ?? "";
}

/** Put inside every dashboard form that posts: the session's CSRF token, checked by requireUser. */
export function CsrfInput() {
  return <input type="hidden" name={CSRF_FIELD} value={useCsrfToken()} />;
}
