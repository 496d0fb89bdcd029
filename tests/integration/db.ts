// Helpers for integration tests: empty the tables, make accounts and signed-in requests.
import { sql } from "drizzle-orm";
import { hashPassword } from "~/auth/passwords.server";
import { createSession } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { users, type User } from "~/db/schema";

export async function resetDatabase(): Promise<void> {
  const db = getDb();
  const result = await db.execute<{ tablename: string }>(
    sql`select tablename from pg_tables where schemaname = 'public'`,
  );
  const rows = (Array.isArray(result) ? result : (result as unknown as { rows: { tablename: string }[] }).rows) as {
    tablename: string;
  }[];
  if (rows.length === 0) return;
  const names = rows.map((row) => `"${row.tablename}"`).join(", ");
  await db.execute(sql.raw(`truncate ${names} restart identity cascade`));
}

let counter = 0;
export const TEST_PASSWORD = "correct horse battery staple";
let cachedHash: Promise<string> | undefined;

export async function makeUser(overrides: Partial<typeof users.$inferInsert> = {}): Promise<User> {
  counter++;
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const [user] = await getDb()
    .insert(users)
    .values({
      name: `Test Person ${counter}`,
      email: `person${counter}-${Date.now()}@example.org`,
      passwordHash: await cachedHash,
      emailVerifiedAt: new Date(),
      ...overrides,
    })
    .returning();
  return user!;
}

export const ORIGIN = "http://localhost:3000";

export function formRequest(path: string, fields: Record<string, string>, init: { cookie?: string } = {}): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      ...(init.cookie ? { Cookie: init.cookie } : {}),
    },
  });
}

export function getRequest(path: string, init: { cookie?: string } = {}): Request {
  return new Request(`${ORIGIN}${path}`, { headers: init.cookie ? { Cookie: init.cookie } : {} });
}

export async function signedInCookie(user: User): Promise<string> {
  const { token } = await createSession(user.id, { userAgent: "vitest", ipAddress: "127.0.0.1" });
  return `session=${token}`;
}

export const context = (clientIp = "192.0.2.1") => ({ cspNonce: "test", clientIp });

export interface Outcome {
  status: number;
  data: unknown;
  headers: Headers;
}

/** Runs a loader or action and reads whatever it returns or throws as one outcome. */
export async function run(
  handler: (args: { request: Request; params: Record<string, string>; context: ReturnType<typeof context> }) => unknown,
  request: Request,
  clientIp?: string,
): Promise<Outcome> {
  let value: unknown;
  try {
    value = await handler({ request, params: {}, context: context(clientIp) });
  } catch (thrown) {
    value = thrown;
  }
  if (value instanceof Response) {
    return { status: value.status, data: await value.text(), headers: value.headers };
  }
  if (value && typeof value === "object" && "type" in value && value.type === "DataWithResponseInit") {
    const wrapped = value as unknown as { data: unknown; init: ResponseInit | null };
    return { status: wrapped.init?.status ?? 200, data: wrapped.data, headers: new Headers(wrapped.init?.headers) };
  }
  if (value instanceof Error) throw value;
  return { status: 200, data: value, headers: new Headers() };
}

export function cookieFrom(outcome: Outcome): string {
  const setCookie = outcome.headers.get("Set-Cookie") ?? "";
  return setCookie.split(";")[0]!;
}

type RouteArgs = { request: Request; params: Record<string, string>; context: ReturnType<typeof context> };

/**
 * A route handler for the page of one event or community: its address name as the `slug` param.
 * Takes any loader or action (`never` accepts every parameter type).
 */
export function at(handler: (args: never) => unknown, slug: string) {
  return (args: RouteArgs) => (handler as (args: RouteArgs) => unknown)({ ...args, params: { slug } });
}
