import type { LoaderFunctionArgs } from "@remix-run/node";
import { customerDataByToken } from "~/models/customer-data.server";
import { limitRecipientPages } from "~/rate-limit.server";

/** The recipient's data as a JSON file. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  await limitRecipientPages(context);
  const found = customerDataByToken(params.token ?? "");
  if (!found) throw new Response("Not found", { status: 404 });
  return new Response(JSON.stringify(found.data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="my-data.json"',
      "Cache-Control": "no-store",
    },
  });
}
