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
import { env } from "~/env.server";
import { sendAccountMail } from "~/mail.server";
import { prepareSignup } from "~/models/user.server";
import { limitAccountSignups } from "~/rate-limit.server";
import { getUserId } from "~/session.server";
import { sealSignup, SIGNUP_LINK_HOURS } from "~/signup-link.server";
import { parseForm } from "~/utils/forms";
import { confirmSignupMail, signupAttemptMail } from "../../templates/account";
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

/**
 * Answers the same whether or not the address has an account, and signs
 * nobody in: the address's holder gets either the link that creates the
 * shop or a note that someone tried, so the form never tells a stranger
 * which addresses have accounts.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  requireSameSite(request);
  const parsed = parseForm(SignupSchema, await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors, sent: null }, { status: 400 });
  const input = parsed.data;
  if (!(await limitAccountSignups(context, input.email))) {
    return json(
      { errors: { form: "Too many sign-ups from here. Try again in an hour." }, sent: null },
      { status: 429, headers: { "Retry-After": "3600" } },
    );
  }
  const { password: _password, ...fields } = input;
  const email = input.email.toLowerCase();
  const { taken, passwordHash } = await prepareSignup(input);
  const mail = taken
    ? signupAttemptMail({
        loginLink: new URL("/login", env.PUBLIC_URL).href,
        resetLink: new URL("/forgot-password", env.PUBLIC_URL).href,
      })
    : confirmSignupMail({
        shopName: input.shopName,
        link: new URL(
          `/signup/${sealSignup(
            { ...fields, email, passwordHash, fromEmail: input.fromEmail || email },
            env.SESSION_SECRET,
          )}`,
          env.PUBLIC_URL,
        ).href,
        expiresInHours: SIGNUP_LINK_HOURS,
      });
  // Not awaited, like a password reset: the answer must not wait on SMTP.
  // A failure is logged without the address.
  sendAccountMail(email, mail, "signup").catch((error: Error) =>
    console.warn(`A sign-up email could not be sent: ${error.message}`),
  );
  const sent = `We have sent an email to the address you gave. Open the link in it to finish creating your shop; it works for ${SIGNUP_LINK_HOURS} hours.`;
  return json({ errors: {}, sent });
}

export default function Signup() {
  const result = useActionData<typeof action>();
  const errors: Partial<Record<string, string>> = result?.errors ?? {};
  const busy = useNavigation().state !== "idle";
  const { timeZones } = useLoaderData<typeof loader>();
  if (result?.sent) {
    return (
      <main id="main" className="narrow">
        <p className="brand">Tactful</p>
        <div className="card">
          <h1>Check your email</h1>
          <p className="notice" role="status">
            {result.sent}
          </p>
        </div>
      </main>
    );
  }
  return (
    <main id="main" className="narrow">
      <p className="brand">Tactful</p>
      <div className="card">
        <h1>Create your shop</h1>
        <p className="lede">
          Personal emails your customers are glad to get. Nothing is sent until you approve it.
        </p>
        {errors.form ? (
          <p className="notice error" role="alert">
            {errors.form}
          </p>
        ) : null}
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
