import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { formatDate } from "~/components/dates";
import { RecipientFrame } from "~/components/recipient-frame";
import { consentSourceForCustomer } from "../../jobs/policy/consent-words";
import { customerDataByToken, eraseCustomer } from "~/models/customer-data.server";
import { maskEmail } from "~/models/recipient.server";
import { requireSameSite } from "~/csrf.server";
import { limitRecipientPages } from "~/rate-limit.server";

export const meta: MetaFunction = () => [{ title: "Your data" }, { name: "robots", content: "noindex" }];

function lookup(token: string | undefined) {
  const found = customerDataByToken(token ?? "");
  if (!found) throw new Response("Not found", { status: 404 });
  return found;
}

export async function loader({ params, context }: LoaderFunctionArgs) {
  await limitRecipientPages(context);
  const { message, data } = lookup(params.token);
  // The page masks the address like every recipient page; the download has it in full.
  const shown = { ...data, profile: { ...data.profile, email: maskEmail(data.profile.email) } };
  return json({
    shopName: message.shopName,
    brandColor: message.brandColor,
    postalAddress: message.postalAddress,
    data: shown,
    links: message.links,
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  await limitRecipientPages(context);
  const { message } = lookup(params.token);
  requireSameSite(request);
  const form = await request.formData();
  if (form.get("intent") !== "erase" || form.get("confirm") !== "yes") {
    return json({ error: "Tick the box to confirm that you want everything erased." }, { status: 400 });
  }
  eraseCustomer(message);
  return redirect("/r/erased");
}

const money = (cents: number) =>
  new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP" }).format(cents / 100);

export default function MyData() {
  const { shopName, brandColor, postalAddress, data, links } = useLoaderData<typeof loader>();
  const error = useActionData<typeof action>()?.error;
  const p = data.profile;
  const consentSource = consentSourceForCustomer(data.consent.source);
  return (
    <RecipientFrame shopName={shopName} brandColor={brandColor} postalAddress={postalAddress}>
      <h1>Your data at {shopName}</h1>
      <p className="lede">
        Everything {shopName} holds about you.{" "}
        <a href={`${links.data}/download`} download>
          Download it as a file (JSON)
        </a>
        .
      </p>
      <section className="card" aria-labelledby="profile">
        <h2 id="profile">About you</h2>
        <dl className="headers">
          <dt>Email</dt>
          <dd>{p.email}</dd>
          <dt>Name</dt>
          <dd>{[p.firstName, p.lastName].filter(Boolean).join(" ") || "—"}</dd>
          <dt>Birthdate</dt>
          <dd>{p.birthdate ?? "Not given"}</dd>
          <dt>Country</dt>
          <dd>{p.country ?? "—"}</dd>
          <dt>Customer since</dt>
          <dd>{formatDate(p.customerSince)}</dd>
          <dt>Marketing email</dt>
          <dd>
            {data.consent.marketing
              ? `Agreed${data.consent.at ? ` on ${formatDate(data.consent.at)}` : ""}${consentSource ? ` (${consentSource})` : ""}`
              : "Not agreed"}
            {data.unsubscribed ? `; unsubscribed since ${formatDate(data.unsubscribed.since)}` : ""}
          </dd>
          {p.needsCare ? (
            <>
              <dt>A note the shop keeps</dt>
              <dd>{p.careNote ?? "Flagged to receive no marketing"}</dd>
            </>
          ) : null}
        </dl>
      </section>
      <section className="card" aria-labelledby="orders">
        <h2 id="orders">Your orders ({data.orders.length})</h2>
        {data.orders.length === 0 ? (
          <p>None.</p>
        ) : (
          <ul className="checklist">
            {data.orders.map((o) => (
              <li key={o.number}>
                {formatDate(o.orderedAt)}, {o.number}:{" "}
                {o.lines.map((l) => `${l.quantity} × ${l.product}`).join(", ")} ({money(o.totalCents)})
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="emails">
        <h2 id="emails">Emails about you ({data.emails.length})</h2>
        <ul className="checklist">
          {data.emails.map((e, i) => (
            <li key={i}>
              “{e.subject}” ({e.campaign}), {e.sentAt ? `sent ${formatDate(e.sentAt)}` : e.status}. Why:{" "}
              {e.reasons.map((r) => r.text).join(" ")}
            </li>
          ))}
        </ul>
      </section>
      {data.clicks.length > 0 ? (
        <section className="card" aria-labelledby="clicks">
          <h2 id="clicks">Links you followed ({data.clicks.length})</h2>
          <ul className="checklist">
            {data.clicks.map((c, i) => (
              <li key={i}>
                {formatDate(c.at)}: {c.url} (in “{c.campaign}”)
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card" aria-labelledby="erase">
        <h2 id="erase">Erase your data</h2>
        <p>
          This deletes your details, your order history and every email about you from {shopName}&rsquo;s
          Tactful. Only a scrambled fingerprint of your address is kept, so that you are never emailed again.
          It cannot be undone.
        </p>
        {error ? (
          <p className="notice error" role="alert">
            {error}
          </p>
        ) : null}
        <Form method="post" className="form">
          <input type="hidden" name="intent" value="erase" />
          <label className="checkbox">
            <input type="checkbox" name="confirm" value="yes" required />
            <span>I understand: erase everything about me.</span>
          </label>
          <div>
            <button className="btn" type="submit">
              Erase my data
            </button>
          </div>
        </Form>
      </section>
      <p>
        <a href={links.preferences}>Email preferences</a> · <a href={links.unsubscribe}>Unsubscribe</a>
      </p>
    </RecipientFrame>
  );
}
