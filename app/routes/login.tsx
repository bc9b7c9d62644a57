import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Field } from "~/components/field";
import { requireSameSite } from "~/csrf.server";
import { verifyLogin } from "~/models/user.server";
import { clearLoginFailures, loginWaitMinutes, recordLoginFailure } from "~/rate-limit.server";
import { createUserSession, getUserId, safeRedirect } from "~/session.server";
import { parseForm } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Log in · Tactful" }];

const LoginSchema = z.object({
  email: z.string().trim().email("Enter the email address you signed up with."),
  password: z.string().min(1, "Enter your password."),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  if ((await getUserId(request)) !== undefined) return redirect("/app");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  // No session yet, so no token: a login forced from another site is refused by the browser's headers.
  requireSameSite(request);
  const parsed = parseForm(LoginSchema, await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors }, { status: 400 });
  const { email } = parsed.data;
  const wait = await loginWaitMinutes(context, email);
  if (wait > 0) {
    const form = `Too many failed attempts. Try again in ${wait} minute${wait === 1 ? "" : "s"}, or reset your password.`;
    return json({ errors: { form } }, { status: 429, headers: { "Retry-After": String(wait * 60) } });
  }
  const user = await verifyLogin(parsed.data);
  if (!user) {
    await recordLoginFailure(context, email);
    return json({ errors: { form: "Email or password is incorrect." } }, { status: 400 });
  }
  await clearLoginFailures(context, email);
  return createUserSession({
    userId: user.id,
    sessionVersion: user.sessionVersion,
    redirectTo: safeRedirect(parsed.data.redirectTo),
  });
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const errors: Partial<Record<string, string>> = actionData?.errors ?? {};
  const [searchParams] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  return (
    <main id="main" className="narrow">
      <p className="brand">Tactful</p>
      <div className="card">
        <h1>Log in</h1>
        {errors.form ? (
          <p className="notice error" role="alert">
            {errors.form}
          </p>
        ) : null}
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <Field name="email" label="Email" error={errors.email}>
            {(aria) => <input {...aria} type="email" autoComplete="email" required autoFocus />}
          </Field>
          <Field name="password" label="Password" error={errors.password}>
            {(aria) => <input {...aria} type="password" autoComplete="current-password" required />}
          </Field>
          <button className="btn btn-primary" type="submit" disabled={busy}>
            {busy ? "Logging in…" : "Log in"}
          </button>
        </Form>
      </div>
      <p>
        <Link to="/forgot-password">Forgot your password?</Link> · New here?{" "}
        <Link to="/signup">Create a shop</Link>
      </p>
    </main>
  );
}
