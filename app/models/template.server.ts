import { compileCampaign, TEMPLATE_FIELDS, TemplateError } from "../../templates/campaign";

export { TEMPLATE_FIELDS };

/** A field error at its line, or null when the subject and body compile and render. */
export function templateProblem(input: {
  subject: string;
  body: string;
}): { field: string; message: string } | null {
  try {
    compileCampaign(input);
    return null;
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return { field: error.field, message: `Line ${error.line}: ${error.message}` };
  }
}
