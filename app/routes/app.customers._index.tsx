import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formatDate } from "~/components/dates";
import { Pager } from "~/components/pager";
import { listCustomers } from "~/models/customer.server";
import { requireUser } from "~/session.server";
import { personName } from "~/utils/person-name";

export const meta: MetaFunction = () => [{ title: "Customers · Tactful" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireUser(request);
  const url = new URL(request.url);
  const query = (url.searchParams.get("q") ?? "").slice(0, 200);
  const page = Math.max(1, Math.floor(Number(url.searchParams.get("page")) || 1));
  return json({ query, page, ...listCustomers({ shopId: shop.id, query, page }) });
}

export default function Customers() {
  const { query, page, total, hasMore, customers } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Customers</h1>
          <p className="lede">
            {total.toLocaleString("en-GB")} customers. Open one to see their consent history, flag them as
            needing care, or record a consent change.
          </p>
        </div>
      </div>
      {total === 0 ? (
        <section className="card">
          <p className="empty">
            No customers yet. <Link to="/app/data">Import your customers and orders</Link> on the Data page.
          </p>
        </section>
      ) : (
        <section className="card" aria-labelledby="list-title">
          <h2 id="list-title" className="visually-hidden">
            Customer list
          </h2>
          <Form method="get" className="search" role="search">
            <div className="field">
              <label htmlFor="q">Search by email or name</label>
              <input id="q" name="q" type="search" defaultValue={query} />
            </div>
            <div>
              <button className="btn" type="submit">
                Search
              </button>{" "}
              {query ? <Link to="/app/customers">Clear search</Link> : null}
            </div>
          </Form>
          {customers.length === 0 ? (
            <p className="empty">No customer matches “{query}”.</p>
          ) : (
            <div className="table-wrap">
              <table className="list">
                <thead>
                  <tr>
                    <th scope="col">Customer</th>
                    <th scope="col">Marketing consent</th>
                    <th scope="col">Age</th>
                    <th scope="col">Care</th>
                    <th scope="col" className="num">
                      Orders
                    </th>
                    <th scope="col">Last order</th>
                  </tr>
                </thead>
                <tbody>
                  {customers.map((c) => (
                    <tr key={c.id}>
                      <td>
                        <Link to={`/app/customers/${c.id}`}>
                          <bdi>{personName(c) || c.email}</bdi>
                        </Link>
                        {personName(c) ? <div className="muted">{c.email}</div> : null}
                      </td>
                      <td>
                        {c.marketingConsent ? (
                          <span className="badge badge-sent">Consented</span>
                        ) : (
                          <span className="badge">No consent</span>
                        )}
                      </td>
                      <td>{c.age}</td>
                      <td>{c.needsCare ? <span className="badge badge-review">Needs care</span> : "—"}</td>
                      <td className="num">{c.orderCount.toLocaleString("en-GB")}</td>
                      <td>
                        {c.lastOrderAt ? formatDate(c.lastOrderAt) : "Never"}
                        {c.stale ? (
                          <div>
                            <span className="badge badge-failed" title="Left out of personalized campaigns">
                              Stale
                            </span>
                          </div>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager param="page" page={page} hasMore={hasMore} label="Customer pages" />
        </section>
      )}
    </>
  );
}
