import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useShopDateTime } from "~/components/use-shop-time";
import { listCaughtMail } from "~/models/mailbox.server";
import { requireUser } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Mailbox · Tactful" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireUser(request);
  return json({ mail: listCaughtMail({ shopId: shop.id }) });
}

export default function Mailbox() {
  const formatDateTime = useShopDateTime();
  const { mail } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Mailbox</h1>
          <p className="lede">
            While Tactful runs with its local mail catcher, emails are caught here instead of being delivered,
            exactly as recipients would receive them.
          </p>
        </div>
      </div>
      <div className="card">
        {mail.length === 0 ? (
          <p className="empty">
            Nothing caught yet. Approve a campaign and its emails appear here within seconds. (With a real
            SMTP provider configured, mail is delivered instead.)
          </p>
        ) : (
          <div className="table-wrap">
            <table className="list">
              <thead>
                <tr>
                  <th scope="col">To</th>
                  <th scope="col">Subject</th>
                  <th scope="col">Received</th>
                </tr>
              </thead>
              <tbody>
                {mail.map((m) => (
                  <tr key={m.id}>
                    <td>{m.envelopeTo.join(", ")}</td>
                    <td>
                      <Link to={`/app/mailbox/${m.id}`}>{m.subject}</Link>
                    </td>
                    <td>{formatDateTime(m.receivedAt)}</td>
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
