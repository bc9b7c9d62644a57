import { Form } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input";
import { formatDate } from "~/components/dates";
import type { FieldErrors } from "~/utils/forms";
import type { SuppressionReason } from "../../../jobs/suppression";

type Result = { intent: string; errors: FieldErrors; message: string | null };

const WHY: Record<SuppressionReason, string> = {
  bounced: "the mail server refused this address",
  complained: "the customer marked an email as spam",
  unsubscribed: "the customer unsubscribed; only they can undo it",
  owner: "the shop stopped email to this address",
  erased: "the customer's data was erased",
};

/**
 * Why no campaign reaches this customer's address, and for a bounce or a
 * complaint the system recorded, a way for an owner to lift it after a
 * confirmation (the address may have been refused by mistake).
 */
export function SuppressionCard(props: {
  suppression: { reason: SuppressionReason; createdAt: string | Date; liftable: boolean } | null;
  isOwner: boolean;
  result: Result | null;
}) {
  const { suppression, result } = props;
  if (!suppression && !result?.message) return null;
  const errors = result?.errors ?? {};
  return (
    <section className="card" aria-labelledby="suppression">
      <h2 id="suppression">Suppression</h2>
      {result?.message ? (
        <p className="notice" role="status">
          {result.message}
        </p>
      ) : null}
      {suppression ? (
        <p className="notice warn">
          No marketing email since {formatDate(suppression.createdAt)}: {WHY[suppression.reason]}.
        </p>
      ) : null}
      {errors.form ? <p className="field-error">{errors.form}</p> : null}
      {suppression?.liftable && props.isOwner ? (
        <details className="care-clear" open={Boolean(errors.confirm)}>
          <summary className="btn">Lift the suppression…</summary>
          <Form method="post" className="confirm-box">
            <CsrfInput />
            <input type="hidden" name="intent" value="lift-suppression" />
            <label className="checkbox">
              <input
                type="checkbox"
                name="confirm"
                value="yes"
                required
                aria-describedby={errors.confirm ? "lift-error" : undefined}
              />
              <span>
                I have checked that the address works and the customer wants our email. Campaigns can include
                them again.
              </span>
            </label>
            {errors.confirm ? (
              <p className="field-error" id="lift-error">
                {errors.confirm}
              </p>
            ) : null}
            <button className="btn btn-danger" type="submit">
              Lift the suppression
            </button>
          </Form>
        </details>
      ) : null}
    </section>
  );
}
