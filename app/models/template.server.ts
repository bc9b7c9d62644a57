import {
  compileCampaign,
  TEMPLATE_FIELDS,
  TemplateError,
  type CampaignSource,
  type TemplateField,
} from "../../templates/campaign";
import { plainTemplateMessage } from "~/utils/template-message";

export { TEMPLATE_FIELDS };

/** A field error at its line, or null when every part of the campaign compiles and renders. */
export function templateProblem(input: CampaignSource): { field: TemplateField; message: string } | null {
  try {
    compileCampaign(input);
    return null;
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return { field: error.field, message: `Line ${error.line}: ${plainTemplateMessage(error.message)}` };
  }
}

/**
 * The field the owner typed a mistake in. Empty subject lines are skipped
 * when compiling, so a mistake in "the second variant" is in the third field
 * when the second was left empty.
 */
export function typedField(field: TemplateField, typed: { subject2: string }): TemplateField {
  if (field !== "subject2" && field !== "subject3") return field;
  return typed.subject2.trim() ? field : "subject3";
}
