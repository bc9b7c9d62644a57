import { CSRF_FIELD } from "~/components/csrf-input";
import { useFetcher } from "@remix-run/react";
import { useEffect, useState, type RefObject } from "react";
import type { action } from "~/routes/app.preview";

/** A template mistake the preview found, for the builder to show beside its field. */
export type LiveProblem = { field: string; message: string };

const CONTENT = ["subject", "subject2", "subject3", "preheader", "body", "featuredCategoryId"] as const;

/**
 * The unsaved campaign as one customer would get it, at desktop and phone
 * widths. The email is shown in sandboxed frames so that nothing in it can act
 * on the dashboard.
 */
export function PreviewPanel(props: {
  form: RefObject<HTMLFormElement | null>;
  changed: number;
  customers: { id: number; firstName: string | null; lastName: string | null; email: string }[];
  onProblem: (problem: LiveProblem | null) => void;
}) {
  const fetcher = useFetcher<typeof action>();
  const [customerId, setCustomerId] = useState(String(props.customers[0]?.id ?? ""));
  const [variant, setVariant] = useState("0");
  const { submit } = fetcher;
  const { form, changed, onProblem } = props;

  useEffect(() => {
    if (!form.current || !customerId) return;
    const typed = new FormData(form.current);
    const data = new FormData();
    for (const name of [...CONTENT, CSRF_FIELD]) data.set(name, String(typed.get(name) ?? ""));
    data.set("customerId", customerId);
    data.set("variant", variant);
    submit(data, { method: "post", action: "/app/preview" });
  }, [submit, form, changed, customerId, variant]);

  const answer = fetcher.data;
  useEffect(() => {
    if (!answer) return;
    onProblem(answer.field && answer.fieldError ? { field: answer.field, message: answer.fieldError } : null);
  }, [answer, onProblem]);

  if (props.customers.length === 0) {
    return (
      <section className="card" aria-labelledby="preview">
        <h2 id="preview">Preview</h2>
        <p className="empty">Once customers have orders you can preview the email as any of them.</p>
      </section>
    );
  }
  const preview = fetcher.data?.preview;
  return (
    <section className="card" aria-labelledby="preview">
      <h2 id="preview">Preview</h2>
      <div className="preview-controls">
        <label>
          As{" "}
          <select value={customerId} onChange={(e) => setCustomerId(e.target.value)}>
            {props.customers.map((c) => (
              <option key={c.id} value={c.id}>
                {[c.firstName, c.lastName].filter(Boolean).join(" ") || c.email}
              </option>
            ))}
          </select>
        </label>
        <label>
          Subject line{" "}
          <select value={variant} onChange={(e) => setVariant(e.target.value)}>
            <option value="0">first</option>
            <option value="1">second</option>
            <option value="2">third</option>
          </select>
        </label>
      </div>
      <div aria-live="polite">
        {fetcher.data?.error ? (
          <p className="notice error">The template has a problem in the {fetcher.data.error}</p>
        ) : preview ? (
          <p>
            <strong>Subject:</strong> {preview.subject}
          </p>
        ) : (
          <p className="hint">Preparing the preview…</p>
        )}
      </div>
      {preview ? (
        <div className="preview-frames">
          <figure>
            <figcaption>Desktop</figcaption>
            <iframe
              title="Preview at desktop width"
              sandbox=""
              srcDoc={preview.html}
              className="frame-desktop"
            />
          </figure>
          <figure>
            <figcaption>Phone</figcaption>
            <iframe title="Preview at phone width" sandbox="" srcDoc={preview.html} className="frame-phone" />
          </figure>
        </div>
      ) : null}
    </section>
  );
}
