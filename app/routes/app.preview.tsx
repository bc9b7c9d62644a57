import { json, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { previewVariables } from "~/models/preview.server";
import { typedField } from "~/models/template.server";
import { plainTemplateMessage } from "~/utils/template-message";
import { requireUser } from "~/session.server";
import { FIELD_LABELS } from "../../jobs/checks/copy-lint";
import { compileCampaign, renderMessage, TemplateError } from "../../templates/campaign";

const PreviewSchema = z.object({
  customerId: z.coerce.number().int().positive(),
  featuredCategoryId: z.union([z.literal(""), z.coerce.number().int().positive()]).default(""),
  variant: z.coerce.number().int().min(0).max(2).default(0),
  subject: z.string().default(""),
  subject2: z.string().default(""),
  subject3: z.string().default(""),
  preheader: z.string().default(""),
  body: z.string().max(20_000).default(""),
});

// The builder posts its unsaved content here to see it as one customer
// would; nothing is stored.
export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await requireUser(request);
  const parsed = PreviewSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success)
    return json(
      { error: "Choose a customer to preview as.", field: null, fieldError: null, preview: null },
      400,
    );
  const input = parsed.data;
  const context = previewVariables({
    shopId: shop.id,
    customerId: input.customerId,
    featuredCategoryId: input.featuredCategoryId === "" ? null : input.featuredCategoryId,
  });
  if (!context) throw new Response("Not found", { status: 404 });
  const subjects = [input.subject2, input.subject3].filter((s) => s.trim());
  try {
    const compiled = compileCampaign({ ...input, subjectVariants: subjects });
    const variant = Math.min(input.variant, compiled.subjects.length - 1);
    const { subject, html } = renderMessage(compiled, context.vars, context.layout, variant);
    return json({ error: null, field: null, fieldError: null, preview: { subject, html } });
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    // The field too, so that the builder shows the mistake beside it as it is typed.
    const field = typedField(error.field, input);
    const message = plainTemplateMessage(error.message);
    return json(
      {
        error: `${FIELD_LABELS[field]}, line ${error.line}: ${message}`,
        field,
        fieldError: `Line ${error.line}: ${message}`,
        preview: null,
      },
      400,
    );
  }
}
