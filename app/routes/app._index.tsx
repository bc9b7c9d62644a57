import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CampaignTable } from "~/components/campaign-table";
import { BringInCustomers } from "~/components/first-step";
import { listCampaigns } from "~/models/campaign.server";
import { shopOverview } from "~/models/overview.server";
import { requireUser } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Overview · Tactful" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireUser(request);
  return json({
    stats: shopOverview({ shopId: shop.id }),
    campaigns: listCampaigns({ shopId: shop.id }).slice(0, 5),
  });
}

export default function Overview() {
  const { stats, campaigns } = useLoaderData<typeof loader>();
  const number = (n: number) => n.toLocaleString("en-GB");
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Overview</h1>
          <p className="lede">Who you can write to, and what you have sent.</p>
        </div>
        <Link className={stats.total === 0 ? "btn" : "btn btn-primary"} to="/app/campaigns/new">
          New campaign
        </Link>
      </div>
      {stats.total === 0 ? (
        <BringInCustomers />
      ) : (
        <section className="grid" aria-label="Customers">
          <div className="card">
            <div className="stat">{number(stats.total)}</div>
            <div className="stat-label">customers, {number(stats.orders)} orders</div>
          </div>
          <div className="card">
            <div className="stat">{number(stats.consenting)}</div>
            <div className="stat-label">agreed to marketing email</div>
          </div>
          <div className="card">
            <div className="stat">{number(stats.total - stats.consenting)}</div>
            <div className="stat-label">have not agreed: never emailed</div>
          </div>
          <div className="card">
            <div className="stat">{number(stats.suppressed + stats.needsCare)}</div>
            <div className="stat-label">unsubscribed, bounced or flagged for care</div>
          </div>
        </section>
      )}
      {/* A new shop's only step is the one above; an empty campaign list says nothing more. */}
      {stats.total > 0 || campaigns.length > 0 ? (
        <section className="card" aria-labelledby="recent">
          <h2 id="recent">Recent campaigns</h2>
          {campaigns.length === 0 ? (
            <div className="empty">
              <p>
                No campaigns yet. Write one, and Tactful drafts a personal email for each customer who fits.
              </p>
              <Link className="btn btn-primary" to="/app/campaigns/new">
                Write your first campaign
              </Link>
            </div>
          ) : (
            <CampaignTable campaigns={campaigns} />
          )}
        </section>
      ) : null}
    </>
  );
}
