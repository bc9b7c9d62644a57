import { Link } from "@remix-run/react";

/** A new shop's first step: every campaign starts from its customers and what they bought. */
export function BringInCustomers() {
  return (
    <section className="card first-step" aria-labelledby="first-step">
      <h2 id="first-step">First, bring in your customers</h2>
      <p>
        Tactful writes to each customer from what they have bought, so it starts from your customer list and
        your orders. Upload them as files on the Data page:
      </p>
      <ul className="checklist">
        <li>
          <strong>From Shopify:</strong> the customers, orders and products exports (the Export button on each
          of those pages in your Shopify admin) are recognised as they are.
        </li>
        <li>
          <strong>From anywhere else:</strong> any CSV file with a line per customer or per order line, from
          another shop system, a spreadsheet or a till. You match its columns once. From Excel, save as CSV
          first.
        </li>
      </ul>
      <p className="muted">
        Only customers who agreed to marketing email are ever written to; Shopify&apos;s customers export says
        who did.
      </p>
      <Link className="btn btn-primary" to="/app/data">
        Bring in your customers
      </Link>
    </section>
  );
}
