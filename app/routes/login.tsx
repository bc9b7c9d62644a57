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
import { verifyLogin } from "~/models/user.server";
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

export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseForm(LoginSchema, await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors }, { status: 400 });
  const user = await verifyLogin(parsed.data);
  if (!user) return json({ errors: { form: "Email or password is incorrect." } }, { status: 400 });
  return createUserSession({ request, userId: user.id, redirectTo: safeRedirect(parsed.data.redirectTo) });
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
        New here? <Link to="/signup">Create a shop</Link>
      </p>
    </main>
  );
}
