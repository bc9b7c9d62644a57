import { formatDate } from "~/components/dates";
import { ConfirmLift } from "./confirm-lift";
import type { FieldErrors } from "~/utils/forms";
import type { SuppressionReason } from "../../../jobs/suppression";

type Result = { intent: string; errors: FieldErrors; message: string | null };

const WHY: Record<SuppressionReason, string> = {
  bounced: "the mail server refused this address",
  complained: "the customer marked an email as spam",
  unsubscribed: "the customer unsubscribed; only they can undo it",
  owner: "the shop stopped email to this address",
  erased: "the customer's data was erased",
};

/**
 * Why no campaign reaches this customer's address, and for a bounce or a
 * complaint the system recorded, a way for an owner to lift it after a
 * confirmation (the address may have been refused by mistake).
 */
export function SuppressionCard(props: {
  suppression: { reason: SuppressionReason; createdAt: string | Date; liftable: boolean } | null;
  isOwner: boolean;
  result: Result | null;
}) {
  const { suppression, result } = props;
  if (!suppression && !result?.message) return null;
  const errors = result?.errors ?? {};
  return (
    <section className="card" aria-labelledby="suppression">
      <h2 id="suppression">Suppression</h2>
      {result?.message ? (
        <p className="notice" role="status">
          {result.message}
        </p>
      ) : null}
      {suppression ? (
        <p className="notice warn">
          No marketing email since {formatDate(suppression.createdAt)}: {WHY[suppression.reason]}.
        </p>
      ) : null}
      {errors.form ? <p className="field-error">{errors.form}</p> : null}
      {suppression?.liftable && props.isOwner ? (
        <ConfirmLift
          intent="lift-suppression"
          summary="Lift the suppression…"
          confirmation="I have checked that the address works and the customer wants our email. Campaigns can include them again."
          button="Lift the suppression"
          error={errors.confirm}
        />
      ) : null}
    </section>
  );
}
