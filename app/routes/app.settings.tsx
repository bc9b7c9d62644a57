import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { formatDate } from "~/components/dates";
import { Field } from "~/components/field";
import { env } from "~/env.server";
import {
  LINK_KEY_GRACE_DAYS,
  rotateLinkKeys,
  setBrandColor,
  setSendingSettings,
  shopSettings,
} from "~/models/shop.server";
import { requireUser } from "~/session.server";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { validTimeZone } from "../../jobs/policy/quiet-hours";

const sending = z.object({
  timezone: z
    .string()
    .refine((zone) => validTimeZone(zone, "") === zone, "Choose a time zone from the list."),
  sendRatePerMinute: z
    .string()
    .trim()
    .transform((value) => (value === "" ? null : Number(value)))
    .pipe(
      z
        .number({ error: "Enter a whole number of emails per minute, or leave it empty." })
        .int("Enter a whole number of emails per minute, or leave it empty.")
        .min(1, "At least 1 email a minute.")
        .max(1_000_000, "At most 1,000,000 emails a minute.")
        .nullable(),
    ),
});

export const meta: MetaFunction = () => [{ title: "Settings · Tactful" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, shop } = await requireUser(request);
  // The grace period comes from a .server module, which the browser bundle does not have.
  return json({
    settings: shopSettings({ shopId: shop.id })!,
    isOwner: user.role === "owner",
    graceDays: LINK_KEY_GRACE_DAYS,
    defaultSendRate: env.SEND_RATE_PER_MINUTE,
    timeZones: Intl.supportedValuesOf("timeZone"),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, shop } = await requireUser(request);
  if (user.role !== "owner") throw new Response("Only an owner can change this.", { status: 403 });
  const form = await request.formData();
  if (form.get("intent") === "sending") {
    const parsed = parseForm(sending, form);
    if (!parsed.ok)
      return json({ errors: parsed.errors, message: null, section: "sending" }, { status: 400 });
    setSendingSettings({ shopId: shop.id, userId: user.id, ...parsed.data });
    return json({ errors: {}, message: "Sending settings saved.", section: "sending" });
  }
  if (form.get("intent") === "brand") {
    const brandColor = String(form.get("brandColor") ?? "");
    if (!/^#[0-9a-f]{6}$/i.test(brandColor)) return json({ message: "Choose a colour." }, { status: 400 });
    setBrandColor({ shopId: shop.id, brandColor });
    return json({ message: "Colour saved. New drafts and your recipient pages use it." });
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
  const { settings, isOwner, graceDays, defaultSendRate, timeZones } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: FieldErrors = (result && "errors" in result ? result.errors : undefined) ?? {};
  const sendingResult = result && "section" in result ? result : undefined;
  return (
    <>
      <div className="page-head">
        <h1>Settings</h1>
      </div>
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
      <section className="card" aria-labelledby="sending">
        <h2 id="sending">Sending</h2>
        {sendingResult?.message ? (
          <p className="notice" role="status">
            {sendingResult.message}
          </p>
        ) : null}
        {isOwner ? (
          <Form method="post" className="form" noValidate>
            <CsrfInput />
            <input type="hidden" name="intent" value="sending" />
            <Field
              name="timezone"
              label="Shop time zone"
              hint="Scheduled campaigns go out at the time you pick in this zone."
              error={errors.timezone}
            >
              {(aria) => (
                <select {...aria} defaultValue={settings.timezone}>
                  {(timeZones.includes(settings.timezone)
                    ? timeZones
                    : [settings.timezone, ...timeZones]
                  ).map((zone) => (
                    <option key={zone} value={zone}>
                      {zone}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              name="sendRatePerMinute"
              label="Emails per minute"
              hint={`What your mail provider accepts. Leave empty for the default of ${defaultSendRate.toLocaleString("en-GB")} a minute.`}
              error={errors.sendRatePerMinute}
            >
              {(aria) => (
                <input
                  {...aria}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  step={1}
                  defaultValue={settings.sendRatePerMinute ?? ""}
                />
              )}
            </Field>
            <div>
              <button className="btn" type="submit">
                Save sending settings
              </button>
            </div>
          </Form>
        ) : (
          <dl className="headers">
            <dt>Shop time zone</dt>
            <dd>{settings.timezone}</dd>
            <dt>Emails per minute</dt>
            <dd>{(settings.sendRatePerMinute ?? defaultSendRate).toLocaleString("en-GB")}</dd>
          </dl>
        )}
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
        {result?.message && !sendingResult ? (
          <p className="notice" role="status">
            {result.message}
          </p>
        ) : null}
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
