import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field } from "~/components/field";
import { TimeZoneSelect } from "~/components/time-zone-select";
import { requireSameSite } from "~/csrf.server";
import { createShopWithOwner, emailTaken } from "~/models/user.server";
import { createUserSession, getUserId } from "~/session.server";
import { parseForm } from "~/utils/forms";
import { validTimeZone } from "../../jobs/policy/quiet-hours";

export const meta: MetaFunction = () => [{ title: "Create your shop · Tactful" }];

const SignupSchema = z.object({
  shopName: z.string().trim().min(2, "Give your shop's name.").max(80),
  name: z.string().trim().min(1, "Give your name.").max(80),
  email: z.string().trim().email("Enter a valid email address."),
  password: z.string().min(10, "Use at least 10 characters.").max(200),
  postalAddress: z
    .string()
    .trim()
    .min(10, "Every email carries your postal address, as the law requires. Enter it in full.")
    .max(200),
  fromEmail: z.union([z.literal(""), z.string().trim().email("Enter a valid sender address.")]),
  // A form from before the question existed sends none: UTC, changeable in Settings.
  timezone: z
    .string()
    .default("UTC")
    .refine((zone) => validTimeZone(zone, "") === zone, "Choose your shop's time zone from the list."),
});

export async function loader({ request }: LoaderFunctionArgs) {
  if ((await getUserId(request)) !== undefined) return redirect("/app");
  return json({ timeZones: Intl.supportedValuesOf("timeZone") });
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameSite(request);
  const parsed = parseForm(SignupSchema, await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors }, { status: 400 });
  const input = parsed.data;
  if (emailTaken({ email: input.email })) {
    return json({ errors: { email: "An account with this email exists. Log in instead." } }, { status: 400 });
  }
  const user = await createShopWithOwner({ ...input, fromEmail: input.fromEmail || input.email });
  return createUserSession({ userId: user.id, sessionVersion: user.sessionVersion, redirectTo: "/app" });
}

export default function Signup() {
  const errors: Partial<Record<string, string>> = useActionData<typeof action>()?.errors ?? {};
  const busy = useNavigation().state !== "idle";
  const { timeZones } = useLoaderData<typeof loader>();
  return (
    <main id="main" className="narrow">
      <p className="brand">Tactful</p>
      <div className="card">
        <h1>Create your shop</h1>
        <p className="lede">
          Personal emails your customers are glad to get. Nothing is sent until you approve it.
        </p>
        <Form method="post" className="form" noValidate>
          <Field name="shopName" label="Shop name" error={errors.shopName}>
            {(aria) => <input {...aria} type="text" autoComplete="organization" required autoFocus />}
          </Field>
          <Field name="name" label="Your name" error={errors.name}>
            {(aria) => <input {...aria} type="text" autoComplete="name" required />}
          </Field>
          <Field name="email" label="Your email" error={errors.email}>
            {(aria) => <input {...aria} type="email" autoComplete="email" required />}
          </Field>
          <Field name="password" label="Password" hint="At least 10 characters." error={errors.password}>
            {(aria) => (
              <input {...aria} type="password" autoComplete="new-password" required minLength={10} />
            )}
          </Field>
          <Field
            name="postalAddress"
            label="Shop postal address"
            hint="Shown in the footer of every email."
            error={errors.postalAddress}
          >
            {(aria) => <input {...aria} type="text" autoComplete="street-address" required />}
          </Field>
          <Field
            name="fromEmail"
            label="Send emails from"
            hint="Leave empty to use your email."
            error={errors.fromEmail}
          >
            {(aria) => <input {...aria} type="email" />}
          </Field>
          <Field
            name="timezone"
            label="Shop time zone"
            hint="Times on your dashboard and scheduled sends use it."
            error={errors.timezone}
          >
            {(aria) => <TimeZoneSelect aria={aria} zones={timeZones} defaultValue="UTC" />}
          </Field>
          <button className="btn btn-primary" type="submit" disabled={busy}>
            {busy ? "Creating…" : "Create shop"}
          </button>
        </Form>
      </div>
      <p>
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </main>
  );
}
