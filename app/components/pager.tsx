import { Link, useSearchParams } from "@remix-run/react";

/** Previous/next links that keep the other query parameters (e.g. the other list's page). */
export function Pager(props: { param: string; page: number; hasMore: boolean; label: string }) {
  const [params] = useSearchParams();
  const to = (page: number) => {
    const next = new URLSearchParams(params);
    next.set(props.param, String(page));
    return `?${next}`;
  };
  if (props.page === 1 && !props.hasMore) return null;
  return (
    <nav className="pager" aria-label={props.label}>
      {props.page > 1 ? (
        <Link to={to(props.page - 1)} preventScrollReset>
          ← Previous
        </Link>
      ) : null}
      <span>Page {props.page}</span>
      {props.hasMore ? (
        <Link to={to(props.page + 1)} preventScrollReset>
          Next →
        </Link>
      ) : null}
    </nav>
  );
}
