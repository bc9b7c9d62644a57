import { Form } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input";
import { consentSourceLabel } from "~/components/customer-labels";
import { useShopDateTime } from "~/components/use-shop-time";
import { Field } from "~/components/field";
import type { FieldErrors } from "~/utils/forms";

type Result = { intent: string; errors: FieldErrors; message: string | null };

/**
 * Current consent, a form to record a change the customer made outside
 * Tactful, and the full history, newest first. Staff may record a
 * withdrawal; only owners may record consent, with proof.
 */
export function ConsentCard(props: {
  customer: { marketingConsent: boolean; consentSource: string | null; consentAt: string | null };
  history: { id: number; consent: boolean; source: string; at: string }[];
  isOwner: boolean;
  result: Result | null;
}) {
  const { customer, result } = props;
  const formatDateTime = useShopDateTime();
  const errors = result?.errors ?? {};
  const next = customer.marketingConsent ? "withdrawn" : "granted";
  const mayRecord = next === "withdrawn" || props.isOwner;
  return (
    <section className="card" aria-labelledby="consent">
      <h2 id="consent">Marketing consent</h2>
      <p>
        {customer.marketingConsent ? "Agreed to marketing email" : "Has not agreed to marketing email"}
        {customer.consentAt
          ? ` (${consentSourceLabel(customer.consentSource)}, ${formatDateTime(customer.consentAt)})`
          : ""}
        .
      </p>
      {result?.message ? (
        <p className="notice" role="status">
          {result.message}
        </p>
      ) : null}
      {mayRecord ? (
        // Keyed by the change it records, so a recorded change leaves an empty form for the next.
        <Form method="post" className="form" key={next}>
          <CsrfInput />
          <input type="hidden" name="intent" value="consent" />
          <input type="hidden" name="consent" value={next} />
          <h3>
            {next === "granted" ? "Record that they gave consent" : "Record that they withdrew consent"}
          </h3>
          {next === "granted" ? (
            <p className="notice warn" id="proof-warning">
              Only record consent the customer gave you themselves, clearly and for marketing email. You must
              be able to show proof of it (a signed form, an email from them) if they or a regulator ask.
            </p>
          ) : null}
          <Field
            name="consentReason"
            label="How do you know?"
            hint="A few words, e.g. “asked in shop” or “replied to our email”."
            error={errors.consentReason}
          >
            {(aria) => <input {...aria} type="text" maxLength={200} required />}
          </Field>
          {next === "granted" ? (
            <>
              <label className="checkbox">
                <input
                  type="checkbox"
                  name="proof"
                  value="yes"
                  required
                  aria-describedby={errors.proof ? "proof-warning proof-error" : "proof-warning"}
                />
                <span>I can show proof of this customer&rsquo;s consent.</span>
              </label>
              {errors.proof ? (
                <p className="field-error" id="proof-error">
                  {errors.proof}
                </p>
              ) : null}
            </>
          ) : null}
          <div>
            <button className="btn" type="submit">
              {next === "granted" ? "Record consent" : "Record withdrawal"}
            </button>
          </div>
        </Form>
      ) : (
        <p className="muted">Only the shop&rsquo;s owner can record that a customer gave consent.</p>
      )}
      <h3 className="history-title">History</h3>
      {props.history.length === 0 ? (
        <p className="empty">No consent changes recorded.</p>
      ) : (
        <div className="table-wrap">
          <table className="list">
            <caption className="visually-hidden">Consent history, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Change</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {props.history.map((e) => (
                <tr key={e.id}>
                  <td>{formatDateTime(e.at)}</td>
                  <td>{e.consent ? "Gave consent" : "Withdrew consent"}</td>
                  <td>{consentSourceLabel(e.source)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
