// Session tokens and cookie rules after Lucia's session guide: a token is `id.secret`, only the
// SHA-256 of the secret is stored, and the comparison takes the same time whatever the bytes.
import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { decodeHex, encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

export const SESSION_IDLE_MS = 7 * 24 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 30 * 24 * 60 * 60 * 1000;
/** How stale last-active may get before a request writes it again (saves a write per request). */
export const SESSION_TOUCH_MS = 60 * 60 * 1000;

/** 120 bits of randomness, in an alphabet safe for cookies and URLs. */
export function generateSecureRandomString(): string {
  const bytes = new Uint8Array(15);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashSecret(secret: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(secret)));
}

export interface NewSessionToken {
  id: string;
  secret: string;
  secretHash: string;
  token: string;
}

export function newSessionToken(): NewSessionToken {
  const id = generateSecureRandomString();
  const secret = generateSecureRandomString();
  return { id, secret, secretHash: hashSecret(secret), token: `${id}.${secret}` };
}

export function parseSessionToken(token: string): { id: string; secret: string } | null {
  const parts = token.split(".");
  if (parts.length !== 2) return null;
  const [id, secret] = parts as [string, string];
  if (!/^[a-z2-7]{24}$/.test(id) || !/^[a-z2-7]{24}$/.test(secret)) return null;
  return { id, secret };
}

/** Compares the secret's hash with the stored one in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(storedHash)) return false;
  return constantTimeEqual(sha256(new TextEncoder().encode(secret)), decodeHex(storedHash));
}

export type SessionState = "active" | "idle-expired" | "absolute-expired";

export function sessionState(session: { createdAt: Date; lastActiveAt: Date }, now: Date): SessionState {
  if (now.getTime() - session.createdAt.getTime() >= SESSION_ABSOLUTE_MS) return "absolute-expired";
  if (now.getTime() - session.lastActiveAt.getTime() >= SESSION_IDLE_MS) return "idle-expired";
  return "active";
}

export function needsTouch(session: { lastActiveAt: Date }, now: Date): boolean {
  return now.getTime() - session.lastActiveAt.getTime() >= SESSION_TOUCH_MS;
}

/** Over HTTPS the cookie takes the `__Host-` prefix, which browsers only accept with Secure. */
export function sessionCookieName(secure: boolean): string {
  return secure ? "__Host-session" : "session";
}

export function serializeSessionCookie(token: string, options: { secure: boolean; maxAgeSeconds: number }): string {
  const parts = [
    `${sessionCookieName(options.secure)}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
  ];
  if (options.secure) parts.push("Secure");
  return parts.join("; ");
}

export function clearSessionCookie(options: { secure: boolean }): string {
  return serializeSessionCookie("", { secure: options.secure, maxAgeSeconds: 0 });
}

export function readCookie(cookieHeader: string | null, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const index = part.indexOf("=");
    if (index === -1) continue;
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return null;
}

/** A single-use link token (verify email, reset password): 240 bits; only its hash is stored. */
export function newLinkToken(): { token: string; tokenHash: string } {
  const token = generateSecureRandomString() + generateSecureRandomString();
  return { token, tokenHash: hashSecret(token) };
}
