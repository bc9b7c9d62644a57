import { z } from "zod";
import { AudienceSchema } from "../../jobs/audience/rules";
import type { CampaignContent } from "~/models/campaign.server";
import { templateProblem } from "~/models/template.server";
import { parseForm, type FieldErrors } from "./forms";

const optionalSubject = z.string().trim().max(150, "At most 150 characters.").default("");

const audienceJson = z
  .string()
  .default("")
  .transform((text, ctx) => {
    if (!text.trim()) return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "The audience rules could not be read; add them again." });
      return z.NEVER;
    }
  })
  .pipe(AudienceSchema.nullable());

const CampaignSchema = z.object({
  name: z.string().trim().min(2, "Give the campaign a name you will recognise.").max(100),
  subject: z.string().trim().min(3, "Write a subject line.").max(150, "At most 150 characters."),
  subject2: optionalSubject,
  subject3: optionalSubject,
  preheader: z.string().trim().max(200, "At most 200 characters.").default(""),
  body: z.string().trim().min(10, "Write the email's text.").max(20_000),
  audience: audienceJson,
  featuredCategoryId: z.union([z.literal(""), z.coerce.number().int().positive()]),
  audienceLimit: z.union([z.literal(""), z.coerce.number().int().min(1, "At least 1.").max(1_000_000)]),
});

export const FORM_FIELDS = [
  "name",
  "subject",
  "subject2",
  "subject3",
  "preheader",
  "body",
  "audience",
  "featuredCategoryId",
  "audienceLimit",
] as const;
export type FormValues = Partial<Record<(typeof FORM_FIELDS)[number], string>>;

/**
 * The builder's form as campaign content, or field errors with what was
 * typed so the form can show it again. Every part must compile as Liquid.
 */
export function parseCampaignForm(
  formData: FormData,
):
  | { ok: true; content: CampaignContent; values: FormValues }
  | { ok: false; errors: FieldErrors; values: FormValues } {
  const values: FormValues = Object.fromEntries(FORM_FIELDS.map((f) => [f, String(formData.get(f) ?? "")]));
  const parsed = parseForm(CampaignSchema, formData);
  if (!parsed.ok) return { ok: false, errors: parsed.errors, values };
  const input = parsed.data;
  const subjectVariants = [input.subject2, input.subject3].filter((s) => s.length > 0);
  const problem = templateProblem({ ...input, subjectVariants });
  if (problem) {
    // A problem in a variant is reported where the owner typed it, even when the second line was left empty.
    const field =
      problem.field === "subject2" || problem.field === "subject3"
        ? input.subject2
          ? problem.field
          : "subject3"
        : problem.field;
    return { ok: false, errors: { [field]: problem.message }, values };
  }
  return {
    ok: true,
    values,
    content: {
      name: input.name,
      subject: input.subject,
      subjectVariants,
      preheader: input.preheader,
      body: input.body,
      audienceRules: input.audience,
      featuredCategoryId: input.featuredCategoryId === "" ? null : input.featuredCategoryId,
      audienceLimit: input.audienceLimit === "" ? null : input.audienceLimit,
    },
  };
}
