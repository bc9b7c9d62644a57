import { Form } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import type { FieldErrors } from "~/utils/forms";

type Values = { webAddress: string; currency: string; locale: string };

/**
 * The owner's form for the shop's website, currency and locale; staff see the
 * values. What the owner typed comes back after an error.
 */
export function ShopDetailsForm(props: { values: Values; errors: FieldErrors; editable: boolean }) {
  const { values, errors } = props;
  if (!props.editable)
    return (
      <dl className="headers">
        <dt>Website</dt>
        <dd>{values.webAddress || "Not given: emails carry no links to your shop"}</dd>
        <dt>Currency</dt>
        <dd>{values.currency || "Not set (GBP)"}</dd>
        <dt>Language and region</dt>
        <dd>{values.locale || "Not set (en-GB)"}</dd>
      </dl>
    );
  return (
    <Form method="post" className="form" noValidate>
      <CsrfInput />
      <input type="hidden" name="intent" value="shop" />
      <Field
        name="webAddress"
        label="Website address"
        hint="Starting with https://. Leave it empty and emails carry no links to your shop."
        error={errors.webAddress}
      >
        {(aria) => (
          <input
            {...aria}
            type="url"
            inputMode="url"
            placeholder="https://"
            defaultValue={values.webAddress}
          />
        )}
      </Field>
      <Field
        name="currency"
        label="Currency"
        hint="Three letters, such as GBP, EUR or USD. Leave it empty to take it from your orders (GBP until then)."
        error={errors.currency}
      >
        {(aria) => (
          <input
            {...aria}
            type="text"
            autoCapitalize="characters"
            maxLength={3}
            placeholder="GBP"
            defaultValue={values.currency}
          />
        )}
      </Field>
      <Field
        name="locale"
        label="Language and region for prices"
        hint="Such as en-GB, en-US or de-DE. Empty means en-GB."
        error={errors.locale}
      >
        {(aria) => <input {...aria} type="text" placeholder="en-GB" defaultValue={values.locale} />}
      </Field>
      <div>
        <button className="btn" type="submit">
          Save website and prices
        </button>
      </div>
    </Form>
  );
}
