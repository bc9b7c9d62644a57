/**
 * One thing the owner should look at before approving. The id is stable for
 * the same content and audience, so an acknowledgement given on the review
 * page still matches when the approval arrives, and stops matching when the
 * campaign changes.
 */
export type Finding = {
  id: string;
  kind: "copy" | "fairness" | "pushiness";
  /**
   * A warning must be fixed or acknowledged before approval; a note is shown
   * without asking for anything. Checks stored before notes existed have
   * none, and count as warnings.
   */
  severity?: "warning" | "note";
  title: string;
  /** What was found, with the numbers or the phrase and where it is. */
  detail: string;
  /** Why it matters to the people receiving the email. */
  why: string;
};

/** Whether approval waits for the owner to fix or acknowledge this finding. */
export const needsAcknowledgement = (f: Finding) => f.severity !== "note";
