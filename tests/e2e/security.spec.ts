// The app's protections as a browser or an attacker meets them over HTTP: security headers and
// the CSP nonce, refusal of cross-site writes, the sign-in rate limit, sessions that end for real,
// the session cookie's attributes, and the plain answers of /healthz and unknown pages.
import http from "node:http";
import {
  accountNav,
  BASE_URL,
  createVerifiedAccount,
  expect,
  expectNoAxeViolations,
  newAccount,
  screenshot,
  signIn,
  signInOverHttp,
  signOut,
  submitSignIn,
  test,
} from "./helpers";

test.describe("headers", () => {
  test("every page carries the security headers and a fresh CSP nonce on every script", async ({ request }) => {
    const response = await request.get("/");
    expect(response.status()).toBe(200);
    const headers = response.headers();
    const csp = headers["content-security-policy"] ?? "";
    const nonce = /script-src [^;]*'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce, `no nonce in script-src of: ${csp}`).toBeTruthy();
    expect(csp).toMatch(/(^|; )frame-ancestors 'none'(;|$)/);
    expect(csp).toMatch(/(^|; )object-src 'none'(;|$)/);
    expect(csp).toMatch(/(^|; )default-src 'self'(;|$)/);
    expect(csp).toMatch(/(^|; )form-action 'self'(;|$)/);
    expect(csp).not.toContain("'unsafe-inline'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-powered-by"]).toBeUndefined();

    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/gi)].map((match) => match[1] ?? "");
    expect(scripts.length, "the page has scripts").toBeGreaterThan(0);
    for (const attributes of scripts) {
      expect(attributes, "every <script> carries the response's nonce").toContain(`nonce="${nonce}"`);
    }

    const again = await request.get("/");
    const nextNonce = /'nonce-([^']+)'/.exec(again.headers()["content-security-policy"] ?? "")?.[1];
    expect(nextNonce).toBeTruthy();
    expect(nextNonce, "a new nonce for every response").not.toBe(nonce);
  });

  test("the browser runs the page's scripts under the policy", async ({ page }) => {
    // Any script refused by the CSP would be a console error, which fails the test.
    const response = await page.goto("/");
    expect(response?.headers()["content-security-policy"]).toContain("'nonce-");
    const nonces = await page
      .locator("script")
      .evaluateAll((scripts) => scripts.map((script) => (script as HTMLScriptElement).nonce));
    expect(nonces.length).toBeGreaterThan(0);
    expect(new Set(nonces).size).toBe(1);
    expect(nonces[0]).not.toBe("");
    // Client-side navigation works, so the app's scripts ran.
    await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  });

  test("the reset-password page sends no referrer", async ({ request }) => {
    const response = await request.get("/reset-password?token=abc");
    const policies = (response.headers()["referrer-policy"] ?? "").split(",").map((value) => value.trim());
    // Browsers apply the last policy they understand.
    expect(policies.at(-1)).toBe("no-referrer");
  });
});

test.describe("the policy on every kind of page", () => {
  test("each page's scripts carry that response's nonce, and no tag has an inline event handler", async ({
    request,
  }) => {
    const check = async (path: string) => {
      const response = await request.get(path, { maxRedirects: 0 });
      expect([200, 404], path).toContain(response.status());
      const csp = response.headers()["content-security-policy"] ?? "";
      const nonce = /script-src [^;]*'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
      expect(nonce, `${path}: no nonce in ${csp}`).toBeTruthy();
      expect(csp, path).not.toContain("'unsafe-inline'");
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b([^>]*)>/gi)].map((match) => match[1] ?? "");
      expect(scripts.length, `${path} has scripts`).toBeGreaterThan(0);
      for (const attributes of scripts) expect(attributes, path).toContain(`nonce="${nonce}"`);
      // The policy would block an inline handler anyway; the page must not depend on one.
      expect(html, path).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
    };
    for (const path of ["/", "/login", "/signup", "/forgot-password", "/no-such-page"]) await check(path);
    // Signed in (the request context keeps the cookie), the account pages.
    await signInOverHttp(request, await createVerifiedAccount(request));
    for (const path of ["/account", "/account/sessions"]) await check(path);
  });
});

/**
 * Declares a body of `bytes` and sends none of it, reading the answer that comes before the body:
 * a refusal that does not wait for the data. (Sending the data too would race the server closing
 * the connection on it.)
 */
function answerToDeclaredBody(path: string, bytes: number, contentType: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(`${BASE_URL}${path}`, {
      method: "POST",
      headers: { "Content-Type": contentType, "Content-Length": String(bytes) },
    });
    outgoing.on("response", (response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
      outgoing.destroy();
    });
    outgoing.on("error", reject);
    outgoing.flushHeaders();
  });
}

test.describe("request bodies", () => {
  const urlencoded = "application/x-www-form-urlencoded";
  const MB = 1024 * 1024;

  test("a form POST of more than 1 MB is refused with 413 before the app reads it", async ({ request }) => {
    expect(await answerToDeclaredBody("/login", MB + 1, urlencoded)).toBe(413);
    expect(await answerToDeclaredBody("/login", 50 * MB, urlencoded)).toBe(413);
    // Just under the cap, the same form is read and reaches its own checks.
    const underCap = await request.post("/login", {
      data: `email=someone%40example.test&password=${"a".repeat(MB - 100)}`,
      headers: { "Content-Type": urlencoded },
      maxRedirects: 0,
    });
    expect(underCap.status()).toBe(400);
    expect(await underCap.text()).toContain("There is a problem");
  });

  test("the two forms that upload a file may send more, up to their own limit", async () => {
    const multipart = "multipart/form-data; boundary=x";
    for (const [path, allowed, refused] of [
      ["/events/any-event/submission/screenshots", 2.5 * MB, 2.5 * MB + 1],
      ["/events/any-event/manage/submissions/import", 5 * MB, 5 * MB + 1],
    ] as const) {
      // Nobody is signed in: a body the cap lets through meets the sign-in guard, which answers
      // without reading it.
      expect(await answerToDeclaredBody(path, allowed, multipart), path).toBe(302);
      expect(await answerToDeclaredBody(path, refused, multipart), path).toBe(413);
    }
    // Any other form keeps the 1 MB cap.
    expect(await answerToDeclaredBody("/events/any-event/submission", 2 * MB, multipart)).toBe(413);
  });
});

test.describe("cross-site requests", () => {
  const form = { email: "someone@example.test", password: "whatever it is" };

  test("a POST with another site's Origin is refused", async ({ request }) => {
    const response = await request.post("/login", {
      form,
      headers: { Origin: "https://evil.example" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain("Request refused");
  });

  test("a POST the browser marks Sec-Fetch-Site: cross-site is refused", async ({ request }) => {
    for (const secFetchSite of ["cross-site", "same-site"]) {
      const response = await request.post("/login", {
        form,
        headers: { "Sec-Fetch-Site": secFetchSite },
        maxRedirects: 0,
      });
      expect(response.status(), secFetchSite).toBe(403);
    }
  });

  test("a same-origin POST is not refused", async ({ request }) => {
    const response = await request.post("/login", {
      form: { email: "not an email", password: "x" },
      headers: { Origin: BASE_URL, "Sec-Fetch-Site": "same-origin" },
      maxRedirects: 0,
    });
    // Reaches the form's own checks.
    expect(response.status()).toBe(400);
    expect(await response.text()).toContain("There is a problem");
  });

  test("a form on another site cannot sign a person out", async ({ page, request, consoleGuard }) => {
    consoleGuard.expectStatus(403);
    const account = await createVerifiedAccount(request);
    await signIn(page, account);
    await page.route("https://evil.example/**", (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><title>Prize draw</title><form method="post" action="${BASE_URL}/logout"><button>Claim your prize</button></form>`,
      }),
    );
    await page.goto("https://evil.example/prize");
    await page.getByRole("button", { name: "Claim your prize" }).click();
    await expect(page.getByRole("heading", { name: "Request refused" })).toBeVisible();
    await page.goto("/account");
    await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
    await expect(accountNav(page).getByRole("link", { name: account.name })).toBeVisible();
  });
});

test.describe("sign-in rate limit", () => {
  test("the 11th attempt for one account in 10 minutes answers 429 with a readable page", async ({
    page,
    request,
    consoleGuard,
  }, testInfo) => {
    consoleGuard.expectStatus(429);
    const account = await createVerifiedAccount(request);
    for (let attempt = 1; attempt <= 10; attempt++) {
      const response = await request.post("/login", {
        form: { email: account.email, password: `wrong password ${attempt}` },
        maxRedirects: 0,
      });
      expect(response.status(), `attempt ${attempt}`).toBe(400);
    }

    const eleventh = await request.post("/login", {
      form: { email: account.email, password: "wrong password 11" },
      maxRedirects: 0,
    });
    expect(eleventh.status()).toBe(429);
    expect(Number(eleventh.headers()["retry-after"])).toBeGreaterThan(0);
    const html = await eleventh.text();
    expect(html).toContain("Too many attempts");
    expect(html).toMatch(/wait \d+ minutes? and try again/);

    await test.step("even the right password is refused, with a page a person can read", async () => {
      await page.goto("/login");
      const answer = page.waitForResponse(
        (response) => response.url().includes("/login") && response.request().method() === "POST",
      );
      await submitSignIn(page, account.email, account.password);
      expect((await answer).status()).toBe(429);
      await expect(page.getByRole("heading", { level: 1, name: "Too many attempts" })).toBeVisible();
      await expect(
        page.getByText(/There have been too many attempts\. For your security, wait \d+ minutes? and try again\./),
      ).toBeVisible();
      await expect(page.getByRole("banner")).toBeVisible();
      await expect(accountNav(page).getByRole("link", { name: "Sign in" })).toBeVisible();
      await expectNoAxeViolations(page, "the too-many-attempts page");
      await screenshot(page, testInfo, "too-many-attempts-desktop");
    });

    await test.step("other accounts are not affected", async () => {
      const other = await createVerifiedAccount(request, newAccount("unaffected"));
      await signInOverHttp(request, other);
    });
  });
});

test.describe("sessions and cookies", () => {
  test("the session cookie is HttpOnly, SameSite=Lax and for the whole site", async ({ request }) => {
    const account = await createVerifiedAccount(request);
    const { setCookie } = await signInOverHttp(request, account);
    const attributes = setCookie.split(";").map((part) => part.trim().toLowerCase());
    expect(attributes).toContain("httponly");
    expect(attributes).toContain("samesite=lax");
    expect(attributes).toContain("path=/");
    expect(attributes.some((attribute) => attribute.startsWith("domain="))).toBe(false);
    expect(attributes.some((attribute) => /^max-age=\d+$/.test(attribute))).toBe(true);
  });

  test("a session cookie copied before sign-out gives no access after it", async ({ page, context, request }) => {
    const account = await createVerifiedAccount(request);
    await signIn(page, account);
    const cookies = await context.cookies();
    const session = cookies.find((cookie) => cookie.name === "session");
    expect(session, "the browser holds a session cookie").toBeTruthy();
    expect(session!.httpOnly).toBe(true);
    expect(session!.sameSite).toBe("Lax");
    expect(session!.path).toBe("/");
    // HttpOnly: the page's own scripts cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain("session=");

    const copied = `session=${session!.value}`;
    const before = await request.get("/account", { headers: { Cookie: copied }, maxRedirects: 0 });
    expect(before.status()).toBe(200);
    expect(await before.text()).toContain(account.email);

    await signOut(page);
    expect((await context.cookies()).find((cookie) => cookie.name === "session")).toBeUndefined();

    const after = await request.get("/account", { headers: { Cookie: copied }, maxRedirects: 0 });
    expect(after.status()).toBe(302);
    expect(after.headers().location).toBe("/login?redirectTo=%2Faccount");
  });

  test("sign-in only returns to a path on this site", async ({ request, playwright }) => {
    const account = await createVerifiedAccount(request);
    for (const redirectTo of ["https://evil.example/", "//evil.example/", "/\\evil.example", "/account"]) {
      // A new client each time: a signed-in one would be sent away from the sign-in page.
      const client = await playwright.request.newContext({ baseURL: BASE_URL });
      const response = await client.post("/login", {
        form: { email: account.email, password: account.password, redirectTo },
        maxRedirects: 0,
      });
      expect(response.status(), redirectTo).toBe(302);
      expect(response.headers().location, redirectTo).toBe(redirectTo === "/account" ? "/account" : "/");
      await client.dispose();
    }
  });

  test("administration pages need an administrator", async ({ page, request, consoleGuard }) => {
    consoleGuard.expectStatus(403);
    const anonymous = await request.get("/admin", { maxRedirects: 0 });
    expect(anonymous.status()).toBe(302);
    expect(anonymous.headers().location).toBe("/login?redirectTo=%2Fadmin");

    const member = await createVerifiedAccount(request);
    const { cookie } = await signInOverHttp(request, member);
    for (const path of ["/admin", "/admin/users", "/admin/mailbox"]) {
      const response = await request.get(path, { headers: { Cookie: cookie }, maxRedirects: 0 });
      expect(response.status(), path).toBe(403);
    }
    const grant = await request.post("/admin/users", {
      headers: { Cookie: cookie },
      form: { userId: "00000000-0000-4000-8000-000000000000", intent: "grant" },
      maxRedirects: 0,
    });
    expect(grant.status()).toBe(403);

    await signIn(page, member);
    await page.goto("/admin");
    await expect(
      page.getByRole("heading", { level: 1, name: "You do not have permission to see this page" }),
    ).toBeVisible();
    await expect(page.getByText("This page is for platform administrators.")).toBeVisible();
  });
});

test.describe("plain answers", () => {
  test("/healthz answers 200 ok", async ({ request }) => {
    const response = await request.get("/healthz");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("text/plain");
    expect(await response.text()).toBe("ok");
  });

  test("an unknown page answers 404 inside the NHS layout", async ({ page, request, consoleGuard }) => {
    consoleGuard.expectStatus(404);
    const response = await request.get("/no-such-page/at-all");
    expect(response.status()).toBe(404);
    const html = await response.text();
    expect(html).toContain("Page not found");
    expect(html).toContain('class="nhsuk-header"');
    expect(html).toContain('class="nhsuk-footer"');

    const navigation = await page.goto("/no-such-page/at-all");
    expect(navigation?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await expect(page.getByRole("banner")).toBeVisible();
    await expect(page.getByRole("contentinfo")).toBeVisible();
    await expect(page.getByRole("link", { name: "Skip to main content" })).toBeAttached();
    await page.getByRole("main").getByRole("link", { name: "Go to the home page" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Health-tech hack days and challenges" })).toBeVisible();
  });
});
