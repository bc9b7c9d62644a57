import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "~/components/dates";
import { StatusBadge } from "~/components/status-badge";
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
          <div className="table-wrap">
            <table className="list">
              <thead>
                <tr>
                  <th scope="col">Campaign</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Progress
                  </th>
                  <th scope="col">Created</th>
                  <th scope="col">Approved</th>
                </tr>
              </thead>
              <tbody>
                {campaigns.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/app/campaigns/${c.id}`}>{c.name}</Link>
                    </td>
                    <td>
                      <StatusBadge status={c.status} />
                    </td>
                    <td className="num">
                      {c.progressTotal > 0 ? `${c.progressDone} / ${c.progressTotal}` : "—"}
                    </td>
                    <td>{formatDateTime(c.createdAt)}</td>
                    <td>{formatDateTime(c.approvedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </>
  );
}
