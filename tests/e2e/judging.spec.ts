// Judging: two judges score entries against the NHS Hack Day rubric on a 360 px phone, one with
// JavaScript off (plain form posts) and one with it on, through a dropped connection and its
// recovery; the organiser follows the progress per judge, locks the round and reads the results
// with their raw and normalised scores and 90% intervals, then publishes them. A second test opens
// one entry in two tabs: the stale tab's save is refused with both values shown, a repeated save
// is stored once, and a save that fails on a connection the phone believes is up is sent when the
// server answers again. Every page is checked with axe and photographed into
// test-results/screenshots/judging-*.png.
//
// Each test makes its own event, teams, entries and judges, so tests running at the same time
// never meet. The entries are submitted while submissions are open; then the organisers move the
// deadline into the past and open judging with the timeline form, as they would on the day.
import type { APIRequestContext, Locator, Page, TestInfo } from "@playwright/test";
import {
  ADMIN_STORAGE_STATE,
  NHS_CRITERIA,
  NHS_RUBRIC_KEYS,
  SMALL_PHONE,
  addJudgeOverHttp,
  assignJudgesOverHttp,
  cell,
  checkPage,
  chooseScores,
  createPublishedCallOverHttp,
  createRoundOverHttp,
  createRepositoryForTest,
  createVerifiedAccount,
  criterionGroup,
  errorSummary,
  escapeRegExp,
  expect,
  expectNoSidewaysScroll,
  failedStatus,
  inset,
  judgeIdOverHttp,
  judgeQueueOverHttp,
  judgingOpenTimeline,
  newAccountAt,
  saveEntryOverHttp,
  saveSignedInState,
  scoreOverHttp,
  scoreRadio,
  scoreSheetVersionOverHttp,
  setJudgeDetailsOverHttp,
  setTimelineOverHttp,
  sheet,
  signInAsParticipant,
  submissionsOpenTimeline,
  summaryValue,
  tableRow,
  teamOverHttp,
  test,
  uniqueTeamName,
  withAdminRequest,
  withParticipantRequest,
  withSignedInRequest,
  type Account,
  type NhsCriterion,
  type ParticipantKey,
  type QueuedEntry,
  type ScoreSheet,
  type TestCall,
} from "./helpers";

// The weights are 30, 20, 20, 15 and 15%, so swapping scores between the two 20% criteria or the
// two 15% ones keeps the weighted score: each sheet below comes to a whole number on the 1 to 5
// scale. Both judges put Breathe Easy first, Tom more generously than Amara, so Breathe Easy
// leads on either basis; on raw scores (4.0 and 3.0) the two entries' intervals overlap.
const AMARA_BREATHE = sheet(3, 4, 2, 3, 3); // 3.0
const AMARA_HANDOVER = sheet(2, 1, 3, 2, 2); // 2.0
const TOM_BREATHE = sheet(5, 5, 5, 5, 5); // 5.0
const TOM_HANDOVER = sheet(4, 5, 3, 4, 4); // 4.0

// ---------------------------------------------------------------------------------------------
// The event, its entries and its judges

/** A published call open for entries, as submissions.spec.ts makes it. */
function callOpenForEntries(label: string): Promise<TestCall> {
  return withAdminRequest(async (request) => {
    const call = await createPublishedCallOverHttp(request, label);
    await setTimelineOverHttp(request, call, submissionsOpenTimeline(), { reason: "Submissions open early" });
    return call;
  });
}

interface TestEntry {
  teamName: string;
  title: string;
}

/** A team of two with a complete entry submitted while submissions are open. */
async function submittedEntry(
  call: TestCall,
  label: string,
  members: readonly [ParticipantKey, ParticipantKey],
  title: string,
): Promise<TestEntry> {
  const teamName = uniqueTeamName(label);
  await teamOverHttp(call, teamName, members);
  const repository = await createRepositoryForTest(label.toLowerCase().replace(/\s+/g, "-"));
  await withParticipantRequest(members[0], async (request) => {
    const location = await saveEntryOverHttp(
      request,
      call,
      {
        title,
        summary: `${title}: a prototype built at the hack day.`,
        description: "## The problem\n\nClinic time is lost.\n\n## What we built\n\nA working prototype.",
        theme: "Fewer missed appointments",
        repositoryUrl: repository.url,
        licence: "MIT",
        technologies: "fhir, TypeScript",
        dataAttestation: true,
      },
      "submit",
    );
    expect(location).toBe(`/events/${call.slug}/submission?done=submitted`);
  });
  return { teamName, title };
}

/** The organisers close entries (the deadline passed yesterday) and open judging. */
function openJudging(call: TestCall): Promise<void> {
  return withAdminRequest((request) =>
    setTimelineOverHttp(request, call, judgingOpenTimeline(), {
      gracePeriodMinutes: 0,
      reason: "Entries closed at noon yesterday and judging has started.",
    }),
  );
}

interface TestJudge {
  account: Account;
  userId: string;
  /** The judge's signed-in state, for newContext({ storageState }). */
  storageState: string;
}

/**
 * A judge with a confirmed account (at a domain of their own: see newAccountAt), added by the
 * organiser by email, signed in once and saved for browser contexts.
 */
async function judgeOf(
  anonymous: APIRequestContext,
  call: TestCall,
  testInfo: TestInfo,
  account: Account,
  details?: Parameters<typeof setJudgeDetailsOverHttp>[3],
): Promise<TestJudge> {
  await createVerifiedAccount(anonymous, account);
  const userId = await withAdminRequest(async (request) => {
    await addJudgeOverHttp(request, call, account.email);
    const id = await judgeIdOverHttp(request, call, account.name);
    if (details) await setJudgeDetailsOverHttp(request, call, id, details);
    return id;
  });
  const storageState = await saveSignedInState(account, testInfo.outputPath(`judge-${userId}.json`));
  return { account, userId, storageState };
}

// ---------------------------------------------------------------------------------------------
// What the pages show

/** Pages opened in a context with JavaScript disabled, where axe cannot run in the page itself. */
const withoutJavaScript = new WeakSet<Page>();

/** axe finds nothing, nothing scrolls sideways at phone width, and a full-page screenshot. */
function look(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  return checkPage(page, testInfo, `judging-${name}`, { withoutJavaScript: withoutJavaScript.has(page) });
}

async function expectScores(page: Page, scores: Partial<ScoreSheet>): Promise<void> {
  for (const [name, score] of Object.entries(scores) as [NhsCriterion, number][]) {
    await expect(scoreRadio(page, name, score), `${name} should show ${score}`).toBeChecked();
  }
}

async function expectNoScore(page: Page, name: NhsCriterion): Promise<void> {
  await expect(criterionGroup(page, name).getByRole("radio", { checked: true })).toHaveCount(0);
}

/** The "N of M scored" line of the judge's queue. */
function scoredCount(page: Page): Locator {
  return page.locator("p > strong").filter({ hasText: / of \d+ scored$/ });
}

/** The status tag beside an entry in the judge's queue. */
function queueStatus(page: Page, title: string): Locator {
  return page.locator(".nhsuk-task-list__item").filter({ hasText: title }).locator(".nhsuk-task-list__status");
}

/** The scoring form, once React has hydrated it and score-draft has started keeping drafts. */
async function waitForScoringScript(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const form = document.querySelector("form[action*='/judge/']");
    return form !== null && Object.keys(form).some((key) => key.startsWith("__reactProps"));
  });
  // The draft's listeners are added by an effect that runs just after hydration.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
}

/** The score drafts this device keeps (score-draft.tsx): each draft's fields, as [name, value] pairs. */
function draftsOnDevice(page: Page): Promise<[string, string][][]> {
  return page.evaluate(() =>
    Object.keys(window.localStorage)
      .filter((key) => key.startsWith("hackday:score-draft:"))
      .map(
        (key) => (JSON.parse(window.localStorage.getItem(key) ?? "{}") as { fields?: [string, string][] }).fields ?? [],
      ),
  );
}

function field(name: NhsCriterion, score: number): [string, string] {
  return [`score-${NHS_RUBRIC_KEYS[name]}`, String(score)];
}

/** The "N of M scored" line of a judge's queue as the server renders it now, read without a browser. */
async function scoredOverHttp(storageState: string, call: TestCall): Promise<string> {
  return withSignedInRequest(storageState, async (request) => {
    const html = await (await request.get(`/events/${call.slug}/judge`)).text();
    return /<strong>(\d+)<!-- --> of <!-- -->(\d+)<!-- --> scored<\/strong>/.exec(html)?.slice(1, 3).join(" of ") ?? "";
  });
}

/**
 * The browser's console line for a failed post of the scoring form: to the page itself without
 * JavaScript ("document"), or to its data address (…/judge/<entry>.data?round=…) with it.
 */
function scoringPostFailed(call: TestCall, failure: RegExp, to: "document" | "data"): RegExp {
  const uuid = "[0-9a-f-]{36}";
  const address = `/events/${escapeRegExp(call.slug)}/judge/${uuid}${to === "data" ? "\\.data" : ""}\\?round=${uuid}`;
  return new RegExp(`: ${failure.source}.*\\[http://[^/\\]]+${address}\\]$`);
}

/** The issue asks for targets of at least 44 by 44 CSS pixels on the scoring page (WCAG 2.5.5). */
async function expectLargeTarget(target: Locator, label: string): Promise<void> {
  const box = await target.boundingBox();
  expect(box, `${label} is on the page`).toBeTruthy();
  expect(Math.round(box!.height), `${label} is ${box!.height}px tall`).toBeGreaterThanOrEqual(44);
  expect(Math.round(box!.width), `${label} is ${box!.width}px wide`).toBeGreaterThanOrEqual(44);
}

// ---------------------------------------------------------------------------------------------

test.describe("judging", () => {
  test("judges score on a 360 px phone without JavaScript and with it, through a dropped connection; the organiser sees progress and publishes results with intervals", async ({
    newContext,
    consoleGuard,
    request,
  }, testInfo) => {
    test.setTimeout(300_000);
    const call = await callOpenForEntries("judging");
    const breathe = await submittedEntry(call, "Breathe Easy", ["captain", "developer"], "Breathe Easy reminders");
    const handover = await submittedEntry(call, "Safe Handover", ["nurse", "doctor"], "Safe Handover board");
    await openJudging(call);

    const amara = await judgeOf(
      request,
      call,
      testInfo,
      newAccountAt("airedale.example", "judge-amara", "Amara Okoye"),
    );
    const tom = await judgeOf(request, call, testInfo, newAccountAt("openhealth.example", "judge-tom", "Tom Reid"), {
      expertise: "technical",
      organisation: "Open Health Tools",
      room: "Room 2",
    });
    const roundId = await withAdminRequest((admin) =>
      createRoundOverHttp(admin, call, { kind: "shortlist", name: "Shortlist", judgesPerEntry: 2 }),
    );
    const organiser = await (await newContext({ storageState: ADMIN_STORAGE_STATE })).newPage();
    const roundPage = `/events/${call.slug}/manage/judging/rounds/${roundId}`;

    await test.step("the organiser sets a judge's expertise and assigns two judges to each entry automatically", async () => {
      await organiser.goto(`/events/${call.slug}/manage`);
      await organiser.getByRole("link", { name: "Judging" }).click();
      await expect(organiser.getByRole("heading", { level: 1, name: "Judging" })).toBeVisible();
      await organiser.getByRole("link", { name: "Judges and conflicts of interest" }).click();
      await expect(organiser.getByRole("heading", { level: 1, name: "Judges" })).toBeVisible();
      const judges = organiser.getByRole("table", { name: "Judges" });
      await expect(judges.getByRole("row").filter({ hasText: tom.account.email })).toContainText("Technical");
      await organiser.getByRole("link", { name: `Change details of ${amara.account.name}` }).click();
      await expect(
        organiser.getByRole("heading", { level: 2, name: `Details of ${amara.account.name}` }),
      ).toBeVisible();
      await organiser.getByRole("radio", { name: "Clinical" }).check();
      await organiser.getByLabel("Organisation").fill("Airedale NHS Foundation Trust");
      await organiser.getByLabel("Room or table (optional)").fill("Room 1");
      await organiser.getByRole("button", { name: "Save details" }).click();
      await expect(inset(organiser)).toHaveText("The judge's details have been saved.");
      const amaraRow = judges.getByRole("row").filter({ hasText: amara.account.email });
      await expect(cell(amaraRow, 1)).toHaveText("Clinical");
      await expect(cell(amaraRow, 2)).toHaveText("Airedale NHS Foundation Trust");
      await expect(cell(amaraRow, 3)).toHaveText("Room 1");
      // The judges' addresses and organisations are not the teams': nobody is kept away from an entry.
      await expect(organiser.getByText("There are no conflicts of interest.")).toBeVisible();
      await look(organiser, testInfo, "01-organiser-judges");

      await organiser.goto(roundPage);
      await expect(organiser.getByRole("heading", { level: 1, name: "Shortlist" })).toBeVisible();
      await expect(summaryValue(organiser, "Judges per entry")).toHaveText("2");
      await expect(organiser.getByRole("heading", { level: 2, name: "Rubric (version 1)" })).toBeVisible();
      await expect(organiser.getByText("Clinical need and impact (30%, scored 1 to 5)")).toBeVisible();
      await organiser.getByRole("button", { name: "Assign judges" }).click();
      await expect(inset(organiser)).toHaveText("Judges are assigned: 4 pairs added, 0 removed.");
      await expect(summaryValue(organiser, "Progress")).toHaveText("0 of 4 score sheets complete (0%)");
      for (const entry of [breathe, handover]) {
        const row = tableRow(organiser, "Entries and their judges", entry.title);
        await expect(row).toContainText(`${amara.account.name} (clinical, not started)`);
        await expect(row).toContainText(`${tom.account.name} (technical, not started)`);
        await expect(cell(row, 2)).toHaveText("0 of 2");
      }
      await look(organiser, testInfo, "02-organiser-round-assigned");
    });

    // -------------------------------------------------------------------------------------------
    // Amara, without JavaScript

    const noScript = await (
      await newContext({ ...SMALL_PHONE, javaScriptEnabled: false, storageState: amara.storageState })
    ).newPage();
    const scoringForm = (page: Page) => page.locator("form[action*='/judge/']");
    withoutJavaScript.add(noScript);

    await test.step("without JavaScript, the judge finds the queue from the event page: 0 of 2 scored", async () => {
      await noScript.goto(`/events/${call.slug}`);
      await noScript.getByRole("link", { name: "Your entries to judge" }).click();
      await expect(noScript.getByRole("heading", { level: 1, name: "Your entries to judge" })).toBeVisible();
      await expect(noScript.getByRole("heading", { level: 2, name: "Shortlist" })).toBeVisible();
      await expect(scoredCount(noScript)).toHaveText("0 of 2 scored");
      await expect(queueStatus(noScript, breathe.title)).toHaveText("Not started");
      await expect(queueStatus(noScript, handover.title)).toHaveText("Not started");
      await expect(noScript.locator(".nhsuk-task-list__item").first()).toContainText(breathe.teamName);
      await look(noScript, testInfo, "03-judge-queue-no-js");

      await noScript.getByRole("link", { name: "Declare a conflict of interest" }).click();
      await expect(noScript.getByRole("heading", { level: 1 })).toBeVisible();
      await look(noScript, testInfo, "04-judge-conflicts-no-js");
      await noScript.goBack();
    });

    await test.step("the scoring page shows the entry and the rubric as large radios, and saves part of the scores", async () => {
      await noScript.getByRole("link", { name: breathe.title }).click();
      await expect(noScript.getByRole("heading", { level: 1, name: breathe.title })).toBeVisible();
      await expect(noScript.locator(".nhsuk-caption-l")).toHaveText(`${call.title}: Shortlist`);
      await expect(noScript.getByRole("heading", { level: 2, name: "About the project" })).toBeVisible();
      await expect(noScript.getByRole("link", { name: "Go to the scoring form" })).toHaveAttribute("href", "#scores");
      for (const name of NHS_CRITERIA) {
        await expect(criterionGroup(noScript, name).getByRole("radio")).toHaveCount(5);
      }
      // Each level carries its descriptor.
      await expect(criterionGroup(noScript, "Technical execution")).toContainText(
        "Slides or mock-ups only; nothing runs.",
      );
      await expect(noScript.getByRole("checkbox", { name: "Team absent" })).not.toBeChecked();
      await expect(noScript.getByLabel("Feedback for the team")).toBeVisible();
      await expect(noScript.getByLabel("Private note")).toBeVisible();
      // Big enough for a thumb: each radio's own hit area (its label adds to it), the tick box and the button.
      for (const name of NHS_CRITERIA) {
        await expectLargeTarget(scoreRadio(noScript, name, 1), `the radio for 1 on ${name}`);
      }
      await expectLargeTarget(noScript.getByRole("checkbox", { name: "Team absent" }), "Team absent");
      await expectLargeTarget(noScript.getByRole("button", { name: "Save scores" }), "Save scores");
      await look(noScript, testInfo, "05-score-form-no-js");

      await chooseScores(noScript, {
        "Clinical need and impact": AMARA_BREATHE["Clinical need and impact"],
        "Feasibility in the NHS": AMARA_BREATHE["Feasibility in the NHS"],
      });
      await noScript.getByRole("button", { name: "Save scores" }).click();
      await expect(noScript).toHaveURL(/\?round=[0-9a-f-]{36}&done=progress$/);
      await expect(inset(noScript)).toHaveText(
        "Your scores so far have been saved. Score every criterion, or tick ‘Team absent’, to finish this entry.",
      );
      await expectScores(noScript, {
        "Clinical need and impact": AMARA_BREATHE["Clinical need and impact"],
        "Feasibility in the NHS": AMARA_BREATHE["Feasibility in the NHS"],
      });
      await expectNoScore(noScript, "Technical execution");
      await look(noScript, testInfo, "06-partly-scored-no-js");

      await noScript.getByRole("link", { name: "Back to your entries" }).click();
      await expect(scoredCount(noScript)).toHaveText("0 of 2 scored");
      await expect(queueStatus(noScript, breathe.title)).toHaveText("In progress");
    });

    await test.step("a score off the scale, sent anyway, is refused on its criterion and the rest is kept", async () => {
      // The refused post is answered 400, which the browser notes in the console.
      consoleGuard.allow(scoringPostFailed(call, failedStatus(400), "document"));
      await noScript.getByRole("link", { name: breathe.title }).click();
      await chooseScores(noScript, AMARA_BREATHE);
      await noScript
        .getByLabel("Feedback for the team")
        .fill("A real problem, well explained. Show the reply flow next time.");
      await noScript.getByLabel("Private note").fill("Ask about the SMS costs.");
      // A radio cannot send 9: change the form post on its way, as a hand-made request would.
      const clinical = `score-${NHS_RUBRIC_KEYS["Clinical need and impact"]}`;
      await noScript.route(
        (url) => url.pathname.startsWith(`/events/${call.slug}/judge/`),
        async (route) => {
          if (route.request().method() !== "POST") return route.continue();
          const body = route.request().postData() ?? "";
          const chosen = `${clinical}=${AMARA_BREATHE["Clinical need and impact"]}`;
          expect(body).toContain(chosen);
          await route.continue({ postData: body.replace(chosen, `${clinical}=9`) });
        },
        { times: 1 },
      );
      await noScript.getByRole("button", { name: "Save scores" }).click();
      const summary = noScript.locator(".nhsuk-error-summary");
      await expect(summary.getByRole("heading", { name: "There is a problem" })).toBeVisible();
      await expect(summary.getByRole("listitem")).toHaveText([
        "Choose a score from 1 to 5 for Clinical need and impact",
      ]);
      await expect(summary.getByRole("link")).toHaveAttribute("href", `#${clinical}`);
      await expect(criterionGroup(noScript, "Clinical need and impact")).toContainText(
        "Error: Choose a score from 1 to 5 for Clinical need and impact",
      );
      await expectNoScore(noScript, "Clinical need and impact");
      const { "Clinical need and impact": _refused, ...kept } = AMARA_BREATHE;
      await expectScores(noScript, kept);
      await expect(noScript.getByLabel("Feedback for the team")).toHaveValue(
        "A real problem, well explained. Show the reply flow next time.",
      );
      await expect(noScript.getByLabel("Private note")).toHaveValue("Ask about the SMS costs.");
      await look(noScript, testInfo, "07-score-off-the-scale-no-js");
      await noScript.unrouteAll();
    });

    await test.step("with every criterion scored the entry is done, and the next entry opens: 1 of 2 scored", async () => {
      await scoreRadio(noScript, "Clinical need and impact", AMARA_BREATHE["Clinical need and impact"]).check();
      await noScript.getByRole("button", { name: "Save scores" }).click();
      await expect(noScript.getByRole("heading", { level: 1, name: handover.title })).toBeVisible();
      await expect(inset(noScript)).toHaveText(
        `Your scores for ${breathe.title} have been saved. This is the next entry to score.`,
      );
      await expect(scoringForm(noScript).getByRole("radio", { checked: true })).toHaveCount(0);
      await look(noScript, testInfo, "08-next-entry-no-js");

      await noScript.getByRole("link", { name: "Back to your entries" }).click();
      await expect(scoredCount(noScript)).toHaveText("1 of 2 scored");
      await expect(queueStatus(noScript, breathe.title)).toHaveText("Scored");
      await expect(queueStatus(noScript, handover.title)).toHaveText("Not started");
      await noScript.getByRole("link", { name: breathe.title }).click();
      await expectScores(noScript, AMARA_BREATHE);
      await expect(noScript.getByLabel("Private note")).toHaveValue("Ask about the SMS costs.");
    });

    // -------------------------------------------------------------------------------------------
    // Amara again, with JavaScript, on the same phone

    const phoneContext = await newContext({ ...SMALL_PHONE, storageState: amara.storageState });
    const phone = await phoneContext.newPage();
    let handoverPage = "";

    await test.step("with JavaScript, a score chosen but not saved is kept on the device and put back after a reload", async () => {
      await phone.goto(`/events/${call.slug}/judge`);
      await expect(scoredCount(phone)).toHaveText("1 of 2 scored");
      await phone.getByRole("link", { name: handover.title }).click();
      await expect(phone.getByRole("heading", { level: 1, name: handover.title })).toBeVisible();
      await waitForScoringScript(phone);
      await scoreRadio(phone, "Clinical need and impact", AMARA_HANDOVER["Clinical need and impact"]).check();
      await expect
        .poll(() => draftsOnDevice(phone))
        .toEqual([
          expect.arrayContaining([field("Clinical need and impact", AMARA_HANDOVER["Clinical need and impact"])]),
        ]);

      await phone.reload();
      await expect(phone.getByRole("heading", { level: 1, name: handover.title })).toBeVisible();
      await expect(inset(phone)).toHaveText(
        "We have put back the scores you entered on this device but had not saved. Select ‘Save scores’ to save them.",
      );
      await expectScores(phone, { "Clinical need and impact": AMARA_HANDOVER["Clinical need and impact"] });
      await expectNoScore(phone, "Feasibility in the NHS");
      await look(phone, testInfo, "09-draft-put-back");
    });

    await test.step("the connection drops: the page says so, and a save waits on the device", async () => {
      await phoneContext.setOffline(true);
      await expect(inset(phone).filter({ hasText: "You are offline." })).toHaveText(
        "You are offline. What you enter is kept on this device. Select ‘Save scores’ and your scores will be sent when the connection returns.",
      );
      await chooseScores(phone, AMARA_HANDOVER);
      await phone.getByLabel("Feedback for the team").fill("The handover board needs a clinical safety case.");
      await phone.getByLabel("Private note").fill("Scored on the train.");
      await look(phone, testInfo, "10-offline");

      await phone.getByRole("button", { name: "Save scores" }).click();
      const waiting = phone.locator(".nhsuk-warning-callout");
      await expect(waiting.getByRole("heading")).toHaveText("Important: Not sent yet");
      await expect(waiting.getByRole("paragraph")).toHaveText(
        "You are offline. Your scores are kept on this device and will be sent when the connection returns.",
      );
      await expect(phone).toHaveURL(new RegExp(`/judge/[0-9a-f-]{36}\\?round=${roundId}$`));
      await look(phone, testInfo, "11-offline-save-waiting");
      // Nothing has reached the server, and the whole sheet is kept on the device.
      expect(await scoredOverHttp(amara.storageState, call)).toBe("1 of 2");
      expect(await draftsOnDevice(phone)).toEqual([
        expect.arrayContaining([
          ...NHS_CRITERIA.map((name) => field(name, AMARA_HANDOVER[name])),
          ["feedback", "The handover board needs a clinical safety case."],
          ["privateNote", "Scored on the train."],
        ]),
      ]);
    });

    await test.step("the connection returns: the scores are sent by themselves, 2 of 2 scored", async () => {
      await phoneContext.setOffline(false);
      await expect(phone).toHaveURL(new RegExp(`/events/${call.slug}/judge\\?done=saved&from=[0-9a-f-]{36}$`));
      await expect(inset(phone)).toHaveText(`Your scores for ${handover.title} have been saved.`);
      await expect(scoredCount(phone)).toHaveText("2 of 2 scored");
      await expect(
        phone.getByText(
          "You have scored every entry in this round. You can still change your scores until it is locked.",
        ),
      ).toBeVisible();
      await expect(queueStatus(phone, handover.title)).toHaveText("Scored");
      await expect.poll(() => draftsOnDevice(phone)).toEqual([]);
      await look(phone, testInfo, "12-all-scored");
      expect(await scoredOverHttp(amara.storageState, call)).toBe("2 of 2");

      await phone.getByRole("link", { name: handover.title }).click();
      await expectScores(phone, AMARA_HANDOVER);
      handoverPage = phone.url();
      await expect(phone.getByLabel("Feedback for the team")).toHaveValue(
        "The handover board needs a clinical safety case.",
      );
    });

    // -------------------------------------------------------------------------------------------
    // The organiser

    await test.step("the organiser sees who is behind: one judge finished, one not started", async () => {
      await organiser.goto(`/events/${call.slug}/manage/judging`);
      const round = tableRow(organiser, "Judging rounds", "Shortlist");
      await expect(cell(round, 2)).toHaveText("2");
      await expect(cell(round, 3)).toHaveText("2 of 4 score sheets complete (50%)");
      await expect(cell(round, 4)).toHaveText("Open for scoring");
      const behind = organiser.locator(".nhsuk-warning-callout");
      await expect(behind.getByRole("heading")).toHaveText("Important: Behind in Shortlist");
      await expect(behind.getByRole("listitem")).toHaveText([`${tom.account.name} (0 of 2 done)`]);
      await look(organiser, testInfo, "13-organiser-judging-behind");

      await behind.getByRole("link", { name: "See progress in Shortlist" }).click();
      await expect(summaryValue(organiser, "Progress")).toHaveText("2 of 4 score sheets complete (50%)");
      const amaraProgress = tableRow(organiser, "Judges' progress", amara.account.name);
      await expect(cell(amaraProgress, 0)).toHaveText(`${amara.account.name} (clinical)`);
      await expect(cell(amaraProgress, 1)).toHaveText("Room 1");
      await expect(cell(amaraProgress, 2)).toHaveText("2 of 2");
      await expect(cell(amaraProgress, 4)).toHaveText("Finished");
      const tomProgress = tableRow(organiser, "Judges' progress", tom.account.name);
      await expect(cell(tomProgress, 2)).toHaveText("0 of 2");
      await expect(cell(tomProgress, 4)).toHaveText("Behind");
      await expect(tableRow(organiser, "Entries and their judges", breathe.title)).toContainText(
        `${amara.account.name} (clinical, done)`,
      );
      await look(organiser, testInfo, "14-organiser-round-progress");
    });

    await test.step("when the second judge has scored, the organiser locks the round", async () => {
      await withSignedInRequest(tom.storageState, async (asTom) => {
        const queue = await judgeQueueOverHttp(asTom, call);
        expect(queue.map((entry) => entry.title)).toEqual([breathe.title, handover.title]);
        const [first, second] = queue as [QueuedEntry, QueuedEntry];
        await scoreOverHttp(asTom, call, first, { scores: TOM_BREATHE, feedback: "Lovely demo." });
        expect(await scoreOverHttp(asTom, call, second, { scores: TOM_HANDOVER })).toBe(
          `/events/${call.slug}/judge?done=saved&from=${second.submissionId}`,
        );
      });
      await organiser.reload();
      await expect(summaryValue(organiser, "Progress")).toHaveText("4 of 4 score sheets complete (100%)");
      await expect(cell(tableRow(organiser, "Judges' progress", tom.account.name), 4)).toHaveText("Finished");
      await organiser.getByRole("button", { name: "Lock the round" }).click();
      await expect(inset(organiser)).toHaveText("The round is locked. Judges can no longer change their scores.");
      await expect(summaryValue(organiser, "Status")).toHaveText("Locked: judges cannot change their scores");
      await expect(organiser.getByRole("button", { name: "Assign judges" })).toHaveCount(0);
      await expect(organiser.getByRole("button", { name: `Reopen scores of ${tom.account.name}` })).toBeVisible();
      await look(organiser, testInfo, "15-organiser-round-locked");
    });

    await test.step("the results show each entry's raw and normalised score and its 90% interval", async () => {
      await organiser.getByRole("link", { name: "Results", exact: true }).click();
      await expect(organiser.getByRole("heading", { level: 1, name: "Results: Shortlist" })).toBeVisible();
      await expect(organiser.getByText("Not published.")).toBeVisible();
      const results = organiser.getByRole("table", { name: "Results of Shortlist" });
      await expect(results.getByRole("columnheader")).toHaveText([
        "Rank",
        "Entry",
        "Judges",
        "Raw",
        "Normalised",
        "90% interval",
        "Notes",
      ]);
      const rows = results.locator("tbody").getByRole("row");
      await expect(rows).toHaveCount(2);
      // Both judges put Breathe Easy first, so it ranks first on either basis.
      for (const [index, entry, raw] of [
        [0, breathe, "4.0"],
        [1, handover, "3.0"],
      ] as const) {
        const row = rows.nth(index);
        await expect(cell(row, 0)).toHaveText(String(index + 1));
        await expect(cell(row, 1)).toContainText(entry.title);
        await expect(cell(row, 1)).toContainText(entry.teamName);
        await expect(cell(row, 2)).toHaveText("2");
        await expect(cell(row, 3)).toHaveText(raw);
        await expect(cell(row, 4)).toHaveText(/^\d\.\d$/);
        await expect(cell(row, 5)).toHaveText(/^\d\.\d to \d\.\d$/);
        const normalised = Number(await cell(row, 4).textContent());
        const [low, high] = (await cell(row, 5).textContent())!.split(" to ").map(Number) as [number, number];
        expect(low, `${entry.title}'s interval is on the rubric's scale`).toBeGreaterThanOrEqual(1);
        expect(high).toBeLessThanOrEqual(5);
        expect(low).toBeLessThanOrEqual(high);
        expect(normalised).toBeGreaterThanOrEqual(1);
        expect(normalised).toBeLessThanOrEqual(5);
      }
      const individual = organiser.getByRole("table", { name: "Judges' individual scores" });
      await expect(individual.locator("tbody").getByRole("row")).toHaveCount(4);
      const amaraBreathe = individual
        .getByRole("row")
        .filter({ hasText: breathe.title })
        .filter({ hasText: amara.account.name });
      for (const [index, name] of NHS_CRITERIA.entries()) {
        await expect(cell(amaraBreathe, 2 + index)).toHaveText(String(AMARA_BREATHE[name]));
      }
      await expect(cell(amaraBreathe, 7)).toHaveText("3.0");
      await expect(cell(amaraBreathe, 10)).toHaveText("Counted");
      await look(organiser, testInfo, "16-organiser-results");

      const csv = await organiser.request.get(`${roundPage}/results.csv`);
      expect(csv.status()).toBe(200);
      expect(csv.headers()["content-type"]).toMatch(/^text\/csv/);
      const text = await csv.text();
      expect(text).toContain(breathe.title);
      expect(text).toContain(handover.title);
    });

    await test.step("ranked by raw scores, the intervals overlap and the entries are marked as not told apart", async () => {
      await organiser.getByRole("radio", { name: "Raw scores" }).check();
      await organiser.getByRole("button", { name: "Save ranking" }).click();
      await expect(inset(organiser)).toHaveText("The ranking has been saved.");
      await expect(organiser.getByText("Ranked by raw scores.", { exact: false })).toBeVisible();
      const rows = organiser.getByRole("table", { name: "Results of Shortlist" }).locator("tbody").getByRole("row");
      // Each entry has two judges: Amara 3.0 and Tom 5.0 for Breathe Easy, 2.0 and 4.0 for Safe Handover.
      await expect(cell(rows.nth(0), 1)).toContainText(breathe.title);
      await expect(cell(rows.nth(0), 5)).toHaveText("3.0 to 5.0");
      await expect(cell(rows.nth(0), 6)).toHaveText("");
      await expect(cell(rows.nth(1), 1)).toContainText(handover.title);
      await expect(cell(rows.nth(1), 5)).toHaveText("2.0 to 4.0");
      await expect(cell(rows.nth(1), 6)).toHaveText("Cannot be told apart from the entry above");
      await look(organiser, testInfo, "17-organiser-results-raw");
    });

    await test.step("on a phone, the organiser reads the results as one card per entry", async () => {
      const organiserPhone = await (await newContext({ ...SMALL_PHONE, storageState: ADMIN_STORAGE_STATE })).newPage();
      await organiserPhone.goto(`${roundPage}/results`);
      const first = tableRow(organiserPhone, "Results of Shortlist", breathe.title);
      await expect(first.getByRole("cell").nth(5)).toHaveText("90% interval 3.0 to 5.0");
      await look(organiserPhone, testInfo, "18-organiser-results-phone");
    });

    await test.step("the organiser publishes the results", async () => {
      await organiser.getByRole("button", { name: "Publish the results" }).click();
      await expect(inset(organiser)).toHaveText("The results are published. Judges and teams can now see them.");
      await expect(organiser.getByText(/^Published on .+\. Judges and teams can see them\.$/)).toBeVisible();
      await expect(organiser.getByRole("button", { name: "Withdraw the results" })).toBeVisible();
      await look(organiser, testInfo, "19-organiser-results-published");
      // The wide tables scroll in their own boxes, so the page itself does not at desktop width.
      await expectNoSidewaysScroll(organiser, "results at desktop width");
    });

    await test.step("the judge's queue is empty now, and a scored entry shows the locked sheet", async () => {
      await phone.goto(`/events/${call.slug}/judge`);
      await expect(
        phone.getByText(
          "There are no entries for you to score at the moment. The organisers will assign entries to you when judging opens.",
        ),
      ).toBeVisible();
      await phone.goto(handoverPage);
      await expect(phone.getByRole("heading", { level: 1, name: handover.title })).toBeVisible();
      await expect(inset(phone)).toHaveText(
        "This round has been locked, so your scores can no longer be changed. Ask an organiser if something needs correcting.",
      );
      await expect(summaryValue(phone, "Clinical need and impact")).toHaveText("2 out of 5");
      await expect(summaryValue(phone, "Private note")).toHaveText("Scored on the train.");
      await expect(phone.getByRole("button", { name: "Save scores" })).toHaveCount(0);
      await look(phone, testInfo, "20-locked-sheet");
    });
  });

  test("a save from a stale tab is refused with both values shown; a repeated save is stored once; a failed save is sent again", async ({
    newContext,
    consoleGuard,
    request,
  }, testInfo) => {
    test.setTimeout(180_000);
    const call = await callOpenForEntries("judging-stale");
    const entry = await submittedEntry(call, "Falls Alert", ["patient", "analyst"], "Falls Alert sensor");
    await openJudging(call);
    const judge = await judgeOf(request, call, testInfo, newAccountAt("bradford.example", "judge-ravi", "Ravi Patel"), {
      expertise: "clinical",
      organisation: "Bradford District Care NHS Foundation Trust",
    });
    await withAdminRequest(async (admin) => {
      const roundId = await createRoundOverHttp(admin, call, { name: "Shortlist", judgesPerEntry: 1 });
      expect(await assignJudgesOverHttp(admin, call, roundId)).toBe(1);
    });
    const [queued] = await withSignedInRequest(judge.storageState, (asJudge) => judgeQueueOverHttp(asJudge, call));
    expect(queued?.title).toBe(entry.title);
    const entryPage = `/events/${call.slug}/judge/${queued!.submissionId}?round=${queued!.roundId}`;
    const version = () =>
      withSignedInRequest(judge.storageState, (asJudge) => scoreSheetVersionOverHttp(asJudge, call, queued!));

    const context = await newContext({ ...SMALL_PHONE, storageState: judge.storageState });
    const first = await context.newPage();
    const second = await context.newPage();
    const firstScores = sheet(4, 4, 4, 4, 4);
    const secondScores = sheet(2, 3, 2, 3, 2);

    await test.step("two tabs open the same entry; the first saves", async () => {
      for (const tab of [first, second]) {
        await tab.goto(entryPage);
        await expect(tab.getByRole("heading", { level: 1, name: entry.title })).toBeVisible();
        await waitForScoringScript(tab);
      }
      await chooseScores(first, firstScores);
      await first.getByLabel("Feedback for the team").fill("Clear problem, working sensor.");
      await first.getByRole("button", { name: "Save scores" }).click();
      await expect(inset(first)).toHaveText(`Your scores for ${entry.title} have been saved.`);
      await expect(scoredCount(first)).toHaveText("1 of 1 scored");
      expect(await version()).toBe(1);
    });

    await test.step("the second, stale tab's save is refused, with the saved scores and its own side by side", async () => {
      // The app answers a stale save with 409 Conflict, which the browser notes in the console.
      consoleGuard.allow(scoringPostFailed(call, failedStatus(409), "data"));
      await chooseScores(second, secondScores);
      await second.getByRole("button", { name: "Save scores" }).click();
      const summary = second.locator(".nhsuk-error-summary");
      await expect(summary.getByRole("listitem")).toHaveText([
        "Your scores for this entry were saved from another page or device after you opened this one. Nothing on this page has been saved yet: compare the two below, then save again to keep what is on this page.",
      ]);
      await expect(summary).toBeFocused();
      await expect(second).toHaveTitle(/^Error: /);
      await expect(second.getByRole("heading", { level: 3, name: "Saved scores and this page" })).toBeVisible();
      const comparison = second.getByRole("table", { name: /^The saved scores and this page['’]s$/ });
      await expect(comparison.getByRole("columnheader")).toHaveText(["Criterion", "Saved", "This page"]);
      for (const name of NHS_CRITERIA) {
        await expect(comparison.getByRole("row", { name: new RegExp(`^${escapeRegExp(name)} `) })).toHaveText(
          `${name}${firstScores[name]}${secondScores[name]}`,
        );
      }
      await expect(comparison.getByRole("row", { name: /^Feedback for the team / })).toHaveText(
        "Feedback for the teamClear problem, working sensor.(empty)",
      );
      // The form still holds this page's scores, and nothing was overwritten.
      await expectScores(second, secondScores);
      expect(await version()).toBe(1);
      await look(second, testInfo, "21-stale-save-refused");

      await second.getByRole("button", { name: "Save scores" }).click();
      await expect(inset(second)).toHaveText(`Your scores for ${entry.title} have been saved.`);
      expect(await version()).toBe(2);
      await first.goto(entryPage);
      await expectScores(first, secondScores);
      await expect(first.getByLabel("Feedback for the team")).toHaveValue("");
    });

    await test.step("the same save sent twice (a double submit) is stored once", async () => {
      const again = sheet(3, 3, 3, 3, 3);
      await withSignedInRequest(judge.storageState, async (asJudge) => {
        const answers = [
          await scoreOverHttp(asJudge, call, queued!, { scores: again }, 2),
          await scoreOverHttp(asJudge, call, queued!, { scores: again }, 2),
        ];
        expect(answers).toEqual([
          `/events/${call.slug}/judge?done=saved&from=${queued!.submissionId}`,
          `/events/${call.slug}/judge?done=saved&from=${queued!.submissionId}`,
        ]);
      });
      expect(await version()).toBe(3);
    });

    await test.step("a save that fails while the phone thinks it is online is sent again when the server answers", async () => {
      // The post is cut off as if the network had gone: the browser notes the failed request.
      consoleGuard.allow(scoringPostFailed(call, /Failed to load resource: net::ERR_INTERNET_DISCONNECTED/, "data"));
      await first.goto(entryPage);
      await waitForScoringScript(first);
      await expectScores(first, sheet(3, 3, 3, 3, 3));
      let cutOff = 0;
      await first.route(
        (url) => url.pathname.endsWith(".data"),
        async (route) => {
          if (route.request().method() !== "POST") return route.continue();
          cutOff++;
          await route.abort("internetdisconnected");
        },
      );
      await scoreRadio(first, "Presentation", 5).check();
      await first.getByRole("button", { name: "Save scores" }).click();
      const waiting = first.locator(".nhsuk-warning-callout");
      await expect(waiting.getByRole("heading")).toHaveText("Important: Not sent yet");
      expect(cutOff).toBe(1);
      expect(await version()).toBe(3);
      await first.unrouteAll();
      // The page asks the server every 10 seconds whether it answers again.
      await expect(inset(first)).toHaveText(`Your scores for ${entry.title} have been saved.`, { timeout: 20_000 });
      expect(await version()).toBe(4);
      await first.goto(entryPage);
      await expectScores(first, { ...sheet(3, 3, 3, 3, 3), Presentation: 5 });
    });
  });

  test("the organiser seats entries at tables, imports paper scores after seeing each row's problems, and a participant votes for the People's Choice", async ({
    newContext,
    consoleGuard,
    request,
  }, testInfo) => {
    test.setTimeout(240_000);
    const call = await callOpenForEntries("paper");
    const breathe = await submittedEntry(call, "Paper Breathe", ["captain", "developer"], "Paper Breathe reminders");
    const handover = await submittedEntry(call, "Paper Handover", ["nurse", "doctor"], "Paper Handover board");
    await openJudging(call);
    const amara = await judgeOf(
      request,
      call,
      testInfo,
      newAccountAt("airedale.example", "judge-paper", "Amara Okoye"),
    );
    const roundId = await withAdminRequest((admin) =>
      createRoundOverHttp(admin, call, { kind: "shortlist", name: "Shortlist", judgesPerEntry: 1 }),
    );
    const organiser = await (await newContext({ storageState: ADMIN_STORAGE_STATE })).newPage();
    const roundPage = `/events/${call.slug}/manage/judging/rounds/${roundId}`;

    await test.step("the organiser seats each entry at a table, then assigns judges", async () => {
      await organiser.goto(roundPage);
      await organiser.getByRole("link", { name: "Rooms and tables for the entries" }).click();
      await expect(organiser.getByRole("heading", { level: 1, name: "Rooms and tables for Shortlist" })).toBeVisible();
      await organiser.getByLabel(breathe.title).fill("Table 1");
      await organiser.getByLabel(handover.title).fill("Table 2");
      await look(organiser, testInfo, "22-organiser-rooms");
      await organiser.getByRole("button", { name: "Save rooms and tables" }).click();
      await expect(inset(organiser)).toHaveText(
        "The rooms and tables have been saved. Assign judges again to keep them in their rooms.",
      );
      await organiser.getByRole("button", { name: "Assign judges" }).click();
      await expect(inset(organiser)).toHaveText("Judges are assigned: 2 pairs added, 0 removed.");
    });

    await test.step("a file with problems is refused row by row, and nothing is saved", async () => {
      consoleGuard.expectStatus(400);
      await organiser.getByRole("link", { name: "Import scores from paper score sheets (CSV)" }).click();
      await expect(
        organiser.getByRole("heading", { level: 1, name: "Import paper scores into Shortlist" }),
      ).toBeVisible();
      await look(organiser, testInfo, "23-organiser-paper-import");
      const bad = [
        "Judge email,Entry,Criterion,Score",
        `${amara.account.email},${breathe.title},Clinical need and impact,7`,
        `nobody@example.test,${handover.title},Presentation,3`,
      ].join("\r\n");
      await organiser
        .getByLabel("CSV file")
        .setInputFiles({ name: "scores.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
      await organiser.getByRole("button", { name: "Check the file" }).click();
      await expect(errorSummary(organiser).getByRole("listitem")).toHaveText([
        "Row 2: The score must be a whole number from 1 to 5",
        "Row 3: nobody@example.test is not a judge at this event",
      ]);
      await expect(organiser.getByText("Nothing has been imported.")).toBeVisible();
      await look(organiser, testInfo, "24-organiser-paper-import-problems");
    });

    await test.step("a clean file is previewed, then imported into the judge's sheet", async () => {
      const good = [
        "Judge email,Entry,Criterion,Score",
        `${amara.account.email},${breathe.title},Clinical need and impact,4`,
        `${amara.account.email},${breathe.title},Presentation,5`,
      ].join("\r\n");
      await organiser
        .getByLabel("CSV file")
        .setInputFiles({ name: "scores.csv", mimeType: "text/csv", buffer: Buffer.from(good) });
      await organiser.getByRole("button", { name: "Check the file" }).click();
      const preview = organiser.getByRole("table", { name: "Score sheets to import" });
      await expect(preview.getByRole("row").filter({ hasText: breathe.title })).toContainText(amara.account.email);
      await look(organiser, testInfo, "25-organiser-paper-import-preview");
      await organiser.getByRole("button", { name: "Import these scores" }).click();
      await expect(inset(organiser)).toHaveText("The paper scores have been imported.");
    });

    await test.step("a participant votes for another team's entry, never their own", async () => {
      await withAdminRequest((admin) =>
        createRoundOverHttp(admin, call, { kind: "peoples_choice", name: "People's Choice" }),
      );
      const context = await newContext({ ...SMALL_PHONE });
      await signInAsParticipant(context, "nurse");
      const nurse = await context.newPage();
      await nurse.goto(`/events/${call.slug}`);
      await nurse.getByRole("link", { name: "Vote for the People's Choice" }).click();
      await expect(nurse.getByRole("heading", { level: 1, name: "People's Choice" })).toBeVisible();
      const choices = nurse.getByRole("group", { name: /Which entry gets your vote/ }).getByRole("radio");
      await expect(choices).toHaveCount(1);
      await look(nurse, testInfo, "26-participant-vote");
      await nurse.getByRole("radio", { name: breathe.title }).check();
      await nurse.getByRole("button", { name: "Vote" }).click();
      await expect(inset(nurse)).toHaveText("Your vote has been counted. You can change it while voting is open.");
      await expect(nurse.getByRole("button", { name: "Change my vote" })).toBeVisible();
      await expect(nurse.getByRole("radio", { name: breathe.title })).toBeChecked();
    });
  });
});
