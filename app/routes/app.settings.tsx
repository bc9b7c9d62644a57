import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { formatDate } from "~/components/dates";
import { Field } from "~/components/field";
import { RulesForm } from "~/components/settings/rules-form";
import { ShopDetailsForm } from "~/components/settings/shop-details-form";
import {
  LINK_KEY_GRACE_DAYS,
  rotateLinkKeys,
  setBrandColor,
  setClickTracking,
  setSendingSettings,
  setShopDetails,
  setUnknownAgeSensitive,
  shopSettings,
  updateShopRules,
} from "~/models/shop.server";
import { env } from "~/env.server";
import { requireUser } from "~/session.server";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { ShopDetailsSchema } from "~/utils/shop-details";
import { ShopRulesSchema, type ShopRulesInput } from "~/utils/shop-rules";
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
  const settings = shopSettings({ shopId: shop.id })!;
  return json({
    settings,
    signupUrl: new URL(`/s/${encodeURIComponent(settings.slug)}/subscribe`, env.PUBLIC_URL).href,
    isOwner: user.role === "owner",
    graceDays: LINK_KEY_GRACE_DAYS,
    defaultSendRate: env.SEND_RATE_PER_MINUTE,
    timeZones: Intl.supportedValuesOf("timeZone"),
  });
}

type Intent = "rules" | "shop" | "sending" | "tracking" | "brand" | "rotate";

/** A reply shown in the card of the form that was sent. */
const reply = (intent: Intent, message: string, status = 200) =>
  json({ intent, message, errors: {} as FieldErrors, values: null }, { status });

export async function action({ request }: ActionFunctionArgs) {
  const { user, shop } = await requireUser(request);
  if (user.role !== "owner") throw new Response("Only an owner can change this.", { status: 403 });
  const form = await request.formData();
  if (form.get("intent") === "rules") {
    const parsed = parseForm(ShopRulesSchema, form);
    if (!parsed.ok) {
      const values = Object.fromEntries(
        Object.keys(ShopRulesSchema.shape).map((k) => [k, String(form.get(k) ?? "")]),
      );
      return json(
        { intent: "rules" as Intent, message: null, errors: parsed.errors, values },
        { status: 400 },
      );
    }
    const changed = updateShopRules({ shopId: shop.id, userId: user.id, rules: parsed.data });
    return json({
      intent: "rules",
      errors: {},
      values: null,
      message:
        changed.length === 0
          ? "Nothing changed."
          : "Rules saved. Every email is checked against them as it is sent.",
    });
  }
  if (form.get("intent") === "shop") {
    const parsed = parseForm(ShopDetailsSchema, form);
    if (!parsed.ok) {
      const values = Object.fromEntries(
        Object.keys(ShopDetailsSchema.shape).map((k) => [k, String(form.get(k) ?? "")]),
      );
      return json(
        { intent: "shop" as Intent, message: null, errors: parsed.errors, values },
        { status: 400 },
      );
    }
    setShopDetails({ shopId: shop.id, userId: user.id, ...parsed.data });
    return reply(
      "shop",
      parsed.data.webAddress
        ? "Saved. New drafts link to your shop and show prices this way."
        : "Saved. New drafts show prices this way and carry no links to your shop.",
    );
  }
  if (form.get("intent") === "tracking") {
    const on = form.get("clickTracking") === "on";
    setClickTracking({ shopId: shop.id, userId: user.id, on });
    return reply(
      "tracking",
      on
        ? "Click tracking is on for emails sent from now on."
        : "Click tracking is off. Links in emails already sent still work; clicks are no longer recorded.",
    );
  }
  if (form.get("intent") === "sending") {
    const parsed = parseForm(sending, form);
    if (!parsed.ok)
      return json(
        { intent: "sending" as Intent, message: null, errors: parsed.errors, values: null },
        { status: 400 },
      );
    setSendingSettings({ shopId: shop.id, userId: user.id, ...parsed.data });
    return reply("sending", "Sending settings saved.");
  }
  if (form.get("intent") === "brand") {
    const brandColor = String(form.get("brandColor") ?? "");
    if (!/^#[0-9a-f]{6}$/i.test(brandColor)) return reply("brand", "Choose a colour.", 400);
    setBrandColor({ shopId: shop.id, brandColor });
    return reply("brand", "Colour saved. New drafts and your recipient pages use it.");
  }
  if (form.get("intent") === "unknown-age") {
    const allow = form.get("allow") === "yes";
    // Letting people of unknown age see adult-only products loosens a protection: confirmed.
    if (allow && form.get("confirm") !== "yes") {
      return reply("rules", "Tick the box to confirm before letting in customers of unknown age.", 400);
    }
    setUnknownAgeSensitive({ shopId: shop.id, userId: user.id, allow });
    return reply(
      "rules",
      allow
        ? "Sensitive campaigns may now reach customers whose age you do not know."
        : "Sensitive campaigns leave out customers whose age you do not know.",
    );
  }
  if (form.get("intent") !== "rotate" || form.get("confirm") !== "yes") {
    return reply("rotate", "Tick the box to confirm.", 400);
  }
  rotateLinkKeys({ shopId: shop.id, userId: user.id });
  return reply(
    "rotate",
    `New link key in use. Links in earlier emails keep working for ${LINK_KEY_GRACE_DAYS} days.`,
  );
}

function Notice({ shown }: { shown: string | null | undefined }) {
  return shown ? (
    <p className="notice" role="status">
      {shown}
    </p>
  ) : null;
}

export default function Settings() {
  const { settings, signupUrl, isOwner, graceDays, defaultSendRate, timeZones } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const noticeFor = (intent: Intent) => (result?.intent === intent ? result.message : null);
  const rulesErrors: FieldErrors = result?.intent === "rules" ? result.errors : {};
  const sendingErrors: FieldErrors = result?.intent === "sending" ? result.errors : {};
  const shopErrors: FieldErrors = result?.intent === "shop" ? result.errors : {};
  const shopValues =
    result?.intent === "shop" && result.values ? (result.values as Record<string, string>) : null;
  const rulesValues: ShopRulesInput = (result?.values as ShopRulesInput | null | undefined) ?? settings;
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
                {settings.allowUnknownAgeSensitive ? null : (
                  <label className="checkbox">
                    <input type="checkbox" name="confirm" value="yes" required />
                    <span>
                      I understand that some customers whose age I do not know may be under{" "}
                      {settings.minorAge}.
                    </span>
                  </label>
                )}
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
        <Notice shown={noticeFor("rules")} />
        {isOwner ? (
          <details className="edit-rules" open={Object.keys(rulesErrors).length > 0}>
            <summary>Change these rules</summary>
            <RulesForm values={rulesValues} errors={rulesErrors} />
          </details>
        ) : (
          <p className="notice warn">Only the shop&rsquo;s owner can change these rules.</p>
        )}
      </section>
      <section className="card" aria-labelledby="shop">
        <h2 id="shop">Your website and prices</h2>
        <p>
          With your website&rsquo;s address, each email links its products to their pages and has a button to
          your shop. Prices in emails and on these pages are shown in your currency.
        </p>
        <Notice shown={noticeFor("shop")} />
        <ShopDetailsForm
          values={{
            webAddress: shopValues?.webAddress ?? settings.webAddress ?? "",
            currency: shopValues?.currency ?? settings.currency ?? "",
            locale: shopValues?.locale ?? settings.locale ?? "",
          }}
          errors={shopErrors}
          editable={isOwner}
        />
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
      <section className="card" aria-labelledby="sending">
        <h2 id="sending">Sending</h2>
        <Notice shown={noticeFor("sending")} />
        {isOwner ? (
          <Form method="post" className="form" noValidate>
            <CsrfInput />
            <input type="hidden" name="intent" value="sending" />
            <Field
              name="timezone"
              label="Shop time zone"
              hint="Scheduled campaigns go out at the time you pick in this zone."
              error={sendingErrors.timezone}
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
              error={sendingErrors.sendRatePerMinute}
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
        <Notice shown={noticeFor("brand")} />
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
      <section className="card" aria-labelledby="tracking">
        <h2 id="tracking">Click tracking</h2>
        <p>
          Off unless you turn it on. When it is on, the web addresses you write in a campaign pass through
          Tactful, so the campaign page can show which were followed; the links can only lead where your
          approved email says. Each email&rsquo;s &ldquo;why did I get this?&rdquo; page tells the recipient.
          Opening an email is never tracked.
        </p>
        <Notice shown={noticeFor("tracking")} />
        {isOwner ? (
          <Form method="post" className="form">
            <CsrfInput />
            <input type="hidden" name="intent" value="tracking" />
            <label className="checkbox">
              <input type="checkbox" name="clickTracking" defaultChecked={settings.clickTracking} />
              <span>Record which links in my emails are clicked</span>
            </label>
            <div>
              <button className="btn" type="submit">
                Save
              </button>
            </div>
          </Form>
        ) : (
          <p>{settings.clickTracking ? "Click tracking is on." : "Click tracking is off."}</p>
        )}
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
        <Notice shown={noticeFor("rotate")} />
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
