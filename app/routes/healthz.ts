// For load balancers and uptime checks: 200 when the database answers, 503 when it does not.
import { sql } from "drizzle-orm";
import { getDb } from "~/db/client.server";

export async function loader() {
  try {
    await getDb().execute(sql`select 1`);
    return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
  } catch (error) {
    console.error("[healthz] database did not answer", error);
    return new Response("database unavailable", { status: 503, headers: { "Content-Type": "text/plain" } });
  }
}
