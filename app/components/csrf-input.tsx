import { useRouteLoaderData } from "@remix-run/react";
import type { loader as appLoader } from "~/routes/app";

export const CSRF_FIELD = "csrf";

/** Put inside every dashboard form that posts: the session's CSRF token, checked by requireUser. */
export function CsrfInput() {
  const data = useRouteLoaderData<typeof appLoader>("routes/app");
  return <input type="hidden" name={CSRF_FIELD} value={data?.csrf ?? ""} />;
}
