import {
  json,
  type ActionFunctionArgs,
  type AppLoadContext,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { RecipientFrame } from "~/components/recipient-frame";
import { requireSameSite } from "~/csrf.server";
import { limitRecipientPages } from "~/rate-limit.server";
import {
  findMessageByToken,
  isUnsubscribed,
  maskEmail,
  resubscribe,
  setPreferences,
  unsubscribe,
} from "~/models/recipient.server";

export const meta: MetaFunction = () => [{ title: "Unsubscribe" }, { name: "robots", content: "noindex" }];

/**
 * The message a valid token names; only guessing at tokens is rate-limited.
 * A mail provider posts one-clicks for many people from few addresses, and
 * an RFC 8058 POST refused is a person mailed again after saying stop. The
 * page rendered after that POST runs the loader, so the loader must not
 * count a valid token either.
 */
async function messageOrLimit(token: string | undefined, context: AppLoadContext) {
  const message = findMessageByToken({ token: token ?? "", purpose: "unsubscribe" });
  if (message) return message;
  await limitRecipientPages(context);
  throw new Response("Not found", { status: 404 });
}

// Opening the page changes nothing: mail scanners follow links.
export async function loader({ params, context }: LoaderFunctionArgs) {
  const message = await messageOrLimit(params.token, context);
  return json({
    shopName: message.shopName,
    brandColor: message.brandColor,
    postalAddress: message.postalAddress,
    maskedEmail: maskEmail(message.email),
    unsubscribed: isUnsubscribed(message),
    preferencesPath: message.links.preferences,
  });
}

type Outcome = "unsubscribed" | "resubscribed" | "fewer";

/**
 * RFC 8058 one-click (a POST whose body is List-Unsubscribe=One-Click, from
 * the mail provider, without cookies or JavaScript) and the page's buttons
 * all land here. Always 200, never a redirect; repeating is harmless.
 *
 * The signed per-message token in the URL is the capability: no other site
 * can know it. One-click stays open to any sender that has it (it only ever
 * stops mail); the page's other buttons must also come from this site.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const message = await messageOrLimit(params.token, context);
  const form = await request.formData();
  if (form.get("List-Unsubscribe") === "One-Click") {
    unsubscribe(message, "one-click");
    return json({ outcome: "unsubscribed" as Outcome });
  }
  await limitRecipientPages(context);
  requireSameSite(request);
  switch (form.get("intent")) {
    case "unsubscribe":
      unsubscribe(message, "unsubscribe page");
      return json({ outcome: "unsubscribed" as Outcome });
    case "resubscribe":
      resubscribe(message);
      return json({ outcome: "resubscribed" as Outcome });
    case "fewer":
      setPreferences(message, {
        emailFrequency: "monthly",
        optedOutCategoryIds: message.optedOutCategoryIds,
      });
      return json({ outcome: "fewer" as Outcome });
    default:
      return json({ outcome: null }, { status: 400 });
  }
}

export default function Unsubscribe() {
  const data = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>()?.outcome ?? (data.unsubscribed ? "unsubscribed" : null);
  return (
    <RecipientFrame shopName={data.shopName} brandColor={data.brandColor} postalAddress={data.postalAddress}>
      {outcome === "unsubscribed" ? (
        <div role="status">
          <h1>You are unsubscribed</h1>
          <p>
            {data.shopName} will not send marketing email to {data.maskedEmail} again, including any email
            already on its way. You may still get receipts for orders you place.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="resubscribe" />
            <button className="btn" type="submit">
              Undo: keep me subscribed
            </button>
          </Form>
        </div>
      ) : outcome === "fewer" ? (
        <div role="status">
          <h1>You will hear from us less</h1>
          <p>
            {data.shopName} will send {data.maskedEmail} at most one email a month.{" "}
            <a href={data.preferencesPath}>Change your preferences</a> at any time.
          </p>
        </div>
      ) : (
        <>
          {outcome === "resubscribed" ? (
            <p className="notice" role="status">
              You are subscribed again.
            </p>
          ) : null}
          <h1>Unsubscribe from {data.shopName}?</h1>
          <p>
            Press the button to stop all marketing email from {data.shopName} to {data.maskedEmail}. It takes
            effect at once.
          </p>
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="unsubscribe" />
            <div>
              <button className="btn btn-primary" type="submit">
                Unsubscribe
              </button>
            </div>
          </Form>
          <h2>Or hear from us less</h2>
          <Form method="post">
            <input type="hidden" name="intent" value="fewer" />
            <button className="btn" type="submit">
              At most one email a month
            </button>
          </Form>
          <p>
            <a href={data.preferencesPath}>More choices: how often and which products</a>
          </p>
        </>
      )}
    </RecipientFrame>
  );
}
