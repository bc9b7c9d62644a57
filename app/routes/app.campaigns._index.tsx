import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CampaignTable } from "~/components/campaign-table";
import { countArchived, listCampaigns } from "~/models/campaign.server";
import { hasCustomers } from "~/models/overview.server";
import { requireUser } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Campaigns · Tactful" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireUser(request);
  const archived = new URL(request.url).searchParams.get("archived") === "1";
  return json({
    archived,
    campaigns: listCampaigns({ shopId: shop.id, archived }),
    archivedCount: countArchived({ shopId: shop.id }),
    hasCustomers: hasCustomers({ shopId: shop.id }),
  });
}

export default function Campaigns() {
  const { campaigns, archived, archivedCount, hasCustomers } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{archived ? "Archived campaigns" : "Campaigns"}</h1>
          <p className="lede">
            {archived ? (
              <Link to="/app/campaigns">Back to current campaigns</Link>
            ) : (
              "Each campaign is drafted per customer, checked against your rules, and waits for your approval."
            )}
          </p>
        </div>
        <Link className={hasCustomers ? "btn btn-primary" : "btn"} to="/app/campaigns/new">
          New campaign
        </Link>
      </div>
      <div className="card">
        {campaigns.length === 0 ? (
          <div className="empty">
            {archived ? (
              <p>No archived campaigns.</p>
            ) : (
              <>
                <p>No campaigns yet.</p>
                {hasCustomers ? (
                  <Link className="btn btn-primary" to="/app/campaigns/new">
                    Write your first campaign
                  </Link>
                ) : (
                  <>
                    <p>A campaign is written to your customers, so bring them in first.</p>
                    <Link className="btn btn-primary" to="/app/data">
                      Bring in your customers
                    </Link>
                  </>
                )}
              </>
            )}
          </div>
        ) : (
          <CampaignTable campaigns={campaigns} />
        )}
      </div>
      {!archived && archivedCount > 0 ? (
        <p>
          <Link to="/app/campaigns?archived=1">Archived campaigns ({archivedCount})</Link>
        </p>
      ) : null}
    </>
  );
}
