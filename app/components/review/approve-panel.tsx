import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { CsrfInput } from "~/components/csrf-input";
import { needsAcknowledgement, type Finding } from "../../../jobs/checks/findings";
import { FindingText } from "./checks";

/**
 * The human in the loop: an explicit confirmation, each warning fixed or
 * acknowledged, a time to send, and only owners may give it.
 */
export function ApprovePanel(props: {
  isOwner: boolean;
  recipients: number;
  findings: Finding[];
  sendAtError?: string;
  timeZone: string;
}) {
  const busy = useNavigation().state !== "idle";
  const warnings = props.findings.filter(needsAcknowledgement);
  const notes = props.findings.filter((f) => !needsAcknowledgement(f));
  const noteList =
    notes.length > 0 ? (
      <>
        <h3>For your information</h3>
        <ul className="findings">
          {notes.map((f) => (
            <li key={f.id}>
              <FindingText finding={f} />
            </li>
          ))}
        </ul>
      </>
    ) : null;
  const [when, setWhen] = useState<"now" | "later">(props.sendAtError ? "later" : "now");
  if (!props.isOwner) {
    return (
      <section className="card" aria-labelledby="approve">
        <h2 id="approve">Approval</h2>
        {props.findings.length > 0 ? (
          <ul className="findings">
            {props.findings.map((f) => (
              <li key={f.id}>
                <FindingText finding={f} />
              </li>
            ))}
          </ul>
        ) : null}
        {noteList}
        <p className="notice warn">
          Only the shop&rsquo;s owner can approve sending. Ask them to review this campaign.
        </p>
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="approve">
      <h2 id="approve">Approve and send</h2>
      <p>
        {props.recipients.toLocaleString("en-GB")} people will get one email each. The rules are checked again
        for every person at the moment of sending.
      </p>
      {noteList}
      <Form method="post" className="form">
        <CsrfInput />
        <input type="hidden" name="intent" value="approve" />
        {warnings.length > 0 ? (
          <fieldset className="findings">
            <legend>
              Warnings: edit the campaign to fix them, or tick each one to say you have considered it
            </legend>
            {warnings.map((f) => (
              <label className="checkbox" key={f.id}>
                <input type="checkbox" name="acknowledge" value={f.id} required />
                <FindingText finding={f} />
              </label>
            ))}
          </fieldset>
        ) : null}
        <label className="checkbox">
          <input type="checkbox" name="confirm" value="yes" required />
          <span>I have reviewed who is in, who is out, and the sample emails.</span>
        </label>
        <fieldset className="field schedule">
          <legend>When</legend>
          <label className="checkbox">
            <input
              type="radio"
              name="when"
              value="now"
              checked={when === "now"}
              onChange={() => setWhen("now")}
            />
            <span>Start sending now</span>
          </label>
          <label className="checkbox">
            <input
              type="radio"
              name="when"
              value="later"
              checked={when === "later"}
              onChange={() => setWhen("later")}
            />
            <span>Start at a time ({props.timeZone})</span>
          </label>
          {when === "later" ? (
            <>
              <input
                type="datetime-local"
                name="sendAt"
                aria-label={`Start sending at, ${props.timeZone} time`}
                required
                aria-invalid={props.sendAtError ? true : undefined}
                aria-describedby={props.sendAtError ? "send-at-error" : undefined}
              />
              {props.sendAtError ? (
                <p className="field-error" id="send-at-error">
                  {props.sendAtError}
                </p>
              ) : null}
            </>
          ) : null}
        </fieldset>
        <div>
          <button className="btn btn-primary" type="submit" disabled={busy}>
            {when === "now" ? "Approve and send" : "Approve and schedule"}
          </button>
        </div>
      </Form>
    </section>
  );
}
