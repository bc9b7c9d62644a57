import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireUser } from "~/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, shop, csrf } = await requireUser(request);
  // csrf: read by <CsrfInput /> in every dashboard form.
  return json({
    user: { name: user.name, role: user.role },
    // timezone: every dashboard time is shown in it (useShopDateTime).
    shop: { name: shop.name, timezone: shop.timezone },
    csrf,
  });
}

function Frame({ children }: { children: React.ReactNode }) {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <header className="topbar">
        <div className="topbar-inner">
          <a className="brand" href="/app">
            Tactful
            <small>{data?.shop.name}</small>
          </a>
          <nav className="nav" aria-label="Main">
            <NavLink to="/app" end>
              Overview
            </NavLink>
            <NavLink to="/app/campaigns">Campaigns</NavLink>
            <NavLink to="/app/suggestions">Suggestions</NavLink>
            <NavLink to="/app/customers">Customers</NavLink>
            <NavLink to="/app/products">Products</NavLink>
            <NavLink to="/app/data">Data</NavLink>
            <NavLink to="/app/model">Model</NavLink>
            <NavLink to="/app/mailbox">Mailbox</NavLink>
            <NavLink to="/app/audit">Audit log</NavLink>
            <NavLink to="/app/team">Team</NavLink>
            <NavLink to="/app/settings">Settings</NavLink>
          </nav>
          <div className="who">
            <span>
              {data?.user.name} · {data?.user.role === "owner" ? "Owner" : "Staff"}
            </span>
            <Form method="post" action="/logout">
              <CsrfInput />
              <button className="btn-link" type="submit">
                Sign out
              </button>
            </Form>
          </div>
        </div>
      </header>
      <main id="main">{children}</main>
    </>
  );
}

export default function AppLayout() {
  return (
    <Frame>
      <Outlet />
    </Frame>
  );
}

export function ErrorBoundary() {
  return (
    <main id="main">
      <GeneralErrorBoundary />
    </main>
  );
}
