import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { requireSameSite } from "~/csrf.server";
import { findOpenToken, resetPassword } from "~/models/account.server";
import { createUserSession } from "~/session.server";
import { parseForm } from "~/utils/forms";

export const meta: MetaFunction = () => [
  { title: "Choose a new password · Tactful" },
  { name: "robots", content: "noindex" },
];

const ResetSchema = z
  .object({
    password: z.string().min(10, "Use at least 10 characters.").max(200),
    repeat: z.string(),
  })
  .refine((v) => v.password === v.repeat, { path: ["repeat"], message: "The two passwords differ." });

// A wrong, used or expired link all look the same.
function requireOpenReset(token: string | undefined) {
  if (!findOpenToken({ token, purpose: "reset" })) throw new Response("Not found", { status: 404 });
}

export async function loader({ params }: LoaderFunctionArgs) {
  requireOpenReset(params.token);
  return null;
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameSite(request);
  requireOpenReset(params.token);
  const parsed = parseForm(ResetSchema, await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors }, { status: 400 });
  const user = await resetPassword({ token: params.token!, password: parsed.data.password });
  if (!user) throw new Response("Not found", { status: 404 });
  // Every earlier session has just ended; this is the only one.
  return createUserSession({ userId: user.id, sessionVersion: user.sessionVersion, redirectTo: "/app" });
}

export default function ResetPassword() {
  const errors: Partial<Record<string, string>> = useActionData<typeof action>()?.errors ?? {};
  const busy = useNavigation().state !== "idle";
  return (
    <main id="main" className="narrow">
      <p className="brand">Tactful</p>
      <div className="card">
        <h1>Choose a new password</h1>
        <p className="lede">This signs you out on every other device.</p>
        <Form method="post" className="form" noValidate>
          <Field name="password" label="New password" hint="At least 10 characters." error={errors.password}>
            {(aria) => <input {...aria} type="password" autoComplete="new-password" required autoFocus />}
          </Field>
          <Field name="repeat" label="The same password again" error={errors.repeat}>
            {(aria) => <input {...aria} type="password" autoComplete="new-password" required />}
          </Field>
          <button className="btn btn-primary" type="submit" disabled={busy}>
            Save the new password
          </button>
        </Form>
      </div>
    </main>
  );
}

export function ErrorBoundary() {
  return (
    <main id="main" className="narrow">
      <GeneralErrorBoundary />
      <p>
        <Link to="/forgot-password">Ask for a new link</Link>
      </p>
    </main>
  );
}
