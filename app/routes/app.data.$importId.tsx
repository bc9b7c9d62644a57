import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { usePolling } from "~/components/use-polling";
import { useShopDateTime } from "~/components/use-shop-time";
import { ProgressBar } from "~/components/progress";
import { IMPORT_STATUS } from "~/components/import-status";
import { confirmImport, getImport, unqueueImport } from "~/models/data.server";
import { producer } from "~/queue.server";
import { requireUser } from "~/session.server";
import { FIELDS, guessMapping, REQUIRED, type Kind } from "../../jobs/import/formats";
import { CsrfInput } from "~/components/csrf-input";

export const meta: MetaFunction = () => [{ title: "Import · Tactful" }];

const KINDS: Kind[] = ["customers", "orders", "products"];
const isKind = (value: unknown): value is Kind => KINDS.includes(value as Kind);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, shop } = await requireUser(request);
  const data = await getImport({ shopId: shop.id, importId: Number(params.importId) });
  if (!data) throw new Response("No such import.", { status: 404 });
  const asked = new URL(request.url).searchParams.get("kind");
  const kind = isKind(asked) ? asked : (data.import.kind ?? "orders");
  const suggested =
    data.file && !data.import.known
      ? data.import.kind === kind && data.import.mapping
        ? data.import.mapping
        : guessMapping(kind, data.file.header)
      : null;
  return json({ ...data, kind, suggested, isOwner: user.role === "owner" });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { shop } = await requireUser(request);
  const ref = { shopId: shop.id, importId: Number(params.importId) };
  const form = await request.formData();
  const kind = form.get("kind");
  if (!isKind(kind)) return json({ errors: ["Choose what the file holds."] }, { status: 400 });
  const mapping: Record<string, string> = {};
  for (const field of Object.keys(FIELDS[kind])) {
    const column = String(form.get(`map.${field}`) ?? "");
    if (column) mapping[field] = column;
  }
  const result = await confirmImport({ ...ref, kind, mapping });
  if (!result.ok) return json({ errors: result.errors }, { status: 400 });
  try {
    await producer.enqueueImport(ref);
  } catch {
    unqueueImport(ref);
    return json(
      { errors: ["The job queue is not reachable right now; try again in a moment."] },
      { status: 503 },
    );
  }
  return redirect(`/app/data/${ref.importId}`);
}

export default function ImportPage() {
  const data = useLoaderData<typeof loader>();
  const formatDateTime = useShopDateTime();
  const item = data.import;
  const active = item.status === "queued" || item.status === "running";
  usePolling(active);

  return (
    <>
      <div className="page-head">
        <div>
          <p>
            <Link to="/app/data">← Data</Link>
          </p>
          <h1>{item.fileName}</h1>
          <p className="lede">
            {item.formatLabel} ·{" "}
            <span className={`badge badge-${item.status}`}>{IMPORT_STATUS[item.status]}</span> · uploaded{" "}
            {formatDateTime(item.createdAt)}
          </p>
        </div>
      </div>
      {item.status === "uploaded" ? <Confirm /> : null}
      {active ? (
        <ImportProgress done={item.bytesDone} total={item.sizeBytes} rows={item.summary?.rows ?? 0} />
      ) : null}
      {item.status === "failed" ? (
        <div className="notice error" role="alert">
          <p>{item.error}</p>
          <p>
            Rows before that point were imported in whole batches and are listed below. Fix the file and
            import it again: rows already imported stay as they are.
          </p>
        </div>
      ) : null}
      {item.status === "done" || item.status === "failed" ? <Report /> : null}
    </>
  );
}

function ImportProgress(props: { done: number; total: number; rows: number }) {
  const percent = props.total > 0 ? Math.min(100, Math.round((props.done / props.total) * 100)) : 0;
  return (
    <section className="card" aria-live="polite">
      <p>
        <strong>Importing</strong> — {props.rows.toLocaleString("en-GB")} rows so far
      </p>
      <ProgressBar percent={percent} label="Import progress" />
    </section>
  );
}

function Confirm() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const file = data.file!;
  const kind = data.kind;
  const fields = FIELDS[kind] as Record<string, string>;
  // "needed", or "needed unless …" for fields that can stand in for each other.
  const needed = new Map(
    REQUIRED[kind].flatMap((oneOf) =>
      oneOf.map((f) => {
        const others = oneOf.filter((o) => o !== f).map((o) => fields[o]);
        return [
          f,
          others.length ? ` (needed unless you choose ${others.join(" or ")})` : " (needed)",
        ] as const;
      }),
    ),
  );
  const known = data.import.known;
  return (
    <>
      <section className="card" aria-labelledby="preview">
        <h2 id="preview">The first rows</h2>
        <p className="hint">
          Read as {file.encodingLabel}, columns separated by{" "}
          {file.delimiter === "\t" ? "tabs" : `“${file.delimiter}”`}.
        </p>
        <div className="table-wrap">
          <table className="list">
            <thead>
              <tr>
                {file.header.map((h, i) => (
                  <th scope="col" key={i}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {file.preview.map((row, r) => (
                <tr key={r}>
                  {file.header.map((_, c) => (
                    <td key={c}>{row[c] ?? ""}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="mapping">
        <h2 id="mapping">{known ? "Recognised columns" : "Match your columns"}</h2>
        {result?.errors ? (
          <div className="notice error" role="alert">
            <ul>
              {result.errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {known ? (
          <dl className="headers">
            {Object.entries(data.import.mapping ?? {}).map(([field, column]) => (
              <div key={field} style={{ display: "contents" }}>
                <dt>{fields[field]}</dt>
                <dd>{column}</dd>
              </div>
            ))}
          </dl>
        ) : (
          <nav aria-label="What the file holds" className="tabs">
            <span>This file holds:</span>
            {KINDS.map((k) => (
              <Link
                key={k}
                to={`?${new URLSearchParams({ ...Object.fromEntries(params), kind: k })}`}
                aria-current={k === kind ? "page" : undefined}
              >
                {k[0].toUpperCase() + k.slice(1)}
              </Link>
            ))}
          </nav>
        )}
        <Form method="post" className="form">
          <CsrfInput />
          <input type="hidden" name="kind" value={kind} />
          {known
            ? null
            : Object.entries(fields).map(([field, label]) => (
                <div className="field" key={`${kind}-${field}`}>
                  <label htmlFor={`map-${field}`}>
                    {label}
                    {needed.get(field) ?? ""}
                  </label>
                  <select
                    id={`map-${field}`}
                    name={`map.${field}`}
                    defaultValue={data.suggested?.[field] ?? ""}
                  >
                    <option value="">— not in this file —</option>
                    {file.header.map((h) => (
                      <option key={h} value={h}>
                        {h}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
          <p className="hint">
            Columns about health, religion, ethnicity or sexuality, and tags like them, are never stored. Rows
            that cannot be imported are listed afterwards with their line number and the reason.
          </p>
          <div>
            <button className="btn btn-primary" type="submit">
              Import {kind}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}

function Counts(props: { title: string; counts: Record<string, number> }) {
  const entries = Object.entries(props.counts);
  return (
    <>
      <dt>{props.title}</dt>
      <dd>
        {entries.length === 0
          ? "none"
          : entries.map(([k, n]) => `${n.toLocaleString("en-GB")} ${k}`).join(", ")}
      </dd>
    </>
  );
}

function Report() {
  const data = useLoaderData<typeof loader>();
  const summary = data.import.summary;
  const issueCounts = Object.entries(summary?.issues ?? {});
  return (
    <>
      <section className="card" aria-labelledby="summary">
        <h2 id="summary">What was imported</h2>
        {summary ? (
          <dl className="headers">
            <dt>Rows read</dt>
            <dd>{summary.rows.toLocaleString("en-GB")}</dd>
            <Counts title="New" counts={summary.created} />
            <Counts title="Updated" counts={summary.updated} />
            <Counts title="Unchanged" counts={summary.unchanged} />
            {summary.removed ? (
              <Counts title="Removed, as cancelled since an earlier import" counts={summary.removed} />
            ) : null}
            {summary.cancelledOrders ? (
              <>
                <dt>Skipped</dt>
                <dd>{`${summary.cancelledOrders.toLocaleString("en-GB")} cancelled orders, with their items`}</dd>
              </>
            ) : null}
          </dl>
        ) : (
          <p>Nothing was imported.</p>
        )}
        {issueCounts.length > 0 ? (
          <div className="table-wrap">
            <table className="list">
              <caption>Issues found</caption>
              <thead>
                <tr>
                  <th scope="col">Issue</th>
                  <th scope="col" className="num">
                    Rows
                  </th>
                </tr>
              </thead>
              <tbody>
                {issueCounts.map(([code, n]) => (
                  <tr key={code}>
                    <td>{data.labels[code as keyof typeof data.labels] ?? code}</td>
                    <td className="num">{n.toLocaleString("en-GB")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {data.isOwner && issueCounts.length > 0 ? (
          <p>
            <a className="btn" href={`/app/data/${data.import.id}/issues.csv`} download>
              Download every issue as CSV
            </a>
          </p>
        ) : null}
      </section>
      <IssueTable
        title={`Rejected rows (${data.rejectedCount.toLocaleString("en-GB")})`}
        rows={data.rejected}
        limit={data.issueLimit}
      />
      {data.refusedCount > 0 ? (
        <IssueTable
          title={`Changes not made, to keep a protection (${data.refusedCount.toLocaleString("en-GB")})`}
          hint="An import may add a protection, never lift one: a withdrawal or unsubscribe stands, and a minor is not made older. The rest of each row was imported."
          rows={data.refused}
          limit={data.issueLimit}
        />
      ) : null}
      <IssueTable title="Imported with a remark" rows={data.noted} limit={data.issueLimit} />
    </>
  );
}

function IssueTable(props: {
  title: string;
  hint?: string;
  rows: { line: number; label: string; detail: string }[];
  limit: number;
}) {
  return (
    <section className="card">
      <h2>{props.title}</h2>
      {props.hint ? <p className="hint">{props.hint}</p> : null}
      {props.rows.length === 0 ? (
        <p className="empty">None.</p>
      ) : (
        <div className="table-wrap">
          <table className="list">
            <thead>
              <tr>
                <th scope="col" className="num">
                  Line
                </th>
                <th scope="col">Reason</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r, i) => (
                <tr key={i}>
                  <td className="num">{r.line}</td>
                  <td>{r.label}</td>
                  <td>{r.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {props.rows.length >= props.limit ? (
            <p className="hint">The first {props.limit}; the CSV has them all.</p>
          ) : null}
        </div>
      )}
    </section>
  );
}
