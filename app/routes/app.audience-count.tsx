import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { AudienceSchema } from "../../jobs/audience/rules";
import { audienceCount } from "~/models/audience.server";
import { requireUser } from "~/session.server";

// Fetched by the builder as the rules change: how many customers the rules
// match and how many of them the policy would leave out, by reason.
export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireUser(request);
  const url = new URL(request.url);
  const raw = url.searchParams.get("audience") ?? "";
  let audience = null;
  if (raw.trim()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    const result = AudienceSchema.safeParse(parsed);
    if (!result.success) {
      const problem = result.error.issues[0]?.message;
      return json({ error: `Finish the rule to see who matches${problem ? `: ${problem}` : "."}` }, 400);
    }
    audience = result.data;
  }
  const category = Number(url.searchParams.get("featuredCategoryId") || "0");
  const featuredCategoryId = Number.isInteger(category) && category > 0 ? category : null;
  const result = audienceCount({ shopId: shop.id, audience, featuredCategoryId });
  return result.error === null ? json(result) : json({ error: result.error }, 400);
}
