import { REASON_LABELS, type ReasonCode } from "../../jobs/policy/reasons";

export function reasonLabel(code: string | null): string {
  return (code && REASON_LABELS[code as ReasonCode]) ?? code ?? "Unknown reason";
}

/** In and out, by reason, as bars with their numbers: easier to take in than a table. */
export function ReasonChart(props: { recipients: number; excluded: { reason: string; n: number }[] }) {
  const rows = [
    { key: "in", label: "Will receive the email", n: props.recipients, in: true },
    ...props.excluded.map((e) => ({ key: e.reason, label: reasonLabel(e.reason), n: e.n, in: false })),
  ];
  const max = Math.max(1, ...rows.map((r) => r.n));
  return (
    <div className="bars" role="list" aria-label="Customers in and out, by reason">
      {rows.map((r) => (
        <div className="bar-row" role="listitem" key={r.key}>
          <span>{r.label}</span>
          <div className="bar-track" aria-hidden="true">
            <div className={`bar-fill${r.in ? " in" : ""}`} style={{ width: `${(r.n / max) * 100}%` }} />
          </div>
          <span className="num">{r.n.toLocaleString("en-GB")}</span>
        </div>
      ))}
    </div>
  );
}
