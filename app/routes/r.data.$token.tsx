import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { formatDate } from "~/components/dates";
import { EmailScores, EverythingWeHold } from "~/components/recipient-data";
import { RecipientFrame } from "~/components/recipient-frame";
import { consentSourceForCustomer } from "../../jobs/policy/consent-words";
import { objectionWords } from "../../jobs/policy/objection";
import { customerDataByToken, eraseCustomer } from "~/models/customer-data.server";
import { maskEmail } from "~/models/recipient.server";
import { requireSameSite } from "~/csrf.server";
import { limitRecipientPages } from "~/rate-limit.server";
import {
  expectedOrdersWords,
  fitWords,
  likelihoodWords,
  modelWords,
  partWords,
} from "~/utils/recipient-words";
import { moneyFormat } from "../../templates/money";

export const meta: MetaFunction = () => [{ title: "Your data" }, { name: "robots", content: "noindex" }];

function lookup(token: string | undefined) {
  const found = customerDataByToken(token ?? "");
  if (!found) throw new Response("Not found", { status: 404 });
  return found;
}

export async function loader({ params, context }: LoaderFunctionArgs) {
  await limitRecipientPages(context);
  const { message, data } = lookup(params.token);
  // The page masks the address like every recipient page, and says in words what
  // the model worked out; the download has the address and the figures as stored.
  const { predictions, scores, ...held } = data;
  return json({
    shopName: message.shopName,
    brandColor: message.brandColor,
    postalAddress: message.postalAddress,
    shopMoney: { currency: message.currency, locale: message.locale },
    data: { ...held, profile: { ...held.profile, email: maskEmail(held.profile.email) } },
    predictions: { stopped: predictions.stopped, latest: predictionInWords(predictions.latest) },
    scores: scores.map(scoreInWords),
    links: message.links,
  });
}

type Held = NonNullable<ReturnType<typeof customerDataByToken>>["data"];

function predictionInWords(latest: Held["predictions"]["latest"]) {
  if (!latest) return null;
  const orders30 = expectedOrdersWords(latest.expectedOrdersNext30Days);
  return {
    madeAt: latest.madeAt,
    stillACustomer: likelihoodWords(latest.chanceStillACustomer),
    orders: `${orders30[0].toUpperCase()}${orders30.slice(1)} in the next 30 days, ${expectedOrdersWords(latest.expectedOrdersNext90Days)} in the next 90`,
    expectedSpendNext12Months: latest.expectedSpendNext12Months,
    productsYouMightLike: latest.productsYouMightLike,
  };
}

function scoreInWords(score: Held["scores"][number]) {
  const fit = fitWords(score.score);
  return {
    scoredAt: score.scoredAt,
    about: score.about,
    fit: `${fit.level}: ${fit.meaning}`,
    // The parts that counted, largest first.
    parts: [...score.contributions]
      .filter((c) => c.contribution > 0)
      .sort((a, b) => b.contribution - a.contribution)
      .map((c) => partWords(c.feature)),
    model: modelWords(score.modelVersion),
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  await limitRecipientPages(context);
  const { message } = lookup(params.token);
  requireSameSite(request);
  const form = await request.formData();
  if (form.get("intent") !== "erase" || form.get("confirm") !== "yes") {
    return json({ error: "Tick the box to confirm that you want everything erased." }, { status: 400 });
  }
  eraseCustomer(message);
  return redirect("/r/erased");
}

export default function MyData() {
  const { shopName, brandColor, postalAddress, shopMoney, data, predictions, scores, links } =
    useLoaderData<typeof loader>();
  const money = moneyFormat(shopMoney);
  const error = useActionData<typeof action>()?.error;
  const p = data.profile;
  const consentSource = consentSourceForCustomer(data.consent.source);
  return (
    <RecipientFrame shopName={shopName} brandColor={brandColor} postalAddress={postalAddress}>
      <h1>Your data at {shopName}</h1>
      <p className="lede">
        Everything {shopName} holds about you.{" "}
        <a href={`${links.data}/download`} download>
          Download it as a file (JSON)
        </a>
        .
      </p>
      <EverythingWeHold
        shopName={shopName}
        counts={{
          orders: data.orders.length,
          emails: data.emails.length,
          scores: scores.length,
          clicks: data.clicks.length,
        }}
        predictions={predictions.stopped ? "stopped" : predictions.latest ? "held" : "none"}
        preferencesLink={links.preferences}
        downloadLink={`${links.data}/download`}
      />
      <section className="card" aria-labelledby="profile">
        <h2 id="profile">About you</h2>
        <dl className="headers">
          <dt>Email</dt>
          <dd>{p.email}</dd>
          <dt>Name</dt>
          <dd>{[p.firstName, p.lastName].filter(Boolean).join(" ") || "—"}</dd>
          <dt>Birthdate</dt>
          <dd>{p.birthdate ?? "Not given"}</dd>
          <dt>Country</dt>
          <dd>{p.country ?? "—"}</dd>
          <dt>Customer since</dt>
          <dd>{formatDate(p.customerSince)}</dd>
          <dt>Marketing email</dt>
          <dd>
            {data.consent.marketing
              ? `Agreed${data.consent.at ? ` on ${formatDate(data.consent.at)}` : ""}${consentSource ? ` (${consentSource})` : ""}`
              : "Not agreed"}
            {data.unsubscribed ? `; unsubscribed since ${formatDate(data.unsubscribed.since)}` : ""}
          </dd>
          {p.extraCare ? (
            <>
              <dt>Extra care</dt>
              <dd>{shopName} has marked that you should get no marketing email from it for now.</dd>
            </>
          ) : null}
        </dl>
      </section>
      <section className="card" aria-labelledby="orders">
        <h2 id="orders">Your orders ({data.orders.length})</h2>
        {data.orders.length === 0 ? (
          <p>None.</p>
        ) : (
          <ul className="checklist">
            {data.orders.map((o) => (
              <li key={o.number}>
                {formatDate(o.orderedAt)}, {o.number}:{" "}
                {o.lines.map((l) => `${l.quantity} × ${l.product}`).join(", ")} ({money(o.totalCents)})
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="emails">
        <h2 id="emails">Emails about you ({data.emails.length})</h2>
        <ul className="checklist">
          {data.emails.map((e, i) => (
            <li key={i}>
              “{e.subject}”, {e.about}, {e.sentAt ? `sent ${formatDate(e.sentAt)}` : e.status}. Why:{" "}
              {e.reasons.map((r) => r.text).join(" ")}
            </li>
          ))}
        </ul>
      </section>
      <Predictions shopName={shopName} predictions={predictions} money={money} />
      <EmailScores shopName={shopName} scores={scores} />
      {data.clicks.length > 0 ? (
        <section className="card" aria-labelledby="clicks">
          <h2 id="clicks">Links you followed ({data.clicks.length})</h2>
          <ul className="checklist">
            {data.clicks.map((c, i) => (
              <li key={i}>
                {formatDate(c.at)}: {c.url} (in “{c.subject}”)
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card" aria-labelledby="erase">
        <h2 id="erase">Erase your data</h2>
        <p>
          This deletes your details, your order history and every email about you from {shopName}&rsquo;s
          Tactful. Only a scrambled fingerprint of your address is kept, so that you are never emailed again.
          It cannot be undone.
        </p>
        {error ? (
          <p className="notice error" role="alert">
            {error}
          </p>
        ) : null}
        <Form method="post" className="form">
          <input type="hidden" name="intent" value="erase" />
          <label className="checkbox">
            <input type="checkbox" name="confirm" value="yes" required />
            <span>I understand: erase everything about me.</span>
          </label>
          <div>
            <button className="btn" type="submit">
              Erase my data
            </button>
          </div>
        </Form>
      </section>
      <p>
        <a href={links.preferences}>Email preferences</a> · <a href={links.unsubscribe}>Unsubscribe</a>
      </p>
    </RecipientFrame>
  );
}

type Prediction = ReturnType<typeof useLoaderData<typeof loader>>["predictions"];

/**
 * What the shop's model predicts about the recipient, how, and how to stop
 * it (GDPR Art. 15(1)(h) and 21(4)); once they have objected, that it stopped.
 */
function Predictions({
  shopName,
  predictions,
  money,
}: {
  shopName: string;
  predictions: Prediction;
  money: (cents: number) => string;
}) {
  const { stopped, latest } = predictions;
  return (
    <section className="card" aria-labelledby="predictions">
      <h2 id="predictions">Predictions about you</h2>
      {stopped ? (
        <p>{objectionWords(stopped, shopName, formatDate(stopped.since))}</p>
      ) : (
        <>
          <p>
            {shopName} uses a statistical model of its customers&rsquo; orders (how often people reorder, what
            goes together, when they run out) to choose who an email is useful to. It uses only your orders
            with {shopName}. Unsubscribing stops these predictions and deletes them.
          </p>
          {latest ? (
            <dl className="headers">
              <dt>Made on</dt>
              <dd>{formatDate(latest.madeAt)}</dd>
              <dt>Whether you are still a customer</dt>
              <dd>{latest.stillACustomer}</dd>
              <dt>Orders expected</dt>
              <dd>{latest.orders}</dd>
              <dt>Spending expected</dt>
              <dd>{money(latest.expectedSpendNext12Months * 100)} over 12 months</dd>
              <dt>Products you might like</dt>
              <dd>{latest.productsYouMightLike.join(", ") || "None"}</dd>
            </dl>
          ) : (
            <p>None is held about you at the moment.</p>
          )}
        </>
      )}
    </section>
  );
}
