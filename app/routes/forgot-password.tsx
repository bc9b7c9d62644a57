import { json, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field } from "~/components/field";
import { requireSameSite } from "~/csrf.server";
import { env } from "~/env.server";
import { sendAccountMail } from "~/mail.server";
import { createPasswordReset, RESET_MINUTES } from "~/models/account.server";
import { limitResetRequests } from "~/rate-limit.server";
import { parseForm } from "~/utils/forms";
import { passwordResetMail } from "../../templates/account";

export const meta: MetaFunction = () => [{ title: "Reset your password · Tactful" }];

const ForgotSchema = z.object({ email: z.string().trim().email("Enter the email address you log in with.") });

export async function action({ request, context }: ActionFunctionArgs) {
  requireSameSite(request);
  const parsed = parseForm(ForgotSchema, await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors, sent: null }, { status: 400 });
  if (!(await limitResetRequests(context, parsed.data.email))) {
    return json(
      { errors: { form: "Too many reset requests. Try again in an hour." }, sent: null },
      { status: 429, headers: { "Retry-After": "3600" } },
    );
  }
  const reset = createPasswordReset({ email: parsed.data.email });
  if (reset) {
    const link = new URL(`/reset-password/${reset.token}`, env.PUBLIC_URL).href;
    // Not awaited: the answer must take as long whether or not the account
    // exists. A failure is logged without the address.
    sendAccountMail(reset.email, passwordResetMail({ link, expiresInMinutes: RESET_MINUTES }), "reset").catch(
      (error: Error) => console.warn(`A password reset email could not be sent: ${error.message}`),
    );
  }
  const sent = `If an account uses that address, we have sent it a link to choose a new password. It works for ${RESET_MINUTES} minutes.`;
  return json({ errors: {}, sent });
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  const errors: Partial<Record<string, string>> = result?.errors ?? {};
  const busy = useNavigation().state !== "idle";
  return (
    <main id="main" className="narrow">
      <p className="brand">Tactful</p>
      <div className="card">
        <h1>Reset your password</h1>
        {result?.sent ? (
          <p className="notice" role="status">
            {result.sent}
          </p>
        ) : (
          <>
            {errors.form ? (
              <p className="notice error" role="alert">
                {errors.form}
              </p>
            ) : null}
            <Form method="post" className="form" noValidate>
              <Field name="email" label="Email" error={errors.email}>
                {(aria) => <input {...aria} type="email" autoComplete="email" required autoFocus />}
              </Field>
              <button className="btn btn-primary" type="submit" disabled={busy}>
                Email me a link
              </button>
            </Form>
          </>
        )}
      </div>
      <p>
        <Link to="/login">Back to log in</Link>
      </p>
    </main>
  );
}
