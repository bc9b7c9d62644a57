import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { RecipientFrame } from "~/components/recipient-frame";
import {
  requireRecipientMessage,
  maskEmail,
  setPreferences,
  shopCategories,
} from "~/models/recipient.server";
import { requireSameSite } from "~/csrf.server";
import { limitRecipientPages } from "~/rate-limit.server";

export const meta: MetaFunction = () => [
  { title: "Email preferences" },
  { name: "robots", content: "noindex" },
];

const FREQUENCIES = [
  { value: "as_sent", label: "Whenever there is something for me" },
  { value: "weekly", label: "At most one email a week" },
  { value: "monthly", label: "At most one email a month" },
] as const;

const PreferencesSchema = z.object({
  emailFrequency: z.enum(["as_sent", "weekly", "monthly"]),
  optedOutCategoryIds: z.array(z.coerce.number().int().positive()),
});

export async function loader({ params, context }: LoaderFunctionArgs) {
  await limitRecipientPages(context);
  const message = requireRecipientMessage(params.token, "preferences");
  return json({
    shopName: message.shopName,
    brandColor: message.brandColor,
    postalAddress: message.postalAddress,
    maskedEmail: maskEmail(message.email),
    emailFrequency: message.emailFrequency,
    optedOutCategoryIds: message.optedOutCategoryIds,
    categories: shopCategories(message),
    links: message.links,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await limitRecipientPages(context);
  const message = requireRecipientMessage(params.token, "preferences");
  requireSameSite(request);
  const form = await request.formData();
  const parsed = PreferencesSchema.safeParse({
    emailFrequency: form.get("emailFrequency"),
    optedOutCategoryIds: form.getAll("optedOut"),
  });
  if (!parsed.success)
    return json({ saved: false, error: "Choose how often you would like to hear from us." }, { status: 400 });
  setPreferences(message, parsed.data);
  return json({ saved: true, error: null });
}

export default function Preferences() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <RecipientFrame shopName={data.shopName} brandColor={data.brandColor} postalAddress={data.postalAddress}>
      <h1>Your email preferences</h1>
      <p className="lede">
        For {data.maskedEmail}. Changes apply to every email {data.shopName} sends from now on.
      </p>
      {result?.saved ? (
        <p className="notice" role="status">
          Saved. Thank you for telling us.
        </p>
      ) : null}
      {result?.error ? (
        <p className="notice error" role="alert">
          {result.error}
        </p>
      ) : null}
      <Form method="post" className="form card">
        <fieldset className="field">
          <legend>How often</legend>
          {FREQUENCIES.map((f) => (
            <label className="checkbox" key={f.value}>
              <input
                type="radio"
                name="emailFrequency"
                value={f.value}
                defaultChecked={data.emailFrequency === f.value}
              />
              <span>{f.label}</span>
            </label>
          ))}
        </fieldset>
        {data.categories.length > 0 ? (
          <fieldset className="field">
            <legend>Never email me about</legend>
            {data.categories.map((c) => (
              <label className="checkbox" key={c.id}>
                <input
                  type="checkbox"
                  name="optedOut"
                  value={c.id}
                  defaultChecked={data.optedOutCategoryIds.includes(c.id)}
                />
                <span>{c.name}</span>
              </label>
            ))}
          </fieldset>
        ) : null}
        <div>
          <button className="btn btn-primary" type="submit">
            Save preferences
          </button>
        </div>
      </Form>
      <p>
        <a href={data.links.unsubscribe}>Unsubscribe from everything</a> ·{" "}
        <a href={data.links.data}>See or erase your data</a>
      </p>
    </RecipientFrame>
  );
}
