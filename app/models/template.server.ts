import {
  compileCampaign,
  TEMPLATE_FIELDS,
  TemplateError,
  type CampaignSource,
} from "../../templates/campaign";

export { TEMPLATE_FIELDS };

/** A field error at its line, or null when every part of the campaign compiles and renders. */
export function templateProblem(input: CampaignSource): { field: string; message: string } | null {
  try {
    compileCampaign(input);
    return null;
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return { field: error.field, message: `Line ${error.line}: ${error.message}` };
  }
}
