/**
 * One thing the owner should look at before approving. The id is stable for
 * the same content and audience, so an acknowledgement given on the review
 * page still matches when the approval arrives, and stops matching when the
 * campaign changes.
 */
export type Finding = {
  id: string;
  kind: "copy" | "fairness" | "pushiness";
  title: string;
  /** What was found, with the numbers or the phrase and where it is. */
  detail: string;
  /** Why it matters to the people receiving the email. */
  why: string;
};
