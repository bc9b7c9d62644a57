import { formatDate } from "./dates";

/** The data page's contents at a glance, each with a link to its section, so nothing held is out of sight. */
export function EverythingWeHold(props: {
  shopName: string;
  counts: { orders: number; emails: number; scores: number; clicks: number };
  predictions: "held" | "none" | "stopped";
  preferencesLink: string;
  downloadLink: string;
}) {
  const { counts } = props;
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  return (
    <section className="card" aria-labelledby="everything">
      <h2 id="everything">Everything we hold</h2>
      <ul className="checklist">
        <li>
          <a href="#profile">Your details and whether you agreed to marketing email</a>
        </li>
        <li>
          <a href="#orders">Your orders</a>: {n(counts.orders, "order", "orders")}
        </li>
        <li>
          <a href="#emails">Emails about you</a>: {n(counts.emails, "email", "emails")}, with why each was
          sent
        </li>
        <li>
          <a href="#predictions">Predictions about you</a>:{" "}
          {props.predictions === "held" ? "the latest ones" : "none held"}
        </li>
        <li>
          <a href="#scores">How likely each email was to be useful to you</a>:{" "}
          {n(counts.scores, "estimate", "estimates")}
        </li>
        {counts.clicks > 0 ? (
          <li>
            <a href="#clicks">Links you followed</a>: {n(counts.clicks, "link", "links")}
          </li>
        ) : null}
        <li>
          <a href={props.preferencesLink}>Your email preferences</a>: how often, and about what, you hear from{" "}
          {props.shopName}
        </li>
      </ul>
      <p className="hint">
        <a href={props.downloadLink} download>
          The download
        </a>{" "}
        holds all of it as stored, with every change to your consent and the exact figures behind the
        estimates.
      </p>
    </section>
  );
}

export type ScoreInWords = { scoredAt: string; about: string; fit: string; parts: string[]; model: string };

/** Each campaign score worked out for the recipient, as what it meant and what it was made of. */
export function EmailScores({ shopName, scores }: { shopName: string; scores: ScoreInWords[] }) {
  return (
    <section className="card" aria-labelledby="scores">
      <h2 id="scores">How likely each email was to be useful to you</h2>
      <p>
        Before an email goes out, {shopName} works out how likely it is to be useful to each customer, and
        writes first to those it suits best. It keeps each estimate:
      </p>
      {scores.length === 0 ? (
        <p>None is held about you.</p>
      ) : (
        <ul className="checklist">
          {scores.map((s, i) => (
            <li key={i}>
              {formatDate(s.scoredAt)}, for {s.about}: <strong>{s.fit}</strong>. Worked out from{" "}
              {joinWords(s.parts)}, by {s.model}.
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function joinWords(words: string[]) {
  if (words.length === 0) return "your orders";
  if (words.length === 1) return words[0];
  return `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}
