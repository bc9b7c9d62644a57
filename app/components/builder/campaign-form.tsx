import { CsrfInput } from "~/components/csrf-input";
import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState, type RefObject } from "react";
import type { Audience } from "../../../jobs/audience/rules";
import type { SensitiveKind } from "../../../db/schema";
import { Field } from "../field";
import { SENSITIVE_KIND_LABELS } from "../sensitive-kinds";
import { AudienceBuilder, type BuilderOptions } from "./audience-builder";
import { AudienceCount } from "./audience-count";
import { KeptDraft } from "./kept-draft";
import { PersonalFields, type PersonalField } from "./personal-fields";
import { PreviewPanel, type LiveProblem } from "./preview-panel";
import { SendWindowFields, type SendWindowValues } from "./send-window-fields";
import { useDebounced } from "./use-debounced";
import { useUnsavedWarning } from "./use-unsaved-warning";

export type CampaignFormValues = {
  name: string;
  subject: string;
  subject2: string;
  subject3: string;
  preheader: string;
  body: string;
  audience: Audience | null;
  featuredCategoryId: string;
  audienceLimit: string;
} & SendWindowValues;

// Rules that did not validate are shown again as typed, so the owner can finish them.
function typedAudience(json: string | undefined): Audience | null {
  try {
    return json ? (JSON.parse(json) as Audience) : null;
  } catch {
    return null;
  }
}

/** What the form shows after a failed save: exactly what was typed, rules included. */
export function valuesAfterError(
  saved: CampaignFormValues,
  typed: Partial<Record<keyof CampaignFormValues, string>> | undefined,
): CampaignFormValues {
  if (!typed) return saved;
  return { ...saved, ...typed, audience: typedAudience(typed.audience) ?? null } as CampaignFormValues;
}

export function CampaignForm(props: {
  values: CampaignFormValues;
  errors: Partial<Record<string, string>>;
  options: Omit<BuilderOptions, "categories"> & {
    categories: { id: number; name: string; sensitive: boolean; sensitiveKind: SensitiveKind | null }[];
  };
  previewCustomers: { id: number; firstName: string | null; lastName: string | null; email: string }[];
  fields: PersonalField[];
  /** Names this shop's campaign (or a new one) for the copy of the text kept in the browser. */
  draftKey: string;
  quietHours: { startHour: number; endHour: number };
  submitLabel: string;
}) {
  const { values } = props;
  const busy = useNavigation().state !== "idle";
  const formRef = useRef<HTMLFormElement>(null);
  const [changes, setChanges] = useState(0);
  const changed = useDebounced(changes, 400);
  const [audience, setAudience] = useState(values.audience);
  const [categoryId, setCategoryId] = useState(values.featuredCategoryId);
  const [live, setLive] = useState<LiveProblem | null>(null);
  // A mistake the preview finds is shown beside its field as it is typed; a saved one takes its place.
  const errors =
    live && !props.errors[live.field] ? { ...props.errors, [live.field]: live.message } : props.errors;
  useUnsavedWarning(changes > 0 && !busy);
  useFocusFirstError(formRef, props.errors);

  return (
    <Form
      method="post"
      className="builder"
      noValidate
      ref={formRef}
      onChange={() => setChanges((n) => n + 1)}
    >
      <KeptDraft
        draftKey={props.draftKey}
        form={formRef}
        changes={changes}
        submitting={busy}
        onRestored={() => setChanges((n) => n + 1)}
      />
      <div className="card form builder-content">
        <CsrfInput />
        <Field
          name="name"
          label="Campaign name"
          hint="Only your team sees this. Customers see the subject line and, on their own pages, what kind of email it was."
          error={errors.name}
        >
          {(aria) => (
            <input
              {...aria}
              type="text"
              required
              autoFocus
              placeholder="Autumn single origins"
              defaultValue={values.name}
            />
          )}
        </Field>
        <Field name="subject" label="Subject line" error={errors.subject}>
          {(aria) => <input {...aria} type="text" required defaultValue={values.subject} />}
        </Field>
        <Field
          name="subject2"
          label="Second subject line (optional)"
          hint="With more than one, each customer gets one of them, always the same one."
          error={errors.subject2}
        >
          {(aria) => <input {...aria} type="text" defaultValue={values.subject2} />}
        </Field>
        <Field name="subject3" label="Third subject line (optional)" error={errors.subject3}>
          {(aria) => <input {...aria} type="text" defaultValue={values.subject3} />}
        </Field>
        <Field
          name="preheader"
          label="Preheader (optional)"
          hint="The line mail programs show after the subject. Empty: the customer's main reason."
          error={errors.preheader}
        >
          {(aria) => <input {...aria} type="text" defaultValue={values.preheader} />}
        </Field>
        <Field
          name="body"
          label="Email text"
          hint="Separate paragraphs with a blank line. The personal fields you can use are listed with the preview."
          error={errors.body}
        >
          {(aria) => <textarea {...aria} required defaultValue={values.body} rows={10} />}
        </Field>
      </div>
      {/* Beside the text on a wide screen, right under it on a narrow one. Its own
          controls (who to preview as) are not changes to the campaign. */}
      <aside
        className="builder-side"
        aria-label="Preview and personal fields"
        onChange={(e) => e.stopPropagation()}
      >
        <PreviewPanel
          form={formRef}
          changed={changed}
          customers={props.previewCustomers}
          onProblem={setLive}
        />
        <PersonalFields fields={props.fields} />
      </aside>
      <div className="card form builder-rest">
        <Field
          name="featuredCategoryId"
          label="Featured category"
          hint="Its best sellers appear in the email, and customers who buy from it rank higher."
          error={errors.featuredCategoryId}
        >
          {(aria) => (
            <select {...aria} value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
              <option value="">None</option>
              {props.options.categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                  {c.sensitive
                    ? ` (sensitive${c.sensitiveKind ? `, ${SENSITIVE_KIND_LABELS[c.sensitiveKind].toLowerCase()}` : ""}: never sent to minors or people flagged for care)`
                    : ""}
                </option>
              ))}
            </select>
          )}
        </Field>
        <AudienceBuilder
          initial={values.audience}
          options={props.options}
          error={errors.audience}
          onChange={setAudience}
        />
        <AudienceCount audience={audience} featuredCategoryId={categoryId} />
        <Field
          name="audienceLimit"
          label="Campaign cap: send to at most"
          hint="Optional. Customers are ranked by how well this campaign suits them; only this many from the top get it, and the rest show as over the cap on the review page."
          error={errors.audienceLimit}
        >
          {(aria) => (
            <input
              {...aria}
              type="number"
              min={1}
              inputMode="numeric"
              placeholder="Everyone who fits"
              defaultValue={values.audienceLimit}
            />
          )}
        </Field>
        <SendWindowFields values={values} errors={errors} quietHours={props.quietHours} />
        <div>
          <button className="btn btn-primary" type="submit" disabled={busy}>
            {busy ? "Saving…" : props.submitLabel}
          </button>
        </div>
      </div>
    </Form>
  );
}

/** After a refused save, the first field with an error gets focus, in view, so it is read out with its error. */
function useFocusFirstError(
  form: RefObject<HTMLFormElement | null>,
  errors: Partial<Record<string, string>>,
) {
  const refused = JSON.stringify(errors);
  useEffect(() => {
    if (refused === "{}") return;
    const first = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.focus({ preventScroll: true });
    first?.scrollIntoView({ block: "center" });
  }, [form, refused]);
}
