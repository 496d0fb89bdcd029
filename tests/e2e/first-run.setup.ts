// First run on an empty platform: the first account signs up, confirms its address, signs in and
// becomes the administrator. Its credentials and signed-in state are saved for the other tests.
// The pages that only an empty platform shows are checked for accessibility here too.
import fs from "node:fs/promises";
import {
  accountNav,
  ADMIN_STORAGE_STATE,
  createParticipants,
  expect,
  expectNoAxeViolations,
  newAccount,
  screenshot,
  signIn,
  signUpAndVerify,
  test as setup,
} from "./helpers";
import { ADMIN_CREDENTIALS } from "./paths";

const PHONE = { width: 320, height: 640 };

// The participants must come after the administrator.
setup.describe.configure({ mode: "serial" });

setup("the first account becomes the administrator", async ({ page }, testInfo) => {
  await setup.step("an empty platform offers to be set up", async () => {
    await page.goto("/");
    await expect(page.getByText("This platform is new.")).toBeVisible();
    await page.getByRole("link", { name: "Set it up" }).click();
    await expect(page).toHaveURL(/\/setup$/);
    await expect(page.getByText("This platform is new and has no accounts yet.")).toBeVisible();
    for (const [width, viewport] of [
      ["desktop", page.viewportSize()!],
      ["phone-320", PHONE],
    ] as const) {
      await page.setViewportSize(viewport);
      await page.goto("/");
      await expectNoAxeViolations(page, `home on an empty platform (${width})`);
      await screenshot(page, testInfo, `home-empty-platform-${width}`);
      await page.goto("/setup");
      await expectNoAxeViolations(page, `/setup with no accounts (${width})`);
      await screenshot(page, testInfo, `setup-no-accounts-${width}`);
    }
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  const admin = newAccount("admin", "Ada Administrator");
  await setup.step("the first account signs up and confirms its address", async () => {
    await signUpAndVerify(page, admin);
  });

  await setup.step("it signs in and is offered the administrator role", async () => {
    await signIn(page, admin);
    await expect(page.getByText("This platform is new.")).toBeVisible();
    await page.goto("/setup");
    await expect(page.getByText("Yours is the first account on this platform.")).toBeVisible();
    await expectNoAxeViolations(page, "/setup offered");
    await screenshot(page, testInfo, "setup-offered-desktop");
  });

  await setup.step("it becomes the administrator", async () => {
    await page.getByRole("button", { name: "Become the administrator" }).click();
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByRole("heading", { level: 1, name: "Administration" })).toBeVisible();
    await expect(
      page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Administration" }),
    ).toBeVisible();
    await expect(accountNav(page).getByRole("link", { name: admin.name })).toBeVisible();
    // The offer is gone once taken.
    await page.goto("/");
    await expect(page.getByText("This platform is new.")).toHaveCount(0);
    await page.goto("/account");
    await expect(page.getByText("Administrator", { exact: true })).toBeVisible();
  });

  await fs.writeFile(ADMIN_CREDENTIALS, JSON.stringify(admin, null, 2));
  await page.context().storageState({ path: ADMIN_STORAGE_STATE });
});

setup("the participants shared by the tests of registration and teams", async ({ request }) => {
  await createParticipants(request);
});
