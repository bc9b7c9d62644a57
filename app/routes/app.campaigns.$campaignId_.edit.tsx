import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseAudience } from "../../jobs/audience/rules";
import { CampaignForm, valuesAfterError } from "~/components/builder/campaign-form";
import { audienceProblem } from "~/models/audience.server";
import { builderOptions } from "~/models/builder.server";
import { EDITABLE, getCampaign, updateCampaign } from "~/models/campaign.server";
import { requestDrafting } from "~/models/pipeline.server";
import { requireUser } from "~/session.server";
import { parseCampaignForm } from "~/utils/campaign-form.server";
import { windowFields } from "~/utils/send-window";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Edit ${data?.campaign.name ?? "campaign"} · Tactful` },
];

async function loadEditable(request: Request, id: string | undefined) {
  const { user, shop } = await requireUser(request);
  const campaignId = Number(id);
  const campaign = Number.isInteger(campaignId) ? getCampaign({ shopId: shop.id, campaignId }) : undefined;
  if (!campaign) throw new Response("Not found", { status: 404 });
  return { user, shop, campaign, editable: (EDITABLE as readonly string[]).includes(campaign.status) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop, campaign, editable } = await loadEditable(request, params.campaignId);
  // Approved or sent campaigns are history: the edit page sends the owner back to it.
  if (!editable) return redirect(`/app/campaigns/${campaign.id}`);
  return json({
    ...builderOptions({ shopId: shop.id }),
    quietHours: { startHour: shop.quietStartHour, endHour: shop.quietEndHour },
    campaign: { id: campaign.id, name: campaign.name, status: campaign.status },
    draftKey: `${shop.id}:${campaign.id}`,
    values: {
      name: campaign.name,
      subject: campaign.subject,
      subject2: campaign.subjectVariants[0] ?? "",
      subject3: campaign.subjectVariants[1] ?? "",
      preheader: campaign.preheader,
      body: campaign.body,
      audience: parseAudience(campaign.audienceRules),
      featuredCategoryId: campaign.featuredCategoryId ? String(campaign.featuredCategoryId) : "",
      audienceLimit: campaign.audienceLimit ? String(campaign.audienceLimit) : "",
      ...windowFields(campaign.sendWindow),
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, shop, campaign, editable } = await loadEditable(request, params.campaignId);
  const parsed = parseCampaignForm(await request.formData(), {
    startHour: shop.quietStartHour,
    endHour: shop.quietEndHour,
  });
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const problem = audienceProblem({ shopId: shop.id, audience: parsed.content.audienceRules });
  if (problem) return json({ errors: { audience: problem }, values: parsed.values }, { status: 400 });
  const ref = { shopId: shop.id, campaignId: campaign.id };
  if (!editable || !updateCampaign({ ...ref, userId: user.id, ...parsed.content })) {
    return json(
      {
        errors: { form: "This campaign has been approved and can no longer change." },
        values: parsed.values,
      },
      { status: 409 },
    );
  }
  // Saved content means earlier drafts are out of date: draft everyone again.
  const queued = await requestDrafting(ref);
  return redirect(`/app/campaigns/${campaign.id}${queued.ok ? "" : "?queue=down"}`);
}

export default function EditCampaign() {
  const { options, previewCustomers, quietHours, fields, campaign, values, draftKey } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Partial<Record<string, string>> = actionData?.errors ?? {};
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Edit {campaign.name}</h1>
          <p className="lede">
            Saving drafts every email again from the new version.{" "}
            <Link to={`/app/campaigns/${campaign.id}`}>Back to the campaign</Link>
          </p>
        </div>
      </div>
      {errors.form ? (
        <p className="notice error" role="alert">
          {errors.form}
        </p>
      ) : null}
      <CampaignForm
        values={valuesAfterError(values, actionData?.values)}
        errors={errors}
        options={options}
        previewCustomers={previewCustomers}
        fields={fields}
        draftKey={draftKey}
        quietHours={quietHours}
        submitLabel="Save and draft again"
      />
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
