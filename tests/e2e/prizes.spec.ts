// Prize money from winners to payouts: an event with two prizes (one for a theme), four teams of
// two or three, and a judged and locked round. One organiser accepts the ranking's suggestion for
// one prize and chooses differently, with a reason, for the other, then proposes; a second
// organiser approves with their password (after a wrong one); the first publishes the results.
// The public results page links to the winners' projects; winners are emailed their share and
// the other entrants a thank-you with their feedback; a winner sees their share on the team's
// prize page; the organiser marks a share ready, then paid with finance's reference, and
// downloads the finance file. Every organisers' page is checked with axe and photographed into
// test-results/screenshots/prizes-*.png, the winners' page also on a 360 px phone.
import type { Page, TestInfo } from "@playwright/test";
import {
  ADMIN_STORAGE_STATE,
  NHS_CRITERIA,
  SMALL_PHONE,
  addJudgeOverHttp,
  assignJudgesOverHttp,
  checkPage,
  createPublishedCallOverHttp,
  createRepositoryForTest,
  createRoundOverHttp,
  createTeamOverHttp,
  downloadText,
  expect,
  expectErrorSummary,
  inset,
  inviteLinkOverHttp,
  joinByLinkOverHttp,
  judgeQueueOverHttp,
  judgingOpenTimeline,
  linkFrom,
  newAccount,
  newAccountAt,
  newSignedInPerson,
  participant,
  participantStorageState,
  postForm,
  registerOverHttp,
  saveEntryOverHttp,
  scoreOverHttp,
  setTimelineOverHttp,
  submissionsOpenTimeline,
  summaryValue,
  tableRow,
  test,
  uniqueTeamName,
  waitForEmail,
  withAdminRequest,
  withSignedInRequest,
  type ParticipantKey,
  type RegistrationForm,
  type SignedInPerson,
  type TestCall,
} from "./helpers";

// ---------------------------------------------------------------------------------------------
// People, teams and entries

function participantPerson(key: ParticipantKey): SignedInPerson {
  return { ...participant(key), storageState: participantStorageState(key) };
}

const PROFILE: RegistrationForm = { professionalRole: "developer", organisation: "Leeds Teaching Hospitals" };

interface TestEntry {
  teamName: string;
  title: string;
  members: SignedInPerson[];
}

/** Registers the people, puts them in one team (the first as captain) and submits its entry. */
async function submittedEntry(
  call: TestCall,
  label: string,
  members: SignedInPerson[],
  title: string,
  theme: string,
): Promise<TestEntry> {
  const teamName = uniqueTeamName(label);
  for (const member of members) {
    await withSignedInRequest(member.storageState, async (request) => {
      expect(await registerOverHttp(request, call, PROFILE)).toBe("registered");
    });
  }
  const [captain, ...others] = members;
  const link = await withSignedInRequest(captain!.storageState, async (request) => {
    await createTeamOverHttp(request, call, { name: teamName });
    return inviteLinkOverHttp(request, call);
  });
  for (const other of others) {
    await withSignedInRequest(other.storageState, (request) => joinByLinkOverHttp(request, link));
  }
  const repository = await createRepositoryForTest(label.toLowerCase().replace(/\s+/g, "-"));
  await withSignedInRequest(captain!.storageState, async (request) => {
    const location = await saveEntryOverHttp(request, call, {
      title,
      summary: `${title}: a prototype built at the hack day.`,
      description: "## The problem\n\nClinic time is lost.\n\n## What we built\n\nA working prototype.",
      theme,
      repositoryUrl: repository.url,
      licence: "MIT",
      technologies: "fhir, TypeScript",
      dataAttestation: true,
    });
    expect(location).toBe(`/events/${call.slug}/submission?done=submitted`);
  });
  return { teamName, title, members };
}

/** A prize open only to the entries of one theme, added as the prizes page's form does. */
async function addThemePrizeOverHttp(call: TestCall, name: string, pounds: string, theme: string): Promise<void> {
  await withAdminRequest(async (request) => {
    const page = `/events/${call.slug}/manage/prizes`;
    const html = await (await request.get(page)).text();
    const themeId = new RegExp(`value="([0-9a-f-]{36})"[^>]*>\\s*<label[^>]*>Only entries on “${theme}”</label>`).exec(
      html,
    )?.[1];
    expect(themeId, `no radio for the theme ${theme} on ${page}`).toBeTruthy();
    const location = await postForm(request, page, {
      intent: "add",
      name,
      description: "For the best entry on this theme.",
      place1: pounds,
      themeId: themeId!,
      sponsor: "Yorkshire and Humber AHSN",
      supportMonths: "12",
    });
    expect(location).toBe(`${page}?done=saved`);
  });
}

const allScores = (score: number) => Object.fromEntries(NHS_CRITERIA.map((name) => [name, score]));

// ---------------------------------------------------------------------------------------------
// What the pages show

/** axe finds nothing, nothing scrolls sideways on a phone, and a full-page screenshot. */
function look(page: Page, testInfo: TestInfo, name: string, withoutJavaScript = false): Promise<void> {
  return checkPage(page, testInfo, `prizes-${name}`, { withoutJavaScript });
}

// ---------------------------------------------------------------------------------------------

test.describe("prize money", () => {
  test("two organisers allocate and approve the prize money, the results are announced and emailed, and a share is paid", async ({
    newContext,
    consoleGuard,
    request,
  }, testInfo) => {
    test.setTimeout(300_000);

    // -------------------------------------------------------------------------------------------
    // The event: an Overall winner (£750 and £250) and a prize for "Safer handovers" (£300)

    const call = await withAdminRequest(async (request) => {
      const made = await createPublishedCallOverHttp(request, "prizes");
      await setTimelineOverHttp(request, made, submissionsOpenTimeline(), { reason: "Submissions open early" });
      return made;
    });
    await addThemePrizeOverHttp(call, "Safer handovers prize", "300", "Safer handovers");

    const [xan, yas, zed] = [
      await newSignedInPerson(request, testInfo, newAccount("prizes-xan", "Xan Turner")),
      await newSignedInPerson(request, testInfo, newAccount("prizes-yas", "Yasmin Patel")),
      await newSignedInPerson(request, testInfo, newAccount("prizes-zed", "Zed Morris")),
    ];
    const breathe = await submittedEntry(
      call,
      "Breathe Easy",
      [participantPerson("captain"), participantPerson("nurse"), participantPerson("developer")],
      "Breathe Easy reminders",
      "Fewer missed appointments",
    );
    const handover = await submittedEntry(
      call,
      "Safe Handover",
      [participantPerson("doctor"), participantPerson("patient")],
      "Safe Handover board",
      "Safer handovers",
    );
    const ward = await submittedEntry(
      call,
      "Ward Watch",
      [participantPerson("analyst"), xan],
      "Ward Watch dashboard",
      "Safer handovers",
    );
    const clinic = await submittedEntry(
      call,
      "Clinic Chat",
      [yas, zed],
      "Clinic Chat handover notes",
      "Safer handovers",
    );

    // Judging: one judge scores every entry; the round is locked.
    await withAdminRequest((request) =>
      setTimelineOverHttp(request, call, judgingOpenTimeline(), {
        gracePeriodMinutes: 0,
        reason: "Entries closed at noon yesterday and judging has started.",
      }),
    );
    const judge = await newSignedInPerson(
      request,
      testInfo,
      newAccountAt("airedale.example", "judge-prizes", "Amara Okoye"),
    );
    const roundId = await withAdminRequest(async (request) => {
      await addJudgeOverHttp(request, call, judge.email);
      const id = await createRoundOverHttp(request, call, { kind: "shortlist", name: "Shortlist", judgesPerEntry: 1 });
      expect(await assignJudgesOverHttp(request, call, id)).toBe(4);
      return id;
    });
    const scoreOf: Record<string, number> = {
      [breathe.title]: 5,
      [handover.title]: 4,
      [ward.title]: 3,
      [clinic.title]: 2,
    };
    await withSignedInRequest(judge.storageState, async (request) => {
      const queue = await judgeQueueOverHttp(request, call);
      expect(queue).toHaveLength(4);
      for (const queued of queue) {
        await scoreOverHttp(request, call, queued, {
          scores: allScores(scoreOf[queued.title]!),
          feedback: `Feedback for ${queued.title}: a clear problem, well shown.`,
        });
      }
    });
    await withAdminRequest(async (request) => {
      const round = `/events/${call.slug}/manage/judging/rounds/${roundId}`;
      expect(await postForm(request, round, { intent: "lock" })).toBe(`${round}?done=lock`);
    });

    // Two organisers of the event besides the administrator who set it up.
    const ola = await newSignedInPerson(
      request,
      testInfo,
      newAccountAt("leedsth.example", "organiser-ola", "Ola Bennett"),
    );
    const ben = await newSignedInPerson(
      request,
      testInfo,
      newAccountAt("leedsth.example", "organiser-ben", "Ben Ahmed"),
    );
    await withAdminRequest(async (request) => {
      for (const person of [ola, ben]) {
        const location = await postForm(request, `/events/${call.slug}/manage/organisers`, {
          intent: "invite",
          email: person.email,
        });
        expect(location).toBe(`/events/${call.slug}/manage/organisers?done=granted`);
      }
    });

    const organiser = await (await newContext({ storageState: ola.storageState })).newPage();
    const prizeMoney = `/events/${call.slug}/manage/prize-money`;

    // -------------------------------------------------------------------------------------------

    await test.step("organiser A opens Prize money: a draft with both prizes and no winners yet", async () => {
      await organiser.goto(`/events/${call.slug}/manage`);
      await organiser.getByRole("link", { name: "Prize money", exact: true }).click();
      await expect(organiser.getByRole("heading", { level: 1, name: "Prize money" })).toBeVisible();
      await expect(summaryValue(organiser, "Status")).toContainText("Draft");
      await expect(summaryValue(organiser, "Prize fund")).toHaveText("£1,300");
      await expect(summaryValue(organiser, "Allocated")).toHaveText("£0");
      await expect(organiser.getByRole("heading", { level: 2, name: "Overall winner" })).toBeVisible();
      await expect(organiser.getByRole("heading", { level: 2, name: "Safer handovers prize" })).toBeVisible();
      await expect(organiser.getByText("Judging is not closed")).toHaveCount(0);
      await look(organiser, testInfo, "01-allocation-draft");
    });

    await test.step("the Overall winner's places start from the ranking's suggestion, which the organiser accepts", async () => {
      await organiser.getByRole("link", { name: "Choose winners of Overall winner" }).click();
      await expect(organiser.getByRole("heading", { level: 1, name: "Choose winners: Overall winner" })).toBeVisible();
      await expect(organiser.getByLabel("Suggest winners from")).toHaveValue(roundId);
      const entries = organiser.getByRole("table", { name: "Entries that can win Overall winner" });
      await expect(entries.getByRole("row").nth(1)).toContainText(breathe.title);
      await expect(organiser.getByLabel(`Place for ${breathe.title}`)).toHaveValue("1");
      await expect(organiser.getByLabel(`Place for ${handover.title}`)).toHaveValue("2");
      await expect(organiser.getByLabel(`Place for ${ward.title}`)).toHaveValue("");
      await expect(organiser.getByLabel(`Place for ${clinic.title}`)).toHaveValue("");
      await expect(entries.getByRole("link", { name: breathe.title })).toHaveAttribute(
        "href",
        new RegExp(`^/events/${call.slug}/manage/submissions/[0-9a-f-]{36}$`),
      );
      await look(organiser, testInfo, "02-overall-suggestion");
      await organiser.getByRole("button", { name: "Save winners" }).click();
      await expect(organiser).toHaveURL(new RegExp(`${prizeMoney}\\?done=winners$`));
      await expect(inset(organiser)).toHaveText("The winners have been saved.");
      const winners = organiser.getByRole("table", { name: "Winners of Overall winner" });
      await expect(winners.getByRole("row").nth(1)).toContainText(breathe.teamName);
      await expect(winners.getByRole("row").nth(1)).toContainText("£750");
      await expect(winners.getByRole("row").nth(1)).toContainText(`${participant("captain").name}: £250`);
      await expect(winners.getByRole("row").nth(2)).toContainText(handover.teamName);
      await expect(winners.getByRole("row").nth(2)).toContainText(`${participant("doctor").name}: £125`);
    });

    await test.step("for the theme's prize the organiser chooses differently from the ranking, which needs a reason", async () => {
      await organiser.getByRole("link", { name: "Choose winners of Safer handovers prize" }).click();
      await expect(
        organiser.getByRole("heading", { level: 1, name: "Choose winners: Safer handovers prize" }),
      ).toBeVisible();
      const entries = organiser.getByRole("table", { name: "Entries that can win Safer handovers prize" });
      // Only the theme's entries; Safe Handover has won the Overall 2nd place, and a team wins one prize.
      await expect(entries.getByRole("row")).toHaveCount(4);
      await expect(entries.getByRole("row").filter({ hasText: breathe.title })).toHaveCount(0);
      await expect(entries.getByRole("row").filter({ hasText: handover.title })).toContainText(
        "Chosen for Overall winner",
      );
      await expect(organiser.getByLabel(`Place for ${ward.title}`)).toHaveValue("1");
      await expect(organiser.getByLabel(`Place for ${clinic.title}`)).toHaveValue("");
      await organiser.getByLabel(`Place for ${ward.title}`).selectOption({ label: "No prize" });
      await organiser.getByLabel(`Place for ${clinic.title}`).selectOption({ label: "1st" });
      consoleGuard.expectStatus(400);
      await organiser.getByRole("button", { name: "Save winners" }).click();
      await expectErrorSummary(organiser, ["Enter why these winners differ from the ones the ranking suggests"]);
      // What was chosen is kept.
      await expect(organiser.getByLabel(`Place for ${clinic.title}`)).toHaveValue("1");
      await expect(organiser.getByLabel(`Place for ${ward.title}`)).toHaveValue("");
      await look(organiser, testInfo, "03-theme-prize-reason-needed");
      await organiser
        .getByLabel("Reason for choosing differently from the ranking")
        .fill("The panel chose Clinic Chat for its work with patients on the ward, which the scores do not show.");
      await organiser.getByRole("button", { name: "Save winners" }).click();
      await expect(inset(organiser)).toHaveText("The winners have been saved.");
      await expect(organiser.getByText("Chosen differently from the ranking:")).toBeVisible();
      await expect(summaryValue(organiser, "Allocated")).toHaveText("£1,300");
    });

    await test.step("on a 360 px phone without JavaScript the category page fits the screen and saves", async () => {
      const phone = await (
        await newContext({ ...SMALL_PHONE, javaScriptEnabled: false, storageState: ola.storageState })
      ).newPage();
      await phone.goto(prizeMoney);
      await phone.getByRole("link", { name: "Choose winners of Safer handovers prize" }).click();
      await expect(phone.getByLabel(`Place for ${clinic.title}`)).toHaveValue("1");
      await expect(phone.getByLabel("Reason for choosing differently from the ranking")).toHaveValue(
        /^The panel chose Clinic Chat/,
      );
      await look(phone, testInfo, "04-theme-prize-phone", true);
      // The form posts as a plain page without JavaScript, and the saved choice is kept.
      await phone.getByRole("button", { name: "Save winners" }).click();
      await expect(phone).toHaveURL(new RegExp(`${prizeMoney}\\?done=winners$`));
      await expect(inset(phone)).toHaveText("The winners have been saved.");
    });

    await test.step("organiser A proposes the allocation for approval", async () => {
      await organiser.goto(prizeMoney);
      await look(organiser, testInfo, "05-allocation-chosen");
      await organiser.getByRole("button", { name: "Propose for approval" }).click();
      await expect(inset(organiser)).toHaveText(
        "The allocation is proposed for approval. The other organisers have been emailed.",
      );
      await expect(summaryValue(organiser, "Status")).toContainText("Waiting for approval");
      await expect(summaryValue(organiser, "Status")).toContainText(`Proposed by ${ola.name} on `);
      await expect(
        organiser.getByText(
          "You proposed this allocation, so a different organiser or an administrator must approve it.",
        ),
      ).toBeVisible();
      await expect(organiser.getByRole("link", { name: "Check and approve" })).toHaveCount(0);
      await look(organiser, testInfo, "06-allocation-proposed");
    });

    await test.step("organiser B is emailed, checks the allocation and approves it with their password", async () => {
      const asked = await waitForEmail(ben.email, `Prize money for ${call.title} is waiting for your approval`);
      expect(asked.text).toContain(`${ola.name} has proposed how the prize money for ${call.title} is allocated.`);
      const second = await (await newContext({ storageState: ben.storageState })).newPage();
      await second.goto(linkFrom(asked.text, prizeMoney));
      await second.getByRole("link", { name: "Check and approve" }).click();
      await expect(second.getByRole("heading", { level: 1, name: "Approve the prize money" })).toBeVisible();
      await expect(summaryValue(second, "Proposed by")).toContainText(ola.name);
      await expect(second.getByText("The panel chose Clinic Chat for its work with patients")).toBeVisible();
      await expect(second.getByLabel("Enter your password to approve")).toHaveAttribute(
        "autocomplete",
        "current-password",
      );
      await look(second, testInfo, "07-approve");

      await second.getByLabel("Enter your password to approve").fill("not my password at all");
      await second.getByRole("button", { name: "Approve the allocation" }).click();
      await expectErrorSummary(second, ["The password is not right. Enter the password you sign in with"]);
      await look(second, testInfo, "08-approve-wrong-password");

      await second.getByLabel("Enter your password to approve").fill(ben.password);
      await second.getByRole("button", { name: "Approve the allocation" }).click();
      await expect(second).toHaveURL(new RegExp(`${prizeMoney}\\?done=approved$`));
      await expect(inset(second)).toHaveText(
        "The allocation is approved. You can now announce the results and start the payouts.",
      );
      await expect(summaryValue(second, "Status")).toContainText(`Approved by ${ben.name} on `);
      await look(second, testInfo, "09-allocation-approved");
    });

    await test.step("organiser A publishes the results now", async () => {
      await organiser.goto(`/events/${call.slug}/manage`);
      await organiser.getByRole("link", { name: "Announce results" }).click();
      await expect(organiser.getByRole("heading", { level: 1, name: "Announce the results" })).toBeVisible();
      await expect(summaryValue(organiser, "Judging")).toHaveText("Closed: every round is locked");
      await expect(summaryValue(organiser, "Prize money")).toHaveText("Approved");
      await expect(organiser.getByRole("radio", { name: "Publish now" })).toBeChecked();
      await expect(organiser.getByText("In the event's time zone, Europe/London")).toBeVisible();
      await look(organiser, testInfo, "10-announce");
      await organiser.getByLabel("Full ranking").selectOption({ label: "Show the full ranking of Shortlist" });
      await organiser.getByRole("button", { name: "Publish the results" }).click();
      await expect(inset(organiser)).toHaveText("The results are published. Winners and entrants have been emailed.");
      await expect(organiser.getByText("Winners and entrants have been emailed.", { exact: true })).toBeVisible();
      await look(organiser, testInfo, "11-announced");
    });

    await test.step("the public results page shows the winners with links to their projects", async () => {
      const visitor = await (await newContext()).newPage();
      await visitor.goto(`/events/${call.slug}/results`);
      await expect(visitor.getByRole("heading", { level: 1, name: "Results" })).toBeVisible();
      await expect(visitor.getByRole("heading", { level: 2, name: "Overall winner" })).toBeVisible();
      await expect(visitor.getByRole("heading", { level: 2, name: "Safer handovers prize" })).toBeVisible();
      for (const winner of [breathe, handover, clinic]) {
        await expect(visitor.getByRole("link", { name: winner.title }).first()).toHaveAttribute(
          "href",
          new RegExp(`^/events/${call.slug}/projects/[0-9a-f-]{36}$`),
        );
      }
      await look(visitor, testInfo, "12-public-results");
      await visitor.getByRole("link", { name: clinic.title }).first().click();
      await expect(visitor.getByRole("heading", { level: 1, name: clinic.title })).toBeVisible();
    });

    await test.step("winners are emailed their share, and the other entrants a thank-you with the feedback link", async () => {
      const winnerEmail = await waitForEmail(
        participant("captain").email,
        `Congratulations: your team won at ${call.title}`,
      );
      expect(winnerEmail.text).toContain(`${breathe.teamName}: 1st place in Overall winner. Your share is £250.`);
      linkFrom(winnerEmail.text, `/events/${call.slug}/prizes`);
      const themeWinner = await waitForEmail(yas.email, `Congratulations: your team won at ${call.title}`);
      expect(themeWinner.text).toContain(`${clinic.teamName}: 1st place in Safer handovers prize. Your share is £150.`);
      for (const entrant of ward.members) {
        const thanks = await waitForEmail(entrant.email, `Thank you for taking part in ${call.title}`);
        expect(thanks.text).toContain(`Thank you for entering ${ward.teamName}'s project in ${call.title}.`);
        expect(linkFrom(thanks.text, `/events/${call.slug}/submission`)).toMatch(/\/submission$/);
        linkFrom(thanks.text, `/events/${call.slug}/results`);
      }
    });

    await test.step("a winner sees their share on the team's prize money page", async () => {
      const winner = await (await newContext({ storageState: participantPerson("captain").storageState })).newPage();
      await winner.goto(`/events/${call.slug}/prizes`);
      await expect(winner.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(winner.getByText("£250").first()).toBeVisible();
      await expect(winner.getByText("Overall winner").first()).toBeVisible();
      await look(winner, testInfo, "13-team-prizes");

      // An NHS employee who may not take a personal prize gives their share to the trust's charity.
      await winner.getByLabel("Give my share to an organisation").check();
      await winner.getByLabel("Name of the organisation").fill("Leeds Hospitals Charity");
      await winner.getByRole("button", { name: "Save where your share goes" }).click();
      await expect(winner.getByText("Saved: your share will go to the organisation you named.")).toBeVisible();
      await expect(winner.getByRole("cell", { name: "Leeds Hospitals Charity" })).toBeVisible();
      await look(winner, testInfo, "13b-team-prizes-charity");
    });

    await test.step("the organiser marks a share ready, then paid with finance's reference", async () => {
      await organiser.goto(prizeMoney);
      await organiser.getByRole("link", { name: "Payouts: who has been paid" }).click();
      await expect(organiser.getByRole("heading", { level: 1, name: "Payouts" })).toBeVisible();
      await expect(summaryValue(organiser, "Allocated to winners")).toHaveText("£1,300");
      await expect(summaryValue(organiser, "Paid")).toHaveText("£0");
      await expect(summaryValue(organiser, "Still to pay")).toHaveText("£1,300");
      const captain = participant("captain").name;
      const row = tableRow(organiser, "Shares of prize money", captain);
      await expect(row).toContainText("Awaiting payee details");
      await expect(row).toContainText("Leeds Hospitals Charity");
      await look(organiser, testInfo, "14-payouts");

      await organiser.getByRole("link", { name: `Change the payout of ${captain}'s share` }).click();
      await expect(organiser.getByRole("heading", { level: 1, name: "Change a payout" })).toBeVisible();
      await expect(organiser.getByText("Never enter bank details here.")).toBeVisible();
      await expect(organiser.getByRole("radio")).toHaveCount(3);
      await look(organiser, testInfo, "15-payout-change");
      await organiser.getByRole("radio", { name: "Ready to pay" }).check();
      await organiser.getByRole("button", { name: "Save payout" }).click();
      await expect(inset(organiser)).toHaveText("The payout has been updated.");
      await expect(row).toContainText("Ready to pay");

      await organiser.getByRole("link", { name: `Change the payout of ${captain}'s share` }).click();
      await organiser.getByRole("radio", { name: "Paid" }).check();
      await organiser.getByLabel("Payment reference").fill("");
      await organiser.getByRole("button", { name: "Save payout" }).click();
      await expectErrorSummary(organiser, ["Enter the payment reference from finance"]);
      await organiser.getByLabel("Payment reference").fill("BACS-0042");
      await organiser.getByRole("button", { name: "Save payout" }).click();
      await expect(inset(organiser)).toHaveText("The payout has been updated.");
      await expect(row).toContainText("Paid");
      await expect(row).toContainText("BACS-0042");
      await expect(summaryValue(organiser, "Paid")).toHaveText("£250");
      await expect(summaryValue(organiser, "Still to pay")).toHaveText("£1,050");
      await look(organiser, testInfo, "16-payouts-paid");
    });

    await test.step("the organiser downloads the finance file", async () => {
      const { filename, text } = await downloadText(
        organiser,
        organiser.getByRole("link", { name: "Download the finance file (CSV)" }),
      );
      expect(filename).toBe(`${call.slug}-prize-money.csv`);
      const lines = text
        .replace(/^\uFEFF/, "")
        .trimEnd()
        .split("\r\n");
      expect(lines[0]).toBe(
        "Prize,Place,Team,Payee,Organisation or person,Member,Member email,Amount (£),Status,Payment reference,Paid on,Reason",
      );
      expect(lines).toHaveLength(1 + 3 + 2 + 2);
      const paid = lines.find((line) => line.includes("BACS-0042"))!;
      // The captain gave their share to a charity: the charity is the payee, the member is named beside it.
      expect(paid).toContain(
        `Overall winner,1st,${breathe.teamName},Leeds Hospitals Charity,Organisation,${participant("captain").name},`,
      );
      expect(paid).toContain(`,250.00,Paid,BACS-0042,`);
    });

    await test.step("the administrator sees the community's prize money across its events", async () => {
      const admin = await (await newContext({ storageState: ADMIN_STORAGE_STATE })).newPage();
      await admin.goto("/organise");
      await admin.getByRole("link", { name: `Prize money across ${call.community.name}` }).click();
      await expect(admin.getByRole("heading", { level: 1, name: "Prize money across the community" })).toBeVisible();
      const row = tableRow(admin, `Prize money of ${call.community.name}'s events`, call.title);
      await expect(row).toContainText("Approved");
      await expect(row).toContainText("£1,300");
      await expect(row).toContainText("£250");
      await look(admin, testInfo, "17-community");
    });
  });
});
