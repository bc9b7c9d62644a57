import { db } from "~/db.server";
import { producer } from "~/queue.server";

/** 200 when SQLite and Redis both answer; what the launcher and load balancers wait on. */
export async function loader() {
  try {
    db.$client.prepare("SELECT 1").get();
    await producer.ping();
    return new Response("OK", { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return new Response(`Unhealthy: ${(error as Error).message}`, { status: 503 });
  }
}
