import { withoutBidiControls } from "../../templates/bidi";

/**
 * A customer's name for the dashboard, without bidirectional controls; show
 * it inside <bdi>, so that a right-to-left name does not reorder the line.
 */
export const personName = (person: { firstName: string | null; lastName: string | null }) =>
  withoutBidiControls([person.firstName, person.lastName].filter(Boolean).join(" "));
