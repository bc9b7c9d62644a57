import { useFetcher } from "@remix-run/react";
import { useEffect } from "react";
import type { Audience } from "../../../jobs/audience/rules";
import type { loader } from "~/routes/app.audience-count";
import { reasonLabel } from "../reason-chart";
import { useDebounced } from "./use-debounced";

const n = (x: number) => x.toLocaleString("en-GB");

/** Who the rules match and who the policy would leave out, refreshed as the rules change. */
export function AudienceCount(props: { audience: Audience | null; featuredCategoryId: string }) {
  const fetcher = useFetcher<typeof loader>();
  const query = useDebounced(
    new URLSearchParams({
      audience: props.audience ? JSON.stringify(props.audience) : "",
      featuredCategoryId: props.featuredCategoryId,
    }).toString(),
    400,
  );
  const { load } = fetcher;
  useEffect(() => {
    load(`/app/audience-count?${query}`);
  }, [load, query]);

  const data = fetcher.data;
  return (
    <div className="audience-count" aria-live="polite" aria-busy={fetcher.state !== "idle"}>
      {!data ? (
        <p className="hint">Counting who matches…</p>
      ) : data.error !== null ? (
        <p className="hint">{data.error}</p>
      ) : (
        <>
          <p>
            <strong>{n(data.count.matching)}</strong> of {n(data.count.customers)} customers match
            {props.audience ? " these rules" : ""}. <strong>{n(data.count.eligible)}</strong> of them can get
            the email now.
          </p>
          {data.count.excluded.length > 0 ? (
            <ul className="reasons" aria-label="Left out by the rules that protect people">
              {data.count.excluded.map((e) => (
                <li key={e.reason}>
                  {reasonLabel(e.reason)}: {n(e.n)}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )}
    </div>
  );
}
