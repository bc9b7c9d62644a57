import { useShopDateTime } from "~/components/use-shop-time";
import { needsAcknowledgement, type Finding } from "../../../jobs/checks/findings";

type Rate = { group: string; selected: number; total: number; rate: number };
type Pushiness = {
  recipients: number;
  nearCap: number;
  recentlyEmailed: number;
  capCount: number;
  capWindowDays: number;
};

const percent = (x: number) => `${Math.round(x * 100)}%`;

function Rates({ label, rates }: { label: string; rates: Rate[] }) {
  if (rates.length === 0) return null;
  return (
    <div>
      <h3>Selected, by {label}</h3>
      <ul className="rates">
        {rates.map((r) => (
          <li key={r.group}>
            <span>{r.group}</span> <strong>{percent(r.rate)}</strong>{" "}
            <span className="muted">
              ({r.selected.toLocaleString("en-GB")} of {r.total.toLocaleString("en-GB")})
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The numbers behind the warnings, for everyone who can see the campaign. */
export function ChecksSummary(props: {
  findings: Finding[];
  pushiness: Pushiness;
  rates: { country: Rate[]; age: Rate[] };
  checkedAt: string;
}) {
  const formatDateTime = useShopDateTime();
  const { pushiness: p } = props;
  const warnings = props.findings.filter(needsAcknowledgement).length;
  return (
    <section className="card" aria-labelledby="checks">
      <h2 id="checks">Checks before approving</h2>
      <p>
        {warnings === 0
          ? "No warnings: the wording reads calmly, no group of customers is left out beyond what the campaign's rules explain, and few recipients were emailed lately."
          : `${warnings} ${warnings === 1 ? "warning needs" : "warnings need"} your attention before approval.`}{" "}
        <span className="hint">Checked when the emails were drafted, {formatDateTime(props.checkedAt)}.</span>
      </p>
      <div className="grid">
        <div>
          <div className="stat">{p.nearCap.toLocaleString("en-GB")}</div>
          <div className="stat-label">
            of {p.recipients.toLocaleString("en-GB")} recipients reach the limit of {p.capCount} emails in{" "}
            {p.capWindowDays} days with this one
          </div>
        </div>
        <div>
          <div className="stat">{p.recentlyEmailed.toLocaleString("en-GB")}</div>
          <div className="stat-label">got an email from you in the last 3 days</div>
        </div>
        <Rates label="country" rates={props.rates.country} />
        <Rates label="age" rates={props.rates.age} />
      </div>
      <p className="hint">
        Selection rates count customers with orders that the rules do not protect (consent, age, care). A
        group is warned about only when it has at least 20 people, is selected at under four fifths of
        everyone else&rsquo;s rate, and the gap is too large to be chance; a gap the campaign&rsquo;s own
        rules explain is a note that asks for nothing.
      </p>
    </section>
  );
}

export function FindingText({ finding }: { finding: Finding }) {
  return (
    <span>
      <strong>{finding.title}.</strong> {finding.detail} <span className="muted">{finding.why}</span>
    </span>
  );
}
