// axe (WCAG 2.2 AA rules) on every page, in each state people meet it in, on a desktop and on a
// 320 px wide phone; with a full-page screenshot of each in test-results/screenshots/.
// The pages only an empty platform shows (home with the set-up offer, /setup) are checked in
// first-run.setup.ts, and the too-many-attempts page in security.spec.ts. The pages of calls for
// entry are checked as the administrator, who may organise every community's events; each test
// makes its own community and event over HTTP first. The pages of registration and teams are
// checked as the participants first-run.setup.ts makes, with registrations and teams made over
// HTTP, and their organisers' pages as the administrator.
import type { APIRequestContext, Page, TestInfo } from "@playwright/test";
import {
  ADMIN_STORAGE_STATE,
  adminAccount,
  askToJoinOverHttp,
  completeCallOverHttp,
  ConsoleGuard,
  createCommunityOverHttp,
  createDraftOverHttp,
  createPublishedCallOverHttp,
  createTeamOverHttp,
  createVerifiedAccount,
  expect,
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  inviteLinkOverHttp,
  inviteOverHttp,
  joinByLinkOverHttp,
  linkFrom,
  newAccount,
  nextUkClockChange,
  participant,
  postForm,
  publishOverHttp,
  registerParticipant,
  screenshot,
  signIn,
  signInAsParticipant,
  strongPassword,
  submitSignIn,
  test,
  uniqueEmail,
  uniqueTeamName,
  waitForEmail,
  withAdminRequest,
  withParticipantRequest,
  type EntryRules,
  type TestCall,
} from "./helpers";

interface PageCase {
  name: string;
  /** Opens the page in the state to check; ends when the page shows it. */
  open(page: Page, tools: { request: APIRequestContext; consoleGuard: ConsoleGuard }): Promise<void>;
}

async function expectH1(page: Page, name: string | RegExp) {
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

async function expectFormErrors(page: Page) {
  await expect(page.locator(".nhsuk-error-summary")).toBeVisible();
  await expect(page.locator(".nhsuk-error-summary")).toBeFocused();
}

const signedOutPages: PageCase[] = [
  {
    name: "home",
    async open(page) {
      await page.goto("/");
      await expectH1(page, "Health-tech hack days and challenges");
    },
  },
  {
    name: "signup",
    async open(page) {
      await page.goto("/signup");
      await expectH1(page, "Create an account");
    },
  },
  {
    name: "signup-errors-empty",
    async open(page, { consoleGuard }) {
      consoleGuard.expectStatus(400);
      await page.goto("/signup");
      await page.getByRole("button", { name: "Create account" }).click();
      await expectFormErrors(page);
      await expect(page.locator(".nhsuk-error-message")).toHaveCount(3);
    },
  },
  {
    name: "signup-errors-short-password",
    async open(page, { consoleGuard }) {
      consoleGuard.expectStatus(400);
      await page.goto("/signup");
      await page.getByLabel("Full name").fill("Chidi Okeke");
      await page.getByLabel("Email address").fill(uniqueEmail("a11y"));
      await page.getByLabel("Password", { exact: true }).fill("too short");
      await page.getByRole("button", { name: "Create account" }).click();
      await expectFormErrors(page);
      await expect(page.getByText("Password must be 12 characters or more").first()).toBeVisible();
    },
  },
  {
    name: "check-email",
    async open(page) {
      await page.goto("/check-email");
      await expectH1(page, "Check your email");
    },
  },
  {
    name: "verify-email",
    async open(page) {
      await page.goto("/verify-email?token=abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnop");
      await expectH1(page, "Confirm your email address");
    },
  },
  {
    name: "verify-email-expired",
    async open(page) {
      await page.goto("/verify-email?token=abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnop");
      await page.getByRole("button", { name: "Confirm email address" }).click();
      await expectH1(page, "This link has expired or has already been used");
    },
  },
  {
    name: "login",
    async open(page) {
      await page.goto("/login");
      await expectH1(page, "Sign in");
    },
  },
  {
    name: "login-confirmed-notice",
    async open(page) {
      await page.goto("/login?verified=1");
      await expect(page.getByText("Your email address is confirmed.")).toBeVisible();
    },
  },
  {
    name: "login-errors-wrong-password",
    async open(page, { consoleGuard }) {
      consoleGuard.expectStatus(400);
      await page.goto("/login");
      await submitSignIn(page, uniqueEmail("nobody"), "not a password anyone has");
      await expectFormErrors(page);
    },
  },
  {
    name: "login-errors-empty",
    async open(page, { consoleGuard }) {
      consoleGuard.expectStatus(400);
      await page.goto("/login");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expectFormErrors(page);
    },
  },
  {
    name: "forgot-password",
    async open(page) {
      await page.goto("/forgot-password");
      await expectH1(page, "Reset your password");
    },
  },
  {
    name: "forgot-password-errors",
    async open(page, { consoleGuard }) {
      consoleGuard.expectStatus(400);
      await page.goto("/forgot-password");
      await page.getByLabel("Email address").fill("not an address");
      await page.getByRole("button", { name: "Send reset link" }).click();
      await expectFormErrors(page);
    },
  },
  {
    name: "forgot-password-sent",
    async open(page) {
      await page.goto("/forgot-password");
      await page.getByLabel("Email address").fill(uniqueEmail("nobody"));
      await page.getByRole("button", { name: "Send reset link" }).click();
      await expectH1(page, "Check your email");
    },
  },
  {
    name: "reset-password",
    async open(page, { request }) {
      // An account of its own, so no other test's reset link replaces this one.
      const account = newAccount("a11y-reset");
      expect((await request.post("/signup", { form: { ...account }, maxRedirects: 0 })).status()).toBe(302);
      await request.post("/forgot-password", { form: { email: account.email } });
      await page.goto(linkFrom((await waitForEmail(account.email, "Reset your password")).text, "/reset-password"));
      await expectH1(page, "Choose a new password");
    },
  },
  {
    name: "reset-password-errors",
    async open(page, { request, consoleGuard }) {
      consoleGuard.expectStatus(400);
      const account = newAccount("a11y-reset");
      expect((await request.post("/signup", { form: { ...account }, maxRedirects: 0 })).status()).toBe(302);
      await request.post("/forgot-password", { form: { email: account.email } });
      await page.goto(linkFrom((await waitForEmail(account.email, "Reset your password")).text, "/reset-password"));
      await page.getByLabel("New password").fill("password1234");
      await page.getByRole("button", { name: "Change password" }).click();
      await expectFormErrors(page);
    },
  },
  {
    name: "reset-password-expired",
    async open(page) {
      await page.goto("/reset-password?token=abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnop");
      await expectH1(page, "This link has expired or has already been used");
    },
  },
  {
    name: "not-found",
    async open(page, { consoleGuard }) {
      consoleGuard.expectStatus(404);
      await page.goto("/no-such-page");
      await expectH1(page, "Page not found");
    },
  },
];

const adminPages: PageCase[] = [
  {
    name: "admin-home",
    async open(page) {
      await page.goto("/");
      await expect(
        page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Administration" }),
      ).toBeVisible();
    },
  },
  {
    name: "account",
    async open(page) {
      await page.goto("/account");
      await expectH1(page, "Your account");
    },
  },
  {
    name: "account-password",
    async open(page) {
      await page.goto("/account/password");
      await expectH1(page, "Change your password");
    },
  },
  {
    name: "account-password-errors",
    async open(page, { consoleGuard }) {
      consoleGuard.expectStatus(400);
      // Rejected before the current password is even checked: the administrator's stays as it is.
      await page.goto("/account/password");
      await page.getByRole("button", { name: "Change password" }).click();
      await expectFormErrors(page);
      await expect(page.locator(".nhsuk-error-message")).toHaveCount(2);
    },
  },
  {
    name: "account-sessions",
    async open(page) {
      await page.goto("/account/sessions");
      await expectH1(page, "Where you are signed in");
      await expect(page.locator("tbody tr").filter({ hasText: "This device" })).toHaveCount(1);
    },
  },
  {
    name: "admin",
    async open(page) {
      await page.goto("/admin");
      await expectH1(page, "Administration");
    },
  },
  {
    name: "admin-users",
    async open(page) {
      await page.goto("/admin/users");
      await expectH1(page, "People and administrators");
      await expect(page.locator("tbody tr").first()).toBeVisible();
    },
  },
  {
    name: "admin-mailbox",
    async open(page) {
      await page.goto("/admin/mailbox");
      await expectH1(page, "Mailbox");
      await expect(page.locator(".nhsuk-card").first()).toBeVisible();
    },
  },
];

/** One community with a call in each list of the home page: open, coming up and past. */
async function callsInEveryList(request: APIRequestContext) {
  const community = await createCommunityOverHttp(request, "a11y-home-hub");
  const calls: TestCall[] = [];
  for (const label of ["a11y-open", "a11y-closed", "a11y-cancelled"]) {
    const call = await createDraftOverHttp(request, community, { label });
    await completeCallOverHttp(request, call);
    await publishOverHttp(request, call);
    calls.push(call);
  }
  const [open, closed, cancelled] = calls as [TestCall, TestCall, TestCall];
  await postForm(request, `/events/${closed.slug}/manage`, { intent: "close-registration" });
  await postForm(request, `/events/${cancelled.slug}/manage`, { intent: "cancel", reason: "The venue flooded." });
  return { community, open, closed, cancelled };
}

/** A draft with every part of the call filled in, not yet published. */
async function completeDraft(request: APIRequestContext, label: string): Promise<TestCall> {
  const community = await createCommunityOverHttp(request, `${label}-hub`);
  const call = await createDraftOverHttp(request, community, { label });
  await completeCallOverHttp(request, call);
  return call;
}

async function emptyDraft(request: APIRequestContext, label: string): Promise<TestCall> {
  const community = await createCommunityOverHttp(request, `${label}-hub`);
  return createDraftOverHttp(request, community, { label });
}

const callPagesSignedOut: PageCase[] = [
  {
    name: "home-with-events",
    async open(page) {
      const { open } = await withAdminRequest(callsInEveryList);
      await page.goto("/");
      await expectH1(page, "Health-tech hack days and challenges");
      await expect(page.getByRole("link", { name: open.title })).toBeVisible();
    },
  },
  {
    name: "home-filtered",
    async open(page) {
      const { community, open, closed, cancelled } = await withAdminRequest(callsInEveryList);
      await page.goto(`/?community=${community.slug}&kind=hackday`);
      for (const call of [open, closed, cancelled]) {
        await expect(page.getByRole("link", { name: call.title })).toBeVisible();
      }
    },
  },
  {
    name: "call-published",
    async open(page) {
      const call = await withAdminRequest((request) => createPublishedCallOverHttp(request, "a11y-call"));
      await page.goto(`/events/${call.slug}`);
      await expectH1(page, call.title);
      await expect(page.getByText("Total prize fund: £1,000")).toBeVisible();
    },
  },
  {
    name: "call-cancelled",
    async open(page) {
      const { cancelled } = await withAdminRequest(callsInEveryList);
      await page.goto(`/events/${cancelled.slug}`);
      await expect(page.getByText("This event has been cancelled")).toBeVisible();
    },
  },
];

/** The call's pages for its organisers; the administrator organises every community's events. */
const organiserPages: PageCase[] = [
  {
    name: "organise",
    async open(page) {
      const call = await emptyDraft(page.request, "a11y-organise");
      await page.goto("/organise");
      await expectH1(page, "Events you organise");
      await expect(page.getByRole("link", { name: call.title })).toBeVisible();
    },
  },
  {
    name: "organise-new",
    async open(page) {
      await createCommunityOverHttp(page.request, "a11y-new-hub");
      await page.goto("/organise/new");
      await expectH1(page, "Create an event");
    },
  },
  {
    name: "organise-new-errors",
    async open(page, { consoleGuard }) {
      consoleGuard.expectStatus(400);
      await createCommunityOverHttp(page.request, "a11y-new-hub");
      await page.goto("/organise/new");
      await page.getByRole("button", { name: "Create draft" }).click();
      await expectFormErrors(page);
    },
  },
  {
    name: "manage-draft",
    async open(page) {
      const call = await emptyDraft(page.request, "a11y-manage");
      await page.goto(`/events/${call.slug}/manage`);
      await expectH1(page, call.title);
      await expect(page.getByText("Still needed before publishing")).toBeVisible();
    },
  },
  {
    name: "manage-publish-errors",
    async open(page, { consoleGuard }) {
      consoleGuard.expectStatus(400);
      const call = await emptyDraft(page.request, "a11y-publish");
      await page.goto(`/events/${call.slug}/manage`);
      await page.getByRole("button", { name: "Publish the call" }).click();
      await expectFormErrors(page);
    },
  },
  {
    name: "manage-published",
    async open(page) {
      const call = await createPublishedCallOverHttp(page.request, "a11y-live");
      await page.goto(`/events/${call.slug}/manage`);
      await expect(page.getByRole("button", { name: "Close registration now" })).toBeVisible();
    },
  },
  {
    name: "manage-details",
    async open(page) {
      const call = await completeDraft(page.request, "a11y-details");
      await page.goto(`/events/${call.slug}/manage/details`);
      await expectH1(page, "Details and venue");
    },
  },
  {
    name: "manage-timeline",
    async open(page) {
      const call = await completeDraft(page.request, "a11y-timeline");
      await page.goto(`/events/${call.slug}/manage/timeline`);
      await expectH1(page, "Timeline");
    },
  },
  {
    name: "manage-timeline-clock-changes",
    async open(page, { consoleGuard }) {
      consoleGuard.expectStatus(400);
      const call = await emptyDraft(page.request, "a11y-clocks");
      const spring = nextUkClockChange("March");
      const autumn = nextUkClockChange("October", 1);
      await page.goto(`/events/${call.slug}/manage/timeline`);
      const opens = page.getByRole("group", { name: "Registration opens", exact: true });
      await opens.getByLabel("Date").fill(spring.date);
      await opens.getByLabel("Time (24-hour)").fill("01:30");
      const deadline = page.getByRole("group", { name: "Submission deadline", exact: true });
      await deadline.getByLabel("Date").fill(autumn.date);
      await deadline.getByLabel("Time (24-hour)").fill("01:30");
      await page.getByRole("button", { name: "Save timeline" }).click();
      await expectFormErrors(page);
      await expect(page.getByRole("group", { name: "Which submission deadline time do you mean?" })).toBeVisible();
    },
  },
  {
    name: "manage-timeline-published",
    async open(page) {
      const call = await createPublishedCallOverHttp(page.request, "a11y-live-timeline");
      await page.goto(`/events/${call.slug}/manage/timeline`);
      await expect(page.getByLabel("If you move the submission deadline, why?")).toBeVisible();
    },
  },
  {
    name: "manage-entry",
    async open(page) {
      const call = await completeDraft(page.request, "a11y-entry");
      await page.goto(`/events/${call.slug}/manage/entry`);
      await expectH1(page, "Teams, eligibility and requirements");
    },
  },
  {
    name: "manage-themes",
    async open(page) {
      const call = await completeDraft(page.request, "a11y-themes");
      await page.goto(`/events/${call.slug}/manage/themes`);
      await expectH1(page, "Themes");
      await expect(page.locator(".nhsuk-card")).toHaveCount(2);
    },
  },
  {
    name: "manage-prizes",
    async open(page) {
      const call = await completeDraft(page.request, "a11y-prizes");
      await page.goto(`/events/${call.slug}/manage/prizes`);
      await expectH1(page, "Prizes");
      await expect(page.getByText("Total prize fund: £1,000")).toBeVisible();
    },
  },
  {
    name: "manage-prizes-errors",
    async open(page, { consoleGuard }) {
      consoleGuard.expectStatus(400);
      const call = await emptyDraft(page.request, "a11y-prize-errors");
      await page.goto(`/events/${call.slug}/manage/prizes`);
      await page.getByLabel("1st place, in pounds").fill("0.005");
      await page.getByLabel("2nd place, in pounds").fill("-50");
      await page.getByRole("button", { name: "Add prize" }).click();
      await expectFormErrors(page);
      await expect(page.locator(".nhsuk-error-message")).toHaveCount(3);
    },
  },
  {
    name: "manage-organisers",
    async open(page) {
      const call = await emptyDraft(page.request, "a11y-organisers");
      const here = `/events/${call.slug}/manage/organisers`;
      await postForm(page.request, here, { intent: "invite", email: adminAccount().email });
      await postForm(page.request, here, { intent: "invite", email: uniqueEmail("a11y-invitee") });
      await page.goto(here);
      await expectH1(page, `Organisers of ${call.title}`);
      await expect(page.getByRole("heading", { name: "Invitations waiting for a reply" })).toBeVisible();
    },
  },
  {
    name: "call-draft-preview",
    async open(page) {
      const call = await completeDraft(page.request, "a11y-preview");
      await page.goto(`/events/${call.slug}`);
      await expect(page.getByText("This is a draft. Only organisers can see it until it is published.")).toBeVisible();
    },
  },
  {
    name: "admin-communities",
    async open(page) {
      const community = await createCommunityOverHttp(page.request, "a11y-list-hub");
      await page.goto("/admin/communities");
      await expectH1(page, "Communities");
      await expect(page.getByRole("link", { name: community.name })).toBeVisible();
    },
  },
  {
    name: "admin-communities-new",
    async open(page) {
      await page.goto("/admin/communities/new");
      await expectH1(page, "Create a community");
    },
  },
  {
    name: "admin-communities-new-errors",
    async open(page, { consoleGuard }) {
      consoleGuard.expectStatus(400);
      await page.goto("/admin/communities/new");
      await page.getByLabel("Website address (optional)").fill("http://not-secure.example");
      await page.getByRole("button", { name: "Create community" }).click();
      await expectFormErrors(page);
    },
  },
  {
    name: "admin-community",
    async open(page) {
      const community = await createCommunityOverHttp(page.request, "a11y-admin-hub");
      const here = `/admin/communities/${community.slug}`;
      await postForm(page.request, here, { intent: "invite", email: adminAccount().email });
      await postForm(page.request, here, { intent: "invite", email: uniqueEmail("a11y-invitee") });
      await page.goto(here);
      await expectH1(page, community.name);
      await expect(page.getByRole("heading", { name: "Invitations waiting for a reply" })).toBeVisible();
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Registration and teams

function publishedCall(label: string, entry: EntryRules = {}): Promise<TestCall> {
  return withAdminRequest((request) => createPublishedCallOverHttp(request, label, entry));
}

const TEAM_PITCH = "A text reminder that patients with COPD can answer, so that fewer clinic appointments are missed.";

/** A published call with one team: the captain's, wanting a doctor, a nurse and a developer. */
async function callWithTeam(label: string): Promise<{ call: TestCall; teamName: string }> {
  const call = await publishedCall(label, { teamSizeMin: 2, teamSizeMax: 4 });
  const teamName = uniqueTeamName("Breathe Easy");
  await registerParticipant(call, "captain", { lookingForTeam: false });
  await withParticipantRequest("captain", (request) =>
    createTeamOverHttp(request, call, {
      name: teamName,
      pitch: TEAM_PITCH,
      rolesWanted: ["doctor", "nurse_or_midwife", "developer"],
    }),
  );
  return { call, teamName };
}

/** The captain's team and a second team, the developer's, wanting a patient; a doctor and a nurse looking. */
async function busyBoard(label: string) {
  const { call, teamName } = await callWithTeam(label);
  const secondTeam = uniqueTeamName("Night Shift");
  await registerParticipant(call, "developer", { lookingForTeam: false });
  await withParticipantRequest("developer", (request) =>
    createTeamOverHttp(request, call, {
      name: secondTeam,
      pitch: "Safer handovers between night and day shifts on a ward.",
      rolesWanted: ["patient_or_carer", "nurse_or_midwife"],
    }),
  );
  await registerParticipant(call, "doctor");
  await registerParticipant(call, "nurse");
  return { call, teamName, secondTeam };
}

async function expectStatusRow(page: Page, status: string | RegExp) {
  await expect(page.locator(".nhsuk-summary-list__row").filter({ hasText: "Status" })).toContainText(status);
}

const participantPages: PageCase[] = [
  {
    name: "register",
    async open(page) {
      const call = await publishedCall("a11y-register");
      await signInAsParticipant(page.context(), "nurse");
      await page.goto(`/events/${call.slug}/register`);
      await expectH1(page, `Register for ${call.title}`);
    },
  },
  {
    name: "register-errors",
    async open(page, { consoleGuard }) {
      consoleGuard.expectStatus(400);
      const call = await publishedCall("a11y-register-errors");
      await signInAsParticipant(page.context(), "nurse");
      await page.goto(`/events/${call.slug}/register`);
      await page.getByRole("group", { name: "I am 18 or over" }).getByLabel("No").check();
      await page.getByRole("button", { name: "Register" }).click();
      await expectFormErrors(page);
      await expect(page.locator(".nhsuk-error-summary li")).toHaveText([
        "Select your professional role",
        "Answer yes or no to: I work for or with an NHS organisation",
        "You can only enter if you can answer yes to: I am 18 or over",
      ]);
    },
  },
  {
    name: "register-registered",
    async open(page) {
      const call = await publishedCall("a11y-registered");
      await registerParticipant(call, "nurse", { accessNeeds: "Vegetarian food" });
      await signInAsParticipant(page.context(), "nurse");
      await page.goto(`/events/${call.slug}/register?done=registered`);
      await expectH1(page, `Your registration for ${call.title}`);
      await expectStatusRow(page, "Registered");
      await expect(page.getByRole("heading", { level: 2, name: "Withdraw" })).toBeVisible();
    },
  },
  {
    name: "register-waiting-list",
    async open(page) {
      const call = await publishedCall("a11y-waiting", { capacity: 1 });
      await registerParticipant(call, "doctor");
      expect(await registerParticipant(call, "nurse")).toBe("waitlisted");
      await signInAsParticipant(page.context(), "nurse");
      await page.goto(`/events/${call.slug}/register?done=waitlisted`);
      await expectStatusRow(page, "Waiting list, number 1");
    },
  },
  {
    name: "teams-board",
    async open(page) {
      const { call, teamName, secondTeam } = await busyBoard("a11y-board");
      await signInAsParticipant(page.context(), "nurse");
      await page.goto(`/events/${call.slug}/teams`);
      await expectH1(page, "Find a team");
      await expect(page.getByRole("link", { name: `Ask to join ${teamName}` })).toBeVisible();
      await expect(page.getByRole("link", { name: `Ask to join ${secondTeam}` })).toBeVisible();
      await expect(page.getByRole("heading", { level: 3, name: participant("doctor").name })).toBeVisible();
    },
  },
  {
    name: "teams-board-captain",
    async open(page) {
      const { call } = await busyBoard("a11y-board-captain");
      await withParticipantRequest("captain", (request) => inviteOverHttp(request, call, participant("nurse").name));
      await signInAsParticipant(page.context(), "captain");
      await page.goto(`/events/${call.slug}/teams?done=invite`);
      await expect(
        page.getByRole("button", { name: `Invite to your team ${participant("doctor").name}` }),
      ).toBeVisible();
      await expect(page.getByText("Invited to your team")).toBeVisible();
    },
  },
  {
    name: "teams-board-ask",
    async open(page) {
      const { call, teamName } = await busyBoard("a11y-board-ask");
      await signInAsParticipant(page.context(), "nurse");
      await page.goto(`/events/${call.slug}/teams`);
      await page.getByRole("link", { name: `Ask to join ${teamName}` }).click();
      await expect(page.getByLabel("Message to the captain (optional)")).toBeVisible();
    },
  },
  {
    name: "team-captain-with-request",
    async open(page) {
      const { call, teamName } = await callWithTeam("a11y-team-captain");
      await registerParticipant(call, "nurse");
      await withParticipantRequest("nurse", (request) =>
        askToJoinOverHttp(request, call, teamName, "I run the COPD clinic and see the missed appointments every week."),
      );
      await signInAsParticipant(page.context(), "captain");
      await page.goto(`/events/${call.slug}/team`);
      await expectH1(page, teamName);
      await expect(page.getByRole("heading", { level: 2, name: "Requests to join" })).toBeVisible();
      await expect(page.getByRole("button", { name: "Renew the link" })).toBeVisible();
    },
  },
  {
    name: "team-member",
    async open(page) {
      const { call, teamName } = await callWithTeam("a11y-team-member");
      const link = await withParticipantRequest("captain", (request) => inviteLinkOverHttp(request, call));
      await registerParticipant(call, "developer");
      await withParticipantRequest("developer", (request) => joinByLinkOverHttp(request, link));
      await signInAsParticipant(page.context(), "developer");
      await page.goto(`/events/${call.slug}/team?done=joined`);
      await expectH1(page, teamName);
      await expect(page.getByRole("button", { name: "Leave the team" })).toBeVisible();
      await expect(page.getByRole("button", { name: "Renew the link" })).toHaveCount(0);
    },
  },
  {
    name: "team-none",
    async open(page) {
      const call = await publishedCall("a11y-team-none");
      await registerParticipant(call, "nurse");
      await signInAsParticipant(page.context(), "nurse");
      await page.goto(`/events/${call.slug}/team`);
      await expectH1(page, "Your team");
      await expect(page.getByRole("button", { name: "Create the team" })).toBeVisible();
    },
  },
  {
    name: "team-none-invited-and-asking",
    async open(page) {
      const { call, secondTeam } = await busyBoard("a11y-team-invited");
      await withParticipantRequest("captain", (request) => inviteOverHttp(request, call, participant("nurse").name));
      await withParticipantRequest("nurse", (request) => askToJoinOverHttp(request, call, secondTeam));
      await signInAsParticipant(page.context(), "nurse");
      await page.goto(`/events/${call.slug}/team`);
      await expect(page.getByRole("heading", { level: 2, name: "Invitations" })).toBeVisible();
      await expect(page.getByRole("heading", { level: 2, name: "Your requests to join" })).toBeVisible();
      await expect(page.getByRole("button", { name: "Create the team" })).toBeVisible();
    },
  },
  {
    name: "team-create-errors",
    async open(page, { consoleGuard }) {
      consoleGuard.expectStatus(400);
      const call = await publishedCall("a11y-team-errors");
      await registerParticipant(call, "nurse");
      await signInAsParticipant(page.context(), "nurse");
      await page.goto(`/events/${call.slug}/team`);
      await page.getByRole("button", { name: "Create the team" }).click();
      await expectFormErrors(page);
      await expect(page.locator(".nhsuk-error-summary li")).toHaveText(["Enter team name"]);
    },
  },
  {
    name: "team-not-registered",
    async open(page) {
      const call = await publishedCall("a11y-team-unregistered");
      await signInAsParticipant(page.context(), "nurse");
      await page.goto(`/events/${call.slug}/team`);
      await expect(page.getByText("Only people registered for this event can be in a team.")).toBeVisible();
    },
  },
  {
    name: "join",
    async open(page) {
      const { call, teamName } = await callWithTeam("a11y-join");
      const link = await withParticipantRequest("captain", (request) => inviteLinkOverHttp(request, call));
      await registerParticipant(call, "developer");
      await signInAsParticipant(page.context(), "developer");
      await page.goto(link);
      await expectH1(page, `Join ${teamName}`);
      await expect(page.getByRole("button", { name: `Join ${teamName}` })).toBeVisible();
    },
  },
  {
    name: "join-link-wrong",
    async open(page, { consoleGuard }) {
      consoleGuard.expectStatus(404);
      const call = await publishedCall("a11y-join-wrong");
      await registerParticipant(call, "developer");
      await signInAsParticipant(page.context(), "developer");
      await page.goto(`/events/${call.slug}/join/nosuchcode`);
      await expectH1(page, "This invite link does not work");
    },
  },
];

/** The organisers' pages of an event people have registered for and formed teams at. */
async function eventWithEntrants(label: string) {
  const { call, teamName } = await callWithTeam(label);
  await registerParticipant(call, "nurse", { accessNeeds: "Step-free access, vegetarian food" });
  await withParticipantRequest("nurse", (request) => askToJoinOverHttp(request, call, teamName));
  await registerParticipant(call, "developer");
  await registerParticipant(call, "doctor", { lookingForTeam: false });
  const link = await withParticipantRequest("captain", (request) => inviteLinkOverHttp(request, call));
  await withParticipantRequest("developer", (request) => joinByLinkOverHttp(request, link));
  await withParticipantRequest("doctor", (request) =>
    createTeamOverHttp(request, call, { name: uniqueTeamName("Solo"), rolesWanted: ["developer"] }),
  );
  return { call, teamName };
}

const registrationOrganiserPages: PageCase[] = [
  {
    name: "manage-registrations",
    async open(page) {
      const { call } = await eventWithEntrants("a11y-registrations");
      await page.goto(`/events/${call.slug}/manage/registrations`);
      await expectH1(page, `Registrations for ${call.title}`);
      await expect(page.getByRole("link", { name: "Download as CSV" })).toBeVisible();
    },
  },
  {
    name: "manage-registrations-needs",
    async open(page) {
      const call = await publishedCall("a11y-registrations-needs", { capacity: 2 });
      await registerParticipant(call, "nurse", { accessNeeds: "Step-free access, vegetarian food" });
      await registerParticipant(call, "developer");
      await registerParticipant(call, "patient");
      await page.goto(`/events/${call.slug}/manage/registrations?q=&status=&needs=yes`);
      await expect(page.getByRole("columnheader", { name: "Access and dietary needs" })).toBeAttached();
      await expect(page.getByText("Waiting list, number 1")).toBeVisible();
    },
  },
  {
    name: "manage-check-in",
    async open(page) {
      const { call } = await eventWithEntrants("a11y-check-in");
      await page.goto(`/events/${call.slug}/manage/check-in`);
      await page.getByRole("button", { name: `Check in ${participant("nurse").name}` }).click();
      await expect(page.getByText("Checked in at")).toBeVisible();
      await expectH1(page, "Check-in");
    },
  },
  {
    name: "manage-teams",
    async open(page) {
      const { call, teamName } = await eventWithEntrants("a11y-manage-teams");
      await page.goto(`/events/${call.slug}/manage/teams`);
      await expectH1(page, "Teams");
      await expect(page.getByRole("row").filter({ hasText: teamName })).toContainText("2 of 4");
      await expect(page.getByRole("button", { name: "Move them" })).toBeVisible();
    },
  },
];

const VIEWPORTS = [
  { label: "desktop", viewport: { width: 1280, height: 800 }, isMobile: false },
  { label: "phone-320", viewport: { width: 320, height: 640 }, isMobile: true },
] as const;

async function check(page: Page, pageCase: PageCase, label: string, testInfo: TestInfo) {
  await expectNoAxeViolations(page, `${pageCase.name} (${label})`);
  if (label.startsWith("phone")) await expectNoSidewaysScroll(page, pageCase.name);
  await screenshot(page, testInfo, `${pageCase.name}-${label}`);
}

for (const { label, viewport, isMobile } of VIEWPORTS) {
  test.describe(`accessibility at ${label} (${viewport.width}px)`, () => {
    test.use({ viewport, isMobile, hasTouch: isMobile });

    test.describe("signed out", () => {
      for (const pageCase of [...signedOutPages, ...callPagesSignedOut]) {
        test(pageCase.name, async ({ page, request, consoleGuard }, testInfo) => {
          await pageCase.open(page, { request, consoleGuard });
          await check(page, pageCase, label, testInfo);
        });
      }
    });

    test.describe("signed in as the administrator", () => {
      test.use({ storageState: ADMIN_STORAGE_STATE });
      for (const pageCase of [...adminPages, ...organiserPages, ...registrationOrganiserPages]) {
        test(pageCase.name, async ({ page, request, consoleGuard }, testInfo) => {
          await pageCase.open(page, { request, consoleGuard });
          await check(page, pageCase, label, testInfo);
        });
      }
    });

    test.describe("signed in as a participant", () => {
      for (const pageCase of participantPages) {
        test(pageCase.name, async ({ page, request, consoleGuard }, testInfo) => {
          await pageCase.open(page, { request, consoleGuard });
          await check(page, pageCase, label, testInfo);
        });
      }
    });

    test.describe("signed in as a member", () => {
      test("admin-forbidden", async ({ page, request, consoleGuard }, testInfo) => {
        consoleGuard.expectStatus(403);
        const member = await createVerifiedAccount(request, {
          ...newAccount("a11y-member", "Mo Farah"),
          password: strongPassword(),
        });
        await signIn(page, member);
        await page.goto("/admin");
        await expectH1(page, "You do not have permission to see this page");
        await check(page, { name: "admin-forbidden", open: async () => {} }, label, testInfo);
      });
    });
  });
}
