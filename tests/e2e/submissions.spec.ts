// Entries: a team of two saves a draft, adds the repository (checked with real git against the
// run's own git server), adds a screenshot and submits before the deadline; after the deadline
// the entry page is read-only; organisers list the entries, download them as CSV, open one and
// look at its repository again; at the deadline the commit is frozen, and a later push shows as a
// change since the deadline. Every page is checked with axe and photographed into
// test-results/screenshots/entries-*.png.
//
// Each test makes its own event, team and repository, so tests running at the same time never
// meet. The deadline is moved into the past by the organisers' timeline form, as an organiser
// would when closing entries early; the frozen commit is recorded by the app's own deadline job,
// which runs once a minute, so the one test that needs it waits up to that long.
import type { APIRequestContext, BrowserContext, BrowserContextOptions, Page, TestInfo } from "@playwright/test";
import { deflateSync } from "node:zlib";
import {
  ADMIN_STORAGE_STATE,
  PARTICIPANT_PEOPLE,
  PHONE,
  addScreenshotOverHttp,
  createPublishedCallOverHttp,
  createRepositoryForTest,
  deadlinePassedTimeline,
  downloadText,
  expect,
  expectErrorSummary,
  missingRepositoryUrl,
  participant,
  participantStorageState,
  pushCommitForTest,
  saveEntryOverHttp,
  setTimelineOverHttp,
  submissionsOpenTimeline,
  teamOverHttp,
  test,
  uniqueTeamName,
  withAdminRequest,
  withParticipantRequest,
  type EntryForm,
  type ParticipantKey,
  type TestCall,
  type TestRepository,
  checkPage,
  inset,
  summaryValue,
  escapeRegExp,
} from "./helpers";

type NewContext = (options?: BrowserContextOptions) => Promise<BrowserContext>;

// ---------------------------------------------------------------------------------------------
// A real (tiny) PNG, made here so that the test needs no image file: a blue bar over white with a
// grey line, 240 by 150 pixels, 8-bit RGB.

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function testPng(width = 240, height = 150): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per sample
  header[9] = 2; // RGB
  const stride = width * 3 + 1;
  const pixels = Buffer.alloc(stride * height, 0xff);
  for (let y = 0; y < height; y++) {
    pixels[y * stride] = 0; // no filter
    const colour = y < 36 ? [0x00, 0x5e, 0xb8] : y >= 70 && y < 78 ? [0x76, 0x86, 0x92] : null;
    if (!colour) continue;
    for (let x = 0; x < width; x++) pixels.set(colour, y * stride + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(pixels)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------------------------
// The event, the people and what they see

/** A published call (two themes, OSI licence and the no-patient-data promise required) open for entries. */
function callOpenForEntries(label: string): Promise<TestCall> {
  return withAdminRequest(async (request) => {
    const call = await createPublishedCallOverHttp(request, label);
    // The reason only matters if the deadline moved, which it does when the date in London
    // changed between making the call and this line (around midnight).
    await setTimelineOverHttp(request, call, submissionsOpenTimeline(), { reason: "Submissions open early" });
    return call;
  });
}

/** The organisers close entries early: the deadline (with no grace period) passed yesterday. */
function moveDeadlineIntoThePast(call: TestCall): Promise<void> {
  return withAdminRequest((request) =>
    setTimelineOverHttp(request, call, deadlinePassedTimeline(), {
      gracePeriodMinutes: 0,
      reason: "The venue closes early, so entries closed at noon.",
    }),
  );
}

async function desktopOf(newContext: NewContext, key: ParticipantKey): Promise<Page> {
  return (await newContext({ storageState: participantStorageState(key) })).newPage();
}

async function phoneOf(newContext: NewContext, key: ParticipantKey): Promise<Page> {
  return (await newContext({ ...PHONE, storageState: participantStorageState(key) })).newPage();
}

async function organiserPage(newContext: NewContext): Promise<Page> {
  return (await newContext({ storageState: ADMIN_STORAGE_STATE })).newPage();
}

/** axe finds nothing, nothing scrolls sideways at phone width, and a full-page screenshot. */
async function look(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  return checkPage(page, testInfo, `entries-${name}`);
}

function short(commit: string): string {
  return commit.slice(0, 7);
}

/** Reads CSV as the app writes it (RFC 4180, CRLF, a byte order mark first). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const source = text.replace(/^\uFEFF/, "");
  for (let index = 0; index < source.length; index++) {
    const char = source[index]!;
    if (quoted) {
      if (char === '"' && source[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\r" && source[index + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      index++;
    } else field += char;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}

const CSV_HEADER = [
  "Team",
  "Title",
  "Summary",
  "Description",
  "Theme",
  "Repository",
  "Demo",
  "Video",
  "Licence",
  "Technologies",
  "Member emails",
  "Status",
  "Submitted at",
  "Repository check",
  "Commit at submission",
  "Frozen commit",
  "Code at the deadline",
  "Moved on since the deadline",
  "Extension until",
  "Disqualification reason",
];

/** A complete entry, as the tests that are not about filling the form in send it. */
function completeEntry(repository: TestRepository, title: string): EntryForm {
  return {
    title,
    summary: "Text reminders that patients with COPD can answer, so fewer clinic appointments are missed.",
    description:
      "## The problem\n\nA third of COPD clinic appointments are missed.\n\n## What we built\n\nA **two-way** text reminder.",
    theme: "Fewer missed appointments",
    repositoryUrl: repository.url,
    licence: "MIT",
    technologies: "fhir, TypeScript",
    contributions: {
      [PARTICIPANT_PEOPLE.captain.name]: "Designed the reminder messages with patients.",
      [PARTICIPANT_PEOPLE.developer.name]: "Built the text message service.",
    },
    dataAttestation: true,
  };
}

/** A team of the captain and the developer, with a submitted entry and one screenshot. */
async function submittedEntry(call: TestCall, label: string) {
  const teamName = uniqueTeamName(label);
  await teamOverHttp(call, teamName, ["captain", "developer"]);
  const repository = await createRepositoryForTest(label.toLowerCase().replace(/\s+/g, "-"));
  const title = `${label} reminders`;
  const screenshotDescription = "The reminder a patient receives, with Yes and No buttons.";
  await withParticipantRequest("captain", async (request: APIRequestContext) => {
    await addScreenshotOverHttp(request, call, { bytes: testPng(), description: screenshotDescription });
    expect(await saveEntryOverHttp(request, call, completeEntry(repository, title), "submit")).toBe(
      `/events/${call.slug}/submission?done=submitted`,
    );
  });
  return { teamName, repository, title, screenshotDescription };
}

const DEADLINE_PASSED = "The submission deadline has passed. Your entry can no longer be changed.";

test.describe("entries", () => {
  test("a team saves a draft, adds its repository and a screenshot, and submits before the deadline", async ({
    newContext,
    consoleGuard,
  }, testInfo) => {
    test.setTimeout(180_000);
    const call = await callOpenForEntries("entry-journey");
    const teamName = uniqueTeamName("Breathe Easy");
    await teamOverHttp(call, teamName, ["captain", "developer"]);
    const repository = await createRepositoryForTest("breathe-easy");
    const captainName = participant("captain").name;
    const developerName = participant("developer").name;
    const title = "Breathe Easy reminders";
    const summary = "Text reminders that patients with COPD can answer, so fewer clinic appointments are missed.";
    const captain = await desktopOf(newContext, "captain");
    const reachable = new RegExp(
      `^Public and reachable when we last looked, on .+: branch main at commit ${short(repository.headCommit)}\\.$`,
    );

    await test.step("a member opens the team's entry from the event page and saves a draft with only a title", async () => {
      await captain.goto(`/events/${call.slug}`);
      await captain.getByRole("link", { name: "Your team's entry" }).click();
      await expect(captain.getByRole("heading", { level: 1, name: "Your entry" })).toBeVisible();
      await expect(captain.getByText(`Team: ${teamName}.`)).toBeVisible();
      await expect(summaryValue(captain, "Status")).toHaveText("Draft: not submitted");
      await look(captain, testInfo, "01-empty-entry-form");

      await captain.getByLabel("Title", { exact: true }).fill(title);
      await captain.getByRole("button", { name: "Save draft" }).click();
      await expect(captain).toHaveURL(new RegExp(`/events/${call.slug}/submission\\?done=draft$`));
      await expect(inset(captain)).toHaveText(
        "Your draft has been saved. Any member of your team can carry on with it.",
      );
      await expect(captain.getByRole("heading", { level: 1, name: title })).toBeVisible();
      await expect(captain.getByLabel("Title", { exact: true })).toHaveValue(title);
    });

    await test.step("adds the repository, which the app finds public on branch main at its head commit", async () => {
      await captain.getByLabel("Code repository").fill(repository.url);
      await captain.getByRole("button", { name: "Save draft" }).click();
      await expect(captain).toHaveURL(/\?done=draft$/);
      await expect(inset(captain).filter({ hasText: "Public and reachable" })).toHaveText(reachable);
      await expect(captain.getByLabel("Code repository")).toHaveValue(repository.url);
    });

    const missing = missingRepositoryUrl("no-such-project");
    await test.step("a repository that does not exist is refused on its field, and the rest of the draft is kept", async () => {
      await captain.getByLabel("One-line summary").fill(summary);
      await captain.getByLabel("Code repository").fill(missing);
      await captain.getByRole("button", { name: "Save draft" }).click();
      await expectErrorSummary(captain, [/could not find a public repository/i]);
      const message = (await captain.locator(".nhsuk-error-summary li").textContent())!.trim();
      await expect(captain.locator("#repositoryUrl-error")).toHaveText(`Error: ${message}`);
      await expect(inset(captain)).toHaveText("Your draft has been saved, but it cannot be submitted yet.");
      await expect(captain.getByLabel("Title", { exact: true })).toHaveValue(title);
      await expect(captain.getByLabel("One-line summary")).toHaveValue(summary);
      await expect(captain.getByLabel("Code repository")).toHaveValue(missing);
      // The old check is not shown beside the new problem.
      await expect(captain.getByText("Public and reachable")).toHaveCount(0);
      await look(captain, testInfo, "02-repository-not-found");
      // The summary's link puts the cursor in the field.
      await captain.locator(".nhsuk-error-summary").getByRole("link").click();
      await expect(captain.getByLabel("Code repository")).toBeFocused();

      // Saved: a fresh load still has the summary, and the last check's problem beside the field.
      await captain.goto(`/events/${call.slug}/submission`);
      await expect(captain.getByLabel("One-line summary")).toHaveValue(summary);
      await expect(inset(captain).filter({ hasText: "When we last looked" })).toContainText(message);
    });

    await test.step("puts the repository right and fills in the rest", async () => {
      await captain.getByLabel("Code repository").fill(repository.url);
      await captain
        .getByLabel("Description")
        .fill(
          "## The problem\n\nA third of COPD clinic appointments are missed.\n\n## What we built\n\nA **two-way** text reminder.",
        );
      await captain.getByLabel("Theme", { exact: true }).selectOption({ label: "Fewer missed appointments" });
      await captain.getByLabel("Licence", { exact: true }).selectOption({ label: "MIT License (MIT)" });
      await captain.getByLabel("Technologies and standards (optional)").fill("fhir, TypeScript, nhs login");
      const whoDidWhat = captain.getByRole("group", { name: "Who did what (optional)" });
      await whoDidWhat.getByLabel(captainName).fill("Designed the reminder messages with patients.");
      await whoDidWhat.getByLabel(developerName).fill("Built the text message service.");
      await captain.getByLabel("Our entry uses no real patient data, only synthetic or anonymised test data").check();
      await captain.getByRole("button", { name: "Save draft" }).click();
      await expect(captain).toHaveURL(/\?done=draft$/);
      await expect(inset(captain).filter({ hasText: "Your draft has been saved" })).toBeVisible();
      await expect(inset(captain).filter({ hasText: "Public and reachable" })).toHaveText(reachable);
      // What was saved, as a fresh load shows it: technologies as the standards spell them.
      await captain.reload();
      await expect(captain.getByLabel("Technologies and standards (optional)")).toHaveValue(
        "FHIR, TypeScript, NHS login",
      );
      await expect(captain.getByLabel("Theme", { exact: true }).locator("option:checked")).toHaveText(
        "Fewer missed appointments",
      );
      await expect(captain.getByLabel("Licence", { exact: true })).toHaveValue("MIT");
      await expect(
        captain.getByLabel("Our entry uses no real patient data, only synthetic or anonymised test data"),
      ).toBeChecked();
      await expect(whoDidWhat.getByLabel(developerName)).toHaveValue("Built the text message service.");
      await look(captain, testInfo, "03-complete-draft");
    });

    const description = "The reminder a patient receives, with Yes and No buttons.";
    await test.step("a text file named .png is refused as a screenshot; a real PNG is added and listed", async () => {
      await captain.getByRole("link", { name: "Add a screenshot" }).click();
      await expect(captain.getByRole("heading", { level: 1, name: "Add a screenshot" })).toBeVisible();
      await look(captain, testInfo, "04-add-screenshot");

      consoleGuard.expectStatus(400);
      await captain.getByLabel("Screenshot", { exact: true }).setInputFiles({
        name: "reminder.png",
        mimeType: "image/png",
        buffer: Buffer.from("This is a text file, whatever its name says.\n"),
      });
      await captain.getByLabel("What the screenshot shows").fill(description);
      await captain.getByRole("button", { name: "Add screenshot" }).click();
      await expectErrorSummary(captain, ["A screenshot must be a PNG or JPEG image"]);
      await expect(captain.locator("#screenshot-error")).toHaveText("Error: A screenshot must be a PNG or JPEG image");
      await expect(captain.getByLabel("What the screenshot shows")).toHaveValue(description);
      await look(captain, testInfo, "05-screenshot-refused");

      await captain.getByLabel("Screenshot", { exact: true }).setInputFiles({
        name: "reminder.png",
        mimeType: "image/png",
        buffer: testPng(),
      });
      await captain.getByRole("button", { name: "Add screenshot" }).click();
      await expect(captain).toHaveURL(new RegExp(`/events/${call.slug}/submission\\?done=screenshot$`));
      await expect(inset(captain).first()).toHaveText("The screenshot has been added.");
      const image = captain.getByRole("img", { name: description });
      await expect(image).toBeVisible();
      // The image really loads: the browser decoded the bytes the app served back.
      await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.naturalWidth)).toBe(240);
      await expect(captain.getByText(`${description} (1 KB)`)).toBeVisible();
    });

    await test.step("submits the entry before the deadline", async () => {
      await captain.getByRole("button", { name: "Submit entry" }).click();
      await expect(captain).toHaveURL(new RegExp(`/events/${call.slug}/submission\\?done=submitted$`));
      await expect(inset(captain).first()).toHaveText(
        "Your entry has been submitted. You can still change it until the deadline.",
      );
      await expect(summaryValue(captain, "Status")).toHaveText(/^Submitted on /);
      await expect(captain.getByRole("button", { name: "Save changes" })).toBeVisible();
      await expect(captain.getByRole("button", { name: "Return to a draft" })).toBeVisible();
      await look(captain, testInfo, "06-submitted");
    });

    await test.step("the history lists every version, newest first", async () => {
      await captain.getByRole("link", { name: "See every version of your entry" }).click();
      await expect(captain.getByRole("heading", { level: 1, name: "Versions of your entry" })).toBeVisible();
      const by = escapeRegExp(captainName);
      await expect(captain.locator(".app-version").getByRole("heading", { level: 2 })).toHaveText([
        new RegExp(`^Version 6: Submitted by ${by} on `),
        new RegExp(`^Version 5: Added a screenshot by ${by} on `),
        new RegExp(`^Version 4: Saved by ${by} on `),
        new RegExp(`^Version 3: Saved by ${by} on `),
        new RegExp(`^Version 2: Saved by ${by} on `),
        new RegExp(`^Version 1: Saved by ${by} on `),
      ]);
      const first = captain.locator(".app-version").last();
      await expect(first.locator(".nhsuk-summary-list__row").filter({ hasText: "Title" }).locator("ins")).toHaveText(
        title,
      );
      await look(captain, testInfo, "07-history");
    });

    await test.step("the other member opens the submitted entry on a phone", async () => {
      const developer = await phoneOf(newContext, "developer");
      await developer.goto(`/events/${call.slug}/submission`);
      await expect(developer.getByRole("heading", { level: 1, name: title })).toBeVisible();
      await expect(summaryValue(developer, "Status")).toHaveText(/^Submitted on /);
      await expect(
        developer.getByRole("group", { name: "Who did what (optional)" }).getByLabel(developerName),
      ).toHaveValue("Built the text message service.");
      await expect(developer.getByRole("img", { name: description })).toBeVisible();
      await look(developer, testInfo, "08-phone-entry");
      await developer.getByRole("link", { name: "See every version of your entry" }).click();
      await expect(developer.getByRole("heading", { level: 1, name: "Versions of your entry" })).toBeVisible();
      await look(developer, testInfo, "09-phone-history");
      await developer.getByRole("link", { name: "Back to your entry" }).click();
      await developer.getByRole("link", { name: "Add a screenshot" }).click();
      await expect(developer.getByRole("heading", { level: 1, name: "Add a screenshot" })).toBeVisible();
      await look(developer, testInfo, "10-phone-add-screenshot");
    });
  });

  test("after the deadline the team's entry is read-only, with a link to the code as submitted", async ({
    newContext,
  }, testInfo) => {
    test.setTimeout(120_000);
    const call = await callOpenForEntries("entry-closed");
    const entry = await submittedEntry(call, "Falls Alert");
    await moveDeadlineIntoThePast(call);
    const captain = await desktopOf(newContext, "captain");

    await test.step("the entry page shows the entry, and no form", async () => {
      await captain.goto(`/events/${call.slug}/submission`);
      await expect(captain.getByRole("heading", { level: 1, name: entry.title })).toBeVisible();
      await expect(inset(captain)).toHaveText(DEADLINE_PASSED);
      await expect(captain.getByRole("button", { name: "Save draft" })).toHaveCount(0);
      await expect(captain.getByRole("button", { name: /Submit entry|Save changes/ })).toHaveCount(0);
      await expect(captain.getByRole("textbox")).toHaveCount(0);
      await expect(captain.getByRole("link", { name: "Add a screenshot" })).toHaveCount(0);
      await expect(summaryValue(captain, "Status")).toHaveText(/^Submitted on /);
      await expect(summaryValue(captain, "Deadline")).toContainText("12:00");

      await expect(captain.locator(".nhsuk-lede-text")).toHaveText(completeEntry(entry.repository, "").summary!);
      // Until the deadline job records the commit, the code as submitted; after, as at the deadline.
      const code = captain.getByRole("link", { name: /^View the code as (submitted|it was at the deadline)/ });
      await expect(code).toHaveAttribute("href", entry.repository.url);
      await expect(code.locator("xpath=..")).toContainText(`(commit ${short(entry.repository.headCommit)})`);
      await expect(summaryValue(captain, "Team")).toHaveText(
        `${entry.teamName}: ${participant("captain").name}, ${participant("developer").name}`,
      );
      await expect(summaryValue(captain, "Theme")).toHaveText("Fewer missed appointments");
      await expect(summaryValue(captain, "Repository").getByRole("link")).toHaveAttribute("href", entry.repository.url);
      await expect(summaryValue(captain, "Licence")).toHaveText("MIT License");
      await expect(summaryValue(captain, "Technologies and standards")).toHaveText("FHIR, TypeScript");
      await expect(summaryValue(captain, "Patient data")).toHaveText("The team confirms it uses no real patient data");
      await expect(captain.getByRole("heading", { level: 2, name: "About the project" })).toBeVisible();
      // The description's own "## What we built" sits below the page's "About the project".
      await expect(captain.getByRole("heading", { level: 3, name: "What we built" })).toBeVisible();
      await expect(summaryValue(captain, participant("developer").name)).toHaveText("Built the text message service.");
      await expect(captain.getByRole("img", { name: entry.screenshotDescription })).toBeVisible();
      await expect(captain.getByRole("link", { name: "See every version of your entry" })).toBeVisible();
      await look(captain, testInfo, "11-read-only-after-deadline");
    });

    await test.step("no screenshot can be added, and a save sent anyway is refused", async () => {
      await captain.goto(`/events/${call.slug}/submission/screenshots`);
      await expect(captain.getByText(DEADLINE_PASSED)).toBeVisible();
      await expect(captain.getByLabel("Screenshot", { exact: true })).toHaveCount(0);
      await look(captain, testInfo, "12-no-screenshot-after-deadline");

      await withParticipantRequest("captain", async (request) => {
        const response = await request.post(`/events/${call.slug}/submission`, {
          form: { intent: "save", version: "99", title: "Changed after the deadline" },
          maxRedirects: 0,
        });
        expect(response.status()).toBe(400);
        expect(await response.text()).toContain("The submission deadline has passed");
      });
      await captain.goto(`/events/${call.slug}/submission`);
      await expect(captain.getByRole("heading", { level: 1, name: entry.title })).toBeVisible();
      await expect(summaryValue(captain, "Status")).toHaveText(/^Submitted on /);
    });

    await test.step("the other member sees the same on a phone", async () => {
      const developer = await phoneOf(newContext, "developer");
      await developer.goto(`/events/${call.slug}/submission`);
      await expect(developer.getByRole("heading", { level: 1, name: entry.title })).toBeVisible();
      await expect(inset(developer)).toHaveText(DEADLINE_PASSED);
      await expect(developer.getByRole("button", { name: "Save draft" })).toHaveCount(0);
      await look(developer, testInfo, "13-phone-read-only");
    });
  });

  test("organisers list the entries, download them as CSV, open one and look at its repository again", async ({
    newContext,
  }, testInfo) => {
    test.setTimeout(150_000);
    const call = await callOpenForEntries("entry-organiser");
    const entry = await submittedEntry(call, "Ward Watch");
    // A second team that has only started a draft.
    const draftTeam = uniqueTeamName("Night Shift");
    await teamOverHttp(call, draftTeam, ["patient", "analyst"]);
    await withParticipantRequest("patient", (request) =>
      saveEntryOverHttp(request, call, { title: "Night shift handovers" }, "save"),
    );
    const organiser = await organiserPage(newContext);
    const head = short(entry.repository.headCommit);

    await test.step("the list shows each entry's status and repository check", async () => {
      await organiser.goto(`/events/${call.slug}/manage`);
      await organiser.getByRole("link", { name: "Entries, extensions and disqualifications" }).click();
      await expect(organiser.getByRole("heading", { level: 1, name: `Entries for ${call.title}` })).toBeVisible();
      await expect(organiser.getByText("1 submitted, 1 draft.")).toBeVisible();
      const table = organiser.getByRole("table", { name: "Entries" });
      const submitted = table.getByRole("row").filter({ hasText: entry.title });
      await expect(submitted.getByRole("cell").nth(1)).toContainText(entry.teamName);
      await expect(submitted.getByRole("cell").nth(2)).toContainText(/Submitted$/);
      await expect(submitted.getByRole("cell").nth(3)).toContainText(/Public and reachable$/);
      await expect(submitted.getByRole("cell").nth(4)).toContainText(/Not yet$/);
      const draft = table.getByRole("row").filter({ hasText: "Night shift handovers" });
      await expect(draft.getByRole("cell").nth(1)).toContainText(draftTeam);
      await expect(draft.getByRole("cell").nth(2)).toContainText(/Draft$/);
      await expect(draft.getByRole("cell").nth(3)).toContainText(/No repository$/);
      await look(organiser, testInfo, "14-organiser-entries");
    });

    await test.step("the CSV has the importer's columns first and a row for each entry", async () => {
      const { filename, text } = await downloadText(
        organiser,
        organiser.getByRole("link", { name: "Download the entries as a CSV file" }),
      );
      expect(filename).toBe(`${call.slug}-entries.csv`);
      expect(text.startsWith("\uFEFF")).toBe(true);
      const [header, ...rows] = parseCsv(text);
      expect(header).toEqual(CSV_HEADER);
      expect(rows).toHaveLength(2);
      const row = rows.find((fields) => fields[0] === entry.teamName);
      expect(row, `no row for ${entry.teamName} in\n${text}`).toBeTruthy();
      const value = (column: string) => row![CSV_HEADER.indexOf(column)];
      expect(value("Title")).toBe(entry.title);
      expect(value("Description")).toBe(completeEntry(entry.repository, "").description);
      expect(value("Theme")).toBe("Fewer missed appointments");
      expect(value("Repository")).toBe(entry.repository.url);
      expect(value("Licence")).toBe("MIT");
      expect(value("Technologies")).toBe("FHIR, TypeScript");
      expect(value("Member emails")).toBe(`${participant("captain").email}; ${participant("developer").email}`);
      expect(value("Status")).toBe("Submitted");
      expect(value("Submitted at")).not.toBe("");
      expect(value("Repository check")).toBe("Public and reachable");
      expect(value("Commit at submission")).toBe(entry.repository.headCommit);
      expect(value("Frozen commit")).toBe("");
      expect(value("Moved on since the deadline")).toBe("No");
      const draftRow = rows.find((fields) => fields[0] === draftTeam);
      expect(draftRow?.[CSV_HEADER.indexOf("Status")]).toBe("Draft");
    });

    await test.step("the entry's page shows the commit at submission and the latest commit seen", async () => {
      await organiser.getByRole("link", { name: entry.title }).click();
      await expect(organiser.getByRole("heading", { level: 1, name: entry.title })).toBeVisible();
      await expect(summaryValue(organiser, "Status")).toHaveText(/^Submitted on /);
      await expect(summaryValue(organiser, "Repository check")).toHaveText(/^Public and reachable \(.+\)$/);
      await expect(summaryValue(organiser, "Latest commit seen")).toHaveText(`${head} on main`);
      await expect(summaryValue(organiser, "Commit at submission")).toHaveText(head);
      await expect(summaryValue(organiser, "Commit at the deadline")).toHaveText("Not recorded yet");
      await expect(organiser.getByRole("link", { name: /^View the code as submitted/ })).toHaveAttribute(
        "href",
        entry.repository.url,
      );
      await expect(organiser.getByRole("img", { name: entry.screenshotDescription })).toBeVisible();
      await look(organiser, testInfo, "15-organiser-entry");
    });

    await test.step("after a push, looking at the repository again shows the new head", async () => {
      const newHead = short(await pushCommitForTest(entry.repository, "Fix the reminder wording"));
      await organiser.getByRole("button", { name: "Look at the repository again" }).click();
      await expect(inset(organiser)).toHaveText("We have looked at the repository again.");
      await expect(summaryValue(organiser, "Latest commit seen")).toHaveText(`${newHead} on main`);
      await expect(summaryValue(organiser, "Commit at submission")).toHaveText(head);
      // Nothing was frozen yet, so nothing has changed "since the deadline".
      await expect(organiser.getByText("The repository has changed since the deadline")).toHaveCount(0);
    });
  });

  test("at the deadline the commit is frozen; a later push shows as a change since the deadline", async ({
    newContext,
  }, testInfo) => {
    // The deadline job runs once a minute.
    test.setTimeout(180_000);
    const call = await callOpenForEntries("entry-frozen");
    const entry = await submittedEntry(call, "Sepsis Spotter");
    const head = short(entry.repository.headCommit);
    await moveDeadlineIntoThePast(call);
    const organiser = await organiserPage(newContext);
    await organiser.goto(`/events/${call.slug}/manage/submissions`);
    await organiser.getByRole("link", { name: entry.title }).click();
    await expect(organiser.getByRole("heading", { level: 1, name: entry.title })).toBeVisible();
    const entryUrl = organiser.url();

    await test.step("the deadline job records the head commit as the commit at the deadline", async () => {
      await expect(async () => {
        await organiser.goto(entryUrl);
        await expect(summaryValue(organiser, "Commit at the deadline")).toHaveText(
          new RegExp(`^${head} \\(recorded .+\\)$`),
          { timeout: 1_000 },
        );
      }).toPass({ timeout: 100_000, intervals: [2_000] });
      await expect(organiser.getByRole("link", { name: /^View the code as it was at the deadline/ })).toBeVisible();
    });

    await test.step("after a push, the organiser sees that the repository has changed since the deadline", async () => {
      const newHead = short(await pushCommitForTest(entry.repository, "Work after the deadline"));
      await organiser.getByRole("button", { name: "Look at the repository again" }).click();
      await expect(inset(organiser)).toHaveText("We have looked at the repository again.");
      await expect(summaryValue(organiser, "Latest commit seen")).toHaveText(`${newHead} on main`);
      const warning = organiser.locator(".nhsuk-warning-callout");
      await expect(warning.getByRole("heading")).toHaveText("Important: The repository has changed since the deadline");
      await expect(warning).toContainText(`Judge the code at commit ${head}`);
      await look(organiser, testInfo, "16-organiser-moved-on");

      await organiser.getByRole("link", { name: "Back to the entries" }).click();
      const row = organiser.getByRole("table", { name: "Entries" }).getByRole("row").filter({ hasText: entry.title });
      await expect(row.getByRole("cell").nth(4)).toContainText(`${head} (repository has moved on)`);
    });

    await test.step("the team's read-only page links to the code as it was at the deadline", async () => {
      const captain = await desktopOf(newContext, "captain");
      await captain.goto(`/events/${call.slug}/submission`);
      await expect(captain.getByRole("link", { name: /^View the code as it was at the deadline/ })).toBeVisible();
      await expect(captain.getByText(`(commit ${head})`)).toBeVisible();
    });
  });
});
