import type { LoaderFunctionArgs } from "@remix-run/node";
import { issuesCsv } from "~/models/data.server";
import { requireUser } from "~/session.server";
import { attachmentDisposition } from "~/utils/content-disposition";

// Staff may import; only an owner takes the shop's data out.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, shop } = await requireUser(request);
  if (user.role !== "owner") throw new Response("Only an owner can download this.", { status: 403 });
  const result = issuesCsv({ shopId: shop.id, importId: Number(params.importId) });
  if (!result) throw new Response("No such import.", { status: 404 });
  const name = result.fileName.replace(/\.[^.]*$/, "");
  return new Response(result.csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": attachmentDisposition(`${name}-issues.csv`),
    },
  });
}
