import { CsrfInput } from "~/components/csrf-input";
import { Form, Link } from "@remix-run/react";

/** Edit while nothing is approved, duplicate any time, archive (after a confirmation) when no job is running. */
export function CampaignActions(props: {
  campaignId: number;
  editable: boolean;
  archivable: boolean;
  archived: boolean;
}) {
  return (
    <div className="page-actions">
      {props.editable ? (
        <Link className="btn" to={`/app/campaigns/${props.campaignId}/edit`}>
          Edit
        </Link>
      ) : null}
      <Form method="post">
        <CsrfInput />
        <input type="hidden" name="intent" value="duplicate" />
        <button className="btn" type="submit">
          Duplicate
        </button>
      </Form>
      {props.archived ? (
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="unarchive" />
          <button className="btn" type="submit">
            Restore from archive
          </button>
        </Form>
      ) : props.archivable ? (
        <details>
          <summary className="btn">Archive…</summary>
          <Form method="post" className="confirm-box">
            <CsrfInput />
            <input type="hidden" name="intent" value="archive" />
            <p>
              Archive this campaign? It leaves the campaign list; its drafts, sends and audit entries are
              kept, and you can restore it.
            </p>
            <button className="btn btn-primary" type="submit">
              Yes, archive it
            </button>
          </Form>
        </details>
      ) : null}
    </div>
  );
}
