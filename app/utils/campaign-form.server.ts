import { z } from "zod";
import { AudienceSchema } from "../../jobs/audience/rules";
import type { QuietHours } from "../../jobs/policy/quiet-hours";
import { windowMeetsQuietHours } from "../../jobs/policy/send-window";
import type { CampaignContent } from "~/models/campaign.server";
import { templateProblem, typedField } from "~/models/template.server";
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

const clockTime = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d)?$/, "A time like 09:00.")
  .transform((t) => (t === "" ? ("" as const) : Number(t.slice(0, 2)) * 60 + Number(t.slice(3))));

// "any": no window. Within a window, empty times mean all day; a start
// without an end (or the reverse) is a mistake, not "until midnight".
const SendWindowSchema = z
  .object({
    windowMode: z.enum(["any", "window"]),
    windowStart: clockTime,
    windowEnd: clockTime,
    windowDays: z.array(z.coerce.number().int().min(0).max(6)),
  })
  .superRefine((w, ctx) => {
    if (w.windowMode === "any") return;
    if ((w.windowStart === "") !== (w.windowEnd === "")) {
      const field = w.windowStart === "" ? "windowStart" : "windowEnd";
      ctx.addIssue({ code: "custom", path: [field], message: "Give both times, or neither." });
    } else if (w.windowStart !== "" && w.windowEnd !== "" && w.windowStart >= w.windowEnd) {
      ctx.addIssue({ code: "custom", path: ["windowEnd"], message: "Must be after the start time." });
    }
    if (w.windowDays.length === 0) {
      ctx.addIssue({ code: "custom", path: ["windowDays"], message: "Tick at least one day." });
    }
  })
  .transform((w) => {
    if (w.windowMode === "any") return null;
    const days = [...new Set(w.windowDays)].sort((a, b) => a - b);
    return {
      start: w.windowStart === "" ? 0 : w.windowStart,
      end: w.windowEnd === "" ? 24 * 60 : w.windowEnd,
      days,
    };
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
  "windowMode",
  "windowStart",
  "windowEnd",
  "windowDays",
] as const;
export type FormValues = Partial<Record<(typeof FORM_FIELDS)[number], string>>;

/**
 * The builder's form as campaign content, or field errors with what was
 * typed so the form can show it again. Every part must compile as Liquid.
 */
export function parseCampaignForm(
  formData: FormData,
  quiet: QuietHours,
):
  | { ok: true; content: CampaignContent; values: FormValues }
  | { ok: false; errors: FieldErrors; values: FormValues } {
  const windowDays = formData.getAll("windowDays").map(String);
  const values: FormValues = {
    ...Object.fromEntries(FORM_FIELDS.map((f) => [f, String(formData.get(f) ?? "")])),
    windowDays: windowDays.join(","),
  };
  const parsed = parseForm(CampaignSchema, formData);
  const window = SendWindowSchema.safeParse({
    windowMode: formData.get("windowMode") ?? "any",
    windowStart: formData.get("windowStart") ?? "",
    windowEnd: formData.get("windowEnd") ?? "",
    windowDays,
  });
  const windowErrors: FieldErrors = {};
  for (const issue of window.error?.issues ?? []) windowErrors[String(issue.path[0])] ??= issue.message;
  if (window.success && window.data && !windowMeetsQuietHours(window.data, quiet)) {
    windowErrors.windowStart = `This window lies within your quiet hours (${quiet.startHour}:00 to ${quiet.endHour}:00), so nothing would ever be sent.`;
  }
  if (!parsed.ok || !window.success || Object.keys(windowErrors).length > 0) {
    return { ok: false, errors: { ...(parsed.ok ? {} : parsed.errors), ...windowErrors }, values };
  }
  const input = parsed.data;
  const subjectVariants = [input.subject2, input.subject3].filter((s) => s.length > 0);
  const problem = templateProblem({ ...input, subjectVariants });
  if (problem) {
    return { ok: false, errors: { [typedField(problem.field, input)]: problem.message }, values };
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
      sendWindow: window.data,
    },
  };
}
