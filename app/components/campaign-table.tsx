import { Link } from "@remix-run/react";
import { useShopDateTime } from "~/components/use-shop-time";
import { StatusBadge } from "./status-badge";

type CampaignRow = {
  id: number;
  name: string;
  status: string;
  createdAt: string;
  approvedAt: string | null;
  progressDone: number;
  progressTotal: number;
};

export function CampaignTable({ campaigns }: { campaigns: CampaignRow[] }) {
  const formatDateTime = useShopDateTime();
  return (
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
              <td className="num">{c.progressTotal > 0 ? `${c.progressDone} / ${c.progressTotal}` : "—"}</td>
              <td>{formatDateTime(c.createdAt)}</td>
              <td>{formatDateTime(c.approvedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
