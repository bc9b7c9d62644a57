const STAGES: Record<string, string> = {
  queued: "Waiting for a worker",
  "not-queued": "Not queued: the job queue (Redis) is not reachable",
  modelling: "Fitting the customer model",
  scoring: "Scoring customers",
  drafting: "Writing personal drafts",
  approved: "Approved; starting to send",
  sending: "Sending",
  paused: "Paused",
  done: "Done",
};

export function Progress(props: { stage: string | null; done: number; total: number }) {
  const percent = props.total > 0 ? Math.round((props.done / props.total) * 100) : 0;
  return (
    <div aria-live="polite">
      <p>
        <strong>{STAGES[props.stage ?? ""] ?? "Working"}</strong>
        {props.total > 0
          ? ` — ${props.done.toLocaleString("en-GB")} of ${props.total.toLocaleString("en-GB")}`
          : ""}
      </p>
      <ProgressBar percent={percent} label="Progress" />
    </div>
  );
}

/** The bar alone, for pages that word their progress themselves. */
export function ProgressBar(props: { percent: number; label: string }) {
  return (
    <div
      className="progress"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={props.percent}
      aria-label={props.label}
    >
      <span style={{ width: `${props.percent}%` }} />
    </div>
  );
}
