import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getUserId } from "~/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return redirect((await getUserId(request)) === undefined ? "/login" : "/app");
}
