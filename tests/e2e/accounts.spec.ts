// Accounts from the outside: signing up, confirming the address, signing in and out, the form
// errors people meet, forgotten and changed passwords, and the sessions page.
import type { Page } from "@playwright/test";
import {
  accountNav,
  BASE_URL,
  createVerifiedAccount,
  expect,
  fillSignUpForm,
  linkFrom,
  newAccount,
  signIn,
  signOut,
  strongPassword,
  submitSignIn,
  test,
  uniqueEmail,
  verifyByEmailedLink,
  waitForEmail,
} from "./helpers";

function errorSummary(page: Page) {
  return page.locator(".nhsuk-error-summary");
}

async function expectErrorSummary(page: Page, messages: string[]) {
  const summary = errorSummary(page);
  await expect(summary).toBeVisible();
  await expect(summary.getByRole("heading", { name: "There is a problem" })).toBeVisible();
  await expect(summary.getByRole("listitem")).toHaveText(messages);
  // The summary takes focus, so a screen reader reads it first.
  await expect(summary).toBeFocused();
}

test.describe("signing up and signing in", () => {
  test("a new person signs up, confirms the address, signs in and signs out", { tag: "@phone" }, async ({ page }) => {
    const account = newAccount("newcomer", "Grace Okafor");

    let link = "";
    await test.step("sign up and confirm by the emailed link", async () => {
      await page.goto("/");
      await page.getByRole("main").getByRole("link", { name: "Create an account" }).click();
      await expect(page).toHaveURL(/\/signup$/);
      await fillSignUpForm(page, account);
      await expect(page).toHaveURL(/\/check-email$/);
      await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();
      link = await verifyByEmailedLink(page, account.email);
      expect(link).toMatch(new RegExp(`^${BASE_URL.replace(/\./g, "\\.")}/verify-email\\?token=[a-z2-7]{48}$`));
    });

    await test.step("the confirmation link works once", async () => {
      await page.goto(link);
      await page.getByRole("button", { name: "Confirm email address" }).click();
      await expect(
        page.getByRole("heading", { level: 1, name: "This link has expired or has already been used" }),
      ).toBeVisible();
      await page.getByRole("main").getByRole("link", { name: "sign in" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
    });

    await test.step("sign in and see the name in the header", async () => {
      await signIn(page, account);
      await expect(page).toHaveURL(`${BASE_URL}/`);
      await accountNav(page).getByRole("link", { name: account.name }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
      await expect(page.getByText(account.email)).toBeVisible();
      await expect(page.getByText("Member", { exact: true })).toBeVisible();
      // Not the first account, so not offered the administrator role, and no admin menu.
      await expect(page.getByRole("link", { name: "Finish setting up the platform" })).toHaveCount(0);
      await expect(
        page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Administration" }),
      ).toHaveCount(0);
    });

    await test.step("sign out; the account page then asks to sign in", async () => {
      await signOut(page);
      await expect(page).toHaveURL(`${BASE_URL}/`);
      await page.goto("/account");
      await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
      await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
    });

    await test.step("signing in from there returns to the account page", async () => {
      await submitSignIn(page, account.email, account.password);
      await expect(page).toHaveURL(/\/account$/);
      await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
    });
  });

  test(
    "a wrong password shows the error summary and keeps the email address",
    { tag: "@phone" },
    async ({ page, request, consoleGuard }) => {
      consoleGuard.expectStatus(400);
      const account = await createVerifiedAccount(request);
      await page.goto("/login");
      await submitSignIn(page, account.email, "not the right password");
      await expectErrorSummary(page, ["Enter a correct email address and password"]);
      await expect(page.locator(".nhsuk-error-message")).toHaveText([
        "Error: Enter a correct email address and password",
      ]);
      await expect(page.getByLabel("Email address")).toHaveValue(account.email);
      await expect(page.getByLabel("Email address")).toHaveAttribute("aria-describedby", "email-error");
      await expect(accountNav(page).getByRole("link", { name: "Sign in" })).toBeVisible();
      // The summary links to the field it is about.
      await expect(
        errorSummary(page).getByRole("link", { name: "Enter a correct email address and password" }),
      ).toHaveAttribute("href", "#email");

      await test.step("an empty form names each missing field", async () => {
        await page.goto("/login");
        await page.getByRole("button", { name: "Sign in" }).click();
        await expectErrorSummary(page, ["Enter your email address", "Enter your password"]);
      });

      await test.step("the right password then works", async () => {
        await signIn(page, account);
      });
    },
  );

  test("a password shorter than 12 characters is refused and the values typed are kept", async ({
    page,
    request,
    consoleGuard,
  }) => {
    consoleGuard.expectStatus(400);
    const account = { name: "Tomasz Nowak", email: uniqueEmail("short"), password: "Short pass" };
    await fillSignUpForm(page, account);
    await expect(page).toHaveURL(/\/signup$/);
    await expectErrorSummary(page, ["Password must be 12 characters or more"]);
    await expect(page.locator(".nhsuk-error-message")).toHaveText(["Error: Password must be 12 characters or more"]);
    await expect(page.locator(".nhsuk-form-group--error")).toHaveCount(1);
    await expect(page.getByLabel("Full name")).toHaveValue(account.name);
    await expect(page.getByLabel("Email address")).toHaveValue(account.email);
    await expect(page.getByLabel("Password", { exact: true })).toHaveAttribute(
      "aria-describedby",
      "password-hint password-error",
    );

    await test.step("without JavaScript too, and the password is never sent back", async () => {
      const response = await request.post("/signup", { form: { ...account } });
      expect(response.status()).toBe(400);
      const html = await response.text();
      expect(html).toContain("Password must be 12 characters or more");
      expect(html).toContain(`value="${account.email}"`);
      expect(html).toContain(`value="${account.name}"`);
      expect(html).not.toContain(account.password);
    });

    await test.step("an empty form names every field", async () => {
      await page.goto("/signup");
      await page.getByRole("button", { name: "Create account" }).click();
      await expectErrorSummary(page, ["Enter your full name", "Enter your email address", "Enter a password"]);
      await expect(page.locator(".nhsuk-error-message")).toHaveCount(3);
      // Each message in the summary takes you to its field.
      await errorSummary(page).getByRole("link", { name: "Enter a password" }).click();
      await expect(page.getByLabel("Password", { exact: true })).toBeFocused();
    });

    await test.step("an email address in the wrong format", async () => {
      await fillSignUpForm(page, { ...account, email: "not-an-email", password: strongPassword() });
      await expectErrorSummary(page, ["Enter an email address in the correct format, like name@example.nhs.uk"]);
      await expect(page.getByLabel("Email address")).toHaveValue("not-an-email");
      await expect(page.getByLabel("Full name")).toHaveValue(account.name);
    });
  });

  test("a common password is refused", async ({ page, consoleGuard }) => {
    consoleGuard.expectStatus(400);
    for (const password of ["qwertyuiop123", "password1234"]) {
      await test.step(password, async () => {
        const email = uniqueEmail("common");
        await fillSignUpForm(page, { name: "Sam Jones", email, password });
        await expect(page).toHaveURL(/\/signup$/);
        await expectErrorSummary(page, [
          "Password is one of the most common passwords. Choose one that is harder to guess, such as three random words",
        ]);
        await expect(page.getByLabel("Email address")).toHaveValue(email);
      });
    }
  });

  test("an unconfirmed account is sent a new link when it tries to sign in", async ({ page, consoleGuard }) => {
    consoleGuard.expectStatus(400);
    const account = newAccount("unconfirmed", "Noor Rahman");
    await fillSignUpForm(page, account);
    await expect(page).toHaveURL(/\/check-email$/);
    const first = await waitForEmail(account.email, "Confirm your email address");
    expect(first.text).toContain(`Hello ${account.name},`);
    const firstLink = linkFrom(first.text, "/verify-email");
    expect(firstLink.startsWith(`${BASE_URL}/verify-email?token=`)).toBe(true);

    await submitSignIn(page, account.email, account.password);
    await expectErrorSummary(page, [
      "Confirm your email address before you sign in. We have sent you a new link: check your email",
    ]);
    await expect(accountNav(page).getByRole("link", { name: "Sign in" })).toBeVisible();

    await test.step("the new link replaces the first one", async () => {
      await page.goto(firstLink);
      await page.getByRole("button", { name: "Confirm email address" }).click();
      await expect(
        page.getByRole("heading", { level: 1, name: "This link has expired or has already been used" }),
      ).toBeVisible();
      await verifyByEmailedLink(page, account.email);
    });

    await test.step("now signing in works", async () => {
      await signIn(page, account);
    });
  });

  test("signing up with an address that has an account reveals nothing and tells the owner", async ({
    page,
    request,
  }) => {
    const owner = await createVerifiedAccount(request);
    await fillSignUpForm(page, { name: "Someone Else", email: owner.email.toUpperCase(), password: strongPassword() });
    // The same answer as for a new address.
    await expect(page).toHaveURL(/\/check-email$/);
    const notice = await waitForEmail(owner.email, "You already have an account");
    expect(linkFrom(notice.text, "/forgot-password")).toBe(`${BASE_URL}/forgot-password`);
    // The owner's password still works; the attempt changed nothing.
    await page.goto("/login");
    await signIn(page, owner);
  });
});

test.describe("passwords", () => {
  test("a forgotten password is reset by the emailed link, which works once", async ({
    page,
    request,
    newContext,
    consoleGuard,
  }) => {
    consoleGuard.expectStatus(400);
    const account = await createVerifiedAccount(request);
    const newPassword = strongPassword();

    const elsewhere = await (await newContext()).newPage();
    await test.step("signed in on another device", async () => {
      await signIn(elsewhere, account);
    });

    await test.step("ask for a reset link", async () => {
      await page.goto("/login");
      await page.getByRole("link", { name: "Forgotten your password?" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Reset your password" })).toBeVisible();
      await page.getByLabel("Email address").fill(account.email);
      await page.getByRole("button", { name: "Send reset link" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();
    });

    const link = linkFrom((await waitForEmail(account.email, "Reset your password")).text, "/reset-password");
    expect(link.startsWith(`${BASE_URL}/reset-password?token=`)).toBe(true);

    await test.step("a too-short new password is refused", async () => {
      await page.goto(link);
      await expect(page.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
      await page.getByLabel("New password").fill("too short");
      await page.getByRole("button", { name: "Change password" }).click();
      await expectErrorSummary(page, ["New password must be 12 characters or more"]);
    });

    await test.step("choose a new password", async () => {
      await page.getByLabel("New password").fill(newPassword);
      await page.getByRole("button", { name: "Change password" }).click();
      await expect(page).toHaveURL(/\/login\?reset=1$/);
      await expect(page.getByText("Your password has been changed. Sign in with your new password.")).toBeVisible();
    });

    await test.step("the other device has been signed out", async () => {
      await elsewhere.goto("/account");
      await expect(elsewhere).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
    });

    await test.step("the old password no longer works", async () => {
      await submitSignIn(page, account.email, account.password);
      await expectErrorSummary(page, ["Enter a correct email address and password"]);
    });

    await test.step("the new one does", async () => {
      await signIn(page, { ...account, password: newPassword });
      await signOut(page);
    });

    await test.step("the link cannot be used again", async () => {
      await page.goto(link);
      await expect(
        page.getByRole("heading", { level: 1, name: "This link has expired or has already been used" }),
      ).toBeVisible();
      await expect(page.getByLabel("New password")).toHaveCount(0);
      await page.getByRole("link", { name: "Ask for a new link" }).click();
      await expect(page).toHaveURL(/\/forgot-password$/);
    });
  });

  test("asking to reset the password of an unknown address looks the same and sends nothing", async ({
    page,
    request,
  }) => {
    const unknown = uniqueEmail("nobody");
    await page.goto("/forgot-password");
    await page.getByLabel("Email address").fill(unknown);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();
    await expect(page.getByText("If the address you entered has an account, we have sent it a link")).toBeVisible();
    // Meanwhile a known address does get its email, so the mail catcher is known to be working.
    const known = await createVerifiedAccount(request);
    await request.post("/forgot-password", { form: { email: known.email } });
    await waitForEmail(known.email, "Reset your password");
    await expect(waitForEmail(unknown, /./, { timeout: 1_000 })).rejects.toThrow(/No email/);
  });

  test("changing the password signs out every other session", async ({ page, request, newContext, consoleGuard }) => {
    consoleGuard.expectStatus(400);
    const account = await createVerifiedAccount(request);
    const newPassword = strongPassword();
    const other = await (await newContext()).newPage();
    await signIn(page, account);
    await signIn(other, account);

    await test.step("a wrong current password is refused", async () => {
      await page.goto("/account");
      await page.getByRole("link", { name: "Change your password" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Change your password" })).toBeVisible();
      await page.getByLabel("Current password").fill("not my password at all");
      await page.getByLabel("New password").fill(newPassword);
      await page.getByRole("button", { name: "Change password" }).click();
      await expectErrorSummary(page, ["Your current password is not correct"]);
    });

    await test.step("the right one changes it", async () => {
      await page.getByLabel("Current password").fill(account.password);
      await page.getByLabel("New password").fill(newPassword);
      await page.getByRole("button", { name: "Change password" }).click();
      await expect(page).toHaveURL(/\/account\/sessions\?passwordChanged=1$/);
      await expect(
        page.getByText("Your password has been changed and your other sessions have been ended."),
      ).toBeVisible();
      await expect(page.locator("tbody tr")).toHaveCount(1);
      await expect(page.locator("tbody tr").getByText("This device")).toBeVisible();
    });

    await test.step("this device stays signed in; the other is signed out", async () => {
      await page.goto("/account");
      await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
      await other.reload();
      await expect(accountNav(other).getByRole("link", { name: "Sign in" })).toBeVisible();
      await other.goto("/account");
      await expect(other).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
    });

    await test.step("the other device signs in with the new password, not the old", async () => {
      await submitSignIn(other, account.email, account.password);
      await expectErrorSummary(other, ["Enter a correct email address and password"]);
      await signIn(other, { ...account, password: newPassword });
    });
  });
});

test.describe("sessions", () => {
  test("the sessions page lists each session, and one device ends another's", async ({ page, request, newContext }) => {
    const account = await createVerifiedAccount(request);
    const laptop = page;
    const firefox = await (
      await newContext({
        userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
      })
    ).newPage();
    const phone = await (
      await newContext({
        userAgent:
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      })
    ).newPage();
    await signIn(laptop, account);
    await signIn(firefox, account);
    await signIn(phone, account);

    const rows = laptop.locator("tbody tr");
    await test.step("three sessions, this one marked", async () => {
      await laptop.goto("/account");
      await laptop.getByRole("link", { name: "Where you are signed in" }).click();
      await expect(laptop.getByRole("heading", { level: 1, name: "Where you are signed in" })).toBeVisible();
      await expect(rows).toHaveCount(3);
      await expect(rows.filter({ hasText: "This device" })).toHaveCount(1);
      await expect(rows.filter({ hasText: "This device" })).toContainText("Chrome on Windows");
      await expect(rows.filter({ hasText: "Firefox on Linux" })).toHaveCount(1);
      await expect(rows.filter({ hasText: "Safari on iOS" })).toHaveCount(1);
    });

    await test.step("end the Firefox session from the laptop", async () => {
      await rows
        .filter({ hasText: "Firefox on Linux" })
        .getByRole("button", { name: /^End session/ })
        .click();
      await expect(rows).toHaveCount(2);
      await expect(rows.filter({ hasText: "Firefox on Linux" })).toHaveCount(0);
      await firefox.goto("/account");
      await expect(firefox).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
      // The phone was not touched.
      await phone.goto("/account");
      await expect(phone.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
    });

    await test.step("the phone sees two sessions and signs out everywhere else", async () => {
      await phone.goto("/account/sessions");
      const phoneRows = phone.locator("tbody tr");
      await expect(phoneRows).toHaveCount(2);
      await expect(phoneRows.filter({ hasText: "This device" })).toContainText("Safari on iOS");
      await phone.getByRole("button", { name: "Sign out everywhere else" }).click();
      await expect(phoneRows).toHaveCount(1);
      await expect(phone.getByRole("button", { name: "Sign out everywhere else" })).toHaveCount(0);
      await laptop.goto("/account");
      await expect(laptop).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
    });

    await test.step("'Sign out here' ends this session", async () => {
      await phone.getByRole("button", { name: /^Sign out here/ }).click();
      await expect(phone).toHaveURL(/\/login$/);
      await expect(accountNav(phone).getByRole("link", { name: "Sign in" })).toBeVisible();
      await phone.goto("/account");
      await expect(phone).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
    });
  });
});
