import { Link } from "@remix-run/react";

export type PeopleList = "in" | "out";

/** The list asked for; without one, who receives it, unless no one does. */
export function peopleList(url: URL, recipients: number): PeopleList {
  const asked = url.searchParams.get("list");
  if (asked === "in" || asked === "out") return asked;
  return recipients === 0 ? "out" : "in";
}

/**
 * Who gets the email and who is left out, one list at a time: both lists of a
 * large campaign on one page made it very long and twice as slow to build.
 * A search looks in both lists at once, so the links are not shown with one.
 */
export function PeopleTabs(props: { list: PeopleList; recipients: number; excluded: number }) {
  const tab = (list: PeopleList, label: string, n: number) => (
    <Link to={`?list=${list}`} aria-current={props.list === list ? "page" : undefined} preventScrollReset>
      {label} ({n.toLocaleString("en-GB")})
    </Link>
  );
  return (
    <nav className="tabs" id="people" aria-label="People in this campaign">
      {tab("in", "Receiving", props.recipients)}
      {tab("out", "Left out", props.excluded)}
    </nav>
  );
}
