import { personName } from "~/utils/person-name";
import { withoutBidiControls } from "../../../templates/bidi";

type Sample = {
  id: number;
  subject: string;
  html: string;
  reasons: { text: string }[];
  firstName: string | null;
  lastName: string | null;
};

/** Real drafts as recipients will see them; sandboxed so their HTML cannot act on the dashboard. */
export function Samples({ samples }: { samples: Sample[] }) {
  if (samples.length === 0) return null;
  return (
    <section className="card" aria-labelledby="samples">
      <h2 id="samples">Sample emails</h2>
      <div className="samples">
        {samples.map((s) => {
          const name = personName(s) || "A customer";
          return (
            <article className="sample" key={s.id}>
              <h3>
                <bdi>{name}</bdi>
              </h3>
              <p>
                <strong>Subject:</strong> <bdi>{withoutBidiControls(s.subject)}</bdi>
              </p>
              <iframe title={`Email to ${name}`} sandbox="" srcDoc={s.html} />
              <ul className="reasons" aria-label="Why this person">
                {s.reasons.map((r) => (
                  <li key={r.text}>{r.text}</li>
                ))}
              </ul>
            </article>
          );
        })}
      </div>
    </section>
  );
}
