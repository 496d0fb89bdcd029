// The programme report of follow-on support in a real browser, as the administrator (who may see
// every community's report): a new community's report and its service-level form, and the report
// across every event; axe on each, on a desktop and at 360 px, with screenshots.
import type { Page, TestInfo } from "@playwright/test";
import {
  ADMIN_STORAGE_STATE,
  createCommunityOverHttp,
  expect,
  expectErrorSummary,
  test,
  withAdminRequest,
  checkPage,
} from "./helpers";

async function look(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  return checkPage(page, testInfo, `support-report-${name}`);
}

test.describe("follow-on support report", () => {
  test.use({ storageState: ADMIN_STORAGE_STATE });

  test("a community's report with its service level, and the report across every event", async ({
    page,
    newContext,
    consoleGuard,
  }, testInfo) => {
    consoleGuard.expectStatus(400);
    const community = await withAdminRequest((request) => createCommunityOverHttp(request, "support-report"));
    const address = `/organise/communities/${community.slug}/support-report`;

    await page.goto("/organise");
    await page.getByRole("link", { name: `Follow-on support across ${community.name}` }).click();
    await expect(page).toHaveURL(address);
    await expect(page.getByRole("heading", { level: 1, name: "Follow-on support across the community" })).toBeVisible();
    await expect(page.getByText("No team has follow-on support yet.")).toBeVisible();
    await look(page, testInfo, "community-empty");

    const days = page.getByLabel("First response within this many working days");
    await days.fill("five");
    await page.getByRole("button", { name: "Save the service level" }).click();
    await expectErrorSummary(page, ["Enter a whole number of working days from 1 to 30"]);
    await look(page, testInfo, "community-error");

    await days.fill("3");
    await page.getByRole("button", { name: "Save the service level" }).click();
    await expect(
      page.getByText("Saved. Requests that teams log from now on are due a first response within 3 working days."),
    ).toBeVisible();
    await expect(days).toHaveValue("3");

    const phone = await (
      await newContext({ storageState: ADMIN_STORAGE_STATE, viewport: { width: 360, height: 800 } })
    ).newPage();
    await phone.goto(address);
    await look(phone, testInfo, "community-360");

    await page.goto("/admin");
    await page.getByRole("link", { name: "Follow-on support across every event" }).click();
    await expect(page).toHaveURL("/admin/support-report");
    await expect(page.getByRole("heading", { level: 1, name: "Follow-on support across every event" })).toBeVisible();
    await look(page, testInfo, "admin");
    await phone.goto("/admin/support-report");
    await look(phone, testInfo, "admin-360");
  });
});
