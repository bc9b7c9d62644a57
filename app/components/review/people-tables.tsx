import { Form } from "@remix-run/react";
import { CsrfInput } from "../csrf-input";
import { Pager } from "../pager";
import { reasonLabel } from "../reason-chart";
import { StatusBadge } from "../status-badge";
import { personName } from "~/utils/person-name";

const fullName = (p: { firstName: string | null; lastName: string | null }) => personName(p) || "—";

type Recipient = {
  id: number;
  rank: number;
  status: string;
  score: number;
  mainReason: string | null;
  /** What the email says of this recipient rests on (a due date, a last order), for a suggested campaign. */
  fact: string | null;
  skipReason: string | null;
  email: string;
  firstName: string | null;
  lastName: string | null;
};

export function RecipientTable(props: {
  rows: Recipient[];
  page: number;
  pageSize: number;
  q: string;
  /** Whether the owner may still take people out (before sending starts). */
  removable: boolean;
}) {
  const claims = props.rows.some((r) => r.fact !== null);
  return (
    <section className="card" aria-labelledby="recipients">
      <h2 id="recipients">Recipients</h2>
      {props.rows.length === 0 ? (
        <p className="empty">
          {props.q ? `No recipient matches “${props.q}”.` : "No one is in this campaign yet."}
        </p>
      ) : (
        <div className="table-wrap">
          {props.removable ? (
            // One form for the page's Remove buttons, each naming its message:
            // a form per row made every recipient page a tenth larger and slower.
            <Form method="post" id="remove-recipient" preventScrollReset>
              <CsrfInput />
              <input type="hidden" name="intent" value="remove" />
            </Form>
          ) : null}
          <table className="list cards">
            <thead>
              <tr>
                <th scope="col" className="num">
                  #
                </th>
                <th scope="col">Customer</th>
                <th scope="col" className="num">
                  Score
                </th>
                {claims ? <th scope="col">What the email says rests on</th> : null}
                <th scope="col">Main reason</th>
                <th scope="col">Status</th>
                {props.removable ? (
                  <th scope="col">
                    <span className="visually-hidden">Remove</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr key={r.id}>
                  <td className="num" data-label="#">
                    {r.rank}
                  </td>
                  <td>
                    <bdi>{fullName(r)}</bdi>
                    <br />
                    <small>{r.email}</small>
                  </td>
                  <td className="num" data-label="Score">
                    {r.score.toFixed(2)}
                  </td>
                  {claims ? (
                    <td className="prose" data-label="What the email says rests on">
                      {r.fact ?? "—"}
                    </td>
                  ) : null}
                  <td className="prose" data-label="Main reason">
                    {r.mainReason ?? "—"}
                  </td>
                  <td>
                    <StatusBadge status={r.status} />
                    {r.skipReason ? <small> {reasonLabel(r.skipReason)}</small> : null}
                  </td>
                  {props.removable ? (
                    <td>
                      <button
                        type="submit"
                        form="remove-recipient"
                        name="messageId"
                        value={r.id}
                        className="btn btn-small"
                        aria-label={`Remove ${fullName(r)} (${r.email})`}
                      >
                        Remove
                      </button>
                    </td>
                  ) : null}
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

const PUT_BACK: Record<string, string> = {
  removed_by_owner: "Put them back",
  audience_limit: "Lift the cap and put them back",
};

export function ExclusionTable(props: {
  rows: Excluded[];
  page: number;
  pageSize: number;
  q: string;
  /** Groups the owner may put back now, with their sizes. */
  restorable: { reason: string; n: number }[];
}) {
  return (
    <section className="card" aria-labelledby="excluded">
      <h2 id="excluded">Left out, and why</h2>
      {props.restorable.length > 0 ? (
        <ul className="put-back" aria-label="Groups you can put back">
          {props.restorable.map((g) => (
            <li key={g.reason}>
              <Form method="post" preventScrollReset>
                <CsrfInput />
                <input type="hidden" name="intent" value="restore" />
                <input type="hidden" name="reason" value={g.reason} />
                <span>
                  {reasonLabel(g.reason)}: {g.n.toLocaleString("en-GB")}
                </span>{" "}
                <button type="submit" className="btn btn-small">
                  {PUT_BACK[g.reason]}
                </button>
              </Form>
            </li>
          ))}
          <li className="hint">
            Putting a group back drafts the campaign again. People left out to protect them, or by the
            frequency rules, cannot be put back.
          </li>
        </ul>
      ) : null}
      {props.rows.length === 0 ? (
        <p className="empty">{props.q ? `No one left out matches “${props.q}”.` : "No one was left out."}</p>
      ) : (
        <div className="table-wrap">
          <table className="list cards">
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
                    <bdi>{fullName(r)}</bdi>
                    <br />
                    <small>{r.email}</small>
                  </td>
                  <td data-label="Reason">{reasonLabel(r.reason)}</td>
                  <td className="prose" data-label="Detail">
                    {r.detail}
                  </td>
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
