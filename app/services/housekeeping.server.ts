// Deletes rows that can no longer be used: ended sessions, expired email links, old rate-limit
// windows. Safe to run on every instance at once; each delete is idempotent.
import { lt, or } from "drizzle-orm";
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from "~/auth/tokens";
import { getDb } from "~/db/client.server";
import { rateLimits, sessions, userTokens } from "~/db/schema";

const RATE_LIMIT_KEEP_MS = 24 * 60 * 60 * 1000;

export async function purgeExpired(now: Date = new Date()): Promise<void> {
  const db = getDb();
  await db
    .delete(sessions)
    .where(
      or(
        lt(sessions.lastActiveAt, new Date(now.getTime() - SESSION_IDLE_MS)),
        lt(sessions.createdAt, new Date(now.getTime() - SESSION_ABSOLUTE_MS)),
      ),
    );
  await db.delete(userTokens).where(lt(userTokens.expiresAt, now));
  await db.delete(rateLimits).where(lt(rateLimits.windowStartedAt, new Date(now.getTime() - RATE_LIMIT_KEEP_MS)));
}

export function startHousekeeping(intervalMs = 60 * 60 * 1000): () => void {
  const timer = setInterval(() => {
    purgeExpired().catch((error) => console.error("[housekeeping] failed", error));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
