import { Form, useNavigation } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import type { FieldErrors } from "~/utils/forms";
import { RULE_LIMITS, type ShopRulesInput } from "~/utils/shop-rules";

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const clock = (hour: number) => `${String(hour).padStart(2, "0")}:00`;

function HourSelect(props: { name: string; label: string; value: string | number; error?: string }) {
  return (
    <Field name={props.name} label={props.label} error={props.error}>
      {(aria) => (
        <select {...aria} defaultValue={props.value}>
          {HOURS.map((h) => (
            <option key={h} value={h}>
              {clock(h)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function NumberField(props: {
  name: keyof typeof RULE_LIMITS;
  label: string;
  hint: string;
  value: string | number;
  error?: string;
}) {
  const { min, max } = RULE_LIMITS[props.name];
  return (
    <Field name={props.name} label={props.label} hint={props.hint} error={props.error}>
      {(aria) => (
        <input {...aria} type="number" inputMode="numeric" min={min} max={max} defaultValue={props.value} />
      )}
    </Field>
  );
}

const CAP_FIELDS = [
  { name: "capCount", label: "Emails at most", hint: "Per customer, all campaigns together" },
  { name: "capWindowDays", label: "Within days", hint: "A rolling window" },
  { name: "minGapHours", label: "Hours apart, at least", hint: "0 for no minimum gap" },
] as const;

/**
 * The owner's form for the rules every campaign follows and the sender
 * details every email carries. Values the owner typed come back after an
 * error, so nothing is retyped.
 */
export function RulesForm(props: { values: ShopRulesInput; errors: FieldErrors }) {
  const { values, errors } = props;
  const busy = useNavigation().formData?.get("intent") === "rules";
  return (
    <Form method="post" className="form" noValidate aria-describedby="rules-hint">
      <CsrfInput />
      <input type="hidden" name="intent" value="rules" />
      <p className="hint" id="rules-hint">
        Changes apply to every campaign from now on, including approved ones: each email is checked against
        these rules again at the moment it is sent.
      </p>
      <fieldset className="rule-pair">
        <legend>Frequency cap</legend>
        {CAP_FIELDS.map((field) => (
          <NumberField key={field.name} {...field} value={values[field.name]} error={errors[field.name]} />
        ))}
      </fieldset>
      <fieldset className="rule-pair">
        <legend>Quiet hours, in each customer&rsquo;s own time zone</legend>
        <HourSelect
          name="quietStartHour"
          label="From"
          value={values.quietStartHour}
          error={errors.quietStartHour}
        />
        <HourSelect
          name="quietEndHour"
          label="Until"
          value={values.quietEndHour}
          error={errors.quietEndHour}
        />
        <p className="hint">
          The same hour twice means no quiet hours. An email due in them waits until they end.
        </p>
      </fieldset>
      <NumberField
        name="minorAge"
        label="Minimum age"
        hint="Customers younger than this are never emailed; 18 in most places"
        value={values.minorAge}
        error={errors.minorAge}
      />
      <Field
        name="name"
        label="Sender name"
        hint="Your shop's name, as customers know it"
        error={errors.name}
      >
        {(aria) => <input {...aria} type="text" autoComplete="organization" defaultValue={values.name} />}
      </Field>
      <Field
        name="fromEmail"
        label="Sender address"
        hint="On a domain you control, set up with your mail provider (SPF, DKIM, DMARC)"
        error={errors.fromEmail}
      >
        {(aria) => <input {...aria} type="email" autoComplete="email" defaultValue={values.fromEmail} />}
      </Field>
      <Field
        name="postalAddress"
        label="Postal address"
        hint="Printed at the foot of every email, as the law requires"
        error={errors.postalAddress}
      >
        {(aria) => (
          <input {...aria} type="text" autoComplete="street-address" defaultValue={values.postalAddress} />
        )}
      </Field>
      <div>
        <button className="btn" type="submit" disabled={busy}>
          {busy ? "Saving…" : "Save rules"}
        </button>
      </div>
    </Form>
  );
}
