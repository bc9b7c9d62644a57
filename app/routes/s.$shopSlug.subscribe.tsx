import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field } from "~/components/field";
import { RecipientFrame } from "~/components/recipient-frame";
import { requireSameSite } from "~/csrf.server";
import { signupShop, subscribe } from "~/models/signup.server";
import { limitRecipientPages, limitSignups } from "~/rate-limit.server";
import type { FieldErrors } from "~/utils/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Get email from ${data.shop.name}` : "Sign up" },
];

const FREQUENCIES = [
  { value: "as_sent", label: "Whenever there is something for me" },
  { value: "weekly", label: "At most one email a week" },
  { value: "monthly", label: "At most one email a month" },
] as const;

// A field people never see: a script filling in every input fills this too.
const TRAP = "website";

const SignupSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter your email address.").max(254),
  firstName: z
    .string()
    .trim()
    .max(100, "Keep your name under 100 characters.")
    .transform((v) => v || null),
  consent: z.literal("yes", { error: "Tick the box if you would like our email." }),
  frequency: z.enum(["as_sent", "weekly", "monthly"], { error: "Choose how often." }),
  optedOut: z.array(z.coerce.number().int().positive()),
});

function requireShop(slug: string | undefined) {
  const shop = slug ? signupShop({ slug }) : undefined;
  if (!shop) throw new Response("Not found", { status: 404 });
  return shop;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await limitRecipientPages(context);
  const shop = requireShop(params.shopSlug);
  const thanks = new URL(request.url).searchParams.has("thanks");
  return json({
    shop: { name: shop.name, brandColor: shop.brandColor, postalAddress: shop.postalAddress },
    categories: shop.categories,
    thanks,
  });
}

/**
 * Public and without a session, so no form token: refused when the browser
 * says it came from another site, limited per client and per address, and
 * answered the same way whether or not the address was already a customer.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  await limitRecipientPages(context);
  requireSameSite(request);
  const shop = requireShop(params.shopSlug);
  const form = await request.formData();
  const thanks = redirect(`/s/${encodeURIComponent(params.shopSlug!)}/subscribe?thanks`, 303);
  if (String(form.get(TRAP) ?? "") !== "") return thanks;
  const parsed = SignupSchema.safeParse({
    email: form.get("email") ?? "",
    firstName: form.get("firstName") ?? "",
    consent: form.get("consent"),
    frequency: form.get("frequency"),
    optedOut: form.getAll("optedOut"),
  });
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return json({ errors }, { status: 400 });
  }
  await limitSignups(context, parsed.data.email);
  subscribe({
    shopId: shop.id,
    email: parsed.data.email,
    firstName: parsed.data.firstName,
    frequency: parsed.data.frequency,
    optedOutCategoryIds: parsed.data.optedOut,
  });
  return thanks;
}

export default function Subscribe() {
  const { shop, categories, thanks } = useLoaderData<typeof loader>();
  const errors: FieldErrors = useActionData<typeof action>()?.errors ?? {};
  return (
    <RecipientFrame shopName={shop.name} brandColor={shop.brandColor} postalAddress={shop.postalAddress}>
      {thanks ? (
        <>
          <h1>Thank you</h1>
          <p className="lede" role="status">
            We have noted that you would like email from {shop.name}. Every email says why you got it, and you
            can stop them with one click at any time.
          </p>
        </>
      ) : (
        <>
          <h1>Get email from {shop.name}</h1>
          <p className="lede">
            Now and then, a note about things you are likely to want, based on what you buy from us. We never
            share your address, and you can stop at any time.
          </p>
          <Form method="post" className="form card" noValidate>
            <Field name="email" label="Email address" error={errors.email}>
              {(aria) => <input {...aria} type="email" autoComplete="email" required maxLength={254} />}
            </Field>
            <Field name="firstName" label="First name (optional)" error={errors.firstName}>
              {(aria) => <input {...aria} type="text" autoComplete="given-name" maxLength={100} />}
            </Field>
            <fieldset className="field" aria-describedby={errors.frequency ? "frequency-error" : undefined}>
              <legend>How often</legend>
              {FREQUENCIES.map((f) => (
                <label className="checkbox" key={f.value}>
                  <input type="radio" name="frequency" value={f.value} required />
                  <span>{f.label}</span>
                </label>
              ))}
              {errors.frequency ? (
                <p className="field-error" id="frequency-error">
                  {errors.frequency}
                </p>
              ) : null}
            </fieldset>
            {categories.length > 0 ? (
              <fieldset className="field">
                <legend>Anything you would rather not hear about? (optional)</legend>
                {categories.map((c) => (
                  <label className="checkbox" key={c.id}>
                    <input type="checkbox" name="optedOut" value={c.id} />
                    <span>{c.name}</span>
                  </label>
                ))}
              </fieldset>
            ) : null}
            <div className="visually-hidden" aria-hidden="true">
              <label htmlFor={TRAP}>Leave this empty</label>
              <input id={TRAP} name={TRAP} type="text" tabIndex={-1} autoComplete="off" />
            </div>
            <label className="checkbox">
              <input
                type="checkbox"
                name="consent"
                value="yes"
                required
                aria-invalid={errors.consent ? true : undefined}
                aria-describedby={errors.consent ? "consent-error" : undefined}
              />
              <span>Yes, {shop.name} may send me marketing email.</span>
            </label>
            {errors.consent ? (
              <p className="field-error" id="consent-error">
                {errors.consent}
              </p>
            ) : null}
            <div>
              <button className="btn btn-primary" type="submit">
                Sign up
              </button>
            </div>
          </Form>
        </>
      )}
    </RecipientFrame>
  );
}
