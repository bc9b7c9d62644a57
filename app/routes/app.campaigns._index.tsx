import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CampaignTable } from "~/components/campaign-table";
import { listCampaigns } from "~/models/campaign.server";
import { requireUser } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Campaigns · Tactful" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireUser(request);
  return json({ campaigns: listCampaigns({ shopId: shop.id }) });
}

export default function Campaigns() {
  const { campaigns } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Campaigns</h1>
          <p className="lede">
            Each campaign is drafted per customer, checked against your rules, and waits for your approval.
          </p>
        </div>
        <Link className="btn btn-primary" to="/app/campaigns/new">
          New campaign
        </Link>
      </div>
      <div className="card">
        {campaigns.length === 0 ? (
          <div className="empty">
            <p>No campaigns yet.</p>
            <Link className="btn btn-primary" to="/app/campaigns/new">
              Write your first campaign
            </Link>
          </div>
        ) : (
          <CampaignTable campaigns={campaigns} />
        )}
      </div>
    </>
  );
}
