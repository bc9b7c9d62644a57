import { isRouteErrorResponse, useLocation, useRouteError } from "@remix-run/react";

const MESSAGES: Record<number, { title: string; text: string }> = {
  403: { title: "Not allowed", text: "Your role does not allow this. Ask the shop's owner." },
  404: { title: "Not found", text: "There is nothing here. It may have been removed, or the link is wrong." },
};

/** One boundary for every route: a calm message per status, never a stack trace. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  // Recipients reach /r/ pages from an email: there is no dashboard for them.
  const forRecipient = useLocation().pathname.startsWith("/r/");
  const status = isRouteErrorResponse(error) ? error.status : 500;
  // A refusal says why (a role, an expired form), in words written for people.
  const reason =
    status === 403 && isRouteErrorResponse(error) && typeof error.data === "string" ? error.data : null;
  const known = MESSAGES[status] ?? {
    title: "Something went wrong",
    text: "The problem has been logged. Try again in a moment.",
  };
  return (
    <div className="card" role="alert">
      <h1>{known.title}</h1>
      <p>{reason ?? known.text}</p>
      {forRecipient ? null : (
        <p>
          <a href="/app">Back to the dashboard</a>
        </p>
      )}
    </div>
  );
}
