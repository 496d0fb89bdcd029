// Calls for entry from the outside: an administrator makes a community and invites its organiser
// by email; the organiser drafts a hack day, fills every part of the call through the real forms
// (with a time on the night the clocks go back), publishes it; a visitor finds it, reads it and
// adds its timeline to a calendar. Then the form errors organisers meet, and the actions on a
// live call. Each test makes its own community and event: the database lasts the whole run.
import fs from "node:fs/promises";
import type { Locator, Page } from "@playwright/test";
import {
  ADMIN_STORAGE_STATE,
  adminAccount,
  createCommunityOverHttp,
  createDraftOverHttp,
  createPublishedCallOverHttp,
  errorSummary,
  expect,
  expectErrorSummary,
  fillSignUpForm,
  linkFrom,
  londonDate,
  newAccount,
  nextUkClockChange,
  signIn,
  test,
  uniqueSlug,
  verifyByEmailedLink,
  waitForEmail,
  task,
} from "./helpers";

/** The list (or the "none" sentence) under a heading on the home page: "Open calls", "Coming up"... */
function homeSection(page: Page, heading: string): Locator {
  return page.getByRole("heading", { level: 2, name: heading, exact: true }).locator("xpath=following-sibling::*[1]");
}

/** One step of the timeline form: its date and 24-hour time inputs. */
function timelineStep(page: Page, label: string) {
  const group = page.getByRole("group", { name: label, exact: true });
  return { date: group.getByLabel("Date"), time: group.getByLabel("Time (24-hour)") };
}

async function expectSavedOnOverview(page: Page, slug: string) {
  await expect(page).toHaveURL(new RegExp(`/events/${slug}/manage\\?done=saved$`));
  await expect(page.getByText("Your changes have been saved.")).toBeVisible();
}

test.describe("calls for entry", () => {
  test("an invited organiser publishes a complete call, and a visitor finds it and takes the timeline", async ({
    page,
    newContext,
    consoleGuard,
  }) => {
    test.setTimeout(240_000);
    // Publishing too early and the time that happens twice are refused (400); the draft is a
    // 404 to the visitor.
    consoleGuard.expectStatus(400, 404);

    const adminPage = await (await newContext({ storageState: ADMIN_STORAGE_STATE })).newPage();
    const visitor = await (await newContext()).newPage();
    const communitySlug = uniqueSlug("leeds");
    const communityName = `Leeds Code4Health ${communitySlug.split("-")[1]}`;
    const organiser = newAccount("organiser", "Olu Organiser");
    const eventSlug = uniqueSlug("leeds-hack-day");
    const title = `Leeds NHS Hack Day ${eventSlug.split("-").at(-1)}`;

    // Registration opened yesterday and closes in 30 days; the hack day is on the next night the
    // clocks go back, its submission deadline at 01:30 (which happens twice that night).
    const autumn = nextUkClockChange("October", 35);
    const saturdayBefore = new Date(`${autumn.date}T12:00:00Z`);
    saturdayBefore.setUTCDate(saturdayBefore.getUTCDate() - 1);
    const saturday = saturdayBefore.toISOString().slice(0, 10);
    const timeline = [
      { label: "Registration opens", date: londonDate(-1), time: "09:00" },
      { label: "Registration closes", date: londonDate(30), time: "17:00" },
      { label: "Submissions open", date: saturday, time: "09:00" },
      { label: "Submission deadline", date: autumn.date, time: "01:30" },
      { label: "Judging opens", date: autumn.date, time: "10:00" },
      { label: "Judging closes", date: autumn.date, time: "15:00" },
      { label: "Results published", date: autumn.date, time: "16:00" },
    ];

    await test.step("the administrator creates a community", async () => {
      await adminPage.goto("/admin/communities");
      await adminPage.getByRole("button", { name: "Create a community" }).click();
      await expect(adminPage).toHaveURL(/\/admin\/communities\/new$/);
      await adminPage.getByLabel("Community name").fill(communityName);
      await adminPage.getByLabel("Address name").fill(communitySlug);
      await adminPage.getByLabel("Place-based hub (for example a university)").check();
      await adminPage.getByLabel("Description (optional)").fill("Clinicians and developers in Leeds.");
      await adminPage.getByRole("button", { name: "Create community" }).click();
      await expect(adminPage).toHaveURL(new RegExp(`/admin/communities/${communitySlug}$`));
      await expect(adminPage.getByRole("heading", { level: 1, name: communityName })).toBeVisible();
      await expect(adminPage.getByText(`${communityName} has no organisers yet.`)).toBeVisible();
    });

    await test.step("and adds an organiser by an email address that has no account", async () => {
      await adminPage.getByLabel("Email address").fill(organiser.email);
      await adminPage.getByRole("button", { name: "Add organiser" }).click();
      await expect(
        adminPage.getByText("We have emailed them an invitation. They will become an organiser when they create"),
      ).toBeVisible();
      const invitations = adminPage.getByRole("table", { name: `Invitations to be organiser of ${communityName}` });
      await expect(invitations.getByRole("row").filter({ hasText: organiser.email })).toHaveCount(1);
      // Ready for the next address, not still holding this one.
      await expect(adminPage.getByLabel("Email address")).toHaveValue("");
    });

    await test.step("the invitation arrives; the person signs up with that address and confirms it", async () => {
      const invitation = await waitForEmail(organiser.email, `You have been invited to organise ${communityName}`);
      expect(invitation.text).toContain(organiser.email);
      await page.goto(linkFrom(invitation.text, "/signup"));
      await expect(page.getByRole("heading", { level: 1, name: "Create an account" })).toBeVisible();
      await fillSignUpForm(page, organiser);
      await expect(page).toHaveURL(/\/check-email$/);
      await verifyByEmailedLink(page, organiser.email);
    });

    await test.step("the administrator now sees them as an organiser, with no invitation left", async () => {
      await adminPage.reload();
      const organisers = adminPage.getByRole("table", { name: `Organisers of ${communityName}` });
      await expect(organisers.getByRole("row").filter({ hasText: organiser.email })).toContainText(organiser.name);
      await expect(adminPage.getByRole("heading", { name: "Invitations waiting for a reply" })).toHaveCount(0);
    });

    await test.step("the organiser signs in, goes to Organise and creates a draft hack day", async () => {
      await signIn(page, organiser);
      await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Organise" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Events you organise" })).toBeVisible();
      await expect(page.getByText("You do not organise any events yet.")).toBeVisible();
      await page.getByRole("link", { name: "Create an event" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Create an event" })).toBeVisible();
      // Their only community is chosen for them.
      await expect(page.getByLabel(communityName)).toBeChecked();
      await page.getByRole("radio", { name: "NHS Hack Day" }).check();
      await page.getByLabel("Title").fill(title);
      await page.getByLabel("Web address name (optional)").fill(eventSlug);
      await page.getByRole("button", { name: "Create draft" }).click();
      await expect(page).toHaveURL(new RegExp(`/events/${eventSlug}/manage$`));
      await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
      await expect(page.getByText("Draft (only organisers can see it)")).toBeVisible();
      for (const name of ["Details and venue", "Timeline", "Teams, eligibility and requirements", "Prizes"]) {
        await expect(task(page, name)).toHaveAccessibleDescription("Incomplete");
      }
      await expect(task(page, "Themes")).toHaveAccessibleDescription("Optional");
    });

    await test.step("a visitor cannot see the draft", async () => {
      const response = await visitor.goto(`/events/${eventSlug}`);
      expect(response?.status()).toBe(404);
      await expect(visitor.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
      await expect(visitor.getByText("There is no event at this address.")).toBeVisible();
      expect((await visitor.request.get(`/events/${eventSlug}/calendar.ics`)).status()).toBe(404);
      expect((await visitor.request.get(`/events/${eventSlug}/manage`, { maxRedirects: 0 })).status()).toBe(302);
      await visitor.goto("/");
      await expect(visitor.getByRole("link", { name: title })).toHaveCount(0);
    });

    await test.step("publishing the empty draft is refused with what is missing", async () => {
      const stillNeeded = [
        "A one-line summary of the call",
        "A description of what the event is and why it matters",
        "The venue and its address, or that the event is online",
        ...timeline.map((step) => `Timeline: ${step.label.toLowerCase()}`),
        "Who may enter (the eligibility statement)",
        'At least one prize category with an amount, or the choice "no prizes"',
      ];
      const callout = page.locator(".nhsuk-warning-callout");
      await expect(callout.getByText("Still needed before publishing")).toBeVisible();
      await expect(callout.getByRole("listitem")).toHaveText(stillNeeded);
      await page.getByRole("button", { name: "Publish the call" }).click();
      await expectErrorSummary(page, [
        "The call cannot be published yet: complete what is listed under “Still needed before publishing”",
      ]);
      await expect(page.getByText("Draft (only organisers can see it)")).toBeVisible();
    });

    await test.step("details and venue", async () => {
      await task(page, "Details and venue").click();
      await expect(page.getByRole("heading", { level: 1, name: "Details and venue" })).toBeVisible();
      await expect(page.getByLabel("Title")).toHaveValue(title);
      await expect(page.getByLabel("Time zone")).toHaveValue("Europe/London");
      await page.getByLabel("Summary").fill("A weekend of building tools for respiratory clinics.");
      await page
        .getByLabel("Description", { exact: true })
        .fill("## Why it matters\n\nClinicians and developers work on **real problems** together.");
      await page.getByLabel("Venue name").fill("Leeds Dock");
      await page.getByLabel("Venue address").fill("1 Dock Street, Leeds LS10 1JF");
      await page.getByLabel("Rules").fill("- Be kind\n- Share your code");
      await page.getByRole("button", { name: "Save details" }).click();
      await expectSavedOnOverview(page, eventSlug);
      await expect(task(page, "Details and venue")).toHaveAccessibleDescription("Completed");
    });

    await test.step("the timeline, with a time that happens twice on the night the clocks go back", async () => {
      await task(page, "Timeline").click();
      await expect(page.getByRole("heading", { level: 1, name: "Timeline" })).toBeVisible();
      for (const step of timeline) {
        const inputs = timelineStep(page, step.label);
        await inputs.date.fill(step.date);
        await inputs.time.fill(step.time);
      }
      await page.getByLabel("Grace period in minutes").fill("15");
      await page.getByRole("button", { name: "Save timeline" }).click();
      await expectErrorSummary(page, [
        `Submission deadline: 01:30 on ${autumn.long} happens twice because the clocks go back. ` +
          "Choose BST (the first) or GMT (the second)",
      ]);
      // What was typed is still there, and the form asks which 01:30 is meant.
      for (const step of timeline) {
        const inputs = timelineStep(page, step.label);
        await expect(inputs.date).toHaveValue(step.date);
        await expect(inputs.time).toHaveValue(step.time);
      }
      await expect(page.getByLabel("Grace period in minutes")).toHaveValue("15");
      const choice = page.getByRole("group", { name: "Which submission deadline time do you mean?" });
      await expect(choice.getByRole("radio")).toHaveCount(2);
      await expect(choice.getByLabel("01:30 BST (the first time)")).not.toBeChecked();
      await choice.getByLabel("01:30 GMT (the second time)").check();
      await page.getByRole("button", { name: "Save timeline" }).click();
      await expectSavedOnOverview(page, eventSlug);
      await expect(task(page, "Timeline")).toHaveAccessibleDescription("Completed");
    });

    await test.step("teams, eligibility and requirements", async () => {
      await task(page, "Teams, eligibility and requirements").click();
      await expect(page.getByLabel("Smallest team")).toHaveValue("2");
      await expect(page.getByLabel("Largest team")).toHaveValue("6");
      await page.getByLabel("Largest team").fill("5");
      await page.getByLabel("Places").fill("150");
      await page
        .getByLabel("Who may enter")
        .fill("Clinicians, developers, designers and patients who live or work in West Yorkshire.");
      await page
        .getByLabel("Yes or no questions every entrant must answer yes")
        .fill("I work for or with an NHS organisation\nI am 18 or over");
      await page.getByLabel("The code must have an OSI-approved open-source licence").check();
      await page.getByLabel("Teams must confirm they use no real patient data").check();
      await page.getByRole("button", { name: "Save", exact: true }).click();
      await expectSavedOnOverview(page, eventSlug);
      await expect(task(page, "Teams, eligibility and requirements")).toHaveAccessibleDescription("Completed");
    });

    const themes = [
      {
        title: "Fewer missed appointments in respiratory clinics",
        description: "Patients with COPD miss one appointment in five.",
        proposedBy: "A respiratory nurse at Bradford Teaching Hospitals",
      },
      { title: "Safer handovers between shifts", description: "Handovers lose details.", proposedBy: "" },
    ];
    await test.step("two themes", async () => {
      await task(page, "Themes").click();
      await expect(page.getByText("No themes yet.")).toBeVisible();
      for (const theme of themes) {
        await page.getByLabel("Theme title").fill(theme.title);
        await page.getByLabel("Description").fill(theme.description);
        await page.getByLabel("Proposed by").fill(theme.proposedBy);
        await page.getByRole("button", { name: "Add theme" }).click();
        await expect(page).toHaveURL(new RegExp(`/events/${eventSlug}/manage/themes\\?done=saved$`));
        await expect(page.getByText("The theme has been saved.")).toBeVisible();
        await expect(page.getByRole("heading", { level: 2, name: theme.title })).toBeVisible();
        // The form is empty again for the next one.
        await expect(page.getByLabel("Theme title")).toHaveValue("");
      }
      await page.getByRole("link", { name: "Back to the call overview" }).click();
      await expect(task(page, "Themes")).toHaveAccessibleDescription("Completed");
    });

    await test.step("a prize of £1,000 and £250.50, typed as people type them", async () => {
      await task(page, "Prizes").click();
      await expect(page.getByText("Total prize fund: £0")).toBeVisible();
      await page.getByLabel("Prize name").fill("Overall winner");
      await page.getByLabel("Description").fill("For the entry the judges rate best.");
      await page.getByLabel("1st place, in pounds").fill("1,000");
      await page.getByLabel("2nd place, in pounds").fill("250.50");
      await expect(page.getByLabel("Any entry")).toBeChecked();
      await page.getByLabel("Sponsor").fill("Leeds Teaching Hospitals");
      await expect(page.getByLabel("Months of follow-on support")).toHaveValue("12");
      await page.getByRole("button", { name: "Add prize" }).click();
      await expect(page).toHaveURL(new RegExp(`/events/${eventSlug}/manage/prizes\\?done=saved$`));
      await expect(page.getByText("Total prize fund: £1,250.50")).toBeVisible();
      // The form is empty again for the next category.
      await expect(page.getByLabel("Prize name")).toHaveValue("");
      await expect(page.getByLabel("1st place, in pounds")).toHaveValue("");
      const card = page.locator(".nhsuk-card").filter({ hasText: "Overall winner" });
      await expect(card.getByRole("listitem")).toHaveText(["1st: £1,000", "2nd: £250.50"]);
      // Changing it shows the amounts back in pounds and pence.
      await card.getByRole("link", { name: "Change Overall winner" }).click();
      await expect(page.getByLabel("1st place, in pounds")).toHaveValue("1000.00");
      await expect(page.getByLabel("2nd place, in pounds")).toHaveValue("250.50");
      await page.getByRole("link", { name: "Back to the call overview" }).click();
      await expect(task(page, "Prizes")).toHaveAccessibleDescription("Completed");
    });

    await test.step("organisers of this event: another person with an account is added at once", async () => {
      const admin = adminAccount();
      await page.getByRole("link", { name: "Organisers of this event" }).click();
      await expect(page.getByRole("heading", { level: 1, name: `Organisers of ${title}` })).toBeVisible();
      await expect(page.getByText(`${title} has no organisers yet.`)).toBeVisible();
      await page.getByLabel("Email address").fill(admin.email);
      await page.getByRole("button", { name: "Add organiser" }).click();
      await expect(
        page.getByText("They are now an organiser of this event. We have emailed them to say so."),
      ).toBeVisible();
      const table = page.getByRole("table", { name: `Organisers of ${title}` });
      await expect(table.getByRole("row").filter({ hasText: admin.email })).toContainText(admin.name);
      await expect(page.getByLabel("Email address")).toHaveValue("");
      const email = await waitForEmail(admin.email, `You are now an organiser of ${title}`);
      expect(linkFrom(email.text, `/events/${eventSlug}/manage`)).toBeTruthy();
      await page.getByRole("link", { name: "Back to the call overview" }).click();
    });

    await test.step("the complete call is published", async () => {
      await expect(page.locator(".nhsuk-warning-callout")).toHaveCount(0);
      await expect(page.getByText("The call is complete.")).toBeVisible();
      await page.getByRole("button", { name: "Publish the call" }).click();
      await expect(page).toHaveURL(new RegExp(`/events/${eventSlug}/manage\\?done=published$`));
      await expect(page.getByText("The call is published. It is now listed on the home page.")).toBeVisible();
      await expect(page.getByText("Status: Registration open.")).toBeVisible();
      await expect(page.getByRole("button", { name: "Publish the call" })).toHaveCount(0);
      await expect(page.getByRole("button", { name: "Close registration now" })).toBeVisible();
    });

    await test.step("a visitor finds it under Open calls, also with the filters and without JavaScript", async () => {
      await visitor.goto("/");
      await expect(homeSection(visitor, "Open calls").getByRole("link", { name: title })).toBeVisible();

      const noScript = await (await newContext({ javaScriptEnabled: false })).newPage();
      await noScript.goto("/");
      await noScript.getByLabel("Kind of event").selectOption({ label: "NHS Hack Day" });
      await noScript.getByRole("button", { name: "Show events" }).click();
      await expect(noScript).toHaveURL(/\/\?community=&kind=hackday$/);
      await expect(noScript.getByLabel("Kind of event")).toHaveValue("hackday");
      await expect(homeSection(noScript, "Open calls").getByRole("link", { name: title })).toBeVisible();

      await noScript.getByLabel("Kind of event").selectOption({ label: "Code4Health challenge" });
      await noScript.getByRole("button", { name: "Show events" }).click();
      await expect(noScript).toHaveURL(/\/\?community=&kind=challenge$/);
      await expect(noScript.getByRole("link", { name: title })).toHaveCount(0);

      await noScript.getByLabel("Community").selectOption({ label: communityName });
      await noScript.getByLabel("Kind of event").selectOption({ label: "Hack days and challenges" });
      await noScript.getByRole("button", { name: "Show events" }).click();
      await expect(noScript).toHaveURL(new RegExp(`/\\?community=${communitySlug}&kind=$`));
      // Only this community's one event.
      await expect(homeSection(noScript, "Open calls").getByRole("link")).toHaveText([title]);
      await expect(homeSection(noScript, "Coming up")).toHaveText("No events are announced yet.");
      await expect(homeSection(noScript, "Past events")).toHaveText("No past events yet.");

      await homeSection(visitor, "Open calls").getByRole("link", { name: title }).click();
      await expect(visitor).toHaveURL(new RegExp(`/events/${eventSlug}$`));
    });

    await test.step("the call page shows the call, its timeline in UK time and the prizes", async () => {
      await expect(visitor.getByRole("heading", { level: 1, name: title })).toBeVisible();
      await expect(visitor.getByText(`NHS Hack Day run by ${communityName}`)).toBeVisible();
      await expect(visitor.locator("strong.nhsuk-tag")).toHaveText("Registration open");
      await expect(visitor.getByText("A weekend of building tools for respiratory clinics.")).toBeVisible();
      // Markdown headings sit below the page's own "About" heading.
      await expect(visitor.getByRole("heading", { level: 3, name: "Why it matters" })).toBeVisible();
      await expect(visitor.getByText("Leeds Dock, 1 Dock Street, Leeds LS10 1JF")).toBeVisible();

      // The next deadline, with the time left.
      const next = visitor.locator(".nhsuk-inset-text");
      await expect(next).toContainText(/Registration closes: \w+day \d{1,2} \w+ \d{4} at 17:00 (GMT|BST)/);
      await expect(next).toContainText(/\(in (29|30) days and \d{1,2} hours?\)/);

      await expect(visitor.getByText("Times are in UK time.")).toBeVisible();
      const steps = visitor.locator(".nhsuk-summary-list");
      await expect(steps.locator("dt")).toHaveText(timeline.map((step) => step.label));
      // The last Sunday of October is the 25th or later, so the Saturday before is in October too.
      const saturdayLong = `${Number(saturday.slice(8))} October`;
      const row = (label: string) => steps.locator(".nhsuk-summary-list__row").filter({ hasText: label });
      await expect(row("Submissions open")).toContainText(`${saturdayLong} ${autumn.year} at 09:00 BST`);
      await expect(row("Submission deadline")).toContainText(`Sunday ${autumn.long} at 01:30 GMT`);
      await expect(row("Submission deadline")).toContainText("(with 15 minutes' grace)");
      await expect(row("Judging opens")).toContainText(`Sunday ${autumn.long} at 10:00 GMT`);
      await expect(steps).toContainText("GMT");
      await expect(steps).toContainText("BST");

      await expect(visitor.getByText("Clinicians, developers, designers and patients who live or work")).toBeVisible();
      await expect(visitor.getByRole("listitem").filter({ hasText: "I am 18 or over" })).toBeVisible();
      await expect(visitor.getByText(/Teams of 2 to 5 people\..* There are 150 places/)).toBeVisible();
      await expect(visitor.getByText("Publish the code under an OSI-approved open-source licence.")).toBeVisible();

      for (const theme of themes) {
        await expect(visitor.getByRole("heading", { level: 3, name: theme.title })).toBeVisible();
      }
      await expect(visitor.getByText(`Proposed by ${themes[0]!.proposedBy}`)).toBeVisible();

      await expect(visitor.getByText("Total prize fund: £1,250.50")).toBeVisible();
      const prize = visitor
        .locator(".nhsuk-card")
        .filter({ has: visitor.getByRole("heading", { name: "Overall winner" }) });
      await expect(prize.getByRole("listitem")).toHaveText(["1st place: £1,000", "2nd place: £250.50"]);
      await expect(prize).toContainText("Sponsored by Leeds Teaching Hospitals.");
      await expect(visitor.getByRole("heading", { level: 2, name: "Rules" })).toBeVisible();

      // Signed out, the call says how to enter; it offers no management.
      await expect(
        visitor.getByRole("main").getByRole("link", { name: "create an account", exact: true }),
      ).toBeVisible();
      await expect(visitor.getByRole("link", { name: "Manage this event" })).toHaveCount(0);
    });

    await test.step("the visitor downloads the timeline as a calendar file", async () => {
      const downloading = visitor.waitForEvent("download");
      await visitor.getByRole("link", { name: "Add the timeline to your calendar (.ics)" }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toBe(`${eventSlug}.ics`);
      const ics = await fs.readFile(await download.path(), "utf8");
      expect(ics.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
      expect(ics.trimEnd().endsWith("END:VCALENDAR")).toBe(true);
      expect(ics.match(/^BEGIN:VEVENT\r$/gm)).toHaveLength(timeline.length);
      expect(ics.match(/^END:VEVENT\r$/gm)).toHaveLength(timeline.length);
      // The second 01:30 that night, which is 01:30 UTC (the first would be 00:30 UTC).
      expect(ics).toContain(`DTSTART:${autumn.date.replaceAll("-", "")}T013000Z`);
      expect(ics).toContain(`SUMMARY:${title}: submission deadline`);
    });
  });

  test("the organiser's actions on a live call: close registration, cancel with a reason, archive", async ({
    page,
    newContext,
    consoleGuard,
  }) => {
    consoleGuard.expectStatus(400);
    const adminPage = await (await newContext({ storageState: ADMIN_STORAGE_STATE })).newPage();
    const call = await createPublishedCallOverHttp(adminPage.request, "live");
    const manage = `/events/${call.slug}/manage`;

    await test.step("close registration now", async () => {
      await adminPage.goto(manage);
      await expect(adminPage.getByText("Status: Registration open.")).toBeVisible();
      await adminPage.getByRole("button", { name: "Close registration now" }).click();
      await expect(adminPage).toHaveURL(new RegExp(`${manage}\\?done=closed$`));
      await expect(adminPage.getByText("Registration is closed.")).toBeVisible();
      await expect(adminPage.getByText("Status: Registration closed.")).toBeVisible();
      await expect(adminPage.getByRole("button", { name: "Close registration now" })).toHaveCount(0);

      await page.goto(`/events/${call.slug}`);
      await expect(page.locator("strong.nhsuk-tag")).toHaveText("Registration closed");
      await page.goto(`/?community=${call.community.slug}`);
      await expect(homeSection(page, "Coming up").getByRole("link", { name: call.title })).toBeVisible();
      await expect(homeSection(page, "Open calls")).toHaveText("There are no open calls for entry at the moment.");
    });

    const reason = "The venue has flooded. We will announce a new date soon.";
    await test.step("cancelling needs a reason", async () => {
      const cancel = adminPage.locator("details.nhsuk-details");
      const cancelButton = cancel.locator(".nhsuk-details__text").getByRole("button", { name: "Cancel the event" });
      await expect(cancelButton).toBeHidden();
      await cancel.locator("summary").click();
      await cancelButton.click();
      await expectErrorSummary(adminPage, ["Enter reason for cancelling"]);
      await expect(adminPage.getByText("Status: Registration closed.")).toBeVisible();
      // The question with the error is on show, not folded away.
      await expect(cancel).toHaveAttribute("open", "");
      await expect(adminPage.getByLabel("Why is the event cancelled?")).toBeVisible();
      await adminPage.getByLabel("Why is the event cancelled?").fill(reason);
      await cancelButton.click();
      await expect(adminPage).toHaveURL(new RegExp(`${manage}\\?done=cancelled$`));
      await expect(
        adminPage.getByText("The event is cancelled and everyone registered has been emailed."),
      ).toBeVisible();
      await expect(adminPage.getByText("Status: Cancelled.")).toBeVisible();
      await expect(adminPage.locator("details")).toHaveCount(0);

      await page.goto(`/events/${call.slug}`);
      await expect(page.getByText("This event has been cancelled")).toBeVisible();
      await expect(page.getByText(reason)).toBeVisible();
      await page.goto(`/?community=${call.community.slug}`);
      await expect(homeSection(page, "Past events").getByRole("link", { name: call.title })).toBeVisible();
    });

    await test.step("archive", async () => {
      await adminPage.getByRole("button", { name: "Archive the event" }).click();
      await expect(adminPage).toHaveURL(new RegExp(`${manage}\\?done=archived$`));
      await expect(adminPage.getByText("The event is archived.")).toBeVisible();
      await expect(adminPage.getByText("Status: Archived.")).toBeVisible();
      await expect(adminPage.getByRole("button", { name: "Archive the event" })).toHaveCount(0);
      await page.goto(`/events/${call.slug}`);
      await expect(page.locator("strong.nhsuk-tag")).toHaveText("Archived");
    });
  });
});

test.describe("form errors on the call's pages", () => {
  test.use({ storageState: ADMIN_STORAGE_STATE });

  test("prize amounts with too many decimals or below zero are refused, and what was typed stays", async ({
    page,
    consoleGuard,
  }) => {
    consoleGuard.expectStatus(400);
    const community = await createCommunityOverHttp(page.request, "prizes-hub");
    const call = await createDraftOverHttp(page.request, community, { label: "prizes" });

    await page.goto(`/events/${call.slug}/manage/prizes`);
    await page.getByLabel("Prize name").fill("Best idea");
    await page.getByLabel("1st place, in pounds").fill("0.005");
    await page.getByLabel("2nd place, in pounds").fill("-50");
    await page.getByRole("button", { name: "Add prize" }).click();
    await expectErrorSummary(page, [
      "1st place: Enter an amount in pounds and pence, with no more than 2 numbers after the decimal point",
      "2nd place: Enter an amount of £0 or more",
    ]);
    await expect(page.getByLabel("Prize name")).toHaveValue("Best idea");
    await expect(page.getByLabel("1st place, in pounds")).toHaveValue("0.005");
    await expect(page.getByLabel("2nd place, in pounds")).toHaveValue("-50");
    await expect(page.locator("#place1-error")).toContainText("no more than 2 numbers after the decimal point");
    await expect(page.locator("#place2-error")).toContainText("Enter an amount of £0 or more");
    await expect(page.getByLabel("1st place, in pounds")).toHaveAttribute("aria-describedby", /place1-error/);
    // Nothing was saved.
    await expect(page.getByText("Total prize fund: £0")).toBeVisible();
    await expect(page.locator(".nhsuk-card")).toHaveCount(0);

    // The summary's link takes you to the field, and the errors stay on show.
    await errorSummary(page)
      .getByRole("link", { name: /^2nd place:/ })
      .click();
    await expect(page.getByLabel("2nd place, in pounds")).toBeFocused();
    await expect(errorSummary(page)).toBeVisible();
    await expect(page.locator("#place2-error")).toBeVisible();
    await expect(page.getByLabel("2nd place, in pounds")).toHaveValue("-50");

    await test.step("a negative amount written with a pound sign is refused the same way", async () => {
      await page.getByLabel("1st place, in pounds").fill("-£5");
      await page.getByLabel("2nd place, in pounds").fill("");
      await page.getByRole("button", { name: "Add prize" }).click();
      await expectErrorSummary(page, ["1st place: Enter an amount of £0 or more"]);
      await expect(page.getByLabel("1st place, in pounds")).toHaveValue("-£5");
    });

    await test.step("once corrected, it is saved in exact pence", async () => {
      await page.getByLabel("1st place, in pounds").fill("0.01");
      await page.getByRole("button", { name: "Add prize" }).click();
      await expect(page).toHaveURL(/\?done=saved$/);
      await expect(page.getByText("Total prize fund: £0.01")).toBeVisible();
    });
  });

  test("a time the clocks skip in March is refused on the timeline page", async ({ page, consoleGuard }) => {
    consoleGuard.expectStatus(400);
    const community = await createCommunityOverHttp(page.request, "spring-hub");
    const call = await createDraftOverHttp(page.request, community, { label: "spring" });
    const spring = nextUkClockChange("March");

    await page.goto(`/events/${call.slug}/manage/timeline`);
    await expect(
      page.getByText("Enter each time as it will be in the event's time zone, Europe/London."),
    ).toBeVisible();
    const opens = timelineStep(page, "Registration opens");
    await opens.date.fill(spring.date);
    await opens.time.fill("01:30");
    await page.getByRole("button", { name: "Save timeline" }).click();
    const message =
      `Registration opens: The clocks go forward at that time, so 01:30 does not exist on ${spring.long}. ` +
      "Enter 02:00 or later";
    await expectErrorSummary(page, [message]);
    await expect(page.getByRole("group", { name: "Registration opens", exact: true })).toContainText(message);
    await expect(opens.date).toHaveValue(spring.date);
    await expect(opens.time).toHaveValue("01:30");
    await errorSummary(page).getByRole("link", { name: message }).click();
    await expect(opens.date).toBeFocused();
    await expect(errorSummary(page)).toBeVisible();
    // Nothing is asked about a time that does not exist.
    await expect(page.getByRole("group", { name: /do you mean\?$/ })).toHaveCount(0);

    await test.step("02:30 that night exists, and is saved", async () => {
      await opens.time.fill("02:30");
      await page.getByRole("button", { name: "Save timeline" }).click();
      await expectSavedOnOverview(page, call.slug);
      await page.goto(`/events/${call.slug}/manage/timeline`);
      await expect(timelineStep(page, "Registration opens").time).toHaveValue("02:30");
    });
  });
});
