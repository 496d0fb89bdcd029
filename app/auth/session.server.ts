// Sessions as database rows: created at sign-in, checked on every request, listed and ended
// by their owner. The cookie holds `id.secret`; the row holds only the secret's hash.
import { and, eq, ne, sql } from "drizzle-orm";
import { getDb, preparedStatement, type Queryable } from "~/db/client.server";
import { sessions, users, type Session, type User } from "~/db/schema";
import {
  SESSION_ABSOLUTE_MS,
  clearSessionCookie,
  needsTouch,
  newSessionToken,
  parseSessionToken,
  readCookie,
  secretMatches,
  serializeSessionCookie,
  sessionCookieName,
  sessionState,
} from "./tokens";

export interface SessionMeta {
  userAgent: string;
  ipAddress: string;
}

export function isSecureRequest(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

export async function createSession(
  userId: string,
  meta: SessionMeta,
  db: Queryable = getDb(),
): Promise<{ token: string; session: Session }> {
  const token = newSessionToken();
  const [session] = await db
    .insert(sessions)
    .values({
      id: token.id,
      secretHash: token.secretHash,
      userId,
      userAgent: meta.userAgent.slice(0, 300),
      ipAddress: meta.ipAddress.slice(0, 64),
    })
    .returning();
  return { token: token.token, session: session! };
}

export interface ValidSession {
  session: Session;
  user: User;
}

/** Read on nearly every request, so built once (see preparedStatement). */
const sessionById = preparedStatement((db) =>
  db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder("id")))
    .prepare("session_by_id"),
);

export async function validateSessionToken(token: string, now: Date = new Date()): Promise<ValidSession | null> {
  const parsed = parseSessionToken(token);
  if (!parsed) return null;
  const db = getDb();
  const [row] = await sessionById().execute({ id: parsed.id });
  if (!row || !secretMatches(parsed.secret, row.session.secretHash)) return null;
  if (sessionState(row.session, now) !== "active") {
    await db.delete(sessions).where(eq(sessions.id, row.session.id));
    return null;
  }
  if (needsTouch(row.session, now)) {
    await db.update(sessions).set({ lastActiveAt: now }).where(eq(sessions.id, row.session.id));
    row.session.lastActiveAt = now;
  }
  return row;
}

export function readSessionToken(request: Request): string | null {
  return readCookie(request.headers.get("Cookie"), sessionCookieName(isSecureRequest(request)));
}

/** The id of the session the request's cookie names, unchecked: what belongs to it counts only once validateSessionToken vouches for the cookie. */
export function sessionIdOf(request: Request): string | null {
  const token = readSessionToken(request);
  return (token && parseSessionToken(token)?.id) || null;
}

export function sessionCookieFor(request: Request, token: string): string {
  return serializeSessionCookie(token, {
    secure: isSecureRequest(request),
    maxAgeSeconds: SESSION_ABSOLUTE_MS / 1000,
  });
}

export function clearedSessionCookieFor(request: Request): string {
  return clearSessionCookie({ secure: isSecureRequest(request) });
}

export async function endSession(sessionId: string): Promise<void> {
  await getDb().delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends one of the user's sessions; the user id scopes it so nobody can end another's. */
export async function endUserSession(userId: string, sessionId: string): Promise<boolean> {
  const ended = await getDb()
    .delete(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
    .returning({ id: sessions.id });
  return ended.length > 0;
}

export async function endOtherSessions(
  userId: string,
  keepSessionId: string | null,
  db: Queryable = getDb(),
): Promise<void> {
  await db
    .delete(sessions)
    .where(
      keepSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)) : eq(sessions.userId, userId),
    );
}

export async function listUserSessions(userId: string): Promise<Session[]> {
  const rows = await getDb().select().from(sessions).where(eq(sessions.userId, userId));
  return rows.sort((a, b) => b.lastActiveAt.getTime() - a.lastActiveAt.getTime());
}
