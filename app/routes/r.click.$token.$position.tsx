import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { followTrackedLink } from "~/models/recipient.server";
import { limitRecipientPages } from "~/rate-limit.server";

// A link in an email sent with click tracking on. It can only lead to a web
// address in the approved email (by its position there), never to one named
// in the URL, so it cannot be turned into an open redirect.
export async function loader({ params, context }: LoaderFunctionArgs) {
  await limitRecipientPages(context);
  const position = Number(params.position);
  const url =
    Number.isSafeInteger(position) && position >= 0
      ? followTrackedLink({ token: params.token ?? "", position })
      : undefined;
  if (!url) throw new Response("This link is not valid.", { status: 404 });
  return redirect(url, { headers: { "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" } });
}
