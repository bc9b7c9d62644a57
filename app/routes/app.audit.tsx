import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AUDIT_ACTIONS } from "~/components/audit-actions";
import { useShopDateTime } from "~/components/use-shop-time";
import { AUDIT_PAGE_SIZE, auditPage } from "~/models/audit.server";
import { requireUser } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Tactful" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireUser(request);
  const before = Number(new URL(request.url).searchParams.get("before")) || undefined;
  return json({ entries: auditPage({ shopId: shop.id, before }), pageSize: AUDIT_PAGE_SIZE });
}

function actorLabel(entry: { actor: string; actorName: string | null }) {
  if (entry.actorName) return entry.actorName;
  if (entry.actor === "recipient") return "A recipient";
  if (entry.actor === "system") return "Tactful";
  return entry.actor;
}

function subjectLink(entry: { subject: string; subjectName: string | null }) {
  const [kind, id] = entry.subject.split(":");
  if (kind === "campaign") return <Link to={`/app/campaigns/${id}`}>Campaign {id}</Link>;
  return entry.subjectName ?? `${kind} ${id ?? ""}`;
}

// An approval records the warnings the owner acknowledged; the campaign page shows them in full.
function acknowledgedText(detail: unknown): string {
  const list = (detail as { acknowledgedWarnings?: unknown } | null)?.acknowledgedWarnings;
  const n = Array.isArray(list) ? list.length : 0;
  return n === 0 ? "" : ` (${n} ${n === 1 ? "warning" : "warnings"} acknowledged)`;
}

// A reason the person gave (a consent change, a care flag) is shown with the entry.
function reasonText(detail: unknown): string {
  const reason = (detail as { reason?: unknown } | null)?.reason;
  return typeof reason === "string" && reason ? `: “${reason.replaceAll("_", " ")}”` : "";
}

export default function AuditLog() {
  const { entries, pageSize } = useLoaderData<typeof loader>();
  const formatDateTime = useShopDateTime();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Audit log</h1>
          <p className="lede">
            Every campaign change, approval, pause and cancel, every unsubscribe, suppression, preference
            change and erasure, and every change to the rules and the team, with who and when.
          </p>
        </div>
      </div>
      <div className="card">
        {entries.length === 0 ? (
          <p className="empty">Nothing has happened yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="list">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  <th scope="col">About</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id}>
                    <td>{formatDateTime(e.at)}</td>
                    <td>{actorLabel(e)}</td>
                    <td>
                      {AUDIT_ACTIONS[e.action] ?? e.action}
                      {acknowledgedText(e.detail)}
                      {reasonText(e.detail)}
                    </td>
                    <td>{subjectLink(e)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {entries.length === pageSize ? (
          <nav className="pager" aria-label="Older entries">
            <Link to={`?before=${entries.at(-1)!.id}`}>Older →</Link>
          </nav>
        ) : null}
      </div>
    </>
  );
}
