import { Form } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input";
import { CARE_REASON_LABELS } from "~/components/customer-labels";
import { Field } from "~/components/field";
import type { FieldErrors } from "~/utils/forms";
import type { CareReason } from "../../../db/schema";
import { ConfirmLift } from "./confirm-lift";

type Result = { intent: string; errors: FieldErrors; message: string | null };

/** The care flag: set or change it (anyone), clear it after a confirmation (owners). */
export function CareCard(props: {
  customer: { needsCare: boolean; careReason: CareReason | null; careNote: string | null };
  isOwner: boolean;
  result: Result | null;
}) {
  const { customer, result } = props;
  const errors = result?.errors ?? {};
  return (
    <section className="card" aria-labelledby="care">
      <h2 id="care">Care</h2>
      {customer.needsCare ? (
        <p className="notice warn">
          Flagged as needing care
          {customer.careReason ? ` (${CARE_REASON_LABELS[customer.careReason].toLowerCase()})` : ""}: left out
          of every campaign.
        </p>
      ) : (
        <p>
          Flag a customer who should not get marketing email for now, for example during financial hardship or
          after a bereavement, or because they asked.
        </p>
      )}
      {result?.message ? (
        <p className="notice" role="status">
          {result.message}
        </p>
      ) : null}
      <Form method="post" className="form">
        <CsrfInput />
        <input type="hidden" name="intent" value="care" />
        <Field name="reason" label="Reason" error={errors.reason}>
          {(aria) => (
            <select {...aria} defaultValue={customer.careReason ?? ""} required>
              <option value="" disabled>
                Choose a reason
              </option>
              {Object.entries(CARE_REASON_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          name="note"
          label="Note (optional)"
          hint="For your team: never used for targeting, never copied into the audit log. The customer's data page shows that extra care applies to them, not the reason or this note. If they make a formal access request for their data, you may have to give them the note too."
          error={errors.note}
        >
          {(aria) => (
            <textarea
              {...aria}
              className="note"
              rows={3}
              maxLength={1000}
              defaultValue={customer.careNote ?? ""}
            />
          )}
        </Field>
        <div>
          <button className="btn btn-primary" type="submit">
            {customer.needsCare ? "Save changes" : "Flag as needing care"}
          </button>
        </div>
      </Form>
      {customer.needsCare && props.isOwner ? (
        <ConfirmLift
          intent="clear-care"
          summary="Clear the care flag…"
          confirmation="Clear the flag and its note. This customer can be emailed again."
          button="Clear the flag"
          error={errors.confirm}
        />
      ) : null}
    </section>
  );
}
