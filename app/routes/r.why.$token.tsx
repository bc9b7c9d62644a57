import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { formatDate } from "~/components/dates";
import { RecipientFrame } from "~/components/recipient-frame";
import { maskEmail, objectionFor, requireRecipientMessage } from "~/models/recipient.server";
import { fitWords, modelWords } from "~/utils/recipient-words";
import { objectionWords } from "../../jobs/policy/objection";
import { limitRecipientPages } from "~/rate-limit.server";

export const meta: MetaFunction = () => [
  { title: "Why did I get this email?" },
  { name: "robots", content: "noindex" },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  await limitRecipientPages(context);
  const message = requireRecipientMessage(params.token, "why");
  return json({
    shopName: message.shopName,
    brandColor: message.brandColor,
    postalAddress: message.postalAddress,
    subject: message.subject,
    about: message.about,
    reasons: message.reasons,
    dataUsed: message.dataUsed,
    approvedAt: message.approvedAt,
    // Words, not the score and model version: those stay in the record the data page's download holds.
    scoring: message.modelVersion
      ? { model: modelWords(message.modelVersion), at: message.scoredAt, fit: fitWords(message.score) }
      : null,
    objection: objectionFor(message),
    clickTracking: message.clickTracking,
    clicksRecorded: message.clicksRecorded,
    maskedEmail: maskEmail(message.email),
    links: message.links,
  });
}

function clicksText(n: number) {
  if (n === 0) return "None is recorded for this email.";
  return `${n === 1 ? "One click is" : `${n} clicks are`} recorded for this email; the “all your data” page lists them.`;
}

export default function WhyPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <RecipientFrame shopName={data.shopName} brandColor={data.brandColor} postalAddress={data.postalAddress}>
      <h1>Why did I get this email?</h1>
      <p className="lede">
        {data.shopName} sent “{data.subject}” to {data.maskedEmail}: {data.about}. Here is the whole truth of
        why.
      </p>
      <section className="card" aria-labelledby="reasons">
        <h2 id="reasons">Why you were chosen</h2>
        <ul className="checklist">
          {data.reasons.map((r) => (
            <li key={r.code}>{r.text}</li>
          ))}
        </ul>
        {data.scoring ? (
          <p className="hint">
            These reasons counted most when {data.shopName} worked out
            {data.scoring.at ? `, on ${formatDate(data.scoring.at)},` : ""} how likely this email was to be
            useful to you. Its answer: {data.scoring.fit.level.toLowerCase()}. It used {data.scoring.model},
            from your orders with {data.shopName} only.
          </p>
        ) : null}
        {data.objection ? (
          <p className="notice">
            {objectionWords(data.objection, data.shopName, formatDate(data.objection.since))} The reasons
            above are from when this email was prepared.
          </p>
        ) : null}
      </section>
      <section className="card" aria-labelledby="data">
        <h2 id="data">What we used</h2>
        <ul className="checklist">
          {data.dataUsed.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
        {data.clickTracking || data.clicksRecorded > 0 ? (
          <>
            <h3>Links you follow</h3>
            <p>
              {data.shopName} records which links in its emails are followed, to learn which emails are
              useful. {clicksText(data.clicksRecorded)} Whether you open an email is never recorded.
            </p>
          </>
        ) : null}
        <h3>What we did not use to choose you</h3>
        <p>
          Anything not listed above: in particular your age, any notes about you, and anything sensitive such
          as health, religion or ethnicity. We never buy data about you from anyone else.
        </p>
        <p>
          Your age, if we know it, is only ever used to keep marketing email away from anyone under 18, and
          emails about products sold only to adults away from anyone whose age we do not know.
        </p>
      </section>
      <section className="card" aria-labelledby="human">
        <h2 id="human">A person approved it</h2>
        <p>
          Someone at {data.shopName} reviewed who would receive this email and approved it
          {data.approvedAt ? ` on ${formatDate(data.approvedAt)}` : ""}. Nothing is sent automatically.
        </p>
      </section>
      <section className="card" aria-labelledby="control">
        <h2 id="control">Your choices</h2>
        <ul className="checklist">
          <li>
            <a href={data.links.preferences}>
              Choose how often, and about what, you hear from {data.shopName}
            </a>
          </li>
          <li>
            <a href={data.links.data}>See all the data {data.shopName} holds about you, or erase it</a>
          </li>
          <li>
            <a href={data.links.unsubscribe}>Unsubscribe from all marketing email</a>
            {data.objection ? null : `, which also stops ${data.shopName} making predictions about you`}
          </li>
        </ul>
      </section>
    </RecipientFrame>
  );
}
