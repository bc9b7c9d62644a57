import { mkdir, rm } from "node:fs/promises";
import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { formatDateTime } from "~/components/dates";
import { Field } from "~/components/field";
import { IMPORT_STATUS } from "~/components/import-status";
import {
  dataQuality,
  listImports,
  registerUpload,
  setDataSettings,
  UnreadableUpload,
  uploadDirectory,
} from "~/models/data.server";
import { requireUser } from "~/session.server";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { MalformedUpload, saveUploadedFile, UploadTooLarge } from "~/utils/upload.server";
import { CSRF_FIELD, CsrfInput, useCsrfToken } from "~/components/csrf-input";

export const meta: MetaFunction = () => [{ title: "Data · Tactful" }];

const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, shop } = await requireUser(request);
  return json({
    imports: listImports({ shopId: shop.id }),
    quality: dataQuality({ shopId: shop.id }),
    isOwner: user.role === "owner",
  });
}

const settingsSchema = z.object({
  staleMonths: z.coerce
    .number({ message: "Enter a number of months." })
    .int("Enter a whole number of months.")
    .min(3, "At least 3 months.")
    .max(120, "At most 120 months."),
  openedOn: z.union([z.literal(""), z.iso.date("Enter a date like 2019-04-01.")]),
});

type ActionData = { errors: FieldErrors };

export async function action({ request }: ActionFunctionArgs) {
  const { user, shop } = await requireUser(request);
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.startsWith("multipart/form-data")) {
    if (user.role !== "owner") throw new Response("Only an owner can change this.", { status: 403 });
    const parsed = parseForm(settingsSchema, await request.formData());
    if (!parsed.ok) return json<ActionData>({ errors: parsed.errors }, { status: 400 });
    setDataSettings({
      shopId: shop.id,
      staleMonths: parsed.data.staleMonths,
      openedOn: parsed.data.openedOn || null,
    });
    return redirect("/app/data");
  }

  // Staff may import; the file goes to disk as it arrives, never whole into memory.
  const directory = uploadDirectory(shop.id);
  await mkdir(directory, { recursive: true });
  const refuse = (file: string) => json<ActionData>({ errors: { file } }, { status: 400 });
  let file;
  try {
    file = await saveUploadedFile(request, { directory, field: "file", maxBytes: MAX_UPLOAD_BYTES });
  } catch (error) {
    if (error instanceof UploadTooLarge)
      return refuse("The file is larger than 200 MB; split it and upload the parts.");
    if (error instanceof MalformedUpload) return refuse(`The upload could not be read: ${error.message}`);
    throw error;
  }
  if (!file || file.size === 0) {
    if (file) await rm(file.path, { force: true });
    return refuse("Choose a CSV file to upload.");
  }
  try {
    const created = await registerUpload({
      shopId: shop.id,
      userId: user.id,
      path: file.path,
      fileName: file.fileName,
      size: file.size,
    });
    return redirect(`/app/data/${created.id}`);
  } catch (error) {
    if (error instanceof UnreadableUpload) return refuse(error.message);
    throw error;
  }
}

export default function DataPage() {
  const { imports, quality, isOwner } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const csrf = useCsrfToken();
  const uploading = navigation.state === "submitting" && navigation.formEncType === "multipart/form-data";
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Data</h1>
          <p className="lede">
            Bring in your customers, products and orders, and see what is wrong with them before it reaches an
            email.
          </p>
        </div>
      </div>

      <section className="card" aria-labelledby="upload">
        <h2 id="upload">Import a file</h2>
        <p>
          Shopify&apos;s customers, products and orders exports are recognised as they are. Any other CSV
          file: you match its columns once and we remember them.
        </p>
        <Form
          method="post"
          action={`/app/data?index&${CSRF_FIELD}=${encodeURIComponent(csrf)}`}
          encType="multipart/form-data"
          className="form"
        >
          <Field
            name="file"
            label="CSV file"
            error={result?.errors.file}
            hint="Up to 200 MB. From Excel: save as CSV UTF-8 or as Unicode text."
          >
            {(aria) => <input {...aria} type="file" accept=".csv,.txt,text/csv" required />}
          </Field>
          <div>
            <button className="btn btn-primary" type="submit" disabled={uploading}>
              {uploading ? "Uploading…" : "Upload and preview"}
            </button>
          </div>
        </Form>
      </section>

      <section className="card" aria-labelledby="quality">
        <h2 id="quality">Data quality now</h2>
        {quality.checks.length === 0 ? (
          <p className="empty">Nothing to report.</p>
        ) : (
          <div className="table-wrap">
            <table className="list">
              <thead>
                <tr>
                  <th scope="col">Check</th>
                  <th scope="col" className="num">
                    Count
                  </th>
                  <th scope="col">For example</th>
                </tr>
              </thead>
              <tbody>
                {quality.checks.map((c) => (
                  <tr key={c.code}>
                    <td>{c.label}</td>
                    <td className="num">{c.count.toLocaleString("en-GB")}</td>
                    <td>
                      <small>{c.examples.join(", ")}</small>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {isOwner ? (
          <Form method="post" className="form form-inline">
            <CsrfInput />
            <Field
              name="staleMonths"
              label="Stale after (months)"
              error={result?.errors.staleMonths}
              hint="Customers with no order or consent change for this long are left out of campaigns."
            >
              {(aria) => (
                <input
                  {...aria}
                  type="number"
                  min={3}
                  max={120}
                  defaultValue={quality.settings.staleMonths}
                  required
                />
              )}
            </Field>
            <Field
              name="openedOn"
              label="Shop opened on"
              error={result?.errors.openedOn}
              hint="Orders dated earlier are reported. Leave empty if unsure."
            >
              {(aria) => <input {...aria} type="date" defaultValue={quality.settings.openedOn ?? ""} />}
            </Field>
            <div>
              <button className="btn" type="submit">
                Save
              </button>
            </div>
          </Form>
        ) : (
          <p className="hint">
            Stale after {quality.settings.staleMonths} months
            {quality.settings.openedOn ? `; shop opened on ${quality.settings.openedOn}` : ""}.
          </p>
        )}
      </section>

      <section className="card" aria-labelledby="history">
        <h2 id="history">Imports</h2>
        {imports.length === 0 ? (
          <p className="empty">No imports yet. Upload your first export above.</p>
        ) : (
          <div className="table-wrap">
            <table className="list">
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Format</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Rows
                  </th>
                  <th scope="col">Uploaded</th>
                </tr>
              </thead>
              <tbody>
                {imports.map((i) => (
                  <tr key={i.id}>
                    <td>
                      <Link to={`/app/data/${i.id}`}>{i.fileName}</Link>
                    </td>
                    <td>{i.formatLabel}</td>
                    <td>
                      <span className={`badge badge-${i.status}`}>{IMPORT_STATUS[i.status]}</span>
                    </td>
                    <td className="num">{i.summary ? i.summary.rows.toLocaleString("en-GB") : "—"}</td>
                    <td>{formatDateTime(i.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
