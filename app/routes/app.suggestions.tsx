import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input";
import { formatDate } from "~/components/dates";
import { useShopDateTime } from "~/components/use-shop-time";
import { usePolling } from "~/components/use-polling";
import {
  isLookingForSuggestions,
  pendingSuggestions,
  requestSuggestions,
  restingSuggestions,
  settleSuggestion,
} from "~/models/suggestion.server";
import { requireUser } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Suggestions · Tactful" }];

const KIND_LABEL = { replenish: "Due to reorder", win_back: "Drifting away", new_product: "New product" };

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireUser(request);
  return json({
    suggestions: pendingSuggestions({ shopId: shop.id }),
    resting: restingSuggestions({ shopId: shop.id }),
    looking: await isLookingForSuggestions({ shopId: shop.id }),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, shop } = await requireUser(request);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "suggest") {
    const result = await requestSuggestions({ shopId: shop.id });
    return json(
      result.ok
        ? { error: null, notice: "Looking for suggestions; they appear here when drafted." }
        : { error: result.error, notice: null },
      { status: result.ok ? 202 : 503 },
    );
  }
  const campaignId = Number(form.get("campaignId"));
  if (!Number.isInteger(campaignId) || (intent !== "accept" && intent !== "dismiss"))
    return json({ error: "That action is not available.", notice: null }, { status: 400 });
  settleSuggestion({ shopId: shop.id, campaignId, userId: user.id, accept: intent === "accept" });
  return json({
    error: null,
    notice: intent === "accept" ? "Accepted: it is in Campaigns, ready for review." : "Dismissed.",
  });
}

export default function Suggestions() {
  const { suggestions, resting, looking } = useLoaderData<typeof loader>();
  const formatDateTime = useShopDateTime();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  // A suggestion appears as soon as it is created and is drafted after: follow the run until all are ready.
  usePolling(looking || suggestions.some((s) => s.status !== "review"));
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Suggestions</h1>
          <p className="lede">
            Campaigns Tactful proposes from your data: customers due to reorder, valued customers drifting
            away, and people a new product fits. Each is drafted, with its audience and reasons, and sends
            nothing until you accept it and then approve it.
          </p>
        </div>
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="suggest" />
          <button className="btn" type="submit" disabled={busy}>
            Look for suggestions now
          </button>
        </Form>
      </div>
      {result?.error ? (
        <p className="notice error" role="alert">
          {result.error}
        </p>
      ) : null}
      {looking ? (
        <p className="notice" role="status">
          Looking for suggestions in your data…
        </p>
      ) : result?.notice ? (
        <p className="notice" role="status">
          {result.notice}
        </p>
      ) : null}
      {suggestions.length === 0 ? (
        <p className="card empty">
          No suggestions waiting. Tactful looks every morning; it only suggests a campaign when at least ten
          customers fit it.
        </p>
      ) : (
        suggestions.map((s) => (
          <section className="card" key={s.id} aria-labelledby={`suggestion-${s.id}`}>
            <p className="hint">
              {KIND_LABEL[s.suggestion.kind]} · suggested {formatDateTime(s.createdAt)}
            </p>
            <h2 id={`suggestion-${s.id}`}>{s.name}</h2>
            <p>{s.suggestion.rationale}</p>
            <p>
              {s.status === "review" ? (
                <Link to={`/app/campaigns/${s.id}`}>
                  Review the {s.recipients.toLocaleString("en-GB")} drafts, who is left out and why
                </Link>
              ) : (
                "Drafting…"
              )}
            </p>
            <div className="button-row">
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="campaignId" value={s.id} />
                <button
                  className="btn btn-primary"
                  type="submit"
                  name="intent"
                  value="accept"
                  disabled={busy}
                >
                  Accept
                </button>
              </Form>
              <Link className="btn" to={`/app/campaigns/${s.id}/edit`}>
                Edit
              </Link>
              <details>
                <summary className="btn">Dismiss…</summary>
                <Form method="post" className="confirm-box">
                  <CsrfInput />
                  <input type="hidden" name="campaignId" value={s.id} />
                  <p>Dismiss this suggestion? It is archived with its drafts; nothing was sent.</p>
                  <button className="btn" type="submit" name="intent" value="dismiss">
                    Yes, dismiss it
                  </button>
                </Form>
              </details>
            </div>
          </section>
        ))
      )}
      {resting.length > 0 ? (
        <section className="card" aria-labelledby="resting">
          <h2 id="resting">Resting</h2>
          <p>
            After suggesting a kind of campaign, or after you approve one, Tactful waits before suggesting
            that kind again, whether you accepted or dismissed it, so that no one is asked the same thing
            twice in a row.
          </p>
          <ul>
            {resting.map((r) => (
              <li key={r.kind}>
                <strong>{KIND_LABEL[r.kind]}</strong>: not suggested again before {formatDate(r.until)} (the
                last one: {formatDate(r.at)}).
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
