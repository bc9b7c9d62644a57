export type PersonalField = { name: string; example: string; description: string };

export function PersonalFields({ fields }: { fields: PersonalField[] }) {
  return (
    <section className="card" aria-labelledby="fields">
      <h2 id="fields">Personal fields</h2>
      <div className="table-wrap">
        <table className="list">
          <thead>
            <tr>
              <th scope="col">Write</th>
              <th scope="col">What it becomes</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((f) => (
              <tr key={f.name}>
                <td>
                  <code>{f.example}</code>
                </td>
                <td>{f.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
