import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { CsrfInput } from "~/components/csrf-input";

/**
 * Lifting a protection from a customer (owners only): a folded form that
 * asks for a ticked confirmation first, and opens again on its error.
 */
export function ConfirmLift(props: {
  intent: string;
  summary: string;
  confirmation: ReactNode;
  button: string;
  error: string | undefined;
}) {
  const errorId = `${props.intent}-error`;
  return (
    <details className="care-clear" open={Boolean(props.error)}>
      <summary className="btn">{props.summary}</summary>
      <Form method="post" className="confirm-box">
        <CsrfInput />
        <input type="hidden" name="intent" value={props.intent} />
        <label className="checkbox">
          <input
            type="checkbox"
            name="confirm"
            value="yes"
            required
            aria-describedby={props.error ? errorId : undefined}
          />
          <span>{props.confirmation}</span>
        </label>
        {props.error ? (
          <p className="field-error" id={errorId}>
            {props.error}
          </p>
        ) : null}
        <button className="btn btn-danger" type="submit">
          {props.button}
        </button>
      </Form>
    </details>
  );
}
