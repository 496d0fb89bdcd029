// Registration and team formation, from the participants' phones: a nurse registers, finds a team
// that lacks a clinician and asks to join; the captain accepts; a developer joins by the invite
// link. Then the waiting list, check-in at the door and the CSV of registrations, a full team and
// a renewed invite link. Participants use 375 px wide browsers; every step is checked with axe and
// photographed into test-results/screenshots/teams-*.png.
//
// The six participants are shared by the whole run (first-run.setup.ts makes them), so these
// tests sign nobody up; each test makes its own event, so tests running at the same time never meet.
import type { BrowserContext, BrowserContextOptions, Page, TestInfo } from "@playwright/test";
import {
  ADMIN_STORAGE_STATE,
  PARTICIPANT_PEOPLE,
  PHONE,
  askToJoinOverHttp,
  createPublishedCallOverHttp,
  createTeamOverHttp,
  downloadText,
  expect,
  expectErrorSummary,
  inviteLinkOverHttp,
  joinByLinkOverHttp,
  participant,
  participantStorageState,
  registerParticipant,
  test,
  uniqueTeamName,
  waitForEmail,
  withAdminRequest,
  withParticipantRequest,
  type EntryRules,
  type ParticipantKey,
  type TestCall,
  checkPage,
  card,
  inset,
  summaryValue,
  fillRegistrationForm,
} from "./helpers";

type NewContext = (options?: BrowserContextOptions) => Promise<BrowserContext>;

/** A participant's phone, signed in as them. */
async function phoneOf(newContext: NewContext, key: ParticipantKey): Promise<Page> {
  return (await newContext({ ...PHONE, storageState: participantStorageState(key) })).newPage();
}

/** The organisers' (the administrator's) phone. */
async function organiserPhone(newContext: NewContext): Promise<Page> {
  return (await newContext({ ...PHONE, storageState: ADMIN_STORAGE_STATE })).newPage();
}

function publishedCall(label: string, entry: EntryRules = {}): Promise<TestCall> {
  return withAdminRequest((request) => createPublishedCallOverHttp(request, label, entry));
}

/** axe finds nothing, nothing scrolls sideways at phone width, and a full-page screenshot. */
async function look(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  return checkPage(page, testInfo, `teams-${name}`);
}

test.describe("registration and teams", () => {
  test("a nurse finds a team that lacks a clinician and is accepted; a developer joins by the invite link", async ({
    newContext,
  }, testInfo) => {
    test.setTimeout(180_000);
    const call = await publishedCall("teams-journey", { teamSizeMin: 2, teamSizeMax: 4 });
    const teamName = uniqueTeamName("Breathe Easy");
    const pitch = "A text reminder that patients with COPD can answer, so that fewer clinic appointments are missed.";
    const captainAccount = participant("captain");
    const nurseAccount = participant("nurse");
    const nurseProfile = PARTICIPANT_PEOPLE.nurse.profile;
    const message = "I run the COPD clinic and see the missed appointments every week.";
    const captain = await phoneOf(newContext, "captain");
    const nurse = await phoneOf(newContext, "nurse");
    const developer = await phoneOf(newContext, "developer");

    await test.step("the captain registers and creates a team that wants a clinician and a developer", async () => {
      await captain.goto(`/events/${call.slug}`);
      await captain.getByRole("link", { name: "Register for this event" }).click();
      await expect(captain.getByRole("heading", { level: 1, name: `Register for ${call.title}` })).toBeVisible();
      await fillRegistrationForm(captain, {
        ...PARTICIPANT_PEOPLE.captain.profile,
        roleLabel: "Designer",
        lookingForTeam: false,
      });
      await captain.getByRole("button", { name: "Register" }).click();
      await expect(captain).toHaveURL(/\/register\?done=registered$/);

      await captain.getByRole("link", { name: "Back to the event" }).click();
      await captain.getByRole("link", { name: "Your team", exact: true }).click();
      await expect(captain.getByRole("heading", { level: 1, name: "Your team" })).toBeVisible();
      await expect(captain.getByText("You are not in a team yet.")).toBeVisible();
      await captain.getByLabel("Team name").fill(teamName);
      await captain.getByLabel("Pitch").fill(pitch);
      const roles = captain.getByRole("group", { name: "Roles wanted" });
      for (const role of ["Doctor", "Nurse or midwife", "Developer"])
        await roles.getByLabel(role, { exact: true }).check();
      await captain.getByRole("button", { name: "Create the team" }).click();
      await expect(captain).toHaveURL(/\/team\?done=create$/);
      await expect(inset(captain)).toHaveText(
        "Your team has been created. Send the invite link to the people you want in it.",
      );
      await expect(captain.getByRole("heading", { level: 1, name: teamName })).toBeVisible();
      await expect(summaryValue(captain, "Roles wanted")).toHaveText("Doctor, Nurse or midwife, Developer");
      await expect(summaryValue(captain, "Size")).toHaveText("1 of 4 members");
      const members = captain.getByRole("table", { name: `Members of ${teamName}` });
      await expect(members.getByRole("row").filter({ hasText: captainAccount.name })).toContainText("Captain");
      await expect(captain.getByLabel("Invite link")).toHaveValue(new RegExp(`/events/${call.slug}/join/[a-z0-9]+$`));
      await look(captain, testInfo, "01-captain-creates-team");
    });

    await test.step("a nurse opens the call on her phone and registers", async () => {
      await nurse.goto(`/events/${call.slug}`);
      await nurse.getByRole("link", { name: "Register for this event" }).click();
      await expect(nurse.getByRole("heading", { level: 1, name: `Register for ${call.title}` })).toBeVisible();
      await look(nurse, testInfo, "02-register-form");
      await fillRegistrationForm(nurse, {
        ...nurseProfile,
        roleLabel: "Nurse or midwife",
        accessNeeds: "Vegetarian food",
      });
      await nurse.getByRole("button", { name: "Register" }).click();
      await expect(nurse).toHaveURL(/\/register\?done=registered$/);
      await expect(inset(nurse)).toHaveText("You are registered. We have sent you an email to confirm.");
      await expect(nurse.getByRole("heading", { level: 1, name: `Your registration for ${call.title}` })).toBeVisible();
      await expect(summaryValue(nurse, "Status")).toHaveText("Registered");
      // Her profile is there to change, with what she typed.
      await expect(nurse.getByLabel("Skills (optional)")).toHaveValue(nurseProfile.skills);
      await expect(nurse.getByLabel("Nurse or midwife", { exact: true })).toBeChecked();
      await expect(nurse.getByRole("heading", { level: 2, name: "Withdraw" })).toBeVisible();
      await look(nurse, testInfo, "03-registered");
      const email = await waitForEmail(nurseAccount.email, `You are registered for ${call.title}`);
      expect(email.text).toContain(`/events/${call.slug}/register`);

      await nurse.getByRole("link", { name: "Back to the event" }).click();
      await expect(nurse.getByText("You are registered.")).toBeVisible();
      await expect(nurse.getByRole("link", { name: "Register for this event" })).toHaveCount(0);
      await expect(nurse.getByRole("link", { name: "Your team", exact: true })).toBeVisible();
      await expect(nurse.getByRole("link", { name: "Find a team or people for your team" })).toBeVisible();
    });

    await test.step("she finds the team, which needs a clinician, on the board", async () => {
      await nurse.getByRole("link", { name: "Find a team or people for your team" }).click();
      await expect(nurse.getByRole("heading", { level: 1, name: "Find a team" })).toBeVisible();
      const team = card(nurse, teamName);
      await expect(team).toContainText("1 of 4 members: 1 technical");
      await expect(team.locator(".nhsuk-tag")).toHaveText(["Needs a clinician", "Needs a developer"]);
      await expect(team).toContainText("Roles wanted: Doctor, Nurse or midwife, Developer");
      await expect(team).toContainText(pitch);
      // Her own card is not shown to her; the captain is not looking for a team, so not listed either.
      await expect(card(nurse, nurseAccount.name)).toHaveCount(0);
      await expect(card(nurse, captainAccount.name)).toHaveCount(0);

      // The filters: a team wanting nurses matches, one wanting pharmacists does not.
      await nurse.getByLabel("Role", { exact: true }).selectOption({ label: "Pharmacist" });
      await nurse.getByRole("button", { name: "Filter" }).click();
      await expect(nurse.getByText("No team with room matches at the moment.")).toBeVisible();
      await nurse.getByLabel("Role", { exact: true }).selectOption({ label: "Nurse or midwife" });
      await nurse.getByLabel("Skill", { exact: true }).fill("copd");
      await nurse.getByRole("button", { name: "Filter" }).click();
      await expect(nurse).toHaveURL(/\?role=nurse_or_midwife&skill=copd$/);
      await expect(card(nurse, teamName)).toBeVisible();
      await expect(nurse.getByRole("heading", { level: 2, name: "Teams looking for members (1)" })).toBeVisible();
      await look(nurse, testInfo, "04-board-filtered");
      // Cleared, the filters show that they are cleared.
      await nurse.getByRole("link", { name: "Clear the filters" }).click();
      await expect(nurse).toHaveURL(new RegExp(`/events/${call.slug}/teams$`));
      await expect(nurse.getByLabel("Role", { exact: true })).toHaveValue("");
      await expect(nurse.getByLabel("Skill", { exact: true })).toHaveValue("");
    });

    await test.step("she asks to join, and the captain is emailed", async () => {
      await card(nurse, teamName)
        .getByRole("link", { name: `Ask to join ${teamName}` })
        .click();
      await expect(nurse.getByRole("heading", { level: 2, name: `Ask to join ${teamName}` })).toBeVisible();
      await nurse.getByLabel("Message to the captain (optional)").fill(message);
      await look(nurse, testInfo, "05-ask-to-join");
      await nurse.getByRole("button", { name: "Send the request" }).click();
      await expect(nurse).toHaveURL(/\/teams\?done=ask-to-join$/);
      await expect(inset(nurse)).toHaveText(
        "We have sent your request to the team's captain. You will get an email when they answer.",
      );
      await expect(card(nurse, teamName).getByText("You have asked to join")).toBeVisible();
      await expect(card(nurse, teamName).getByRole("link", { name: /Ask to join/ })).toHaveCount(0);
      const email = await waitForEmail(captainAccount.email, `${nurseAccount.name} has asked to join ${teamName}`);
      expect(email.text).toContain(message);
      expect(email.text).toContain(`/events/${call.slug}/team`);

      await nurse.goto(`/events/${call.slug}/team`);
      const requests = nurse.getByRole("table", { name: "Your requests to join a team" });
      await expect(requests.getByRole("row").filter({ hasText: teamName })).toContainText("Waiting for the captain");
    });

    await test.step("the captain sees the request on the team page and accepts it", async () => {
      await captain.goto(`/events/${call.slug}/team`);
      await expect(captain.getByRole("heading", { level: 2, name: "Requests to join" })).toBeVisible();
      const request = card(captain, nurseAccount.name);
      await expect(request).toContainText("Nurse or midwife");
      await expect(request).toContainText(`“${message}”`);
      await look(captain, testInfo, "06-captain-sees-request");
      await request.getByRole("button", { name: `Accept ${nurseAccount.name}'s request` }).click();
      await expect(captain).toHaveURL(/\/team\?done=accept-request$/);
      await expect(inset(captain)).toHaveText("They are now in your team. We have emailed them to say so.");
      await expect(captain.getByRole("heading", { level: 2, name: "Requests to join" })).toHaveCount(0);
      const members = captain.getByRole("table", { name: `Members of ${teamName}` });
      await expect(members.getByRole("row").filter({ hasText: nurseAccount.name })).toContainText("Nurse or midwife");
      await expect(summaryValue(captain, "Size")).toHaveText("2 of 4 members");
      await expect(members.getByRole("button", { name: `Make captain ${nurseAccount.name}` })).toBeVisible();
      await look(captain, testInfo, "06b-captain-accepted");
      // Removing someone asks first; cancelling keeps them.
      await members.getByRole("link", { name: `Remove ${nurseAccount.name} from the team` }).click();
      await expect(captain.getByText(`Remove ${nurseAccount.name} from ${teamName}?`)).toBeVisible();
      await expect(captain.getByRole("button", { name: `Yes, remove ${nurseAccount.name}` })).toBeVisible();
      await look(captain, testInfo, "06c-captain-asked-before-removing");
      await captain.getByRole("link", { name: "Cancel" }).click();
      await expect(captain.getByRole("button", { name: `Yes, remove ${nurseAccount.name}` })).toHaveCount(0);
      await expect(members.getByRole("row").filter({ hasText: nurseAccount.name })).toBeVisible();
    });

    await test.step("the nurse is emailed that she is accepted, and the team no longer needs a clinician", async () => {
      const email = await waitForEmail(nurseAccount.email, `You have joined ${teamName}`);
      expect(email.text).toContain(`${captainAccount.name} has accepted your request`);
      expect(email.text).toContain(`/events/${call.slug}/team`);

      await nurse.goto(`/events/${call.slug}/team`);
      await expect(nurse.getByRole("heading", { level: 1, name: teamName })).toBeVisible();
      // A member sees the team and its link, but only the captain renews it or answers requests.
      await expect(nurse.getByLabel("Invite link")).toBeVisible();
      await expect(nurse.getByRole("button", { name: "Renew the link" })).toHaveCount(0);
      await expect(nurse.getByRole("button", { name: /^Remove/ })).toHaveCount(0);
      await expect(nurse.getByText("You can join or create another team after you leave.")).toBeVisible();
      await look(nurse, testInfo, "07-member-view");

      await nurse.goto(`/events/${call.slug}/teams`);
      const team = card(nurse, teamName);
      await expect(team).toContainText("2 of 4 members: 1 clinical, 1 technical");
      await expect(team.locator(".nhsuk-tag")).toHaveText(["Needs a developer"]);
      await expect(team.getByText("Needs a clinician")).toHaveCount(0);
      // In a team, she asks to join no other, and is no longer among the people looking.
      await expect(team.getByRole("link", { name: /Ask to join/ })).toHaveCount(0);
      await expect(card(nurse, nurseAccount.name)).toHaveCount(0);
    });

    await test.step("a developer registers and joins by the invite link the captain sends", async () => {
      expect(await registerParticipant(call, "developer")).toBe("registered");
      const link = await captain.getByLabel("Invite link").inputValue();
      // On a phone the captain copies the link with one tap rather than selecting it.
      await captain.context().grantPermissions(["clipboard-read", "clipboard-write"]);
      await captain.getByRole("button", { name: "Copy the invite link" }).click();
      await expect(captain.getByRole("status").filter({ hasText: "Copied" })).toBeVisible();
      expect(await captain.evaluate(() => navigator.clipboard.readText())).toBe(link);
      await developer.goto(link);
      await expect(developer.getByRole("heading", { level: 1, name: `Join ${teamName}` })).toBeVisible();
      await expect(summaryValue(developer, "Size")).toHaveText("2 of 4 members");
      await expect(summaryValue(developer, "Pitch")).toHaveText(pitch);
      await look(developer, testInfo, "08-join-page");
      await developer.getByRole("button", { name: `Join ${teamName}` }).click();
      await expect(developer).toHaveURL(/\/team\?done=joined$/);
      await expect(inset(developer)).toHaveText("You have joined the team.");
      await expect(developer.getByRole("heading", { level: 1, name: teamName })).toBeVisible();
      await expect(summaryValue(developer, "Size")).toHaveText("3 of 4 members");

      await developer.goto(`/events/${call.slug}/teams`);
      const team = card(developer, teamName);
      await expect(team).toContainText("3 of 4 members: 1 clinical, 2 technical");
      await expect(team.locator(".nhsuk-tag")).toHaveCount(0);
      await look(developer, testInfo, "09-board-mixed-team");
    });

    await test.step("the organisers see the team with its members and mix", async () => {
      const organiser = await organiserPhone(newContext);
      await organiser.goto(`/events/${call.slug}/manage/teams`);
      const row = organiser
        .getByRole("table", { name: "Teams at this event" })
        .getByRole("row")
        .filter({ hasText: teamName });
      await expect(row).toContainText(`${captainAccount.name} (Designer), captain`);
      await expect(row).toContainText(`${nurseAccount.name} (Nurse or midwife)`);
      await expect(row).toContainText("3 of 4");
      await expect(row).toContainText("1 clinical, 2 technical");
      await expect(row.locator(".nhsuk-tag")).toHaveCount(0);
      await look(organiser, testInfo, "10-organiser-teams");
      // Searching by a member's name finds the team; showing all teams empties the search box.
      await organiser.getByLabel("Search by team or member name").fill("adeyemi");
      await organiser.getByRole("button", { name: "Search" }).click();
      await expect(organiser.getByText(/^1 of 1 teams match “adeyemi”\./)).toBeVisible();
      await organiser.getByRole("link", { name: "Show all teams" }).click();
      await expect(organiser.getByText("1 team.", { exact: true })).toBeVisible();
      await expect(organiser.getByLabel("Search by team or member name")).toHaveValue("");
    });
  });

  test("with one place, the second person waits as number 1 and is given the place when the first withdraws", async ({
    newContext,
    consoleGuard,
  }, testInfo) => {
    // Withdrawing without ticking the box is refused (400).
    consoleGuard.expectStatus(400);
    const call = await publishedCall("waiting-list", { capacity: 1 });
    const first = participant("doctor");
    const second = participant("patient");
    const firstPhone = await phoneOf(newContext, "doctor");
    const secondPhone = await phoneOf(newContext, "patient");

    await test.step("the first person takes the only place", async () => {
      expect(await registerParticipant(call, "doctor")).toBe("registered");
    });

    await test.step("the second is told they are on the waiting list, number 1, and emailed", async () => {
      await secondPhone.goto(`/events/${call.slug}/register`);
      await fillRegistrationForm(secondPhone, { ...PARTICIPANT_PEOPLE.patient.profile, roleLabel: "Patient or carer" });
      await secondPhone.getByRole("button", { name: "Register" }).click();
      await expect(secondPhone).toHaveURL(/\/register\?done=waitlisted$/);
      await expect(inset(secondPhone)).toHaveText(
        "The event is full, so you are on the waiting list, number 1. We will email you if a place comes up.",
      );
      await expect(summaryValue(secondPhone, "Status")).toContainText("Waiting list, number 1");
      await look(secondPhone, testInfo, "waiting-list-number-1");
      const email = await waitForEmail(second.email, `You are on the waiting list for ${call.title}`);
      expect(email.text).toContain("you are number 1");

      await secondPhone.goto(`/events/${call.slug}`);
      await expect(secondPhone.getByText("You are on the waiting list, number 1.")).toBeVisible();
      await expect(secondPhone.getByRole("link", { name: "Your team", exact: true })).toHaveCount(0);
      // Teams are for people with a place.
      const board = await secondPhone.request.get(`/events/${call.slug}/teams`);
      expect(board.status()).toBe(403);
      expect(await board.text()).toContain("You are on the waiting list for this event.");
    });

    await test.step("the first withdraws, after confirming", async () => {
      await firstPhone.goto(`/events/${call.slug}/register`);
      await firstPhone.getByRole("button", { name: "Withdraw" }).click();
      await expectErrorSummary(firstPhone, ["Tick the box to confirm that you want to withdraw"]);
      await firstPhone.getByLabel(`I want to withdraw from ${call.title}`).check();
      await firstPhone.getByRole("button", { name: "Withdraw" }).click();
      await expect(firstPhone).toHaveURL(/\/register\?done=withdrawn$/);
      await expect(inset(firstPhone)).toHaveText(
        "You have withdrawn from this event. If you were in a team, you have left it.",
      );
      await expect(firstPhone.getByText("You withdrew from this event. You can register again below.")).toBeVisible();
      await expect(firstPhone.getByRole("heading", { level: 2, name: "Withdraw" })).toHaveCount(0);
      await look(firstPhone, testInfo, "waiting-list-withdrawn");
    });

    await test.step("the second is given the place and emailed", async () => {
      const email = await waitForEmail(second.email, `A place has come up for you at ${call.title}`);
      expect(email.text).toContain("you are now registered");
      expect(email.text).toContain(`/events/${call.slug}/register`);
      await secondPhone.goto(`/events/${call.slug}/register`);
      await expect(summaryValue(secondPhone, "Status")).toHaveText("Registered");
      await secondPhone.goto(`/events/${call.slug}`);
      await expect(secondPhone.getByText("You are registered.")).toBeVisible();
      await expect(secondPhone.getByRole("link", { name: "Find a team or people for your team" })).toBeVisible();
    });

    await test.step("the organisers' counts agree", async () => {
      const organiser = await organiserPhone(newContext);
      await organiser.goto(`/events/${call.slug}/manage/registrations`);
      await expect(
        organiser.getByText("1 registered for 1 place, 0 on the waiting list and 1 withdrawn. 0 checked in."),
      ).toBeVisible();
      const table = organiser.getByRole("table", { name: `Registrations for ${call.title}` });
      await expect(table.getByRole("row").filter({ hasText: second.name })).toContainText("Registered");
      await expect(table.getByRole("row").filter({ hasText: first.name })).toContainText("Withdrawn");
    });
  });

  test("an organiser checks a person in with one tap on a phone, and downloads the registrations as CSV", async ({
    newContext,
  }, testInfo) => {
    const call = await publishedCall("check-in");
    const nurse = participant("nurse");
    const developer = participant("developer");
    const needs = "Step-free access, vegetarian food";
    await registerParticipant(call, "nurse", { accessNeeds: needs });
    await registerParticipant(call, "developer");
    const organiser = await organiserPhone(newContext);

    await test.step("the check-in page finds a person by name", async () => {
      await organiser.goto(`/events/${call.slug}/manage`);
      await organiser.getByRole("link", { name: "Check people in at the venue" }).click();
      await expect(organiser.getByRole("heading", { level: 1, name: "Check-in" })).toBeVisible();
      await expect(organiser.getByText(`0 of 2 people with a place at ${call.title} are checked in.`)).toBeVisible();
      await organiser.getByLabel("Find a person by name").fill("nia");
      await organiser.getByRole("button", { name: "Search" }).click();
      await expect(organiser).toHaveURL(/\/check-in\?q=nia$/);
      await expect(organiser.locator(".nhsuk-card__heading")).toHaveText([nurse.name]);
      await expect(card(organiser, nurse.name)).toContainText("Nurse or midwife, Bradford Teaching Hospitals");
      await look(organiser, testInfo, "check-in-search");
    });

    await test.step("one tap checks her in", async () => {
      await organiser.getByRole("button", { name: `Check in ${nurse.name}` }).tap();
      await expect(organiser).toHaveURL(/\/check-in\?q=nia&done=checked-in$/);
      await expect(inset(organiser)).toHaveText("Checked in.");
      await expect(card(organiser, nurse.name)).toContainText(/Checked in at \d{2}:\d{2} (GMT|BST)/);
      await expect(organiser.getByRole("button", { name: `Undo check-in for ${nurse.name}` })).toBeVisible();
      await expect(organiser.getByText(`1 of 2 people with a place at ${call.title} are checked in.`)).toBeVisible();
      // Still on her search, ready for the next person.
      await expect(organiser.getByLabel("Find a person by name")).toHaveValue("nia");
      await look(organiser, testInfo, "check-in-done");
      await organiser.getByRole("link", { name: "Show everyone" }).click();
      await expect(organiser.getByLabel("Find a person by name")).toHaveValue("");
      await expect(
        card(organiser, developer.name).getByRole("button", { name: `Check in ${developer.name}` }),
      ).toBeVisible();
    });

    const header =
      "Name,Email,Professional role,Organisation,Skills,Status,Waiting list number,Looking for a team," +
      "Profile shown to participants,Registered at,Checked in at";
    const when = /\d{4}-\d{2}-\d{2} \d{2}:\d{2} (GMT|BST)/.source;

    await test.step("the CSV has a header row and a row for each person, without needs", async () => {
      await organiser.goto(`/events/${call.slug}/manage/registrations`);
      await expect(organiser.getByText("2 registered for 120 places")).toBeVisible();
      await expect(organiser.getByRole("columnheader", { name: "Access and dietary needs" })).toHaveCount(0);
      await look(organiser, testInfo, "registrations");
      const { filename, text } = await downloadText(
        organiser,
        organiser.getByRole("link", { name: "Download as CSV" }),
      );
      expect(filename).toBe(`${call.slug}-registrations.csv`);
      expect(text.startsWith("\uFEFF")).toBe(true);
      const lines = text.slice(1).split("\r\n");
      expect(lines[0]).toBe(header);
      expect(lines.at(-1)).toBe("");
      expect(lines).toHaveLength(4);
      const nurseRow = lines.find((line) => line.startsWith(`${nurse.name},`));
      expect(nurseRow).toMatch(
        new RegExp(
          `^${nurse.name},${nurse.email.replace(/[.]/g, "\\.")},Nurse or midwife,Bradford Teaching Hospitals NHS Foundation Trust,` +
            `Respiratory nursing; COPD; spirometry,Registered,,Yes,Yes,${when},${when}$`,
        ),
      );
      const developerRow = lines.find((line) => line.startsWith(`${developer.name},`));
      expect(developerRow).toMatch(
        new RegExp(`,Developer,Leeds City Council,TypeScript; FHIR; Python,Registered,,Yes,Yes,${when},$`),
      );
      expect(text).not.toContain("Step-free");
    });

    await test.step("with the needs option, the needs are a column of their own", async () => {
      await organiser.getByLabel("Show access and dietary needs").check();
      await organiser.getByRole("button", { name: "Show registrations" }).click();
      await expect(organiser).toHaveURL(/[?&]needs=yes(&|$)/);
      const table = organiser.getByRole("table", { name: `Registrations for ${call.title}` });
      await expect(table.getByRole("columnheader", { name: "Access and dietary needs" })).toBeAttached();
      await expect(table.getByRole("row").filter({ hasText: nurse.name })).toContainText(needs);
      await expect(table.getByRole("row").filter({ hasText: developer.name })).toContainText("None given");
      await look(organiser, testInfo, "registrations-with-needs");
      const { text } = await downloadText(
        organiser,
        organiser.getByRole("link", { name: "Download as CSV, with access and dietary needs" }),
      );
      const lines = text.slice(1).split("\r\n");
      expect(lines[0]).toBe(`${header},Access and dietary needs`);
      expect(lines.find((line) => line.startsWith(`${nurse.name},`))).toMatch(new RegExp(`,${when},"${needs}"$`));
      expect(lines.find((line) => line.startsWith(`${developer.name},`))).toMatch(/,$/);
    });
  });

  test("a full team refuses a join with “This team is full” on the page", async ({
    newContext,
    consoleGuard,
  }, testInfo) => {
    // Joining and accepting into a full team are refused (400).
    consoleGuard.expectStatus(400);
    const call = await publishedCall("full-team", { teamSizeMin: 2, teamSizeMax: 2 });
    const teamName = uniqueTeamName("Two of Us");
    const patient = participant("patient");
    await registerParticipant(call, "captain", { lookingForTeam: false });
    const link = await withParticipantRequest("captain", async (request) => {
      await createTeamOverHttp(request, call, { name: teamName, pitch: "Pairs only.", rolesWanted: ["developer"] });
      return inviteLinkOverHttp(request, call);
    });
    for (const key of ["patient", "nurse", "developer"] as const) await registerParticipant(call, key);
    await withParticipantRequest("patient", (request) => askToJoinOverHttp(request, call, teamName, "Room for me?"));
    const nurse = await phoneOf(newContext, "nurse");

    await test.step("the nurse opens the invite link while the team has room", async () => {
      await nurse.goto(link);
      await expect(summaryValue(nurse, "Size")).toHaveText("1 of 2 members");
      await expect(nurse.getByRole("button", { name: `Join ${teamName}` })).toBeVisible();
    });

    await test.step("a developer takes the last place first, so her Join is refused", async () => {
      await withParticipantRequest("developer", (request) => joinByLinkOverHttp(request, link));
      await nurse.getByRole("button", { name: `Join ${teamName}` }).click();
      await expectErrorSummary(nurse, ["This team is full"]);
      await expect(nurse).toHaveURL(new RegExp(`${link}$`));
      // The page shows the team as it is now, and no longer offers to join it.
      await expect(summaryValue(nurse, "Size")).toHaveText("2 of 2 members");
      await expect(nurse.getByRole("button", { name: /^Join/ })).toHaveCount(0);
      await look(nurse, testInfo, "full-team-join-refused");
    });

    await test.step("opening the link again says the team is full, with no Join button", async () => {
      await nurse.goto(link);
      await expect(summaryValue(nurse, "Size")).toHaveText("2 of 2 members");
      await expect(inset(nurse)).toHaveText("This team is full");
      await expect(nurse.getByRole("button", { name: /^Join/ })).toHaveCount(0);
      await expect(nurse.getByRole("link", { name: "Go to your team page" })).toBeVisible();
      await look(nurse, testInfo, "full-team-link");
      // The board lists only teams with room.
      await nurse.goto(`/events/${call.slug}/teams`);
      await expect(nurse.getByText("No team with room matches at the moment.")).toBeVisible();
      await expect(card(nurse, teamName)).toHaveCount(0);
    });

    await test.step("the captain cannot accept a request into the full team either", async () => {
      const captain = await phoneOf(newContext, "captain");
      await captain.goto(`/events/${call.slug}/team`);
      await expect(summaryValue(captain, "Size")).toHaveText("2 of 2 members");
      const request = card(captain, patient.name);
      await request.getByRole("button", { name: `Accept ${patient.name}'s request` }).click();
      await expectErrorSummary(captain, ["This team is full"]);
      // The request is still there, to decline or to accept once someone leaves.
      await expect(card(captain, patient.name)).toBeVisible();
      await look(captain, testInfo, "full-team-accept-refused");
    });
  });

  test("a renewed invite link refuses the old code with a clear message", async ({
    newContext,
    consoleGuard,
  }, testInfo) => {
    // Joining by the old code from a page opened earlier (400); opening the old link (404).
    consoleGuard.expectStatus(400, 404);
    const call = await publishedCall("renewed-link");
    const teamName = uniqueTeamName("Night Shift");
    await registerParticipant(call, "captain");
    await withParticipantRequest("captain", (request) => createTeamOverHttp(request, call, { name: teamName }));
    await registerParticipant(call, "analyst");
    const captain = await phoneOf(newContext, "captain");
    const analyst = await phoneOf(newContext, "analyst");
    const wrongLink = "This invite link has been renewed or is wrong. Ask the captain for the new link";

    await captain.goto(`/events/${call.slug}/team`);
    const oldLink = await captain.getByLabel("Invite link").inputValue();

    await test.step("someone opens the link before it is renewed", async () => {
      await analyst.goto(oldLink);
      await expect(analyst.getByRole("button", { name: `Join ${teamName}` })).toBeVisible();
    });

    let newLink = "";
    await test.step("the captain renews the link", async () => {
      await captain.getByRole("button", { name: "Renew the link" }).click();
      await expect(captain).toHaveURL(/\/team\?done=renew-link$/);
      await expect(inset(captain)).toHaveText("The invite link has been renewed. The old link no longer works.");
      newLink = await captain.getByLabel("Invite link").inputValue();
      expect(newLink).toMatch(new RegExp(`/events/${call.slug}/join/[a-z0-9]+$`));
      expect(newLink).not.toBe(oldLink);
    });

    await test.step("joining from the page opened with the old link is refused, and says why", async () => {
      await analyst.getByRole("button", { name: `Join ${teamName}` }).click();
      await expect(analyst.getByRole("heading", { level: 1, name: "This invite link does not work" })).toBeVisible();
      await expect(analyst.getByText(`${wrongLink}.`)).toBeVisible();
      await expect(analyst.getByRole("button", { name: /^Join/ })).toHaveCount(0);
    });

    await test.step("the old link now says it does not work, and why", async () => {
      const response = await analyst.goto(oldLink);
      expect(response?.status()).toBe(404);
      await expect(analyst.getByRole("heading", { level: 1, name: "This invite link does not work" })).toBeVisible();
      await expect(analyst.getByText(`${wrongLink}.`)).toBeVisible();
      await look(analyst, testInfo, "renewed-link-old-code");
    });

    await test.step("the new link works", async () => {
      await analyst.goto(newLink);
      await analyst.getByRole("button", { name: `Join ${teamName}` }).click();
      await expect(analyst).toHaveURL(/\/team\?done=joined$/);
      await expect(analyst.getByRole("heading", { level: 1, name: teamName })).toBeVisible();
    });
  });
});
