import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { requireSameSite } from "~/csrf.server";
import { env } from "~/env.server";
import { createShopWithOwner, emailTaken } from "~/models/user.server";
import { createUserSession } from "~/session.server";
import { openSignup } from "~/signup-link.server";

export const meta: MetaFunction = () => [{ title: "Create your shop · Tactful" }];

function requirePendingSignup(token: string | undefined) {
  const pending = openSignup(token ?? "", env.SESSION_SECRET);
  if (!pending) throw new Response("This link is not valid or has expired. Sign up again.", { status: 404 });
  return pending;
}

// Opening the link creates nothing: mail scanners follow links.
export async function loader({ params }: LoaderFunctionArgs) {
  const pending = requirePendingSignup(params.token);
  return json({ shopName: pending.shopName, email: pending.email });
}

/** The confirmed sign-up: the shop and its owner, once; a second use finds the account and goes to log in. */
export async function action({ request, params }: ActionFunctionArgs) {
  requireSameSite(request);
  const pending = requirePendingSignup(params.token);
  if (emailTaken({ email: pending.email })) return redirect("/login");
  const user = createShopWithOwner(pending);
  return createUserSession({ userId: user.id, sessionVersion: user.sessionVersion, redirectTo: "/app" });
}

export default function ConfirmSignup() {
  const { shopName, email } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  return (
    <main id="main" className="narrow">
      <p className="brand">Tactful</p>
      <div className="card">
        <h1>
          Create <bdi>{shopName}</bdi>
        </h1>
        <p className="lede">Your address {email} is confirmed. Create the shop and log in as its owner.</p>
        <Form method="post">
          <button className="btn btn-primary" type="submit" disabled={busy}>
            {busy ? "Creating…" : "Create my shop"}
          </button>
        </Form>
      </div>
      <p>
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </main>
  );
}
