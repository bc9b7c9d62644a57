import type { SerializeFrom } from "@remix-run/node";
import { formatDateTime } from "~/components/dates";
import type { DeliveryNote } from "~/utils/delivery-note";

const emails = (n: number) => `${n.toLocaleString("en-GB")} ${n === 1 ? "email" : "emails"}`;

/** Why the campaign's queued emails have not gone yet (app/utils/delivery-note.ts). */
export function DeliveryHint(props: {
  note: SerializeFrom<DeliveryNote> | null;
  inWindow: boolean;
  timeZone: string;
}) {
  const { note, inWindow, timeZone } = props;
  if (!note) return null;
  const reason = `their recipients' quiet hours${inWindow ? " or this campaign's send window" : ""}`;
  const later =
    note.waiting > 0 && note.kind !== "waiting" ? ` ${emails(note.waiting)} more wait for ${reason}.` : "";
  if (note.kind === "waiting") {
    return (
      <p className="hint">
        {emails(note.waiting)} wait, queued, for {reason}; the next can go at{" "}
        {formatDateTime(note.nextAt, timeZone)}.
      </p>
    );
  }
  if (note.kind === "stalled") {
    return (
      <p className="hint" role="status">
        Nothing has moved for {note.minutes} minutes: {emails(note.dueNow)} could go now, but no worker is
        sending them. Is a worker running (<code>npm run worker</code>)? A worker picks them up again by
        itself within a minute of starting.{later}
      </p>
    );
  }
  return (
    <p className="hint">
      {emails(note.dueNow)} being sent.{later}
    </p>
  );
}
