import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input";
import { formatDate } from "~/components/dates";
import {
  LINK_KEY_GRACE_DAYS,
  rotateLinkKeys,
  setBrandColor,
  setUnknownAgeSensitive,
  shopSettings,
} from "~/models/shop.server";
import { env } from "~/env.server";
import { requireUser } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Settings · Tactful" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, shop } = await requireUser(request);
  // The grace period comes from a .server module, which the browser bundle does not have.
  const settings = shopSettings({ shopId: shop.id })!;
  return json({
    settings,
    signupUrl: new URL(`/s/${encodeURIComponent(settings.slug)}/subscribe`, env.PUBLIC_URL).href,
    isOwner: user.role === "owner",
    graceDays: LINK_KEY_GRACE_DAYS,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, shop } = await requireUser(request);
  if (user.role !== "owner") throw new Response("Only an owner can change this.", { status: 403 });
  const form = await request.formData();
  if (form.get("intent") === "brand") {
    const brandColor = String(form.get("brandColor") ?? "");
    if (!/^#[0-9a-f]{6}$/i.test(brandColor)) return json({ message: "Choose a colour." }, { status: 400 });
    setBrandColor({ shopId: shop.id, brandColor });
    return json({ message: "Colour saved. New drafts and your recipient pages use it." });
  }
  if (form.get("intent") === "unknown-age") {
    const allow = form.get("allow") === "yes";
    setUnknownAgeSensitive({ shopId: shop.id, userId: user.id, allow });
    return json({
      message: allow
        ? "Sensitive campaigns may now reach customers whose age you do not know."
        : "Sensitive campaigns leave out customers whose age you do not know.",
    });
  }
  if (form.get("intent") !== "rotate" || form.get("confirm") !== "yes") {
    return json({ message: "Tick the box to confirm." }, { status: 400 });
  }
  rotateLinkKeys({ shopId: shop.id, userId: user.id });
  return json({
    message: `New link key in use. Links in earlier emails keep working for ${LINK_KEY_GRACE_DAYS} days.`,
  });
}

export default function Settings() {
  const { settings, signupUrl, isOwner, graceDays } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <div className="page-head">
        <h1>Settings</h1>
      </div>
      {result?.message ? (
        <p className="notice" role="status">
          {result.message}
        </p>
      ) : null}
      <section className="card" aria-labelledby="rules">
        <h2 id="rules">Rules every campaign follows</h2>
        <dl className="headers">
          <dt>Frequency cap</dt>
          <dd>
            At most {settings.capCount} emails per customer in {settings.capWindowDays} days, and at least{" "}
            {settings.minGapHours} hours apart
          </dd>
          <dt>Quiet hours</dt>
          <dd>
            {settings.quietStartHour === settings.quietEndHour
              ? "None"
              : `No email arrives between ${settings.quietStartHour}:00 and ${settings.quietEndHour}:00 in the recipient's own time zone; it waits until then`}
          </dd>
          <dt>Minimum age</dt>
          <dd>{settings.minorAge}: younger customers are never emailed</dd>
          <dt>Sensitive products</dt>
          <dd>
            Campaigns featuring them (see <Link to="/app/products">Products</Link>) never reach customers
            under {settings.minorAge} or flagged as needing care
            {settings.allowUnknownAgeSensitive
              ? ". You allow them to reach customers whose age you do not know."
              : ", nor customers whose age you do not know."}
            {isOwner ? (
              <Form method="post" className="form">
                <CsrfInput />
                <input type="hidden" name="intent" value="unknown-age" />
                <input type="hidden" name="allow" value={settings.allowUnknownAgeSensitive ? "no" : "yes"} />
                <div>
                  <button className="btn btn-small" type="submit">
                    {settings.allowUnknownAgeSensitive
                      ? "Leave out customers of unknown age"
                      : "Allow customers of unknown age"}
                  </button>
                </div>
              </Form>
            ) : null}
          </dd>
          <dt>Stale data</dt>
          <dd>
            Customers with no order or consent change in {settings.staleMonths} months are left out (change it
            on the <Link to="/app/data">Data</Link> page)
          </dd>
          <dt>Sender</dt>
          <dd>
            {settings.name} &lt;{settings.fromEmail}&gt;
          </dd>
          <dt>Postal address</dt>
          <dd>{settings.postalAddress}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="signup">
        <h2 id="signup">Signup form</h2>
        <p>
          Link to it from your website, receipts or a QR code in the shop. People who sign up there give
          consent themselves; it is recorded with the source &ldquo;signup form&rdquo;.
        </p>
        <div className="field">
          <label htmlFor="signupUrl">Your signup form&rsquo;s address</label>
          <input id="signupUrl" type="url" readOnly value={signupUrl} />
        </div>
        <p>
          <a href={signupUrl} target="_blank" rel="noreferrer">
            Open the signup form
          </a>
        </p>
      </section>
      <section className="card" aria-labelledby="brand">
        <h2 id="brand">Your colour</h2>
        <p>Used in your emails and on the pages your customers reach from them.</p>
        {isOwner ? (
          <Form method="post" className="form">
            <CsrfInput />
            <input type="hidden" name="intent" value="brand" />
            <div className="field">
              <label htmlFor="brandColor">Brand colour</label>
              <input id="brandColor" name="brandColor" type="color" defaultValue={settings.brandColor} />
            </div>
            <div>
              <button className="btn" type="submit">
                Save colour
              </button>
            </div>
          </Form>
        ) : null}
      </section>
      <section className="card" aria-labelledby="keys">
        <h2 id="keys">Recipient link key</h2>
        <p>
          Links in your emails (unsubscribe, preferences, “why did I get this?”) are signed with a key only
          this shop has. Replace it if you think it has leaked.
          {settings.previousTokenSecretUntil
            ? ` Links signed with the previous key work until ${formatDate(settings.previousTokenSecretUntil)}.`
            : ""}
        </p>
        {isOwner ? (
          <Form method="post" className="form">
            <CsrfInput />
            <input type="hidden" name="intent" value="rotate" />
            <label className="checkbox">
              <input type="checkbox" name="confirm" value="yes" required />
              <span>Replace the key. Older links keep working for {graceDays} days.</span>
            </label>
            <div>
              <button className="btn" type="submit">
                Replace the link key
              </button>
            </div>
          </Form>
        ) : (
          <p className="notice warn">Only the shop&rsquo;s owner can replace the key.</p>
        )}
      </section>
    </>
  );
}
