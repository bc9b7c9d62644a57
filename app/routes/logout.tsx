import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { logout, logoutEverywhere, requireUser } from "~/session.server";

export const loader = () => redirect("/app");

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireUser(request);
  const form = await request.formData();
  return form.get("everywhere") === "yes" ? logoutEverywhere(request, user.id) : logout(request);
}
