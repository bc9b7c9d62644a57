import { Form } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import type { FieldErrors } from "~/utils/forms";

type Result = { intent: string; errors: FieldErrors; message: string | null };

/**
 * A correction of the customer's birthdate, folded away under the profile.
 * Anyone on the team may record one that makes them younger; making a minor
 * older is for owners, as imports may not do it either.
 */
export function BirthdateForm(props: { isOwner: boolean; result: Result | null }) {
  const errors = props.result?.errors ?? {};
  const failed = Object.keys(errors).length > 0;
  return (
    <details open={failed || undefined}>
      <summary>Correct their birthdate</summary>
      {props.result?.message ? (
        <p className="notice" role="status">
          {props.result.message}
        </p>
      ) : null}
      <Form method="post" className="form">
        <CsrfInput />
        <input type="hidden" name="intent" value="birthdate" />
        <Field name="birthdate" label="Date of birth" error={errors.birthdate}>
          {(aria) => <input {...aria} type="date" required />}
        </Field>
        <Field
          name="birthdateReason"
          label="How do you know?"
          hint={
            props.isOwner
              ? "A few words, e.g. “saw their passport”. The audit log keeps your reason and their age, not the date."
              : "A few words, e.g. “saw their passport”. Only an owner can make someone under age older."
          }
          error={errors.birthdateReason}
        >
          {(aria) => <input {...aria} type="text" maxLength={200} required />}
        </Field>
        <div>
          <button className="btn" type="submit">
            Save birthdate
          </button>
        </div>
      </Form>
    </details>
  );
}
