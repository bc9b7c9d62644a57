import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { BirthdateForm } from "~/components/customer/birthdate-form";
import { CareCard } from "~/components/customer/care-card";
import { ConsentCard } from "~/components/customer/consent-card";
import { formatDate } from "~/components/dates";
import { SuppressionCard } from "~/components/customer/suppression-card";
import {
  clearCare,
  correctBirthdate,
  customerDetail,
  flagForCare,
  liftCustomerSuppression,
  recordOwnerConsent,
} from "~/models/customer.server";
import { requireUser } from "~/session.server";
import { personName } from "~/utils/person-name";
import { moneyFormat } from "../../templates/money";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { CARE_REASONS } from "../../db/schema";
import { ageOn } from "../../jobs/policy/eligibility";

export const meta: MetaFunction = () => [{ title: "Customer · Tactful" }];

const notFound = () => new Response("Not found", { status: 404 });

function customerRef(params: LoaderFunctionArgs["params"]) {
  const customerId = Number(params.customerId);
  if (!Number.isInteger(customerId) || customerId <= 0) throw notFound();
  return customerId;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, shop } = await requireUser(request);
  const detail = customerDetail({ shopId: shop.id, customerId: customerRef(params) });
  if (!detail) throw notFound();
  return json({
    ...detail,
    isOwner: user.role === "owner",
    shopMoney: { currency: shop.currency, locale: shop.locale },
  });
}

const CareSchema = z.object({
  reason: z.enum(CARE_REASONS, { error: "Choose why this customer needs care." }),
  note: z.string().trim().max(1000, "Keep the note under 1,000 characters."),
});
const ClearSchema = z.object({ confirm: z.literal("yes", { error: "Tick the box to confirm." }) });
const ConsentSchema = z
  .object({
    consent: z.enum(["granted", "withdrawn"], { error: "Choose whether consent was given or withdrawn." }),
    consentReason: z
      .string()
      .trim()
      .min(3, "Say in a few words how you know, e.g. “asked in shop”.")
      .max(200, "Keep the reason under 200 characters."),
    proof: z.string().optional(),
  })
  .refine((f) => f.consent === "withdrawn" || f.proof === "yes", {
    path: ["proof"],
    error: "Confirm that you can show the customer's consent.",
  });

const BirthdateSchema = z.object({
  birthdate: z.string().refine((v) => {
    const age = ageOn(v, new Date());
    return age !== null && age >= 0 && age < 130;
  }, "Enter the date of birth as shown on their ID."),
  birthdateReason: z
    .string()
    .trim()
    .min(3, "Say in a few words how you know, e.g. “saw their passport”.")
    .max(200, "Keep the reason under 200 characters."),
});

type ActionResult = { intent: string; errors: FieldErrors; message: string | null };
const done = (intent: string, message: string) => json<ActionResult>({ intent, errors: {}, message });
const invalid = (intent: string, errors: FieldErrors) =>
  json<ActionResult>({ intent, errors, message: null }, { status: 400 });
const ownersOnly = () => new Response("Only an owner can do this.", { status: 403 });

/**
 * Anyone on the team may do what protects a customer (flag for care, record a
 * withdrawal, a birthdate that makes them younger); lifting a protection
 * (clearing the flag, recording consent, making a minor older, lifting a
 * suppression the system made) is the owner's decision.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, shop } = await requireUser(request);
  const ref = { shopId: shop.id, customerId: customerRef(params), userId: user.id };
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (intent === "care") {
    const parsed = parseForm(CareSchema, form);
    if (!parsed.ok) return invalid(intent, parsed.errors);
    if (!flagForCare({ ...ref, ...parsed.data })) throw notFound();
    return done(intent, "Saved. This customer is left out of every campaign from now on.");
  }
  if (intent === "clear-care") {
    if (user.role !== "owner") throw ownersOnly();
    const parsed = parseForm(ClearSchema, form);
    if (!parsed.ok) return invalid(intent, parsed.errors);
    if (!clearCare(ref)) throw notFound();
    return done(intent, "Care flag cleared. The usual rules apply to this customer again.");
  }
  if (intent === "consent") {
    const parsed = parseForm(ConsentSchema, form);
    if (!parsed.ok) return invalid(intent, parsed.errors);
    const consent = parsed.data.consent === "granted";
    if (consent && user.role !== "owner") throw ownersOnly();
    if (!recordOwnerConsent({ ...ref, consent, reason: parsed.data.consentReason })) throw notFound();
    return done(intent, consent ? "Consent recorded." : "Withdrawal recorded. No more marketing email.");
  }
  if (intent === "birthdate") {
    const parsed = parseForm(BirthdateSchema, form);
    if (!parsed.ok) return invalid(intent, parsed.errors);
    const outcome = correctBirthdate({
      ...ref,
      birthdate: parsed.data.birthdate,
      reason: parsed.data.birthdateReason,
      isOwner: user.role === "owner",
    });
    if (outcome === "not_found") throw notFound();
    if (outcome === "owner_only") throw ownersOnly();
    return done(intent, "Birthdate saved.");
  }
  if (intent === "lift-suppression") {
    if (user.role !== "owner") throw ownersOnly();
    const parsed = parseForm(ClearSchema, form);
    if (!parsed.ok) return invalid(intent, parsed.errors);
    const lifted = liftCustomerSuppression(ref);
    if (lifted === undefined) throw notFound();
    if (!lifted) return invalid(intent, { form: "Only a bounce or a complaint can be lifted here." });
    return done(intent, "Suppression lifted. Campaigns can include this customer again.");
  }
  return invalid(intent, { form: "Unknown action." });
}

export default function CustomerPage() {
  const {
    customer,
    orders,
    prediction,
    objection,
    consentHistory,
    suppression,
    isOwner,
    staleMonths,
    shopMoney,
  } = useLoaderData<typeof loader>();
  const money = moneyFormat(shopMoney);
  const result = useActionData<typeof action>();
  const name = personName(customer) || customer.email;
  return (
    <>
      <p>
        <Link to="/app/customers">← Customers</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>
            <bdi>{name}</bdi>
          </h1>
          <p className="lede">{customer.email}</p>
        </div>
      </div>
      <div className="grid">
        <section className="card" aria-labelledby="profile">
          <h2 id="profile">Profile</h2>
          <dl className="headers">
            <dt>Age</dt>
            <dd>{customer.age}</dd>
            <dt>Country</dt>
            <dd>{customer.country ?? "—"}</dd>
            <dt>Time zone</dt>
            <dd>{customer.timezone ?? "the shop's"}</dd>
            <dt>Customer since</dt>
            <dd>{formatDate(customer.createdAt)}</dd>
            <dt>Email frequency</dt>
            <dd>
              {customer.emailFrequency === "as_sent"
                ? "As the shop sends"
                : `At most ${customer.emailFrequency === "weekly" ? "weekly" : "monthly"}`}
            </dd>
            <dt>Data</dt>
            <dd>
              {customer.stale
                ? `Stale: no order or consent change in ${staleMonths} months, so left out of personalized campaigns`
                : "Recent enough to personalize from"}
            </dd>
          </dl>
          <BirthdateForm isOwner={isOwner} result={result?.intent === "birthdate" ? result : null} />
        </section>
        <section className="card" aria-labelledby="prediction">
          <h2 id="prediction">What the model expects</h2>
          {prediction ? (
            <dl className="headers">
              <dt>Still a customer</dt>
              <dd>{Math.round(prediction.pAlive * 100)}% likely</dd>
              <dt>Expected orders</dt>
              <dd>
                {prediction.expected30.toFixed(1)} in the next 30 days, {prediction.expected90.toFixed(1)} in
                90
              </dd>
              <dt>Expected spend</dt>
              <dd>{money(prediction.clv12 * 100)} over 12 months</dd>
              <dt>Model fitted</dt>
              <dd>{formatDate(prediction.fittedAt)}</dd>
            </dl>
          ) : objection ? (
            <p className="empty">
              None: this customer {objection.how === "unsubscribed" ? "unsubscribed" : "withdrew consent"} on{" "}
              {formatDate(objection.since)}, which is an objection to being profiled for marketing, so the
              model makes no predictions about them.
            </p>
          ) : (
            <p className="empty">
              No prediction yet. <Link to="/app/model">Fit the customer model</Link> to see one.
            </p>
          )}
        </section>
      </div>
      <section className="card" aria-labelledby="orders">
        <h2 id="orders">Orders</h2>
        {orders.count === 0 ? (
          <p className="empty">No orders yet.</p>
        ) : (
          <>
            <p>
              {orders.count} {orders.count === 1 ? "order" : "orders"}, {money(orders.totalCents)} in all,
              from {formatDate(orders.firstAt)} to {formatDate(orders.lastAt)}.
            </p>
            <div className="table-wrap">
              <table className="list">
                <caption className="visually-hidden">Latest orders</caption>
                <thead>
                  <tr>
                    <th scope="col">Order</th>
                    <th scope="col">Date</th>
                    <th scope="col" className="num">
                      Total
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {orders.recent.map((o) => (
                    <tr key={o.id}>
                      <td>{o.number}</td>
                      <td>{formatDate(o.orderedAt)}</td>
                      <td className="num">{money(o.totalCents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
      <CareCard
        customer={customer}
        isOwner={isOwner}
        result={result?.intent.includes("care") ? result : null}
      />
      <ConsentCard
        customer={customer}
        history={consentHistory}
        isOwner={isOwner}
        result={result?.intent === "consent" ? result : null}
      />
      <SuppressionCard
        suppression={suppression}
        isOwner={isOwner}
        result={result?.intent === "lift-suppression" ? result : null}
      />
    </>
  );
}
