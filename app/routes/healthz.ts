// For load balancers and uptime checks: 200 when the database answers, 503 when it does not, or
// not within a few seconds (a database that hangs is as unavailable as one that refuses).
import { sql } from "drizzle-orm";
import { databaseUnavailableCode, getDb } from "~/db/client.server";

const DATABASE_WAIT_MS = 5_000;

export async function loader() {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${DATABASE_WAIT_MS / 1000} s`)), DATABASE_WAIT_MS);
  });
  try {
    await Promise.race([getDb().execute(sql`select 1`), timeout]);
    return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
  } catch (error) {
    // The code alone: a failed query's message would repeat it, parameters and all.
    console.error(`[healthz] database did not answer: ${databaseUnavailableCode(error) ?? (error as Error).message}`);
    return new Response("database unavailable", {
      status: 503,
      headers: { "Content-Type": "text/plain", "Cache-Control": "no-store", "Retry-After": "30" },
    });
  } finally {
    clearTimeout(timer);
  }
}
