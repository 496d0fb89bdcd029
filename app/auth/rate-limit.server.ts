// Rate limits for sign-in, sign-up and password reset, counted in the database so that every
// app instance behind a load balancer shares the count.
import { data } from "@remix-run/node";
import { sql } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import { rateLimits } from "~/db/schema";

export interface Limit {
  /** Attempts allowed in one window. */
  max: number;
  windowSeconds: number;
}

// Per address, generous: a whole venue's Wi-Fi shares one public address at a hack day.
// Per account, tight: that is where password guessing is aimed.
export const LIMITS = {
  signIn: { perIp: { max: 100, windowSeconds: 600 }, perAccount: { max: 10, windowSeconds: 600 } },
  signUp: { perIp: { max: 60, windowSeconds: 600 }, perAccount: { max: 5, windowSeconds: 600 } },
  reset: { perIp: { max: 60, windowSeconds: 600 }, perAccount: { max: 5, windowSeconds: 3600 } },
  // Re-entering one's password to confirm an action, such as approving prize money.
  confirmPassword: { perIp: { max: 100, windowSeconds: 600 }, perAccount: { max: 10, windowSeconds: 600 } },
} as const satisfies Record<string, { perIp: Limit; perAccount: Limit }>;

export type LimitedAction = keyof typeof LIMITS;

/**
 * Counts one hit against `key` in a fixed window and says whether it is still within the limit.
 * One statement, so concurrent requests cannot both slip under the limit.
 */
export async function hit(
  key: string,
  limit: Limit,
  now: Date = new Date(),
): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
  const windowStart = sql`${new Date(now.getTime() - limit.windowSeconds * 1000).toISOString()}::timestamptz`;
  const windowOver = sql`${rateLimits.windowStartedAt} <= ${windowStart}`;
  const [row] = await getDb()
    .insert(rateLimits)
    .values({ key, windowStartedAt: now, hits: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        hits: sql`case when ${windowOver} then 1 else ${rateLimits.hits} + 1 end`,
        windowStartedAt: sql`case when ${windowOver} then excluded.window_started_at else ${rateLimits.windowStartedAt} end`,
      },
    })
    .returning();
  if (!row) throw new Error("rate limit upsert returned no row");
  const startedAt = row.windowStartedAt;
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((startedAt.getTime() + limit.windowSeconds * 1000 - now.getTime()) / 1000),
  );
  return { allowed: row.hits <= limit.max, retryAfterSeconds };
}

export interface TooManyRequestsData {
  message: string;
  retryAfterSeconds: number;
}

/**
 * Counts an attempt at `action` from this address and, when given, for this account; throws a
 * 429 response that the error boundary shows as a readable page once either is over its limit.
 */
export async function enforceRateLimit(action: LimitedAction, clientIp: string, account?: string): Promise<void> {
  const limits = LIMITS[action];
  const results = [await hit(`${action}:ip:${clientIp}`, limits.perIp)];
  if (account) results.push(await hit(`${action}:account:${account.toLowerCase()}`, limits.perAccount));
  const refused = results.filter((result) => !result.allowed);
  if (refused.length === 0) return;
  const retryAfterSeconds = Math.max(...refused.map((result) => result.retryAfterSeconds));
  const minutes = Math.ceil(retryAfterSeconds / 60);
  throw data<TooManyRequestsData>(
    {
      message: `There have been too many attempts. For your security, wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`,
      retryAfterSeconds,
    },
    { status: 429, headers: { "Retry-After": String(retryAfterSeconds) } },
  );
}
