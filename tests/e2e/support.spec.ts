// Follow-on support from the announcement to the programme report: an event judged without rounds
// gives its one entry the Overall winner prize (12 months' support) and announces it, all over
// HTTP. Then, in the browser: the organiser adds a member of support staff on the event's support
// page; a winner logs a request; the support person finds it through the header's Support link
// and the queue's filters, assigns it to themself, adds an internal note with time (after a time
// the page cannot read) and replies with time; the team is emailed the reply, never the note,
// and the winner's page shows the reply only; staff resolve it and the winner reopens it with a
// reason; the organiser extends the team's window (refused without a reason) and sets a budget;
// the community's support report. Every page is checked with axe and photographed into
// test-results/screenshots/support-*.png, the queue and the request also on a 360 px phone.
import type { Page, TestInfo } from "@playwright/test";
import { formatDate } from "../../app/domain/time";
import {
  ADMIN_STORAGE_STATE,
  SMALL_PHONE,
  checkPage,
  createPublishedCallOverHttp,
  createRepositoryForTest,
  expect,
  expectErrorSummary,
  inset,
  linkFrom,
  londonDate,
  newAccountAt,
  newSignedInPerson,
  participant,
  participantStorageState,
  postForm,
  saveEntryOverHttp,
  screenshot,
  setTimelineOverHttp,
  submissionsOpenTimeline,
  summaryValue,
  teamOverHttp,
  test,
  uniqueTeamName,
  waitForEmail,
  withAdminRequest,
  withParticipantRequest,
  withSignedInRequest,
  type SignedInPerson,
  type TestCall,
  type TimelineStepTimes,
} from "./helpers";

// ---------------------------------------------------------------------------------------------
// An announced event with one winning team, over HTTP

/** Entries closed two days ago and judging closed yesterday, with no judging rounds: judging is over. */
function judgingClosedTimeline(): TimelineStepTimes {
  return {
    registrationOpensAt: { date: londonDate(-4), time: "09:00" },
    registrationClosesAt: { date: londonDate(-3), time: "10:00" },
    submissionsOpenAt: { date: londonDate(-4), time: "09:00" },
    submissionDeadlineAt: { date: londonDate(-3), time: "12:00" },
    judgingOpensAt: { date: londonDate(-3), time: "13:00" },
    judgingClosesAt: { date: londonDate(-1), time: "17:00" },
    resultsPublishedAt: { date: londonDate(1), time: "17:00" },
  };
}

function capture(html: string, pattern: RegExp, what: string): string {
  const found = pattern.exec(html)?.[1];
  expect(found, `no ${what} in the page`).toBeTruthy();
  return found!;
}

/**
 * A published call whose only entry, by the captain and the developer, wins the Overall winner
 * prize (which brings 12 months' support); `second` approves the allocation as a second organiser.
 */
async function announcedCall(second: SignedInPerson): Promise<{ call: TestCall; teamName: string }> {
  const call = await withAdminRequest(async (request) => {
    const made = await createPublishedCallOverHttp(request, "support");
    await setTimelineOverHttp(request, made, submissionsOpenTimeline(), { reason: "Submissions open early" });
    const location = await postForm(request, `/events/${made.slug}/manage/organisers`, {
      intent: "invite",
      email: second.email,
    });
    expect(location).toBe(`/events/${made.slug}/manage/organisers?done=granted`);
    return made;
  });
  const teamName = uniqueTeamName("Breathe Easy");
  await teamOverHttp(call, teamName, ["captain", "developer"]);
  const repository = await createRepositoryForTest("support-breathe-easy");
  await withParticipantRequest("captain", async (request) => {
    const location = await saveEntryOverHttp(request, call, {
      title: "Breathe Easy reminders",
      summary: "Reminders that cut missed respiratory clinic appointments.",
      description: "## The problem\n\nClinic time is lost.",
      theme: "Fewer missed appointments",
      repositoryUrl: repository.url,
      licence: "MIT",
      technologies: "TypeScript, FHIR",
      dataAttestation: true,
    });
    expect(location).toBe(`/events/${call.slug}/submission?done=submitted`);
  });
  const prizeMoney = `/events/${call.slug}/manage/prize-money`;
  await withAdminRequest(async (request) => {
    await setTimelineOverHttp(request, call, judgingClosedTimeline(), {
      gracePeriodMinutes: 0,
      reason: "Entries closed and the panel has decided.",
    });
    const overview = await (await request.get(prizeMoney)).text();
    const categoryId = capture(overview, new RegExp(`href="${prizeMoney}/([0-9a-f-]{36})"`), "prize category link");
    const page = await (await request.get(`${prizeMoney}/${categoryId}`)).text();
    const teamId = capture(page, /name="place\.([0-9a-f-]{36})"/, "place for the entry");
    expect(
      await postForm(request, `${prizeMoney}/${categoryId}`, {
        version: capture(page, /name="version" value="(\d+)"/, "version"),
        rankingRoundId: "",
        [`place.${teamId}`]: "1",
        reason: "The panel chose it without a scored round.",
      }),
    ).toBe(`${prizeMoney}?done=winners`);
    const chosen = await (await request.get(prizeMoney)).text();
    expect(
      await postForm(request, prizeMoney, {
        intent: "propose",
        version: capture(chosen, /name="version" value="(\d+)"/, "version"),
      }),
    ).toBe(`${prizeMoney}?done=proposed`);
  });
  await withSignedInRequest(second.storageState, async (request) => {
    const page = await (await request.get(`${prizeMoney}/approve`)).text();
    expect(
      await postForm(request, `${prizeMoney}/approve`, {
        password: second.password,
        version: capture(page, /name="version" value="(\d+)"/, "version"),
      }),
    ).toBe(`${prizeMoney}?done=approved`);
  });
  await withAdminRequest(async (request) => {
    await postForm(request, `/events/${call.slug}/manage/results`, {
      intent: "announce",
      when: "now",
      atDate: "",
      atTime: "",
      rankingRoundId: "",
    });
  });
  return { call, teamName };
}

// ---------------------------------------------------------------------------------------------
// What the pages show

/** axe finds nothing, nothing scrolls sideways on a phone, and a full-page screenshot. */
function look(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  return checkPage(page, testInfo, `support-${name}`);
}

// ---------------------------------------------------------------------------------------------

test.describe("follow-on support", () => {
  test("a winner asks for support, staff triage, note, reply and resolve it, the winner reopens it, and the organiser extends the window", async ({
    newContext,
    consoleGuard,
    request,
  }, testInfo) => {
    test.setTimeout(300_000);
    // The forms refused on purpose answer 400.
    consoleGuard.expectStatus(400);

    const ola = await newSignedInPerson(
      request,
      testInfo,
      newAccountAt("leedsth.example", "support-organiser", "Ola Bennett"),
    );
    const sam = await newSignedInPerson(
      request,
      testInfo,
      newAccountAt("nhs-support.example", "support-sam", "Sam Okoro"),
    );
    const { call, teamName } = await announcedCall(ola);
    const captain = participant("captain");
    const developer = participant("developer");
    const title = `Help deploying to our trust's Azure (${teamName})`;
    const note = "Their trust uses Azure UK South; IG has signed off the DPIA.";
    const reply = "We can set up a **sandbox** for you next week.";

    const organiser = await (await newContext({ storageState: ola.storageState })).newPage();
    const windows = `/events/${call.slug}/manage/support`;

    await test.step("the organiser finds Follow-on support on the overview and adds a support adviser", async () => {
      await organiser.goto(`/events/${call.slug}/manage`);
      await organiser.getByRole("link", { name: "Follow-on support" }).click();
      await expect(organiser).toHaveURL(new RegExp(`${windows}$`));
      await expect(organiser.getByRole("heading", { level: 1, name: "Follow-on support" })).toBeVisible();
      await expect(organiser.getByRole("heading", { level: 3, name: teamName })).toBeVisible();
      await expect(summaryValue(organiser, "Time used")).toHaveText("0 minutes (no budget set)");
      await expect(summaryValue(organiser, "Requests")).toHaveText("0");
      await expect(organiser.getByText(`${call.title} has no support advisers yet.`)).toBeVisible();
      await look(organiser, testInfo, "01-windows");
      await organiser.getByLabel("Email address").fill(sam.email);
      await organiser.getByRole("button", { name: "Add support adviser" }).click();
      await expect(inset(organiser)).toHaveText(
        "They now answer this event's support requests. We have emailed them to say so.",
      );
      await expect(
        organiser
          .getByRole("table", { name: `Support advisers of ${call.title}` })
          .getByRole("row", { name: sam.name }),
      ).toBeVisible();
    });

    const winner = await (await newContext({ storageState: participantStorageState("captain") })).newPage();
    let teamRequestUrl = "";

    await test.step("a winner logs a request on the team's support page", async () => {
      await winner.goto(`/events/${call.slug}/support`);
      await expect(winner.getByRole("heading", { level: 1, name: "Your team's follow-on support" })).toBeVisible();
      await winner.getByLabel("What do you need help with?").fill(title);
      await winner.getByRole("radio", { name: "Hosting and deployment" }).check();
      await winner
        .getByLabel("Describe what you need")
        .fill("We need a **test environment** on the trust's Azure before the pilot starts.");
      await winner.getByRole("button", { name: "Send your request" }).click();
      await expect(winner).toHaveURL(new RegExp(`/events/${call.slug}/support/[0-9a-f-]{36}\\?done=logged$`));
      await expect(winner.getByRole("heading", { level: 1, name: title })).toBeVisible();
      teamRequestUrl = new URL(winner.url()).pathname;
      await screenshot(winner, testInfo, "support-02-team-logged");
    });

    const staff = await (await newContext({ storageState: sam.storageState })).newPage();
    let requestUrl = "";

    await test.step("the support adviser is emailed, and finds the request through the header's Support link", async () => {
      const emailed = await waitForEmail(sam.email, `New support request from ${teamName}: ${title}`);
      requestUrl = capture(
        emailed.text,
        /https?:\/\/[^\s/]+(\/support\/requests\/[0-9a-f-]{36})/,
        "link to the request",
      );
      await staff.goto("/");
      await staff.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Support" }).click();
      await expect(staff).toHaveURL(/\/support$/);
      await expect(staff.getByRole("heading", { level: 1, name: "Support requests" })).toBeVisible();
      await expect(staff.getByLabel("Status")).toHaveValue("unfinished");
      await expect(staff.getByText("1 request matches these filters.")).toBeVisible();
      const row = staff.getByRole("table", { name: "Support requests" }).getByRole("row").filter({ hasText: title });
      await expect(row).toContainText(teamName);
      await expect(row).toContainText(call.title);
      await expect(row).toContainText("Hosting and deployment");
      await expect(row).toContainText("Open");
      await expect(row).toContainText("Nobody");
      await expect(row).toContainText("Due by the end of");
      await look(staff, testInfo, "03-queue");

      // The filters are a plain form: what is chosen ends up in the address.
      await staff.getByLabel("Assigned to").selectOption({ label: "Me" });
      await staff.getByRole("button", { name: "Show requests" }).click();
      await expect(staff).toHaveURL(/\/support\?status=unfinished&category=&assignee=me&event=$/);
      await expect(staff.getByText("No requests match these filters.")).toBeVisible();
      await staff.getByLabel("Assigned to").selectOption({ label: "Nobody" });
      await staff.getByLabel("Event", { exact: true }).selectOption({ label: call.title });
      await staff.getByRole("button", { name: "Show requests" }).click();
      await expect(staff).toHaveURL(/assignee=none&event=[0-9a-f-]{36}$/);
      await staff.getByRole("link", { name: title }).click();
      await expect(staff).toHaveURL(new RegExp(`${requestUrl}$`));
    });

    await test.step("they assign it to themself", async () => {
      await expect(staff.getByRole("heading", { level: 1, name: title })).toBeVisible();
      await expect(summaryValue(staff, "Assigned to")).toHaveText("Nobody");
      await expect(summaryValue(staff, "Status")).toHaveText("Open");
      await expect(staff.locator(".app-prose strong").first()).toHaveText("test environment");
      await expect(staff.getByText("Nobody has replied or added a note yet.")).toBeVisible();
      await look(staff, testInfo, "04-request");
      await staff.getByRole("button", { name: "Assign it to me" }).click();
      await expect(inset(staff)).toHaveText("The request has been assigned.");
      await expect(summaryValue(staff, "Assigned to")).toHaveText(sam.name);
      await expect(summaryValue(staff, "Status")).toHaveText("Triaged");
      await expect(staff.getByLabel("Assigned to")).toHaveValue(/[0-9a-f-]{36}/);
    });

    await test.step("they add an internal note with its time, after a time the page cannot read", async () => {
      await staff.getByRole("radio", { name: "An internal note" }).check();
      await staff.getByLabel("Message", { exact: true }).fill(note);
      await staff.getByLabel("Time spent").fill("a while");
      await staff.getByRole("button", { name: "Save", exact: true }).click();
      await expectErrorSummary(staff, ["Enter the time spent like 45m or 1h 30m, or leave it empty"]);
      await expect(staff.getByLabel("Message", { exact: true })).toHaveValue(note);
      await expect(staff.getByRole("radio", { name: "An internal note" })).toBeChecked();
      await look(staff, testInfo, "05-request-error");
      await staff.getByLabel("Time spent").fill("20m");
      await staff.getByRole("button", { name: "Save", exact: true }).click();
      await expect(inset(staff)).toHaveText("Your internal note has been saved. The team does not see it.");
      const saved = staff.locator(".app-note");
      await expect(saved).toContainText("Internal note — the team does not see this");
      await expect(saved).toContainText(note);
      await expect(saved).toContainText("Time spent: 20 minutes");
      await expect(summaryValue(staff, "Time logged")).toHaveText("20 minutes");
    });

    await test.step("they reply to the team with their time, and wait on the team", async () => {
      await staff.getByRole("radio", { name: "A reply to the team" }).check();
      await staff.getByLabel("Message", { exact: true }).fill(reply);
      await staff.getByLabel("Time spent").fill("1h 15m");
      await staff.getByLabel("Status", { exact: true }).selectOption({ label: "Waiting on the team" });
      await staff.getByRole("button", { name: "Save", exact: true }).click();
      await expect(inset(staff)).toHaveText("Your reply has been sent. Every member of the team has been emailed it.");
      await expect(summaryValue(staff, "Status")).toHaveText("Waiting on the team");
      await expect(summaryValue(staff, "Time logged")).toHaveText("1 hour 35 minutes");
      await expect(summaryValue(staff, "First response")).toContainText("Answered on");
      await expect(staff.locator(".app-reply")).toContainText(`Reply to the team from ${sam.name}`);
      await expect(staff.locator(".app-reply strong")).toHaveText("sandbox");
      await look(staff, testInfo, "06-request-answered");
    });

    await test.step("the whole team is emailed the reply, and neither the email nor the winner's page shows the note", async () => {
      for (const member of [captain, developer]) {
        const email = await waitForEmail(member.email, `Reply to your support request: ${title}`);
        expect(email.text).toContain(reply);
        expect(email.text).toContain("Its status is now: Waiting on the team.");
        expect(email.text).not.toContain("Azure UK South");
        expect(linkFrom(email.text, teamRequestUrl)).toMatch(new RegExp(`${teamRequestUrl}$`));
      }
      await winner.goto(teamRequestUrl);
      await expect(winner.getByText("We can set up a")).toBeVisible();
      await expect(winner.getByText("Azure UK South")).toHaveCount(0);
      await expect(winner.getByText("20 minutes")).toHaveCount(0);
      await screenshot(winner, testInfo, "support-07-team-reply");
    });

    await test.step("staff resolve it", async () => {
      await staff.getByRole("radio", { name: "A reply to the team" }).check();
      await staff.getByLabel("Message", { exact: true }).fill("The sandbox is live. Your login is on its way.");
      await staff.getByLabel("Time spent").fill("30m");
      await staff.getByLabel("Status", { exact: true }).selectOption({ label: "Resolved" });
      await staff.getByRole("button", { name: "Save", exact: true }).click();
      await expect(summaryValue(staff, "Status")).toHaveText("Resolved");
      await expect(summaryValue(staff, "Time logged")).toHaveText("2 hours 5 minutes");
      await waitForEmail(captain.email, `Reply to your support request: ${title}`);
    });

    await test.step("the winner reopens it with a reason, and it is back in the queue as open", async () => {
      await winner.goto(teamRequestUrl);
      await winner.getByLabel("What still needs doing?").fill("The sandbox will not start: it times out.");
      await winner.getByRole("button", { name: "Reopen this request" }).click();
      await expect(inset(winner)).toHaveText("Your request has been reopened and is back with the support team.");
      await staff.goto("/support");
      const row = staff.getByRole("table", { name: "Support requests" }).getByRole("row").filter({ hasText: title });
      await expect(row).toContainText("Open");
      await expect(row).toContainText(sam.name);
      await staff.getByRole("link", { name: title }).click();
      await expect(staff.getByText("The sandbox will not start: it times out.")).toBeVisible();
      await expect(summaryValue(staff, "Status")).toHaveText("Open");
    });

    await test.step("on a 360 px phone the queue and the request fit the screen", async () => {
      const phone = await (await newContext({ storageState: sam.storageState, ...SMALL_PHONE })).newPage();
      await phone.goto("/support");
      await expect(phone.getByRole("link", { name: title })).toBeVisible();
      await look(phone, testInfo, "08-queue-phone");
      await phone.goto(requestUrl);
      await expect(phone.getByRole("heading", { level: 1, name: title })).toBeVisible();
      await look(phone, testInfo, "09-request-phone");
    });

    await test.step("the organiser extends the team's window, which needs a reason, and sets a budget", async () => {
      const newEnd = londonDate(460);
      await organiser.goto(windows);
      await expect(summaryValue(organiser, "Time used")).toHaveText("2 hours 5 minutes (no budget set)");
      await expect(summaryValue(organiser, "Requests")).toHaveText("1");
      const form = organiser.locator("details", { hasText: `Change ${teamName}'s window or budget` });
      await form.getByText(`Change ${teamName}'s window or budget`).click();
      await form.getByLabel("Day the window ends").fill(newEnd);
      await form.getByLabel("Budget in hours (optional)").fill("40");
      await form.getByRole("button", { name: `Save ${teamName}'s window` }).click();
      await expectErrorSummary(organiser, ["Enter why the support window is changing"]);
      await expect(form.getByLabel("Day the window ends")).toHaveValue(newEnd);
      await look(organiser, testInfo, "10-windows-error");
      await form.getByLabel("Why is it changing?").fill("The pilot is delayed by an information governance review.");
      await form.getByRole("button", { name: `Save ${teamName}'s window` }).click();
      await expect(inset(organiser)).toHaveText(
        "The support window has been changed. The change and your reason are in the audit log.",
      );
      await expect(summaryValue(organiser, "To")).toContainText(formatDate(newEnd));
      await expect(summaryValue(organiser, "Time used")).toHaveText("2 hours 5 minutes of 40 hours");
      await look(organiser, testInfo, "11-windows-extended");
    });

    await test.step("the community's support report", async () => {
      const admin = await (await newContext({ storageState: ADMIN_STORAGE_STATE })).newPage();
      await admin.goto(`/organise/communities/${call.community.slug}/support-report`);
      await expect(
        admin.getByRole("heading", { level: 1, name: "Follow-on support across the community" }),
      ).toBeVisible();
      await look(admin, testInfo, "12-report");
    });

    await test.step("without JavaScript the queue's filters and the staff's forms still work", async () => {
      const plain = await (await newContext({ storageState: sam.storageState, javaScriptEnabled: false })).newPage();
      await plain.goto("/support");
      await plain.getByLabel("Only overdue").check();
      await plain.getByRole("button", { name: "Show requests" }).click();
      await expect(plain).toHaveURL(/[?&]overdue=yes$/);
      await expect(plain.getByText("No requests match these filters.")).toBeVisible();
      await plain.goto("/support");
      await plain.getByRole("link", { name: title }).click();
      await plain.getByRole("radio", { name: "An internal note" }).check();
      await plain.getByLabel("Time spent").fill("5");
      await plain.getByRole("button", { name: "Save", exact: true }).click();
      await expect(inset(plain)).toHaveText("Your internal note has been saved. The team does not see it.");
      await expect(summaryValue(plain, "Time logged")).toHaveText("2 hours 10 minutes");
      await plain.getByLabel("Assigned to").selectOption({ label: "Nobody" });
      await plain.getByRole("button", { name: "Save who is assigned" }).click();
      await expect(inset(plain)).toHaveText("The request is now assigned to nobody.");
      await expect(summaryValue(plain, "Assigned to")).toHaveText("Nobody");
    });
  });
});
