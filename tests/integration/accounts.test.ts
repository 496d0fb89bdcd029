import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { emailOutbox, sessions, users, userTokens } from "~/db/schema";
import { action as signUpAction } from "~/routes/signup";
import { action as verifyAction } from "~/routes/verify-email";
import { action as loginAction } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { action as forgotAction } from "~/routes/forgot-password";
import { action as resetAction, loader as resetLoader } from "~/routes/reset-password";
import { action as changePasswordAction } from "~/routes/account.password";
import { loader as accountLoader } from "~/routes/account._index";
import { cookieFrom, formRequest, getRequest, makeUser, run, signedInCookie, TEST_PASSWORD } from "./db";

const GOOD_PASSWORD = "marmalade lighthouse quietly";

async function emailsTo(address: string) {
  return getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, address));
}

function linkToken(text: string, path: string): string {
  const match = new RegExp(`${path}\\?token=([a-z2-7]+)`).exec(text);
  if (!match) throw new Error(`no ${path} link in: ${text}`);
  return match[1]!;
}

async function signUpAndConfirm(email: string) {
  await run(signUpAction, formRequest("/signup", { name: "Asha Patel", email, password: GOOD_PASSWORD }));
  const [mail] = await emailsTo(email);
  const token = linkToken(mail!.textBody, "/verify-email");
  return run(verifyAction, formRequest("/verify-email", { token }));
}

describe("sign-up and email verification", () => {
  it("creates an unverified account and writes the confirmation email in the same change", async () => {
    const outcome = await run(
      signUpAction,
      formRequest("/signup", { name: "  Asha Patel ", email: "Asha.Patel@Example.NHS.uk", password: GOOD_PASSWORD }),
    );
    expect(outcome.status).toBe(302);
    expect(outcome.headers.get("Location")).toBe("/check-email");
    const [user] = await getDb().select().from(users).where(eq(users.email, "asha.patel@example.nhs.uk"));
    expect(user).toMatchObject({ name: "Asha Patel", emailVerifiedAt: null, isAdmin: false });
    expect(user!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const mails = await emailsTo("asha.patel@example.nhs.uk");
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("Confirm your email address");
    expect(mails[0]!.textBody).toContain("http://localhost:3000/verify-email?token=");
  });

  it("stores only the hash of the emailed token, and the link works once", async () => {
    await run(
      signUpAction,
      formRequest("/signup", { name: "Asha", email: "asha@example.org", password: GOOD_PASSWORD }),
    );
    const [mail] = await emailsTo("asha@example.org");
    const token = linkToken(mail!.textBody, "/verify-email");
    const stored = await getDb().select().from(userTokens);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).not.toContain(token);
    expect(stored[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);

    const first = await run(verifyAction, formRequest("/verify-email", { token }));
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe("/login?verified=1");
    const [user] = await getDb().select().from(users).where(eq(users.email, "asha@example.org"));
    expect(user!.emailVerifiedAt).toBeInstanceOf(Date);

    const second = await run(verifyAction, formRequest("/verify-email", { token }));
    expect(second).toMatchObject({ status: 200, data: { invalid: true } });
  });

  it("refuses short, common and missing values with a message per field and keeps what was typed", async () => {
    const short = await run(
      signUpAction,
      formRequest("/signup", { name: "Asha", email: "asha@example.org", password: "short" }),
    );
    expect(short.status).toBe(400);
    expect(short.data).toEqual({
      errors: { password: "Password must be 12 characters or more" },
      values: { name: "Asha", email: "asha@example.org" },
    });

    const common = await run(
      signUpAction,
      formRequest("/signup", { name: "Asha", email: "asha@example.org", password: "qwertyuiop123" }),
    );
    expect(common.status).toBe(400);
    expect((common.data as { errors: Record<string, string> }).errors.password).toMatch(/most common passwords/);

    const missing = await run(signUpAction, formRequest("/signup", {}));
    expect(missing.status).toBe(400);
    expect((missing.data as { errors: Record<string, string> }).errors).toEqual({
      name: "Enter your full name",
      email: "Enter your email address",
      password: "Enter a password",
    });
    expect(await getDb().select().from(users)).toHaveLength(0);
  });

  it("refuses a form whose honeypot field was filled", async () => {
    const outcome = await run(
      signUpAction,
      formRequest("/signup", {
        name: "Bot",
        email: "bot@example.org",
        password: GOOD_PASSWORD,
        contact_me_by_fax_only: "x",
      }),
    );
    expect(outcome.status).toBe(400);
    expect(await getDb().select().from(users)).toHaveLength(0);
  });

  it("does not reveal an existing account: same answer, and the owner is told by email", async () => {
    const existing = await makeUser({ email: "taken@example.org" });
    const outcome = await run(
      signUpAction,
      formRequest("/signup", { name: "Someone", email: "TAKEN@example.org", password: GOOD_PASSWORD }),
    );
    expect(outcome.status).toBe(302);
    expect(outcome.headers.get("Location")).toBe("/check-email");
    const [user] = await getDb().select().from(users).where(eq(users.email, "taken@example.org"));
    expect(user!.passwordHash).toBe(existing.passwordHash);
    const mails = await emailsTo("taken@example.org");
    expect(mails.map((mail) => mail.subject)).toEqual(["You already have an account"]);
  });
});

describe("sign-in and sign-out", () => {
  it("refuses an unverified account and sends a fresh confirmation link", async () => {
    await run(
      signUpAction,
      formRequest("/signup", { name: "Asha", email: "asha@example.org", password: GOOD_PASSWORD }),
    );
    const outcome = await run(
      loginAction,
      formRequest("/login", { email: "asha@example.org", password: GOOD_PASSWORD }),
    );
    expect(outcome.status).toBe(400);
    expect((outcome.data as { errors: Record<string, string> }).errors.email).toMatch(/Confirm your email address/);
    expect(await emailsTo("asha@example.org")).toHaveLength(2);
    expect(await getDb().select().from(sessions)).toHaveLength(0);
  });

  it("signs a verified person in with a session cookie and refuses a wrong password", async () => {
    await signUpAndConfirm("asha@example.org");
    const wrong = await run(
      loginAction,
      formRequest("/login", { email: "asha@example.org", password: "not the password" }),
    );
    expect(wrong.status).toBe(400);
    expect(wrong.data).toEqual({
      errors: { email: "Enter a correct email address and password" },
      values: { email: "asha@example.org", redirectTo: "" },
    });

    const unknown = await run(
      loginAction,
      formRequest("/login", { email: "nobody@example.org", password: GOOD_PASSWORD }),
    );
    expect(unknown.data).toMatchObject({ errors: { email: "Enter a correct email address and password" } });

    const right = await run(
      loginAction,
      formRequest("/login", { email: "ASHA@example.org", password: GOOD_PASSWORD, redirectTo: "/account" }),
    );
    expect(right.status).toBe(302);
    expect(right.headers.get("Location")).toBe("/account");
    const setCookie = right.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/^session=[a-z2-7]{24}\.[a-z2-7]{24}; /);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");
    expect(setCookie).toContain("Path=/");
    const [session] = await getDb().select().from(sessions);
    expect(setCookie).not.toContain(session!.secretHash);

    const account = await run(accountLoader, getRequest("/account", { cookie: cookieFrom(right) }));
    expect(account).toMatchObject({ status: 200, data: { email: "asha@example.org" } });
  });

  it("never redirects off the site after sign-in", async () => {
    await signUpAndConfirm("asha@example.org");
    for (const redirectTo of ["https://evil.example/", "//evil.example", "/\\evil.example"]) {
      const outcome = await run(
        loginAction,
        formRequest("/login", { email: "asha@example.org", password: GOOD_PASSWORD, redirectTo }),
      );
      expect(outcome.headers.get("Location")).toBe("/");
    }
  });

  it("gives a new session token at every sign-in", async () => {
    await signUpAndConfirm("asha@example.org");
    const first = await run(loginAction, formRequest("/login", { email: "asha@example.org", password: GOOD_PASSWORD }));
    const second = await run(
      loginAction,
      formRequest("/login", { email: "asha@example.org", password: GOOD_PASSWORD }),
    );
    expect(cookieFrom(first)).not.toBe(cookieFrom(second));
  });

  it("sign-out deletes the session row, so the old cookie no longer works", async () => {
    const user = await makeUser();
    const cookie = await signedInCookie(user);
    const outcome = await run(logoutAction, formRequest("/logout", {}, { cookie }));
    expect(outcome.status).toBe(302);
    expect(outcome.headers.get("Set-Cookie")).toContain("Max-Age=0");
    expect(await getDb().select().from(sessions)).toHaveLength(0);
    const account = await run(accountLoader, getRequest("/account", { cookie }));
    expect(account.status).toBe(302);
    expect(account.headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
  });
});

describe("password reset", () => {
  it("emails a single-use link that sets a new password and ends every session", async () => {
    const user = await makeUser({ email: "nurse@example.org" });
    const cookie = await signedInCookie(user);
    const asked = await run(forgotAction, formRequest("/forgot-password", { email: "nurse@example.org" }));
    expect(asked).toMatchObject({ status: 200, data: { sent: true } });
    const [mail] = await emailsTo("nurse@example.org");
    expect(mail!.subject).toBe("Reset your password");
    const token = linkToken(mail!.textBody, "/reset-password");

    const page = await run(resetLoader, getRequest(`/reset-password?token=${token}`));
    expect(page.data).toEqual({ token });

    const reset = await run(resetAction, formRequest("/reset-password", { token, password: GOOD_PASSWORD }));
    expect(reset.status).toBe(302);
    expect(reset.headers.get("Location")).toBe("/login?reset=1");
    expect(await getDb().select().from(sessions)).toHaveLength(0);
    expect((await run(accountLoader, getRequest("/account", { cookie }))).status).toBe(302);

    const oldPassword = await run(
      loginAction,
      formRequest("/login", { email: "nurse@example.org", password: TEST_PASSWORD }),
    );
    expect(oldPassword.status).toBe(400);
    const newPassword = await run(
      loginAction,
      formRequest("/login", { email: "nurse@example.org", password: GOOD_PASSWORD }),
    );
    expect(newPassword.status).toBe(302);

    const again = await run(
      resetAction,
      formRequest("/reset-password", { token, password: "another good passphrase" }),
    );
    expect(again.status).toBe(400);
    expect((again.data as { errors: Record<string, string> }).errors._form).toMatch(/expired or has already been used/);
  });

  it("points the link at the configured address whatever Host the request names", async () => {
    await makeUser({ email: "nurse@example.org" });
    const forged = new Request("http://evil.example/forgot-password", {
      method: "POST",
      body: new URLSearchParams({ email: "nurse@example.org" }),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Host: "evil.example" },
    });
    await run(forgotAction, forged);
    const [mail] = await emailsTo("nurse@example.org");
    expect(mail!.textBody).toContain("http://localhost:3000/reset-password?token=");
    expect(mail!.textBody).not.toContain("evil.example");
  });

  it("refuses a link older than an hour", async () => {
    await makeUser({ email: "nurse@example.org" });
    await run(forgotAction, formRequest("/forgot-password", { email: "nurse@example.org" }));
    const [mail] = await emailsTo("nurse@example.org");
    const token = linkToken(mail!.textBody, "/reset-password");
    const [stored] = await getDb().select().from(userTokens);
    const expiresInMinutes = (stored!.expiresAt.getTime() - Date.now()) / 60_000;
    expect(expiresInMinutes).toBeGreaterThan(59);
    expect(expiresInMinutes).toBeLessThanOrEqual(60);
    await getDb()
      .update(userTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) });
    expect((await run(resetLoader, getRequest(`/reset-password?token=${token}`))).data).toEqual({ token: null });
    const reset = await run(resetAction, formRequest("/reset-password", { token, password: GOOD_PASSWORD }));
    expect(reset.status).toBe(400);
  });

  it("answers the same for an unknown address and sends nothing", async () => {
    const asked = await run(forgotAction, formRequest("/forgot-password", { email: "nobody@example.org" }));
    expect(asked).toMatchObject({ status: 200, data: { sent: true } });
    expect(await getDb().select().from(emailOutbox)).toHaveLength(0);
  });
});

describe("change password", () => {
  it("needs the current password, keeps this session and ends the others", async () => {
    const user = await makeUser();
    const here = await signedInCookie(user);
    const elsewhere = await signedInCookie(user);

    const wrong = await run(
      changePasswordAction,
      formRequest(
        "/account/password",
        { currentPassword: "wrong password!", newPassword: GOOD_PASSWORD },
        { cookie: here },
      ),
    );
    expect(wrong.status).toBe(400);
    expect(wrong.data).toMatchObject({ errors: { currentPassword: "Your current password is not correct" } });

    const changed = await run(
      changePasswordAction,
      formRequest(
        "/account/password",
        { currentPassword: TEST_PASSWORD, newPassword: GOOD_PASSWORD },
        { cookie: here },
      ),
    );
    expect(changed.status).toBe(302);
    expect((await run(accountLoader, getRequest("/account", { cookie: here }))).status).toBe(200);
    expect((await run(accountLoader, getRequest("/account", { cookie: elsewhere }))).status).toBe(302);
  });
});
