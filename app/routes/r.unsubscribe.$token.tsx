import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { RecipientFrame } from "~/components/recipient-frame";
import { findMessageByToken, isUnsubscribed, maskEmail, unsubscribe } from "~/models/recipient.server";

export const meta: MetaFunction = () => [{ title: "Unsubscribe" }, { name: "robots", content: "noindex" }];

function lookup(token: string | undefined) {
  const message = findMessageByToken({ token: token ?? "", purpose: "unsubscribe" });
  if (!message) throw new Response("Not found", { status: 404 });
  return message;
}

// Opening the page changes nothing: mail scanners follow links.
export async function loader({ params }: LoaderFunctionArgs) {
  const message = lookup(params.token);
  return json({
    shopName: message.shopName,
    postalAddress: message.postalAddress,
    maskedEmail: maskEmail(message.email),
    unsubscribed: isUnsubscribed(message),
  });
}

/**
 * RFC 8058 one-click (a POST whose body is List-Unsubscribe=One-Click, from
 * the mail provider, without cookies or JavaScript) and the page's own
 * button both land here. Always 200, never a redirect; repeating is harmless.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const message = lookup(params.token);
  const form = await request.formData();
  const oneClick = form.get("List-Unsubscribe") === "One-Click";
  if (!oneClick && form.get("intent") !== "unsubscribe") {
    return json({ unsubscribed: false }, { status: 400 });
  }
  unsubscribe(message, oneClick ? "one-click" : "unsubscribe page");
  return json({ unsubscribed: true });
}

export default function Unsubscribe() {
  const data = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>()?.unsubscribed || data.unsubscribed;
  return (
    <RecipientFrame shopName={data.shopName} postalAddress={data.postalAddress}>
      {done ? (
        <div role="status">
          <h1>You are unsubscribed</h1>
          <p>
            {data.shopName} will not send marketing email to {data.maskedEmail} again, including any email
            already on its way. You may still get receipts for orders you place.
          </p>
        </div>
      ) : (
        <>
          <h1>Unsubscribe from {data.shopName}?</h1>
          <p>
            Press the button to stop all marketing email from {data.shopName} to {data.maskedEmail}. It takes
            effect at once.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="unsubscribe" />
            <button className="btn btn-primary" type="submit">
              Unsubscribe
            </button>
          </Form>
        </>
      )}
    </RecipientFrame>
  );
}
