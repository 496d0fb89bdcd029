// One whole event, from an empty community to the programme report, through the real pages only
// (issue 11): an organiser publishes a call; participants register and form teams (a nurse finds a
// team that needs a clinician); teams submit with repositories on the run's own git server; judges
// score on phone-sized screens; the organiser reviews the results, settles a tie with a reason and
// allocates the prize money; a second organiser approves it; the results are published; a winner
// logs a support request; support staff answer and resolve it; the programme report counts it.
//
// Every page the journey opens is checked with axe (WCAG 2.2 AA), photographed into the test's
// output and attached to the report, and opened again in a 320 px window and at 200% zoom (a
// 1280 px window showing a 640 px page) to find any that scroll sideways; the problems are
// collected and asserted at the end, so one run lists them all. The registration form and the
// scoring form are completed with the keyboard alone. With UPDATE_SCREENSHOTS=1 the README's
// screenshots in docs/screenshots/ are taken again from the same pages.
//
// The first-run project made the administrator; this test makes everything else, and moves the
// event through its phases as organisers do, with the timeline form.
import type { BrowserContext, BrowserContextOptions, Locator, Page, TestInfo } from "@playwright/test";
import fs from "node:fs/promises";
import path from "node:path";
import {
  ADMIN_STORAGE_STATE,
  ELIGIBILITY_QUESTIONS,
  PARTICIPANT_PEOPLE,
  PHONE,
  SMALL_PHONE,
  axeViolations,
  card,
  chooseScores,
  chooseWithKeyboard,
  createRepositoryForTest,
  criterionGroup,
  expect,
  fillRegistrationForm,
  fillSignUpForm,
  fillTimelineForm,
  inset,
  judgingOpenTimeline,
  linkFrom,
  newAccount,
  newAccountAt,
  openCallTimeline,
  participant,
  participantStorageState,
  pressWithKeyboard,
  scoreRadio,
  sheet,
  signIn,
  signUpAndVerify,
  submissionsOpenTimeline,
  summaryValue,
  tabTo,
  tableRow,
  task,
  test,
  tickWithKeyboard,
  typeWithKeyboard,
  uniqueSlug,
  verifyByEmailedLink,
  waitForEmail,
  type NhsCriterion,
  type ParticipantKey,
  type ScoreSheet,
} from "./helpers";

/** The screenshots the README shows, by the name each is kept under in docs/screenshots/. */
type ReadmeScreenshot =
  "call" | "find-a-team-phone" | "scoring-phone" | "results-tie-settled" | "prize-money-approval" | "support-request";

/** Where a page is opened again to look for sideways scrolling: WCAG 1.4.10 and 1.4.4. */
const REFLOW_WINDOWS = [
  { label: "320 px", options: { viewport: { width: 320, height: 640 } } },
  // A 1280 by 720 window at 200% zoom lays the page out 640 CSS pixels wide.
  { label: "200% zoom", options: { viewport: { width: 640, height: 360 }, deviceScaleFactor: 2 } },
] as const satisfies readonly { label: string; options: BrowserContextOptions }[];

type NewContext = (options?: BrowserContextOptions) => Promise<BrowserContext>;

/**
 * What the journey finds on the pages it opens. Each actor's pages are opened again, as it goes,
 * in two more windows of that actor (same cookies): a page is checked for reflow in the state the
 * journey met it in, which is gone by the end (a scoring form, for one, is locked by then).
 */
class Inspection {
  readonly axeProblems: string[] = [];
  readonly reflowProblems: string[] = [];
  private readonly reflowPages = new Map<BrowserContext, Page[]>();
  private count = 0;

  constructor(
    private readonly testInfo: TestInfo,
    private readonly newContext: NewContext,
  ) {}

  /** axe, the reflow windows and a full-page screenshot of the page as it is now. */
  async look(page: Page, name: string, readme?: ReadmeScreenshot): Promise<void> {
    const label = `${String(++this.count).padStart(2, "0")}-${name}`;
    const violations = await axeViolations(page);
    if (violations.length > 0) this.axeProblems.push(`${label} (${page.url()}):\n${violations.join("\n")}`);
    const file = this.testInfo.outputPath(`${label}.png`);
    await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
    await this.testInfo.attach(label, { path: file, contentType: "image/png" });
    if (readme && process.env.UPDATE_SCREENSHOTS === "1") {
      // The visible screen only, so that each stays small; the full pages are in the test's output.
      const docs = path.resolve(this.testInfo.project.testDir, "../../docs/screenshots");
      await fs.mkdir(docs, { recursive: true });
      await page.screenshot({ path: path.join(docs, `${readme}.png`), animations: "disabled" });
    }
    await this.checkReflow(page, label);
  }

  private async checkReflow(page: Page, label: string): Promise<void> {
    const url = page.url();
    const context = page.context();
    const expectedHeading = (await page.locator("h1").first().textContent())?.trim();
    let pages = this.reflowPages.get(context);
    if (!pages) {
      const state = await context.storageState();
      pages = [];
      for (const { options } of REFLOW_WINDOWS) {
        pages.push(await (await this.newContext({ ...options, storageState: state })).newPage());
      }
      this.reflowPages.set(context, pages);
    } else {
      // The actor may have signed in since: the reflow windows follow their cookies.
      const { cookies } = await context.storageState();
      for (const reflow of pages) await reflow.context().addCookies(cookies);
    }
    for (const [index, { label: windowLabel }] of REFLOW_WINDOWS.entries()) {
      const reflow = pages[index]!;
      await reflow.goto(url, { waitUntil: "domcontentloaded" });
      // The same page, seen by the same person: not a sign-in page or an error in its place.
      const heading = (await reflow.locator("h1").first().textContent())?.trim();
      if (heading !== expectedHeading) {
        this.reflowProblems.push(`${label} (${url}) at ${windowLabel} showed “${heading}”, not “${expectedHeading}”`);
      }
      const measured = await reflow.evaluate(() => {
        const width = window.innerWidth;
        const tooWide = [...document.querySelectorAll("body *")]
          .filter((element) => element.getBoundingClientRect().right > width + 0.5)
          .filter((element) => !element.parentElement || element.parentElement.getBoundingClientRect().right <= width)
          .slice(0, 5)
          .map((element) => {
            const classes = element.getAttribute("class");
            return `<${element.tagName.toLowerCase()}${classes ? ` class="${classes}"` : ""}> ${Math.round(element.getBoundingClientRect().right)}px`;
          });
        return { scrollWidth: document.documentElement.scrollWidth, width, tooWide };
      });
      if (measured.scrollWidth > measured.width) {
        this.reflowProblems.push(
          `${label} (${url}) at ${windowLabel}: ${measured.scrollWidth}px wide in a ${measured.width}px window; ` +
            `widest: ${measured.tooWide.join(", ")}`,
        );
      }
    }
  }
}

/** Scrolls the page so that `element` is at the top of the screen, for a screenshot of what follows it. */
async function scrollToTop(element: Locator): Promise<void> {
  await element.evaluate((node) => node.scrollIntoView({ block: "start" }));
}

const ROLE_LABELS: Record<ParticipantKey, string> = {
  captain: "Designer",
  nurse: "Nurse or midwife",
  developer: "Developer",
  doctor: "Doctor",
  patient: "Patient or carer",
  analyst: "Data analyst",
};

interface Entry {
  teamName: string;
  title: string;
}

// Both judges score Breathe Easy and Safe Handover alike, criterion by criterion, so the two tie on
// every basis and on every criterion: only the organisers' decision can order them.
const TIED_AMARA = sheet(5, 4, 4, 3, 4);
const LOWER_AMARA = sheet(3, 3, 2, 3, 3);
const TIED_TOM = sheet(4, 4, 3, 4, 4);
const LOWER_TOM = sheet(2, 3, 3, 2, 3);

test.describe("the whole event", () => {
  // A step that cannot find what it looks for fails within this, rather than at the long test timeout.
  test.use({ actionTimeout: 20_000 });

  test("an organiser publishes a call, teams form and enter, judges score on phones, the prize money is approved, the results are announced and a winner is supported", async ({
    newContext,
  }, testInfo) => {
    test.setTimeout(900_000);
    const inspection = new Inspection(testInfo, newContext);
    const look = (page: Page, name: string, readme?: ReadmeScreenshot) => inspection.look(page, name, readme);

    // Names as people write them, for the README's screenshots; the addresses are unique in the run.
    const communitySlug = uniqueSlug("calderdale");
    const communityName = "Calderdale Code4Health";
    const slug = uniqueSlug("calderdale-hack-day");
    const title = `Calderdale NHS Hack Day ${new Date().getFullYear()}`;
    const manage = `/events/${slug}/manage`;

    const ola = newAccountAt("cht.example", "journey-ola", "Ola Bennett");
    const ben = newAccountAt("cht.example", "journey-ben", "Ben Ahmed");
    // Judges at domains of their own: a domain shared with a team is a conflict of interest.
    const amara = newAccountAt("airedale.example", "journey-amara", "Amara Okoye");
    const tom = newAccountAt("openhealth.example", "journey-tom", "Tom Reid");
    const rowan = newAccountAt("nhs-support.example", "journey-rowan", "Rowan Hughes");
    const dana = newAccount("journey-dana", "Dana Kowalski");

    const admin = await (await newContext({ storageState: ADMIN_STORAGE_STATE })).newPage();
    const organiser = await (await newContext()).newPage();

    // ---------------------------------------------------------------------------------------------
    // The call

    await test.step("a new organiser creates an account and confirms their address", async () => {
      await organiser.goto("/signup");
      await look(organiser, "signup");
      await fillSignUpForm(organiser, ola);
      await expect(organiser.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();
      await look(organiser, "check-email");
      await verifyByEmailedLink(organiser, ola.email);
      await look(organiser, "login-confirmed");
      await signIn(organiser, ola);
      await look(organiser, "home-signed-in");
    });

    await test.step("the administrator creates a Code4Health community and makes them its organiser", async () => {
      await admin.goto("/admin");
      await look(admin, "admin");
      await admin.getByRole("link", { name: "Communities" }).first().click();
      await expect(admin.getByRole("heading", { level: 1, name: "Communities" })).toBeVisible();
      await admin.getByRole("button", { name: "Create a community" }).click();
      await expect(admin.getByRole("heading", { level: 1, name: "Create a community" })).toBeVisible();
      await look(admin, "admin-community-new");
      await admin.getByLabel("Community name").fill(communityName);
      await admin.getByLabel("Address name").fill(communitySlug);
      await admin.getByLabel("Place-based hub (for example a university)").check();
      await admin.getByLabel("Description (optional)").fill("Clinicians, developers and patients in Calderdale.");
      await admin.getByRole("button", { name: "Create community" }).click();
      await expect(admin.getByRole("heading", { level: 1, name: communityName })).toBeVisible();
      await admin.getByLabel("Email address").fill(ola.email);
      await admin.getByRole("button", { name: "Add organiser" }).click();
      await expect(admin.getByText("They are now an organiser of this community.")).toBeVisible();
      await look(admin, "admin-community");
    });

    await test.step("the organiser drafts a hack day and fills in the call from its task list", async () => {
      await organiser.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Organise" }).click();
      await expect(organiser.getByRole("heading", { level: 1, name: "Events you organise" })).toBeVisible();
      await look(organiser, "organise");
      await organiser.getByRole("link", { name: "Create an event" }).click();
      await expect(organiser.getByLabel(communityName)).toBeChecked();
      await organiser.getByRole("radio", { name: "NHS Hack Day" }).check();
      await organiser.getByLabel("Title").fill(title);
      await organiser.getByLabel("Web address name (optional)").fill(slug);
      await look(organiser, "organise-new");
      await organiser.getByRole("button", { name: "Create draft" }).click();
      await expect(organiser.getByRole("heading", { level: 1, name: title })).toBeVisible();
      await look(organiser, "manage-draft");

      await task(organiser, "Details and venue").click();
      await organiser
        .getByLabel("Summary")
        .fill("A weekend of building tools for respiratory clinics with the people who run them.");
      await organiser
        .getByLabel("Description", { exact: true })
        .fill(
          "## Why it matters\n\nOne in five clinic appointments for COPD is missed. Clinicians, patients and developers work on **real problems** together, in the open.",
        );
      await organiser.getByLabel("Venue name").fill("The Piece Hall");
      await organiser.getByLabel("Venue address").fill("Blackledge, Halifax HX1 1RE");
      await organiser
        .getByLabel("Rules")
        .fill("- Be kind\n- Share your code under an open licence\n- No real patient data");
      await look(organiser, "manage-details");
      await organiser.getByRole("button", { name: "Save details" }).click();
      await expect(organiser.getByText("Your changes have been saved.")).toBeVisible();

      // Registration opens now; entries open in a month, when the teams have formed.
      await task(organiser, "Timeline").click();
      await fillTimelineForm(organiser, openCallTimeline());
      await look(organiser, "manage-timeline");
      await organiser.getByRole("button", { name: "Save timeline" }).click();
      await expect(organiser.getByText("Your changes have been saved.")).toBeVisible();

      await task(organiser, "Teams, eligibility and requirements").click();
      await organiser.getByLabel("Largest team").fill("4");
      await organiser.getByLabel("Places").fill("60");
      await organiser.getByLabel("Who may enter").fill("Anyone who lives or works in West Yorkshire.");
      await organiser
        .getByLabel("Yes or no questions every entrant must answer yes")
        .fill(ELIGIBILITY_QUESTIONS.join("\n"));
      await organiser.getByLabel("The code must have an OSI-approved open-source licence").check();
      await organiser.getByLabel("Teams must confirm they use no real patient data").check();
      await look(organiser, "manage-entry");
      await organiser.getByRole("button", { name: "Save", exact: true }).click();
      await expect(organiser.getByText("Your changes have been saved.")).toBeVisible();

      await task(organiser, "Themes").click();
      for (const theme of [
        { title: "Fewer missed appointments", by: "A respiratory nurse at Calderdale Royal Hospital" },
        { title: "Safer handovers", by: "" },
      ]) {
        await organiser.getByLabel("Theme title").fill(theme.title);
        await organiser.getByLabel("Description").fill("The problem, who has it and why it matters.");
        await organiser.getByLabel("Proposed by").fill(theme.by);
        await organiser.getByRole("button", { name: "Add theme" }).click();
        await expect(organiser.getByText("The theme has been saved.")).toBeVisible();
      }
      await look(organiser, "manage-themes");
      await organiser.getByRole("link", { name: "Back to the call overview" }).click();

      await task(organiser, "Prizes").click();
      await organiser.getByLabel("Prize name").fill("Overall winner");
      await organiser.getByLabel("Description").fill("For the entries the judges rate best.");
      await organiser.getByLabel("1st place, in pounds").fill("1,000");
      await organiser.getByLabel("2nd place, in pounds").fill("500");
      await organiser.getByLabel("Sponsor").fill("Calderdale and Huddersfield NHS Foundation Trust");
      await organiser.getByRole("button", { name: "Add prize" }).click();
      await expect(organiser.getByText("Total prize fund: £1,500")).toBeVisible();
      await look(organiser, "manage-prizes");
      await organiser.getByRole("link", { name: "Back to the call overview" }).click();
    });

    const second = await (await newContext()).newPage();
    await test.step("a second organiser is added to the event", async () => {
      await signUpAndVerify(second, ben);
      await signIn(second, ben);
      await organiser.getByRole("link", { name: "Organisers of this event" }).click();
      await organiser.getByLabel("Email address").fill(ben.email);
      await organiser.getByRole("button", { name: "Add organiser" }).click();
      await expect(organiser.getByText("They are now an organiser of this event.")).toBeVisible();
      await look(organiser, "manage-organisers");
      await organiser.getByRole("link", { name: "Back to the call overview" }).click();
    });

    await test.step("the organiser publishes the call", async () => {
      await expect(organiser.getByText("The call is complete.")).toBeVisible();
      await organiser.getByRole("button", { name: "Publish the call" }).click();
      await expect(organiser.getByText("The call is published. It is now listed on the home page.")).toBeVisible();
      await look(organiser, "manage-published");
    });

    const visitor = await (await newContext()).newPage();
    await test.step("a visitor finds the call on the home page and reads it", async () => {
      await visitor.goto("/");
      await look(visitor, "home");
      await visitor.getByRole("link", { name: title }).click();
      await expect(visitor.getByRole("heading", { level: 1, name: title })).toBeVisible();
      await look(visitor, "call", "call");
    });

    // ---------------------------------------------------------------------------------------------
    // Registration and teams

    const breathe: Entry = { teamName: "Breathe Easy", title: "Breathe Easy reminders" };
    const handover: Entry = { teamName: "Safe Handover", title: "Safe Handover board" };
    const falls: Entry = { teamName: "Falls Alert", title: "Falls Alert sensor" };

    const participantPage = async (key: ParticipantKey, options: BrowserContextOptions = {}) =>
      (await newContext({ ...options, storageState: participantStorageState(key) })).newPage();
    const cara = await participantPage("captain");
    const nia = await participantPage("nurse", PHONE);
    const dev = await participantPage("developer");

    /** Registers through the form with the person's usual profile, by pointer (tap or click). */
    async function register(page: Page, key: ParticipantKey, lookingForTeam = true): Promise<void> {
      await page.goto(`/events/${slug}`);
      await page.getByRole("link", { name: "Register for this event" }).click();
      await expect(page.getByRole("heading", { level: 1, name: `Register for ${title}` })).toBeVisible();
      await fillRegistrationForm(page, {
        ...PARTICIPANT_PEOPLE[key].profile,
        roleLabel: ROLE_LABELS[key],
        lookingForTeam,
      });
      await page.getByRole("button", { name: "Register" }).click();
      await expect(inset(page)).toHaveText("You are registered. We have sent you an email to confirm.");
    }

    /** Creates a team from the event page; returns its invite link. */
    async function createTeam(page: Page, name: string, pitch: string, rolesWanted: string[]): Promise<string> {
      await page.goto(`/events/${slug}`);
      await page.getByRole("link", { name: "Your team", exact: true }).click();
      await page.getByLabel("Team name").fill(name);
      await page.getByLabel("Pitch").fill(pitch);
      for (const role of rolesWanted) {
        await page.getByRole("group", { name: "Roles wanted" }).getByLabel(role, { exact: true }).check();
      }
      await page.getByRole("button", { name: "Create the team" }).click();
      await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
      return page.getByLabel("Invite link").inputValue();
    }

    async function joinByLink(page: Page, link: string, teamName: string): Promise<void> {
      await page.goto(link);
      await page.getByRole("button", { name: `Join ${teamName}` }).click();
      await expect(inset(page)).toHaveText("You have joined the team.");
    }

    let breatheLink = "";
    await test.step("a designer registers and creates a team that needs a clinician and a developer", async () => {
      await cara.goto(`/events/${slug}`);
      await cara.getByRole("link", { name: "Register for this event" }).click();
      await look(cara, "register");
      await register(cara, "captain", false);
      await look(cara, "registered");
      breatheLink = await createTeam(
        cara,
        breathe.teamName,
        "Text reminders that patients with COPD can answer, so that fewer clinic appointments are missed.",
        ["Nurse or midwife", "Developer"],
      );
      await look(cara, "team-created");
    });

    await test.step("a nurse registers on her phone and finds the team that needs a clinician", async () => {
      await register(nia, "nurse");
      await nia.getByRole("link", { name: "Back to the event" }).click();
      await look(nia, "call-registered-phone");
      await nia.getByRole("link", { name: "Find a team or people for your team" }).click();
      await expect(nia.getByRole("heading", { level: 1, name: "Find a team" })).toBeVisible();
      const team = card(nia, breathe.teamName);
      await expect(team.locator(".nhsuk-tag")).toHaveText(["Needs a clinician", "Needs a developer"]);
      await team.scrollIntoViewIfNeeded();
      await look(nia, "find-a-team-phone", "find-a-team-phone");
      await team.getByRole("link", { name: `Ask to join ${breathe.teamName}` }).click();
      await nia
        .getByLabel("Message to the captain (optional)")
        .fill("I run the COPD clinic and see the missed appointments every week.");
      await look(nia, "ask-to-join-phone");
      await nia.getByRole("button", { name: "Send the request" }).click();
      await expect(card(nia, breathe.teamName).getByText("You have asked to join")).toBeVisible();
    });

    await test.step("the captain accepts her", async () => {
      await waitForEmail(
        participant("captain").email,
        `${participant("nurse").name} has asked to join ${breathe.teamName}`,
      );
      await cara.goto(`/events/${slug}/team`);
      await look(cara, "team-request");
      await card(cara, participant("nurse").name)
        .getByRole("button", { name: `Accept ${participant("nurse").name}'s request` })
        .click();
      await expect(inset(cara)).toHaveText("They are now in your team. We have emailed them to say so.");
      await look(cara, "team-accepted");
    });

    await test.step("a developer registers with the keyboard alone and joins by the invite link", async () => {
      await dev.goto(`/events/${slug}/register`);
      await expect(dev.getByRole("heading", { level: 1, name: `Register for ${title}` })).toBeVisible();
      const profile = PARTICIPANT_PEOPLE.developer.profile;
      const role = dev.getByRole("group", { name: "Your professional role" });
      await chooseWithKeyboard(dev, role, role.getByRole("radio", { name: "Developer", exact: true }));
      await typeWithKeyboard(dev, dev.getByLabel("Organisation (optional)"), profile.organisation);
      await typeWithKeyboard(dev, dev.getByLabel("Skills (optional)"), profile.skills);
      await typeWithKeyboard(dev, dev.getByLabel("Short bio (optional)"), profile.bio);
      for (const question of ELIGIBILITY_QUESTIONS) {
        const group = dev.getByRole("group", { name: question });
        await chooseWithKeyboard(dev, group, group.getByRole("radio", { name: "Yes" }));
      }
      await tickWithKeyboard(dev, dev.getByLabel("Show my profile to other participants"));
      // Back up with Shift+Tab to correct the organisation, as people do.
      const organisation = dev.getByLabel("Organisation (optional)");
      await tabTo(dev, organisation, { backwards: true });
      await dev.keyboard.press("ControlOrMeta+A");
      await dev.keyboard.type("Calderdale Council");
      await tabTo(dev, dev.getByLabel("I am looking for a team"));
      await expect(dev.getByLabel("I am looking for a team")).toBeChecked();
      await pressWithKeyboard(dev, dev.getByRole("button", { name: "Register" }));
      await expect(inset(dev)).toHaveText("You are registered. We have sent you an email to confirm.");
      await expect(dev.getByLabel("Organisation (optional)")).toHaveValue("Calderdale Council");
      await expect(dev.getByRole("radio", { name: "Developer", exact: true })).toBeChecked();
      await look(dev, "registered-by-keyboard");
      await dev.goto(breatheLink);
      await look(dev, "join");
      await dev.getByRole("button", { name: `Join ${breathe.teamName}` }).click();
      await expect(inset(dev)).toHaveText("You have joined the team.");
      await look(dev, "team-joined");
    });

    const sam = await participantPage("doctor");
    const danaPage = await (await newContext()).newPage();
    const pat = await participantPage("patient");
    const alex = await participantPage("analyst");
    await test.step("two more teams form: a doctor with a new developer, a patient with an analyst", async () => {
      await signUpAndVerify(danaPage, dana);
      await signIn(danaPage, dana);
      await register(sam, "doctor", false);
      const handoverLink = await createTeam(sam, handover.teamName, "One screen for the night team's handover.", [
        "Developer",
      ]);
      await danaPage.goto(`/events/${slug}/register`);
      await fillRegistrationForm(danaPage, { professionalRole: "developer", roleLabel: "Developer", skills: "Python" });
      await danaPage.getByRole("button", { name: "Register" }).click();
      await expect(inset(danaPage)).toHaveText("You are registered. We have sent you an email to confirm.");
      await joinByLink(danaPage, handoverLink, handover.teamName);

      await register(pat, "patient", false);
      const fallsLink = await createTeam(pat, falls.teamName, "A sensor that tells a carer when someone falls.", []);
      await register(alex, "analyst");
      await joinByLink(alex, fallsLink, falls.teamName);

      await organiser.goto(`${manage}/teams`);
      await expect(tableRow(organiser, "Teams at this event", breathe.teamName)).toContainText("3 of 4");
      await look(organiser, "manage-teams");
      await organiser.goto(`${manage}/registrations`);
      await look(organiser, "manage-registrations");
    });

    // ---------------------------------------------------------------------------------------------
    // Entries

    await test.step("the organiser opens submissions early", async () => {
      await organiser.goto(manage);
      await task(organiser, "Timeline").click();
      // The deadline stays where it was; the reason is there in case the date in London changed
      // since the call was made (around midnight), which moves it.
      await fillTimelineForm(organiser, submissionsOpenTimeline(), { reason: "Submissions open early." });
      await organiser.getByRole("button", { name: "Save timeline" }).click();
      await expect(organiser.getByText("Your changes have been saved.")).toBeVisible();
    });

    /** A member fills in and submits the team's entry, with a repository on the run's git server. */
    async function submit(page: Page, entry: Entry, theme: string): Promise<void> {
      const repository = await createRepositoryForTest(entry.teamName.toLowerCase().replace(/\s+/g, "-"));
      await page.goto(`/events/${slug}`);
      await page.getByRole("link", { name: "Your team's entry" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Your entry" })).toBeVisible();
      await page.getByLabel("Title", { exact: true }).fill(entry.title);
      await page.getByLabel("One-line summary").fill(`${entry.title}: a working prototype built at the hack day.`);
      await page
        .getByLabel("Description")
        .fill(
          "## The problem\n\nClinic time is lost.\n\n## What we built\n\nA working prototype, tested with patients.",
        );
      await page.getByLabel("Theme", { exact: true }).selectOption({ label: theme });
      await page.getByLabel("Code repository").fill(repository.url);
      await page.getByLabel("Licence", { exact: true }).selectOption({ label: "MIT License (MIT)" });
      await page.getByLabel("Technologies and standards (optional)").fill("FHIR, TypeScript");
      await page.getByLabel("Our entry uses no real patient data, only synthetic or anonymised test data").check();
      await page.getByRole("button", { name: "Submit entry" }).click();
      await expect(inset(page).first()).toHaveText(
        "Your entry has been submitted. You can still change it until the deadline.",
      );
      await expect(page.getByText(`commit ${repository.headCommit.slice(0, 7)}`)).toBeVisible();
    }

    await test.step("each team submits its entry with its code repository", async () => {
      await submit(cara, breathe, "Fewer missed appointments");
      await look(cara, "entry-submitted");
      await submit(danaPage, handover, "Safer handovers");
      await submit(alex, falls, "Safer handovers");
      await organiser.goto(`${manage}/submissions`);
      await look(organiser, "manage-entries");
    });

    // ---------------------------------------------------------------------------------------------
    // Judging

    const amaraPhone = await (await newContext({ ...SMALL_PHONE })).newPage();
    const tomPhone = await (await newContext({ ...SMALL_PHONE })).newPage();
    let roundPage = "";
    await test.step("the organiser closes entries, opens judging, adds two judges and assigns them", async () => {
      for (const [page, account] of [
        [amaraPhone, amara],
        [tomPhone, tom],
      ] as const) {
        await signUpAndVerify(page, account);
        await signIn(page, account);
      }
      await organiser.goto(manage);
      await task(organiser, "Timeline").click();
      await fillTimelineForm(organiser, judgingOpenTimeline(), {
        gracePeriodMinutes: 0,
        reason: "Entries closed at noon yesterday and judging has started.",
      });
      await organiser.getByRole("button", { name: "Save timeline" }).click();
      await expect(organiser.getByText("Your changes have been saved.")).toBeVisible();

      await organiser.getByRole("link", { name: "Judging", exact: true }).click();
      await organiser.getByRole("link", { name: "Judges and conflicts of interest" }).click();
      for (const judge of [amara, tom]) {
        await organiser.getByLabel("Email address").fill(judge.email);
        await organiser.getByRole("button", { name: "Add judge" }).click();
        await expect(
          organiser.getByRole("table", { name: "Judges" }).getByRole("row", { name: judge.name }),
        ).toBeVisible();
      }
      await expect(organiser.getByText("There are no conflicts of interest.")).toBeVisible();
      await look(organiser, "manage-judges");
      await organiser.getByRole("link", { name: "Back to judging" }).click();
      await organiser.getByRole("link", { name: "Create a judging round" }).click();
      await organiser.getByRole("radio", { name: "Shortlist" }).check();
      await organiser.getByLabel("Name of the round").fill("Shortlist");
      await organiser.getByLabel("Judges per entry (shortlist only)").fill("2");
      await look(organiser, "manage-round-new");
      await organiser.getByRole("button", { name: "Create round" }).click();
      await expect(organiser.getByRole("heading", { level: 1, name: "Shortlist" })).toBeVisible();
      await organiser.getByRole("button", { name: "Assign judges" }).click();
      await expect(inset(organiser)).toHaveText("Judges are assigned: 6 pairs added, 0 removed.");
      await look(organiser, "manage-round-assigned");
      roundPage = new URL(organiser.url()).pathname;
    });

    const scoresOf = (judge: "amara" | "tom", entry: Entry): ScoreSheet =>
      entry === falls ? (judge === "amara" ? LOWER_AMARA : LOWER_TOM) : judge === "amara" ? TIED_AMARA : TIED_TOM;
    const entryByTitle = (name: string) => [breathe, handover, falls].find((entry) => entry.title === name)!;

    await test.step("a judge scores every entry on her phone at the venue", async () => {
      await amaraPhone.goto(`/events/${slug}`);
      await amaraPhone.getByRole("link", { name: "Your entries to judge" }).click();
      await expect(amaraPhone.getByText("0 of 3 scored")).toBeVisible();
      await look(amaraPhone, "judge-queue-phone");
      const titles = await amaraPhone.locator(".nhsuk-task-list__item a").allTextContents();
      expect([...titles].sort()).toEqual([breathe.title, falls.title, handover.title]);
      for (const [index, name] of titles.entries()) {
        await amaraPhone.goto(`/events/${slug}/judge`);
        await amaraPhone.getByRole("link", { name }).click();
        await expect(amaraPhone.getByRole("heading", { level: 1, name })).toBeVisible();
        await chooseScores(amaraPhone, scoresOf("amara", entryByTitle(name)));
        await amaraPhone.getByLabel("Feedback for the team").fill(`${name}: a clear problem, shown working.`);
        if (index === 0) {
          // A criterion with its descriptors and the score chosen, as the judge sees it.
          await scrollToTop(criterionGroup(amaraPhone, "Feasibility in the NHS"));
          await look(amaraPhone, "scoring-phone", "scoring-phone");
        }
        await amaraPhone.getByRole("button", { name: "Save scores" }).click();
        await expect(inset(amaraPhone).first()).toContainText(`Your scores for ${name} have been saved.`);
      }
      await amaraPhone.goto(`/events/${slug}/judge`);
      await expect(amaraPhone.getByText("3 of 3 scored")).toBeVisible();
      await look(amaraPhone, "judge-queue-done-phone");
    });

    await test.step("a second judge scores on his phone with a keyboard alone", async () => {
      await tomPhone.goto(`/events/${slug}/judge`);
      const titles = await tomPhone.locator(".nhsuk-task-list__item a").allTextContents();
      for (const name of titles) {
        await tomPhone.goto(`/events/${slug}/judge`);
        await pressWithKeyboard(tomPhone, tomPhone.getByRole("link", { name }));
        await expect(tomPhone.getByRole("heading", { level: 1, name })).toBeVisible();
        const scores = scoresOf("tom", entryByTitle(name));
        for (const [criterion, score] of Object.entries(scores) as [NhsCriterion, number][]) {
          await chooseWithKeyboard(
            tomPhone,
            criterionGroup(tomPhone, criterion),
            scoreRadio(tomPhone, criterion, score),
          );
        }
        await typeWithKeyboard(tomPhone, tomPhone.getByLabel("Feedback for the team"), "Good use of open standards.");
        if (name === titles[0]) await look(tomPhone, "scored-by-keyboard-phone");
        await pressWithKeyboard(tomPhone, tomPhone.getByRole("button", { name: "Save scores" }));
        await expect(inset(tomPhone).first()).toContainText(`Your scores for ${name} have been saved.`);
      }
      await tomPhone.goto(`/events/${slug}/judge`);
      await expect(tomPhone.getByText("3 of 3 scored")).toBeVisible();
    });

    await test.step("the organiser locks the round and settles the tie at the top with a reason", async () => {
      await organiser.goto(roundPage);
      await expect(summaryValue(organiser, "Progress")).toHaveText("6 of 6 score sheets complete (100%)");
      await organiser.getByRole("button", { name: "Lock the round" }).click();
      await expect(inset(organiser)).toHaveText("The round is locked. Judges can no longer change their scores.");
      await look(organiser, "manage-round-locked");
      await organiser.getByRole("link", { name: "Results", exact: true }).click();
      const results = organiser.getByRole("table", { name: "Results of Shortlist" });
      await expect(tableRow(organiser, "Results of Shortlist", breathe.title).getByRole("cell").first()).toContainText(
        "1 (tied)",
      );
      await expect(tableRow(organiser, "Results of Shortlist", handover.title).getByRole("cell").first()).toContainText(
        "1 (tied)",
      );
      await look(organiser, "results-tied");
      await organiser.getByLabel(`Position of ${breathe.title} (now ranked 1)`).fill("1");
      await organiser.getByLabel(`Position of ${handover.title} (now ranked 1)`).fill("2");
      await organiser
        .getByLabel("Reason for the decision")
        .fill("The panel preferred Breathe Easy's live demo with a patient, which the scores do not show.");
      await organiser.getByRole("button", { name: "Save tie-break" }).click();
      await expect(inset(organiser)).toHaveText("The tie-break has been saved.");
      const rows = results.locator("tbody").getByRole("row");
      await expect(rows.nth(0)).toContainText(breathe.title);
      await expect(rows.nth(0)).toContainText("Tie settled by:");
      await expect(rows.nth(1)).toContainText(handover.title);
      await expect(rows.nth(2)).toContainText(falls.title);
      await results.scrollIntoViewIfNeeded();
      await look(organiser, "results-tie-settled", "results-tie-settled");
    });

    // ---------------------------------------------------------------------------------------------
    // Prize money and the announcement

    const prizeMoney = `${manage}/prize-money`;
    await test.step("the organiser gives the prizes as the ranking suggests and proposes them", async () => {
      await organiser.goto(manage);
      await organiser.getByRole("link", { name: "Prize money", exact: true }).click();
      await look(organiser, "prize-money-draft");
      await organiser.getByRole("link", { name: "Choose winners of Overall winner" }).click();
      await expect(organiser.getByLabel(`Place for ${breathe.title}`)).toHaveValue("1");
      await expect(organiser.getByLabel(`Place for ${handover.title}`)).toHaveValue("2");
      await expect(organiser.getByLabel(`Place for ${falls.title}`)).toHaveValue("");
      await look(organiser, "prize-money-winners");
      await organiser.getByRole("button", { name: "Save winners" }).click();
      await expect(inset(organiser)).toHaveText("The winners have been saved.");
      await organiser.getByRole("button", { name: "Propose for approval" }).click();
      await expect(summaryValue(organiser, "Status")).toContainText("Waiting for approval");
      await look(organiser, "prize-money-proposed");
    });

    await test.step("the second organiser checks the allocation and approves it with their password", async () => {
      const asked = await waitForEmail(ben.email, `Prize money for ${title} is waiting for your approval`);
      await second.goto(linkFrom(asked.text, prizeMoney));
      await second.getByRole("link", { name: "Check and approve" }).click();
      await expect(second.getByRole("heading", { level: 1, name: "Approve the prize money" })).toBeVisible();
      await second.getByLabel("Enter your password to approve").fill(ben.password);
      await scrollToTop(second.locator(".nhsuk-caption-l").first());
      await look(second, "prize-money-approval", "prize-money-approval");
      await second.getByRole("button", { name: "Approve the allocation" }).click();
      await expect(summaryValue(second, "Status")).toContainText(`Approved by ${ben.name} on `);
      await look(second, "prize-money-approved");
    });

    await test.step("the organiser publishes the results, and the winners are emailed", async () => {
      await organiser.goto(manage);
      await organiser.getByRole("link", { name: "Announce results" }).click();
      await expect(summaryValue(organiser, "Prize money")).toHaveText("Approved");
      await look(organiser, "announce");
      await organiser.getByRole("button", { name: "Publish the results" }).click();
      await expect(inset(organiser)).toHaveText("The results are published. Winners and entrants have been emailed.");
      await visitor.goto(`/events/${slug}/results`);
      await expect(visitor.getByRole("heading", { level: 1, name: "Results" })).toBeVisible();
      await expect(visitor.getByRole("link", { name: breathe.title }).first()).toBeVisible();
      await look(visitor, "results-public");
      const won = await waitForEmail(participant("captain").email, `Congratulations: your team won at ${title}`);
      expect(won.text).toContain(`${breathe.teamName}: 1st place in Overall winner.`);
      await cara.goto(linkFrom(won.text, `/events/${slug}/prizes`));
      await look(cara, "team-prizes");
    });

    // ---------------------------------------------------------------------------------------------
    // Follow-on support

    const supportStaff = await (await newContext()).newPage();
    const requestTitle = "Help deploying to the trust's cloud";
    await test.step("the organiser adds a support adviser", async () => {
      await signUpAndVerify(supportStaff, rowan);
      await signIn(supportStaff, rowan);
      await organiser.goto(manage);
      await organiser.getByRole("link", { name: "Follow-on support" }).click();
      await organiser.getByLabel("Email address").fill(rowan.email);
      await organiser.getByRole("button", { name: "Add support adviser" }).click();
      await expect(inset(organiser)).toHaveText(
        "They now answer this event's support requests. We have emailed them to say so.",
      );
      await look(organiser, "manage-support");
    });

    await test.step("a winner logs a support request", async () => {
      await cara.goto(`/events/${slug}/support`);
      await expect(cara.getByRole("heading", { level: 1, name: "Your team's follow-on support" })).toBeVisible();
      await look(cara, "team-support");
      await cara.getByLabel("What do you need help with?").fill(requestTitle);
      await cara.getByRole("radio", { name: "Hosting and deployment" }).check();
      await cara
        .getByLabel("Describe what you need")
        .fill("We need a **test environment** in the trust's cloud before the pilot on the respiratory ward.");
      await cara.getByRole("button", { name: "Send your request" }).click();
      await expect(cara.getByRole("heading", { level: 1, name: requestTitle })).toBeVisible();
      await look(cara, "team-support-request");
    });

    await test.step("support staff assign it, answer it and resolve it", async () => {
      await waitForEmail(rowan.email, `New support request from ${breathe.teamName}: ${requestTitle}`);
      await supportStaff.goto("/");
      await supportStaff.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Support" }).click();
      await expect(supportStaff.getByRole("heading", { level: 1, name: "Support requests" })).toBeVisible();
      await look(supportStaff, "support-queue");
      await supportStaff.getByRole("link", { name: requestTitle }).click();
      await supportStaff.getByRole("button", { name: "Assign it to me" }).click();
      await expect(summaryValue(supportStaff, "Assigned to")).toHaveText(rowan.name);
      await supportStaff.getByRole("radio", { name: "A reply to the team" }).check();
      await supportStaff
        .getByLabel("Message", { exact: true })
        .fill("Your **sandbox** is live in the trust's cloud. The login details are on their way.");
      await supportStaff.getByLabel("Time spent").fill("1h 30m");
      await supportStaff.getByLabel("Status", { exact: true }).selectOption({ label: "Resolved" });
      await supportStaff.getByRole("button", { name: "Save", exact: true }).click();
      await expect(summaryValue(supportStaff, "Status")).toHaveText("Resolved");
      await expect(summaryValue(supportStaff, "Time logged")).toHaveText("1 hour 30 minutes");
      await scrollToTop(supportStaff.locator(".nhsuk-caption-l").first());
      await look(supportStaff, "support-request", "support-request");
      const reply = await waitForEmail(participant("captain").email, `Reply to your support request: ${requestTitle}`);
      expect(reply.text).toContain("Its status is now: Resolved.");
    });

    await test.step("the programme report counts the request", async () => {
      await organiser.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Organise" }).click();
      await organiser.getByRole("link", { name: `Follow-on support across ${communityName}` }).click();
      await expect(summaryValue(organiser, "Teams with follow-on support")).toHaveText("2");
      await expect(summaryValue(organiser, "Requests logged")).toHaveText("1");
      await expect(tableRow(organiser, "Requests by status", "Resolved")).toContainText("1");
      await look(organiser, "support-report");
    });

    await test.step("no page had an accessibility problem, and none scrolled sideways at 320 px or 200% zoom", async () => {
      expect(inspection.axeProblems, inspection.axeProblems.join("\n\n")).toEqual([]);
      expect(inspection.reflowProblems, inspection.reflowProblems.join("\n")).toEqual([]);
    });
  });
});
