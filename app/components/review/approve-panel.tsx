import { Form, useNavigation } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input";

/** The human in the loop: an explicit confirmation, and only owners may give it. */
export function ApprovePanel(props: { isOwner: boolean; recipients: number }) {
  const busy = useNavigation().state !== "idle";
  if (!props.isOwner) {
    return (
      <section className="card" aria-labelledby="approve">
        <h2 id="approve">Approval</h2>
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
      <Form method="post" className="form">
        <CsrfInput />
        <input type="hidden" name="intent" value="approve" />
        <label className="checkbox">
          <input type="checkbox" name="confirm" value="yes" required />
          <span>I have reviewed who is in, who is out, and the sample emails.</span>
        </label>
        <div>
          <button className="btn btn-primary" type="submit" disabled={busy}>
            Approve and send
          </button>
        </div>
      </Form>
    </section>
  );
}
