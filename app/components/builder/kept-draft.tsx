import { useEffect, useState, type RefObject } from "react";

// The campaign's words, kept in this browser as they are typed. Audience rules
// and send times are quick to set again; a half-written text is not.
const KEPT = ["name", "subject", "subject2", "subject3", "preheader", "body"] as const;
type Kept = { savedAt: number; values: Partial<Record<(typeof KEPT)[number], string>> };

const storageKey = (draftKey: string) => `tactful:campaign-draft:${draftKey}`;

function read(draftKey: string): Kept | null {
  try {
    const kept = JSON.parse(window.localStorage.getItem(storageKey(draftKey)) ?? "null") as Kept | null;
    return kept && typeof kept.values === "object" ? kept : null;
  } catch {
    return null;
  }
}

function fieldsOf(form: HTMLFormElement) {
  return KEPT.map((name) => [name, form.elements.namedItem(name)] as const).filter(
    (pair): pair is readonly [(typeof KEPT)[number], HTMLInputElement | HTMLTextAreaElement] =>
      pair[1] instanceof HTMLInputElement || pair[1] instanceof HTMLTextAreaElement,
  );
}

/**
 * Keeps the words typed into the builder in localStorage (per shop and
 * campaign), and offers them back when the page is opened again before they
 * were saved. `changes` counts edits; `onRestored` lets the preview follow.
 */
export function KeptDraft(props: {
  draftKey: string;
  form: RefObject<HTMLFormElement | null>;
  changes: number;
  submitting: boolean;
  onRestored: () => void;
}) {
  const { draftKey, form, changes, submitting } = props;
  const [offer, setOffer] = useState<Kept | null>(null);

  useEffect(() => {
    const kept = read(draftKey);
    const current = form.current;
    if (!kept || !current) return;
    const differs = fieldsOf(current).some(([name, el]) => (kept.values[name] ?? el.value) !== el.value);
    // localStorage is read only in the browser, after hydration, so the offer appears in an effect.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (differs) setOffer(kept);
    else window.localStorage.removeItem(storageKey(draftKey));
  }, [draftKey, form]);

  useEffect(() => {
    if (changes === 0 || !form.current) return;
    const values = Object.fromEntries(fieldsOf(form.current).map(([name, el]) => [name, el.value]));
    window.localStorage.setItem(storageKey(draftKey), JSON.stringify({ savedAt: Date.now(), values }));
  }, [changes, draftKey, form]);

  // Once sent to be saved, the server holds it (or hands it back with the error).
  useEffect(() => {
    if (submitting) window.localStorage.removeItem(storageKey(draftKey));
  }, [submitting, draftKey]);

  if (!offer) return null;
  const restore = () => {
    if (form.current)
      for (const [name, el] of fieldsOf(form.current)) el.value = offer.values[name] ?? el.value;
    setOffer(null);
    props.onRestored();
  };
  const discard = () => {
    window.localStorage.removeItem(storageKey(draftKey));
    setOffer(null);
  };
  const at = new Date(offer.savedAt).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
  return (
    <div className="notice warn builder-kept" role="status">
      <p>This browser kept text you wrote here on {at} and did not save.</p>
      <button type="button" className="btn btn-small" onClick={restore}>
        Bring it back
      </button>{" "}
      <button type="button" className="btn btn-small" onClick={discard}>
        Discard it
      </button>
    </div>
  );
}
