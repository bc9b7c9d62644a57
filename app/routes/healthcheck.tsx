import { db } from "~/db.server";
import { env } from "~/env.server";
import { producer } from "~/queue.server";

/** 200 when SQLite and Redis both answer; what the launcher and load balancers wait on. */
export async function loader() {
  try {
    db.$client.prepare("SELECT 1").get();
    await producer.ping();
    const headers: Record<string, string> = { "Cache-Control": "no-store" };
    if (env.LAUNCH_ID) headers["X-Launch-Id"] = env.LAUNCH_ID;
    return new Response("OK", { headers });
  } catch (error) {
    return new Response(`Unhealthy: ${(error as Error).message}`, { status: 503 });
  }
}
