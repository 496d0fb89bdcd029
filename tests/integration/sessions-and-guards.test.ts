import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { requireAdmin, requireEventRole, requireUser, requireVisibleEvent } from "~/auth/guards.server";
import { validateSessionToken } from "~/auth/session.server";
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, sessionCookieName } from "~/auth/tokens";
import { getDb } from "~/db/client.server";
import { communities, communityOrganisers, eventRoles, events, sessions } from "~/db/schema";
import { action as passwordAction } from "~/routes/account.password";
import { action as sessionsAction, loader as sessionsLoader } from "~/routes/account.sessions";
import { loader as mailboxLoader } from "~/routes/admin.mailbox";
import { loader as healthLoader } from "~/routes/healthz";
import { action as loginAction } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { TEST_PASSWORD, cookieFrom, formRequest, getRequest, makeUser, run, signedInCookie } from "./db";

const tokenOf = (cookie: string) => cookie.slice("session=".length);
const DAY = 24 * 60 * 60 * 1000;

describe("session lifetime", () => {
  it("ends a session idle for 7 days and deletes its row", async () => {
    const user = await makeUser();
    const cookie = await signedInCookie(user);
    await getDb()
      .update(sessions)
      .set({ lastActiveAt: new Date(Date.now() - SESSION_IDLE_MS - 1000) });
    expect(await validateSessionToken(tokenOf(cookie))).toBeNull();
    expect(await getDb().select().from(sessions)).toHaveLength(0);
  });

  it("ends a session 30 days after sign-in even when it was used every day", async () => {
    const user = await makeUser();
    const cookie = await signedInCookie(user);
    await getDb()
      .update(sessions)
      .set({ createdAt: new Date(Date.now() - SESSION_ABSOLUTE_MS - 1000), lastActiveAt: new Date() });
    expect(await validateSessionToken(tokenOf(cookie))).toBeNull();
  });

  it("keeps an active session and records when it was last used", async () => {
    const user = await makeUser();
    const cookie = await signedInCookie(user);
    await getDb()
      .update(sessions)
      .set({ lastActiveAt: new Date(Date.now() - 2 * DAY) });
    const valid = await validateSessionToken(tokenOf(cookie));
    expect(valid?.user.id).toBe(user.id);
    const [row] = await getDb().select().from(sessions);
    expect(Date.now() - row!.lastActiveAt.getTime()).toBeLessThan(60_000);
  });

  it("refuses a token whose secret is wrong, even with the right id", async () => {
    const user = await makeUser();
    const cookie = await signedInCookie(user);
    const [id] = tokenOf(cookie).split(".");
    expect(await validateSessionToken(`${id}.${"a".repeat(24)}`)).toBeNull();
    expect(await validateSessionToken("garbage")).toBeNull();
  });
});

describe("signing in and out", () => {
  const signIn = (email: string, init: { cookie?: string; origin?: string } = {}) =>
    run(
      loginAction,
      new Request(`${init.origin ?? "http://localhost:3000"}/login`, {
        method: "POST",
        body: new URLSearchParams({ email, password: TEST_PASSWORD }),
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          ...(init.cookie ? { Cookie: init.cookie } : {}),
        },
      }),
    );
  const attributesOf = (setCookie: string) => setCookie.split(";").map((part) => part.trim().toLowerCase());

  it("sets a session cookie that scripts cannot read, other sites do not send, for the whole site", async () => {
    const user = await makeUser();
    const outcome = await signIn(user.email);
    expect(outcome.status).toBe(302);
    const attributes = attributesOf(outcome.headers.get("Set-Cookie") ?? "");
    expect(attributes[0]).toMatch(/^session=[a-z2-7]{24}\.[a-z2-7]{24}$/);
    expect(attributes).toEqual(expect.arrayContaining(["httponly", "samesite=lax", "path=/"]));
    expect(attributes.some((attribute) => attribute.startsWith("domain="))).toBe(false);
    // Over plain http (development and these tests) a Secure cookie would never come back.
    expect(attributes).not.toContain("secure");
  });

  it("marks the cookie Secure, with the __Host- prefix, when the site is served over HTTPS", async () => {
    // In production the app is reached over HTTPS (TRUST_PROXY reads it from the load balancer).
    const user = await makeUser();
    const outcome = await signIn(user.email, { origin: "https://hackday.example.org" });
    expect(outcome.status).toBe(302);
    const attributes = attributesOf(outcome.headers.get("Set-Cookie") ?? "");
    expect(attributes[0]!.startsWith(`${sessionCookieName(true).toLowerCase()}=`)).toBe(true);
    expect(sessionCookieName(true)).toBe("__Host-session");
    expect(attributes).toEqual(expect.arrayContaining(["secure", "httponly", "samesite=lax", "path=/"]));
  });

  it("issues a new token at every sign-in and never promotes one planted before it", async () => {
    const user = await makeUser();
    // A well-formed token an attacker set in the victim's browser before they signed in.
    const planted = `${"a".repeat(24)}.${"b".repeat(24)}`;
    const first = cookieFrom(await signIn(user.email, { cookie: `session=${planted}` }));
    expect(first).not.toBe(`session=${planted}`);
    expect(await validateSessionToken(planted)).toBeNull();
    const second = cookieFrom(await signIn(user.email));
    expect(second).not.toBe(first);
    expect((await validateSessionToken(tokenOf(first)))?.user.id).toBe(user.id);
    expect((await validateSessionToken(tokenOf(second)))?.user.id).toBe(user.id);
    expect(await getDb().select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(2);
  });

  it("ends the session at sign-out: the row is deleted and the cookie cleared", async () => {
    const user = await makeUser();
    const cookie = await signedInCookie(user);
    const other = await signedInCookie(user);
    const outcome = await run(logoutAction, formRequest("/logout", {}, { cookie }));
    expect(outcome.status).toBe(302);
    expect(attributesOf(outcome.headers.get("Set-Cookie") ?? "")).toEqual(
      expect.arrayContaining(["session=", "max-age=0"]),
    );
    expect(await validateSessionToken(tokenOf(cookie))).toBeNull();
    const guarded = await run(({ request }) => requireUser(request), getRequest("/account", { cookie }));
    expect(guarded.status).toBe(302);
    expect(guarded.headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
    // Only that device is signed out.
    expect(await validateSessionToken(tokenOf(other))).not.toBeNull();
  });

  it("ends every other session when the password changes, and keeps this one", async () => {
    const user = await makeUser();
    const here = await signedInCookie(user);
    const phone = await signedInCookie(user);
    const laptop = await signedInCookie(user);
    const stranger = await signedInCookie(await makeUser());
    const outcome = await run(
      passwordAction,
      formRequest(
        "/account/password",
        { currentPassword: TEST_PASSWORD, newPassword: "a different passphrase for 2030" },
        { cookie: here },
      ),
    );
    expect(outcome.status).toBe(302);
    expect(await validateSessionToken(tokenOf(phone))).toBeNull();
    expect(await validateSessionToken(tokenOf(laptop))).toBeNull();
    expect((await validateSessionToken(tokenOf(here)))?.user.id).toBe(user.id);
    expect(await validateSessionToken(tokenOf(stranger))).not.toBeNull();
  });

  it("keeps every session when the current password is wrong", async () => {
    const user = await makeUser();
    const here = await signedInCookie(user);
    const phone = await signedInCookie(user);
    const outcome = await run(
      passwordAction,
      formRequest(
        "/account/password",
        { currentPassword: "not the password at all", newPassword: "a different passphrase for 2030" },
        { cookie: here },
      ),
    );
    expect(outcome.status).toBe(400);
    expect(await validateSessionToken(tokenOf(phone))).not.toBeNull();
  });
});

describe("sessions page", () => {
  it("lists only the user's own sessions and cannot end someone else's", async () => {
    const asha = await makeUser();
    const ben = await makeUser();
    const ashaCookie = await signedInCookie(asha);
    const benCookie = await signedInCookie(ben);
    const [benSession] = await getDb().select().from(sessions).where(eq(sessions.userId, ben.id));

    const listed = await run(sessionsLoader, getRequest("/account/sessions", { cookie: ashaCookie }));
    const rows = (listed.data as { sessions: { id: string; isCurrent: boolean }[] }).sessions;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.isCurrent).toBe(true);

    await run(
      sessionsAction,
      formRequest("/account/sessions", { intent: "end", sessionId: benSession!.id }, { cookie: ashaCookie }),
    );
    expect(await validateSessionToken(tokenOf(benCookie))).not.toBeNull();
  });

  it("ends one of the user's other sessions", async () => {
    const asha = await makeUser();
    const here = await signedInCookie(asha);
    const phone = await signedInCookie(asha);
    const phoneId = tokenOf(phone).split(".")[0]!;
    const outcome = await run(
      sessionsAction,
      formRequest("/account/sessions", { intent: "end", sessionId: phoneId }, { cookie: here }),
    );
    expect(outcome.status).toBe(302);
    expect(await validateSessionToken(tokenOf(phone))).toBeNull();
    expect(await validateSessionToken(tokenOf(here))).not.toBeNull();
  });
});

describe("guards", () => {
  async function eventWithRoles() {
    const [community] = await getDb()
      .insert(communities)
      .values({ slug: "leeds", name: "Leeds Code4Health" })
      .returning();
    const [event] = await getDb()
      .insert(events)
      .values({ communityId: community!.id, slug: "leeds-2027", title: "Leeds Hack Day", kind: "hackday" })
      .returning();
    const [otherEvent] = await getDb()
      .insert(events)
      .values({ communityId: community!.id, slug: "other", title: "Other", kind: "challenge" })
      .returning();
    return { community: community!, event: event!, otherEvent: otherEvent! };
  }

  it("sends an anonymous visitor to sign in, and back afterwards", async () => {
    const outcome = await run(({ request }) => requireUser(request), getRequest("/account/sessions?x=1"));
    expect(outcome.status).toBe(302);
    expect(outcome.headers.get("Location")).toBe("/login?redirectTo=%2Faccount%2Fsessions%3Fx%3D1");
  });

  it("refuses administration to a signed-in member with a 403 that says why", async () => {
    const member = await makeUser();
    const outcome = await run(
      ({ request }) => requireAdmin(request),
      getRequest("/admin", { cookie: await signedInCookie(member) }),
    );
    expect(outcome.status).toBe(403);
    expect(outcome.data).toEqual({ message: expect.stringMatching(/platform administrators/) });
    const mailbox = await run(mailboxLoader, getRequest("/admin/mailbox", { cookie: await signedInCookie(member) }));
    expect(mailbox.status).toBe(403);
  });

  it("lets each event role through only where it is held", async () => {
    const { community, event, otherEvent } = await eventWithRoles();
    const organiser = await makeUser();
    const judge = await makeUser();
    const communityOrganiser = await makeUser();
    const admin = await makeUser({ isAdmin: true });
    const stranger = await makeUser();
    await getDb()
      .insert(eventRoles)
      .values([
        { eventId: event.id, userId: organiser.id, role: "organiser" },
        { eventId: event.id, userId: judge.id, role: "judge" },
      ]);
    await getDb().insert(communityOrganisers).values({ communityId: community.id, userId: communityOrganiser.id });

    const check = async (user: typeof organiser, at: typeof event, roles: ("organiser" | "judge")[]) =>
      (
        await run(
          ({ request }) => requireEventRole(request, at, roles),
          getRequest("/events/x/manage", { cookie: await signedInCookie(user) }),
        )
      ).status;

    expect(await check(organiser, event, ["organiser"])).toBe(200);
    expect(await check(organiser, otherEvent, ["organiser"])).toBe(403);
    expect(await check(judge, event, ["organiser"])).toBe(403);
    expect(await check(judge, event, ["judge"])).toBe(200);
    expect(await check(communityOrganiser, otherEvent, ["organiser"])).toBe(200);
    expect(await check(admin, event, ["organiser"])).toBe(200);
    expect(await check(stranger, event, ["organiser", "judge"])).toBe(403);

    const refused = await run(
      ({ request }) => requireEventRole(request, event, ["organiser"]),
      getRequest("/events/x/manage", { cookie: await signedInCookie(judge) }),
    );
    expect(refused.data).toEqual({ message: "You need to be an organiser for this event to see this page." });
  });

  it("counts a session's roles only when its cookie checks out", async () => {
    // A draft event: only its organisers may see it.
    const { event } = await eventWithRoles();
    const organiser = await makeUser();
    await getDb().insert(eventRoles).values({ eventId: event.id, userId: organiser.id, role: "organiser" });
    const cookie = await signedInCookie(organiser);
    const visible = async (cookie: string) =>
      (
        await run(
          ({ request }) => requireVisibleEvent(request, event.slug),
          getRequest(`/events/${event.slug}`, { cookie }),
        )
      ).status;
    expect(await visible(cookie)).toBe(200);

    // The organiser's session named with another secret: the roles are read by the session's id, but
    // nobody is signed in, so they do not count.
    const [name, token] = cookie.split("=") as [string, string];
    const forged = `${name}=${token.split(".")[0]}.${"a".repeat(24)}`;
    expect(await visible(forged)).toBe(404);
    const manage = await run(
      ({ request }) => requireEventRole(request, event, ["organiser"]),
      getRequest(`/events/${event.slug}/manage`, { cookie: forged }),
    );
    expect(manage.status).toBe(302);
  });
});

describe("health check", () => {
  it("answers 200 when the database answers", async () => {
    const outcome = await run(healthLoader, getRequest("/healthz"));
    expect(outcome).toMatchObject({ status: 200, data: "ok" });
  });
});

describe("housekeeping", () => {
  it("deletes ended sessions, expired links and old rate-limit windows, and keeps the rest", async () => {
    const { purgeExpired } = await import("~/services/housekeeping.server");
    const { rateLimits, userTokens } = await import("~/db/schema");
    const user = await makeUser();
    const live = await signedInCookie(user);
    const idleId = tokenOf(await signedInCookie(user)).split(".")[0]!;
    await getDb()
      .update(sessions)
      .set({ lastActiveAt: new Date(Date.now() - SESSION_IDLE_MS - 1) })
      .where(eq(sessions.id, idleId));
    await getDb()
      .insert(userTokens)
      .values([
        { tokenHash: "a".repeat(64), userId: user.id, purpose: "reset_password", expiresAt: new Date(Date.now() - 1) },
        { tokenHash: "b".repeat(64), userId: user.id, purpose: "verify_email", expiresAt: new Date(Date.now() + DAY) },
      ]);
    await getDb()
      .insert(rateLimits)
      .values([
        { key: "old", windowStartedAt: new Date(Date.now() - 2 * DAY), hits: 3 },
        { key: "new", windowStartedAt: new Date(), hits: 3 },
      ]);

    await purgeExpired();

    expect((await getDb().select().from(sessions)).map((s) => s.id)).toEqual([tokenOf(live).split(".")[0]]);
    expect((await getDb().select().from(userTokens)).map((t) => t.purpose)).toEqual(["verify_email"]);
    expect((await getDb().select().from(rateLimits)).map((r) => r.key)).toEqual(["new"]);
  });
});
