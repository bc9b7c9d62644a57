import { Pager } from "../pager";
import { reasonLabel } from "../reason-chart";
import { StatusBadge } from "../status-badge";

const fullName = (p: { firstName: string | null; lastName: string | null }) =>
  [p.firstName, p.lastName].filter(Boolean).join(" ") || "—";

type Recipient = {
  id: number;
  rank: number;
  status: string;
  score: number;
  reasons: { text: string }[];
  skipReason: string | null;
  email: string;
  firstName: string | null;
  lastName: string | null;
};

export function RecipientTable(props: { rows: Recipient[]; page: number; pageSize: number }) {
  return (
    <section className="card" aria-labelledby="recipients">
      <h2 id="recipients">Recipients</h2>
      {props.rows.length === 0 ? (
        <p className="empty">No one is in this campaign yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="list">
            <thead>
              <tr>
                <th scope="col" className="num">
                  #
                </th>
                <th scope="col">Customer</th>
                <th scope="col" className="num">
                  Score
                </th>
                <th scope="col">Main reason</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr key={r.id}>
                  <td className="num">{r.rank}</td>
                  <td>
                    {fullName(r)}
                    <br />
                    <small>{r.email}</small>
                  </td>
                  <td className="num">{r.score.toFixed(2)}</td>
                  <td>{r.reasons[0]?.text ?? "—"}</td>
                  <td>
                    <StatusBadge status={r.status} />
                    {r.skipReason ? <small> {reasonLabel(r.skipReason)}</small> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        param="page"
        page={props.page}
        hasMore={props.rows.length === props.pageSize}
        label="Recipient pages"
      />
    </section>
  );
}

type Excluded = {
  id: number;
  reason: string;
  detail: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
};

export function ExclusionTable(props: { rows: Excluded[]; page: number; pageSize: number }) {
  return (
    <section className="card" aria-labelledby="excluded">
      <h2 id="excluded">Left out, and why</h2>
      {props.rows.length === 0 ? (
        <p className="empty">No one was left out.</p>
      ) : (
        <div className="table-wrap">
          <table className="list">
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col">Reason</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    {fullName(r)}
                    <br />
                    <small>{r.email}</small>
                  </td>
                  <td>{reasonLabel(r.reason)}</td>
                  <td>{r.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        param="xpage"
        page={props.page}
        hasMore={props.rows.length === props.pageSize}
        label="Excluded pages"
      />
    </section>
  );
}
