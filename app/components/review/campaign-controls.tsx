import { CsrfInput } from "~/components/csrf-input";
import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { formatDateTime } from "../dates";

/**
 * The owner's controls while a campaign is scheduled, sending or paused.
 * Cancelling asks for a second, explicit confirmation: it cannot be undone.
 */
export function CampaignControls(props: { status: string; sendAt: string | null; timeZone: string }) {
  const busy = useNavigation().state !== "idle";
  const [confirming, setConfirming] = useState(false);
  const scheduled = props.status === "approved" && props.sendAt && new Date(props.sendAt) > new Date();
  if (!["approved", "sending", "paused"].includes(props.status)) return null;
  return (
    <div className="controls">
      {scheduled ? (
        <p>
          Scheduled to start sending {formatDateTime(props.sendAt, props.timeZone)} ({props.timeZone}).
        </p>
      ) : null}
      {props.status === "paused" ? (
        <p>Paused: no more emails go out until you resume. Nothing already sent is sent again.</p>
      ) : null}
      <div className="button-row">
        {props.status === "paused" ? (
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="resume" />
            <button className="btn btn-primary" type="submit" disabled={busy}>
              Resume sending
            </button>
          </Form>
        ) : (
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="pause" />
            <button className="btn" type="submit" disabled={busy}>
              Pause
            </button>
          </Form>
        )}
        {confirming ? null : (
          <button className="btn btn-danger" type="button" onClick={() => setConfirming(true)}>
            Cancel campaign…
          </button>
        )}
      </div>
      {confirming ? (
        <Form method="post" className="confirm" aria-labelledby="cancel-title">
          <CsrfInput />
          <input type="hidden" name="intent" value="cancel" />
          <p id="cancel-title">
            <strong>Cancel this campaign?</strong> Emails not sent yet will never be sent. This cannot be
            undone.
          </p>
          <label className="checkbox">
            <input type="checkbox" name="confirm" value="yes" required />
            <span>Yes, stop sending the rest of this campaign.</span>
          </label>
          <div className="button-row">
            <button className="btn btn-danger" type="submit" disabled={busy}>
              Cancel the campaign
            </button>
            <button className="btn" type="button" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        </Form>
      ) : null}
    </div>
  );
}
