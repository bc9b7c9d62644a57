import { Form, useNavigation } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input";
import { useShopDateTime } from "~/components/use-shop-time";
import { personName } from "~/utils/person-name";

type Row = {
  id: number;
  email: string;
  firstName: string | null;
  lastName: string | null;
  attemptedAt: string | null;
  error: string | null;
};

/**
 * Emails whose delivery is unknown, with the owner's two ways out: mark them
 * sent after checking the provider's logs, or send them again, which asks
 * for an explicit confirmation because a recipient may get it twice.
 */
export function UnknownMessages(props: { rows: Row[]; total: number; isOwner: boolean }) {
  const formatDateTime = useShopDateTime();
  const busy = useNavigation().state !== "idle";
  if (props.total === 0) return null;
  return (
    <section className="card" aria-labelledby="unknown">
      <h2 id="unknown">Delivery unknown ({props.total.toLocaleString("en-GB")})</h2>
      <p>
        The connection to the mail server was lost after these emails had gone out, or a worker stopped while
        sending them. They may have arrived. Tactful never sends them again by itself.
      </p>
      {props.isOwner ? (
        <Form method="post" className="form">
          <CsrfInput />
          <fieldset>
            <legend>Emails whose delivery is unknown</legend>
            {props.rows.map((row) => (
              <label className="checkbox" key={row.id}>
                <input type="checkbox" name="messageId" value={row.id} defaultChecked />
                <span>
                  <strong>
                    <bdi>{personName(row) || row.email}</bdi>
                  </strong>{" "}
                  &lt;
                  {row.email}&gt;
                  <br />
                  <span className="hint">
                    Attempted {formatDateTime(row.attemptedAt)}. {row.error ?? "Delivery unknown."}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
          {props.total > props.rows.length ? (
            <p className="hint">
              The first {props.rows.length} are listed; resolve them and the next ones appear.
            </p>
          ) : null}
          <p className="hint">
            Check your mail provider&rsquo;s logs first. If the chosen emails are there, mark them as sent.
          </p>
          <div className="button-row">
            <button className="btn" type="submit" name="intent" value="mark-sent" disabled={busy}>
              Mark chosen as sent
            </button>
          </div>
          <details>
            <summary className="btn">Send chosen again…</summary>
            <div className="confirm-box">
              <p>
                <strong>Send the chosen emails again?</strong> Anyone who did receive the first one will get
                it twice. The rules (consent, unsubscribes, frequency cap) are checked again before each is
                sent.
              </p>
              <label className="checkbox">
                <input type="checkbox" name="confirm" value="yes" />
                <span>I understand some people may get this email twice.</span>
              </label>
              <button
                className="btn btn-primary"
                type="submit"
                name="intent"
                value="send-again"
                disabled={busy}
              >
                Send them again
              </button>
            </div>
          </details>
        </Form>
      ) : (
        <p className="notice warn">Only the shop&rsquo;s owner can resolve these.</p>
      )}
    </section>
  );
}
