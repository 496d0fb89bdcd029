import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  clearSessionCookie,
  generateSecureRandomString,
  hashSecret,
  needsTouch,
  newLinkToken,
  newSessionToken,
  parseSessionToken,
  readCookie,
  secretMatches,
  serializeSessionCookie,
  sessionCookieName,
  sessionState,
} from "~/auth/tokens";

describe("session tokens", () => {
  it("are id.secret with 120 random bits each, and store only the secret's SHA-256", () => {
    const token = newSessionToken();
    expect(token.token).toBe(`${token.id}.${token.secret}`);
    expect(token.id).toMatch(/^[a-z2-7]{24}$/);
    expect(token.secret).toMatch(/^[a-z2-7]{24}$/);
    expect(token.secretHash).toBe(hashSecret(token.secret));
    expect(token.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(token.secretHash).not.toContain(token.secret);
  });

  it("never repeat", () => {
    const seen = new Set(Array.from({ length: 2000 }, () => generateSecureRandomString()));
    expect(seen.size).toBe(2000);
  });

  it("hash as SHA-256 does", () => {
    expect(hashSecret("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("match only their own secret", () => {
    const token = newSessionToken();
    expect(secretMatches(token.secret, token.secretHash)).toBe(true);
    expect(secretMatches(newSessionToken().secret, token.secretHash)).toBe(false);
    expect(secretMatches(token.secret, "not a hash")).toBe(false);
  });

  it("parse only in the exact shape, whatever string arrives", () => {
    const token = newSessionToken();
    expect(parseSessionToken(token.token)).toEqual({ id: token.id, secret: token.secret });
    expect(parseSessionToken(`${token.token}.extra`)).toBeNull();
    expect(parseSessionToken(token.id)).toBeNull();
    expect(parseSessionToken("")).toBeNull();
    fc.assert(
      fc.property(fc.string(), (value) => {
        const parsed = parseSessionToken(value);
        expect(parsed === null || `${parsed.id}.${parsed.secret}` === value).toBe(true);
      }),
    );
  });

  it("make single-use link tokens of 240 bits, stored as a hash", () => {
    const { token, tokenHash } = newLinkToken();
    expect(token).toMatch(/^[a-z2-7]{48}$/);
    expect(tokenHash).toBe(hashSecret(token));
  });
});

describe("session lifetime rules", () => {
  const start = new Date("2026-01-01T00:00:00Z");
  const at = (ms: number) => new Date(start.getTime() + ms);

  it("ends a session after 7 days idle", () => {
    const session = { createdAt: start, lastActiveAt: start };
    expect(sessionState(session, at(SESSION_IDLE_MS - 1))).toBe("active");
    expect(sessionState(session, at(SESSION_IDLE_MS))).toBe("idle-expired");
  });

  it("ends a session 30 days after it began however active it is", () => {
    const session = { createdAt: start, lastActiveAt: at(SESSION_ABSOLUTE_MS - 1000) };
    expect(sessionState(session, at(SESSION_ABSOLUTE_MS - 1))).toBe("active");
    expect(sessionState(session, at(SESSION_ABSOLUTE_MS))).toBe("absolute-expired");
  });

  it("writes last-active at most once an hour", () => {
    expect(needsTouch({ lastActiveAt: start }, at(59 * 60 * 1000))).toBe(false);
    expect(needsTouch({ lastActiveAt: start }, at(60 * 60 * 1000))).toBe(true);
  });
});

describe("session cookie", () => {
  it("is HttpOnly, SameSite=Lax and Path=/ over HTTP", () => {
    expect(serializeSessionCookie("a.b", { secure: false, maxAgeSeconds: 60 })).toBe(
      "session=a.b; Path=/; HttpOnly; SameSite=Lax; Max-Age=60",
    );
  });

  it("takes the __Host- prefix and Secure over HTTPS", () => {
    expect(sessionCookieName(true)).toBe("__Host-session");
    const cookie = serializeSessionCookie("a.b", { secure: true, maxAgeSeconds: 60 });
    expect(cookie).toBe("__Host-session=a.b; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure");
    expect(cookie).not.toContain("Domain");
  });

  it("is cleared with Max-Age=0", () => {
    expect(clearSessionCookie({ secure: false })).toContain("Max-Age=0");
  });

  it("is read from a Cookie header among others", () => {
    expect(readCookie("a=1; session=x.y; b=2", "session")).toBe("x.y");
    expect(readCookie("a=1", "session")).toBeNull();
    expect(readCookie(null, "session")).toBeNull();
    expect(readCookie("__Host-session=z", "session")).toBeNull();
  });
});
