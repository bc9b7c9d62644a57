import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { CampaignForm, valuesAfterError, type CampaignFormValues } from "~/components/builder/campaign-form";
import { audienceProblem } from "~/models/audience.server";
import { builderOptions } from "~/models/builder.server";
import { createCampaign } from "~/models/campaign.server";
import { requestDrafting } from "~/models/pipeline.server";
import { requireUser } from "~/session.server";
import { parseCampaignForm } from "~/utils/campaign-form.server";
import { windowFields } from "~/utils/send-window";

export const meta: MetaFunction = () => [{ title: "New campaign · Tactful" }];

const DEFAULTS: CampaignFormValues = {
  name: "",
  subject: "Fresh from the roaster, {{ customer.first_name }}",
  subject2: "",
  subject3: "",
  preheader: "",
  body: `Hello {{ customer.first_name | default: "there" }},

{{ reason }} We have just roasted a fresh batch and thought of you.

Warm wishes,
{{ shop.name }}`,
  audience: null,
  featuredCategoryId: "",
  audienceLimit: "",
  ...windowFields(null),
};

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireUser(request);
  return json({
    ...builderOptions({ shopId: shop.id }),
    quietHours: { startHour: shop.quietStartHour, endHour: shop.quietEndHour },
    defaults: DEFAULTS,
    draftKey: `${shop.id}:new`,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, shop } = await requireUser(request);
  const parsed = parseCampaignForm(await request.formData(), {
    startHour: shop.quietStartHour,
    endHour: shop.quietEndHour,
  });
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const problem = audienceProblem({ shopId: shop.id, audience: parsed.content.audienceRules });
  if (problem) return json({ errors: { audience: problem }, values: parsed.values }, { status: 400 });
  const campaign = createCampaign({ shopId: shop.id, userId: user.id, ...parsed.content });
  const queued = await requestDrafting({ shopId: shop.id, campaignId: campaign.id });
  return redirect(`/app/campaigns/${campaign.id}${queued.ok ? "" : "?queue=down"}`);
}

export default function NewCampaign() {
  const { options, previewCustomers, quietHours, fields, defaults, draftKey } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
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
      <CampaignForm
        values={valuesAfterError(defaults, actionData?.values)}
        errors={actionData?.errors ?? {}}
        options={options}
        previewCustomers={previewCustomers}
        fields={fields}
        draftKey={draftKey}
        quietHours={quietHours}
        submitLabel="Draft the emails"
      />
    </>
  );
}
