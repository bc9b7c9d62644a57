import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { logout } from "~/session.server";

export const loader = () => redirect("/app");

export async function action({ request }: ActionFunctionArgs) {
  return logout(request);
}
