import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useShopDateTime } from "~/components/use-shop-time";
import { getCaughtMail, readCaughtMail } from "~/models/mailbox.server";
import { requireUser } from "~/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.subject ?? "Email"} · Mailbox` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop } = await requireUser(request);
  const mailId = Number(params.mailId);
  const mail = Number.isInteger(mailId) ? getCaughtMail({ shopId: shop.id, mailId }) : undefined;
  if (!mail) throw new Response("Not found", { status: 404 });
  return json({ ...(await readCaughtMail(mail.raw)), receivedAt: mail.receivedAt, raw: mail.raw });
}

export default function MailboxMessage() {
  const formatDateTime = useShopDateTime();
  const mail = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/app/mailbox">← Mailbox</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>{mail.subject}</h1>
          <p className="lede">Caught {formatDateTime(mail.receivedAt)}</p>
        </div>
      </div>
      <section className="card" aria-labelledby="headers">
        <h2 id="headers">Headers</h2>
        <dl className="headers">
          {mail.headers.map((h) => (
            <div key={h.name} style={{ display: "contents" }}>
              <dt>{h.name}</dt>
              <dd>{h.value}</dd>
            </div>
          ))}
        </dl>
      </section>
      {mail.html ? (
        <section className="card" aria-labelledby="html">
          <h2 id="html">As the recipient sees it</h2>
          <iframe
            className="mail-frame"
            title="HTML part"
            sandbox="allow-popups allow-popups-to-escape-sandbox"
            srcDoc={`<base target="_blank">${mail.html}`}
          />
          <p className="hint">
            Links open in a new tab, so you can follow “Why did I get this?” and “Unsubscribe”.
          </p>
        </section>
      ) : null}
      <section className="card" aria-labelledby="text">
        <h2 id="text">Plain-text part</h2>
        <pre className="source">{mail.text}</pre>
      </section>
      <details className="card">
        <summary>Raw source</summary>
        <pre className="source">{mail.raw}</pre>
      </details>
    </>
  );
}

// Errors (such as another shop's id) show inside the dashboard frame.
export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
