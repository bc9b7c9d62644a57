import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input";
import { z } from "zod";
import { Field } from "~/components/field";
import { createCampaign, listCategories } from "~/models/campaign.server";
import { requestDrafting } from "~/models/pipeline.server";
import { TEMPLATE_FIELDS, templateProblem } from "~/models/template.server";
import { requireUser } from "~/session.server";
import { parseForm } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "New campaign · Tactful" }];

const DEFAULT_BODY = `Hello {{ customer.first_name | default: "there" }},

{{ reason }} We have just roasted a fresh batch and thought of you.

Warm wishes,
{{ shop.name }}`;

const CampaignSchema = z.object({
  name: z.string().trim().min(2, "Give the campaign a name you will recognise.").max(100),
  subject: z.string().trim().min(3, "Write a subject line.").max(150),
  body: z.string().trim().min(10, "Write the email's text.").max(20_000),
  featuredCategoryId: z.union([z.literal(""), z.coerce.number().int().positive()]),
  audienceLimit: z.union([z.literal(""), z.coerce.number().int().min(1, "At least 1.").max(1_000_000)]),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireUser(request);
  return json({
    categories: listCategories({ shopId: shop.id }),
    fields: TEMPLATE_FIELDS,
    defaultBody: DEFAULT_BODY,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, shop } = await requireUser(request);
  const parsed = parseForm(CampaignSchema, await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors }, { status: 400 });
  const input = parsed.data;
  const problem = templateProblem(input);
  if (problem) return json({ errors: { [problem.field]: problem.message } }, { status: 400 });
  const campaign = createCampaign({
    shopId: shop.id,
    userId: user.id,
    name: input.name,
    subject: input.subject,
    body: input.body,
    featuredCategoryId: input.featuredCategoryId === "" ? null : input.featuredCategoryId,
    audienceLimit: input.audienceLimit === "" ? null : input.audienceLimit,
  });
  const queued = await requestDrafting({ shopId: shop.id, campaignId: campaign.id });
  return redirect(`/app/campaigns/${campaign.id}${queued.ok ? "" : "?queue=down"}`);
}

export default function NewCampaign() {
  const { categories, fields, defaultBody } = useLoaderData<typeof loader>();
  const errors: Partial<Record<string, string>> = useActionData<typeof action>()?.errors ?? {};
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <div className="page-head">
        <div>
          <h1>New campaign</h1>
          <p className="lede">
            Tactful writes one email per customer from this template, leaves out everyone your rules protect,
            and shows you the result before anything is sent.
          </p>
        </div>
      </div>
      <div className="card">
        <Form method="post" className="form" noValidate>
          <CsrfInput />
          <Field name="name" label="Campaign name" hint="Only you see this." error={errors.name}>
            {(aria) => <input {...aria} type="text" required autoFocus placeholder="Autumn single origins" />}
          </Field>
          <Field name="subject" label="Subject line" error={errors.subject}>
            {(aria) => (
              <input
                {...aria}
                type="text"
                required
                defaultValue="Fresh from the roaster, {{ customer.first_name }}"
              />
            )}
          </Field>
          <Field
            name="body"
            label="Email text"
            hint="Separate paragraphs with a blank line. Personal fields are listed below."
            error={errors.body}
          >
            {(aria) => <textarea {...aria} required defaultValue={defaultBody} rows={10} />}
          </Field>
          <Field
            name="featuredCategoryId"
            label="Featured category"
            hint="Its best sellers appear in the email, and customers who buy from it rank higher."
            error={errors.featuredCategoryId}
          >
            {(aria) => (
              <select {...aria} defaultValue="">
                <option value="">None</option>
                {categories.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                    {c.sensitive ? " (sensitive: never sent to minors or people of unknown age)" : ""}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            name="audienceLimit"
            label="Send to at most"
            hint="Optional. The best-matching customers are chosen first."
            error={errors.audienceLimit}
          >
            {(aria) => (
              <input {...aria} type="number" min={1} inputMode="numeric" placeholder="Everyone who fits" />
            )}
          </Field>
          <div>
            <button className="btn btn-primary" type="submit" disabled={busy}>
              {busy ? "Saving…" : "Draft the emails"}
            </button>
          </div>
        </Form>
      </div>
      <section className="card" aria-labelledby="fields">
        <h2 id="fields">Personal fields</h2>
        <div className="table-wrap">
          <table className="list">
            <thead>
              <tr>
                <th scope="col">Write</th>
                <th scope="col">What it becomes</th>
              </tr>
            </thead>
            <tbody>
              {fields.map((f) => (
                <tr key={f.name}>
                  <td>
                    <code>{f.example}</code>
                  </td>
                  <td>{f.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
