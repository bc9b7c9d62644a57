import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { requireSameSite } from "~/csrf.server";
import { acceptInvite, findOpenToken } from "~/models/account.server";
import { createUserSession } from "~/session.server";
import { parseForm } from "~/utils/forms";

export const meta: MetaFunction = () => [
  { title: "Join your team · Tactful" },
  { name: "robots", content: "noindex" },
];

const AcceptSchema = z.object({
  name: z.string().trim().min(1, "Give your name.").max(80),
  password: z.string().min(10, "Use at least 10 characters.").max(200),
});

// A wrong, used or expired link all look the same: nothing to learn from it.
function openInvite(token: string | undefined) {
  const invite = findOpenToken({ token, purpose: "invite" });
  if (!invite) throw new Response("Not found", { status: 404 });
  return invite;
}

export async function loader({ params }: LoaderFunctionArgs) {
  const invite = openInvite(params.token);
  return json({ shopName: invite.shopName, email: invite.email });
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameSite(request);
  openInvite(params.token);
  const parsed = parseForm(AcceptSchema, await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors }, { status: 400 });
  const user = await acceptInvite({ token: params.token!, ...parsed.data });
  if (!user) throw new Response("Not found", { status: 404 });
  return createUserSession({ userId: user.id, sessionVersion: user.sessionVersion, redirectTo: "/app" });
}

export default function AcceptInvite() {
  const { shopName, email } = useLoaderData<typeof loader>();
  const errors: Partial<Record<string, string>> = useActionData<typeof action>()?.errors ?? {};
  const busy = useNavigation().state !== "idle";
  return (
    <main id="main" className="narrow">
      <p className="brand">Tactful</p>
      <div className="card">
        <h1>Join {shopName}</h1>
        <p className="lede">
          You are joining as staff with the address {email}. Choose your name and password.
        </p>
        <Form method="post" className="form" noValidate>
          <Field name="name" label="Your name" error={errors.name}>
            {(aria) => <input {...aria} type="text" autoComplete="name" required autoFocus />}
          </Field>
          <Field name="password" label="Password" hint="At least 10 characters." error={errors.password}>
            {(aria) => (
              <input {...aria} type="password" autoComplete="new-password" required minLength={10} />
            )}
          </Field>
          <button className="btn btn-primary" type="submit" disabled={busy}>
            {busy ? "Joining…" : "Join the team"}
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
    </main>
  );
}
