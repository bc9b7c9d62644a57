/** Which of a campaign's links people followed, shown only once someone has. */
export function ClickSummary(props: { people: number; links: { url: string; clicks: number }[] }) {
  if (props.people === 0) return null;
  return (
    <>
      <h3>Links followed</h3>
      <p>
        {props.people.toLocaleString("en-GB")} {props.people === 1 ? "person" : "people"} followed a link in
        this email.
      </p>
      <table className="list">
        <thead>
          <tr>
            <th scope="col">Link</th>
            <th scope="col" className="num">
              Clicks
            </th>
          </tr>
        </thead>
        <tbody>
          {props.links.map((l) => (
            <tr key={l.url}>
              <td className="url">{l.url}</td>
              <td className="num">{l.clicks.toLocaleString("en-GB")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
