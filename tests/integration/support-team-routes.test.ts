// The winning team's follow-on support pages, through their loaders and actions: asking for
// support inside the window, nothing for anyone outside the team, another team's requests and
// internal notes never shown, a read-only history after the window, reopening within 14 days,
// milestones with their errors (never a 500), on the public project page too, and the links to
// the support page from the team's prize money and entry pages.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { supportEntitlements, supportRequests, type Event, type User } from "~/db/schema";
import { requestForStaff, staffEntry } from "~/models/support.server";
import { loader as prizesLoader } from "~/routes/events.$slug.prizes";
import { loader as projectLoader } from "~/routes/events.$slug.projects.$id";
import { loader as submissionLoader } from "~/routes/events.$slug.submission._index";
import { action as requestAction, loader as requestLoader } from "~/routes/events.$slug.support.$requestId";
import { action as supportAction, loader as supportLoader } from "~/routes/events.$slug.support._index";
import { at, formRequest, getRequest, makeUser, run, signedInCookie, type Outcome } from "./db";
import { announcedEvent, ok, ownAddress } from "./fixtures";

const SLUG = "support-2030";
const SUPPORT = `/events/${SLUG}/support`;
const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Driving the routes

interface Failure {
  errors: Record<string, string>;
  values: Record<string, string>;
}

type Viewer = { cookie?: string };
const signedOut: Viewer = {};
async function as(user: User): Promise<Viewer> {
  return { cookie: await signedInCookie(user) };
}

function withRequest(handler: (args: never) => unknown, requestId: string) {
  return (args: { request: Request; params: Record<string, string>; context: unknown }) =>
    (handler as (args: unknown) => unknown)({ ...args, params: { slug: SLUG, requestId } });
}

const supportPage = (viewer: Viewer) => run(at(supportLoader, SLUG), getRequest(SUPPORT, viewer));
const postSupport = (viewer: Viewer, fields: Record<string, string>) =>
  run(at(supportAction, SLUG), formRequest(SUPPORT, fields, viewer));
const requestPage = (viewer: Viewer, requestId: string) =>
  run(withRequest(requestLoader, requestId), getRequest(`${SUPPORT}/${requestId}`, viewer));
const postRequest = (viewer: Viewer, requestId: string, fields: Record<string, string>) =>
  run(withRequest(requestAction, requestId), formRequest(`${SUPPORT}/${requestId}`, fields, viewer));

type SupportData = Awaited<ReturnType<typeof supportLoader>>;
type RequestData = Awaited<ReturnType<typeof requestLoader>>;

function pageData<T>(outcome: Outcome): T {
  expect(outcome.status, JSON.stringify(outcome.data)).toBe(200);
  return outcome.data as T;
}

function failureOf(outcome: Outcome): Failure {
  expect(outcome.status, JSON.stringify(outcome.data)).toBe(400);
  return outcome.data as Failure;
}

const askFor = {
  intent: "request",
  title: "Help deploying to an NHS trust's Azure",
  category: "hosting_deployment",
  description: "We need a **test environment**.\n\n<script>alert(1)</script>",
  priority: "high",
  repositoryUrl: "https://github.com/nhs/app",
};

const milestone = {
  intent: "milestone",
  milestoneKind: "pilot_started",
  milestoneTitle: "Pilot on Ward 12",
  achievedOn: "2026-01-10",
  milestoneDescription: "Two wards at St James's,\nfrom January.",
};

/** Logs a request through the page, as a member of the team would, and gives its id. */
async function logThroughPage(viewer: Viewer, fields: Record<string, string> = askFor): Promise<string> {
  const outcome = await postSupport(viewer, fields);
  expect(outcome.status, JSON.stringify(outcome.data)).toBe(302);
  const location = outcome.headers.get("Location") ?? "";
  const match = new RegExp(`^${SUPPORT}/([0-9a-f-]{36})\\?done=logged$`).exec(location);
  expect(match, location).not.toBeNull();
  return match![1]!;
}

async function moveWindow(event: Event, startsAt: Date, endsAt: Date) {
  await getDb().update(supportEntitlements).set({ startsAt, endsAt }).where(eq(supportEntitlements.eventId, event.id));
}

async function requestCount(): Promise<number> {
  return (await getDb().select({ id: supportRequests.id }).from(supportRequests)).length;
}

describe("the winning team's support pages", () => {
  it("shows a winner the window, the service level and the time used, and takes a request", async () => {
    const { event, winners } = await announcedEvent();
    await getDb()
      .update(supportEntitlements)
      .set({ budgetMinutes: 40 * 60 })
      .where(eq(supportEntitlements.eventId, event.id));
    const member = await as(winners.members[1]!);
    const before = pageData<SupportData>(await supportPage(member));
    expect(before).toMatchObject({
      teamName: "Breathe Easy",
      open: true,
      zoneName: "UK time",
      responseWorkingDays: 5,
      repositoryUrl: "https://github.com/nhs/app",
      requests: [],
      milestones: [],
      time: { used: "0 minutes", budget: "40 hours", left: "40 hours", over: false, anyUsed: false },
    });
    expect(before.from).toMatch(/^\d{1,2} \w+ \d{4} at \d{2}:\d{2} (GMT|BST)$/);
    expect(before.to).toMatch(/ (GMT|BST)$/);

    const requestId = await logThroughPage(member);
    const after = pageData<SupportData>(await supportPage(await as(winners.members[0]!)));
    expect(after.requests).toHaveLength(1);
    expect(after.requests[0]).toMatchObject({
      id: requestId,
      title: askFor.title,
      category: "Hosting and deployment",
      status: "open",
      statusName: "Open",
    });
    expect(after.requests[0]!.response).toMatch(/^Response due by the end of \w+day \d{1,2} \w+ \d{4}$/);

    const detail = pageData<RequestData>(await requestPage(member, requestId));
    expect(detail.request).toMatchObject({
      title: askFor.title,
      category: "Hosting and deployment",
      priority: "High",
      statusName: "Open",
      assignee: null,
      answered: null,
      repositoryUrl: "https://github.com/nhs/app",
    });
    expect(detail.request.logged).toMatch(/^Breathe Easy 2, on /);
    // Markdown rendered on the server, and the author's HTML shown as text, never run.
    expect(detail.request.descriptionHtml).toContain("<strong>test environment</strong>");
    expect(detail.request.descriptionHtml).not.toContain("<script>");
    expect(detail).toMatchObject({ windowOpen: true, canMessage: true, canReopen: false, messages: [] });
  });

  it("keeps everything typed and says what is wrong when a request is incomplete, never a 500", async () => {
    const { winners } = await announcedEvent();
    const member = await as(winners.members[0]!);
    const incomplete = failureOf(
      await postSupport(member, {
        intent: "request",
        title: "  ",
        description: "Our FHIR calls time out",
        priority: "normal",
        repositoryUrl: "github dot com",
      }),
    );
    expect(Object.keys(incomplete.errors).sort()).toEqual(["category", "repositoryUrl", "title"]);
    expect(incomplete.errors.category).toBe("Choose what kind of help it is");
    expect(incomplete.values).toMatchObject({
      description: "Our FHIR calls time out",
      repositoryUrl: "github dot com",
    });
    const attempts: Record<string, string>[] = [
      {},
      { intent: "something-else" },
      { intent: "request" },
      { ...askFor, category: "world_peace" },
      { ...askFor, priority: "whenever" },
      { ...askFor, title: "x".repeat(151) },
      { ...askFor, description: "" },
      { ...askFor, repositoryUrl: "javascript:alert(1)" },
      { intent: "milestone" },
    ];
    for (const fields of attempts) {
      const outcome = await postSupport(member, fields);
      expect(outcome.status, JSON.stringify(fields)).toBe(400);
      expect(Object.keys((outcome.data as Failure).errors).length, JSON.stringify(fields)).toBeGreaterThan(0);
    }
    expect(await requestCount()).toBe(0);
  });

  it("shows nothing to anyone outside a winning team, and lets none of them ask", async () => {
    const { winners, others, sam } = await announcedEvent();
    const requestId = await logThroughPage(await as(winners.members[0]!));
    const loser = await as(others.members[0]!);
    const noTeam = await as(await makeUser({ name: "Nadia Nobody", email: ownAddress() }));
    for (const viewer of [loser, noTeam]) {
      const page = await supportPage(viewer);
      expect(page.status).toBe(404);
      expect((page.data as { message: string }).message).toMatch(/winning teams/);
      expect((await postSupport(viewer, askFor)).status).toBe(404);
      expect((await requestPage(viewer, requestId)).status).toBe(404);
      expect((await postRequest(viewer, requestId, { intent: "message", body: "Hello" })).status).toBe(404);
      expect((await postSupport(viewer, milestone)).status).toBe(404);
    }
    // Staff are pointed at their queue rather than shown a team's page.
    const staffPage = await supportPage(await as(sam));
    expect(staffPage.status).toBe(404);
    expect((staffPage.data as { message: string }).message).toMatch(/support queue, under Support/);

    for (const outcome of [
      await supportPage(signedOut),
      await postSupport(signedOut, askFor),
      await requestPage(signedOut, requestId),
      await postRequest(signedOut, requestId, { intent: "message", body: "Hello" }),
    ]) {
      expect(outcome.status).toBe(302);
      expect(outcome.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    }
    expect(await requestCount()).toBe(1);
  });

  it("never shows a team another team's request, nor an internal note on its own", async () => {
    const { event, winners, others, sam } = await announcedEvent();
    // The other team has a window of its own, and still cannot read the winners' request.
    await getDb()
      .insert(supportEntitlements)
      .values({
        eventId: event.id,
        teamId: others.team.id,
        startsAt: new Date(Date.now() - DAY),
        endsAt: new Date(Date.now() + 100 * DAY),
      });
    const member = await as(winners.members[0]!);
    const requestId = await logThroughPage(member);
    const otherTeam = await as(others.members[0]!);
    expect(pageData<SupportData>(await supportPage(otherTeam)).requests).toEqual([]);
    expect((await requestPage(otherTeam, requestId)).status).toBe(404);
    expect((await postRequest(otherTeam, requestId, { intent: "message", body: "Let me in" })).status).toBe(404);
    expect((await postRequest(otherTeam, requestId, { intent: "reopen", reason: "Let me in" })).status).toBe(404);
    for (const address of ["not-a-uuid", crypto.randomUUID(), "'; drop table users; --"]) {
      expect((await requestPage(member, address)).status).toBe(404);
    }

    const version = (await requestForStaff(sam, requestId))!.request.version;
    ok(
      await staffEntry(sam, requestId, {
        kind: "note",
        body: "Their trust uses Azure UK South.",
        minutesSpent: 20,
        version,
      }),
    );
    ok(
      await staffEntry(sam, requestId, {
        kind: "reply",
        body: "We can set up a *sandbox* next week.",
        minutesSpent: 45,
        version: version + 1,
      }),
    );
    const detail = pageData<RequestData>(await requestPage(member, requestId));
    expect(JSON.stringify(detail)).not.toContain("Azure UK South");
    expect(detail.messages).toHaveLength(1);
    expect(detail.messages[0]).toMatchObject({ fromStaff: true, authorName: "Sam Support" });
    expect(detail.messages[0]!.bodyHtml).toContain("<em>sandbox</em>");
    expect(detail.request.answered).not.toBeNull();
    expect(JSON.stringify(await supportPage(member))).not.toContain("Azure UK South");

    // The team answers; its message shows as the team's.
    const sent = await postRequest(member, requestId, { intent: "message", body: "Next week is perfect." });
    expect(sent.status).toBe(302);
    expect(sent.headers.get("Location")).toBe(`${SUPPORT}/${requestId}?done=message`);
    const thread = pageData<RequestData>(await requestPage(member, requestId)).messages;
    expect(thread.map((message) => [message.fromStaff, message.authorName])).toEqual([
      [true, "Sam Support"],
      [false, "Breathe Easy 1"],
    ]);
    expect(failureOf(await postRequest(member, requestId, { intent: "message", body: " " })).errors.body).toBe(
      "Enter your message",
    );
  });

  it("keeps the history read-only once the window has ended, and refuses a post with a message", async () => {
    const { event, winners } = await announcedEvent();
    const member = await as(winners.members[0]!);
    const requestId = await logThroughPage(member);
    await moveWindow(event, new Date(Date.now() - 400 * DAY), new Date(Date.now() - DAY));
    const page = pageData<SupportData>(await supportPage(member));
    expect(page.open).toBe(false);
    expect(page.requests.map((row) => row.id)).toEqual([requestId]);
    const refused = failureOf(await postSupport(member, askFor));
    expect(refused.errors._form).toMatch(/^Your team's support window ended on .+\. Ask the organisers/);
    expect(refused.values.title).toBe(askFor.title);
    expect(await requestCount()).toBe(1);

    const detail = pageData<RequestData>(await requestPage(member, requestId));
    expect(detail).toMatchObject({ windowOpen: false, canMessage: false, canReopen: false });
    expect(detail.windowEnded).toBe(page.to);
    expect(failureOf(await postRequest(member, requestId, { intent: "message", body: "Hello?" })).errors._form).toBe(
      "Your team's support window has ended",
    );
    // Progress can still be posted after the window.
    expect((await postSupport(member, milestone)).status).toBe(302);
  });

  it("lets the team reopen a resolved request for 14 days, and not after", async () => {
    const { winners, sam } = await announcedEvent();
    const member = await as(winners.members[1]!);
    const requestId = await logThroughPage(member);
    const resolve = async () => {
      const { version } = (await requestForStaff(sam, requestId))!.request;
      ok(
        await staffEntry(sam, requestId, {
          kind: "reply",
          body: "Done.",
          minutesSpent: 5,
          status: "resolved",
          version,
        }),
      );
    };
    await resolve();
    const resolved = pageData<RequestData>(await requestPage(member, requestId));
    expect(resolved).toMatchObject({ canReopen: true, canMessage: true });
    expect(resolved.request.statusName).toBe("Resolved");
    expect(resolved.reopenUntil).toMatch(/ (GMT|BST)$/);
    expect(failureOf(await postRequest(member, requestId, { intent: "reopen", reason: "" })).errors.reason).toBe(
      "Enter what still needs doing",
    );
    const reopened = await postRequest(member, requestId, { intent: "reopen", reason: "The sandbox will not start" });
    expect(reopened.status).toBe(302);
    expect(reopened.headers.get("Location")).toBe(`${SUPPORT}/${requestId}?done=reopened`);
    const open = pageData<RequestData>(await requestPage(member, requestId));
    expect(open.request.status).toBe("open");
    expect(open.messages.at(-1)).toMatchObject({ fromStaff: false });

    await resolve();
    await getDb()
      .update(supportRequests)
      .set({ resolvedAt: new Date(Date.now() - 15 * DAY) })
      .where(eq(supportRequests.id, requestId));
    const late = pageData<RequestData>(await requestPage(member, requestId));
    expect(late.canReopen).toBe(false);
    expect(
      failureOf(await postRequest(member, requestId, { intent: "reopen", reason: "Still broken" })).errors._form,
    ).toMatch(/14 days/);
    expect(pageData<RequestData>(await requestPage(member, requestId)).request.status).toBe("resolved");
  });

  it("checks a milestone's kind, title and date, keeps what was typed, and shows it on the project page", async () => {
    const { winners, others } = await announcedEvent();
    const member = await as(winners.members[0]!);
    const cases: [Record<string, string>, string][] = [
      [{ ...milestone, milestoneTitle: "   " }, "milestoneTitle"],
      [{ ...milestone, achievedOn: "2999-01-01" }, "achievedOn"],
      [{ ...milestone, achievedOn: "2026-02-31" }, "achievedOn"],
      [{ ...milestone, achievedOn: "31/01/2026" }, "achievedOn"],
      [{ ...milestone, achievedOn: "yesterday" }, "achievedOn"],
      [{ ...milestone, achievedOn: "" }, "achievedOn"],
      [{ ...milestone, milestoneKind: "world_peace" }, "milestoneKind"],
      [{ ...milestone, milestoneTitle: "x".repeat(151) }, "milestoneTitle"],
    ];
    for (const [fields, field] of cases) {
      const failure = failureOf(await postSupport(member, fields));
      expect(Object.keys(failure.errors), JSON.stringify(fields)).toEqual([field]);
      expect(failure.values.milestoneDescription).toBe(milestone.milestoneDescription);
    }
    expect(failureOf(await postSupport(member, { ...milestone, achievedOn: "2999-01-01" })).errors.achievedOn).toBe(
      "The date must be today or in the past",
    );
    const posted = await postSupport(member, milestone);
    expect(posted.status).toBe(302);
    expect(posted.headers.get("Location")).toBe(`${SUPPORT}?done=milestone`);
    const page = pageData<SupportData>(await supportPage(member));
    expect(page.milestones).toEqual([
      {
        id: expect.any(String),
        kind: "Pilot started",
        title: "Pilot on Ward 12",
        achievedOn: "10 January 2026",
        description: milestone.milestoneDescription,
      },
    ]);

    const project = await run(
      (args: { request: Request; params: Record<string, string>; context: unknown }) =>
        (projectLoader as (args: unknown) => unknown)({ ...args, params: { slug: SLUG, id: winners.submission.id } }),
      getRequest(`/events/${SLUG}/projects/${winners.submission.id}`),
    );
    const projectData = pageData<{ milestones: SupportData["milestones"] }>(project);
    expect(projectData.milestones.map((row) => [row.kind, row.title, row.achievedOn])).toEqual([
      ["Pilot started", "Pilot on Ward 12", "10 January 2026"],
    ]);
    // Who posted it is not on the public page.
    expect(JSON.stringify(projectData.milestones)).not.toContain("Breathe Easy 1");
    const otherProject = await run(
      (args: { request: Request; params: Record<string, string>; context: unknown }) =>
        (projectLoader as (args: unknown) => unknown)({ ...args, params: { slug: SLUG, id: others.submission.id } }),
      getRequest(`/events/${SLUG}/projects/${others.submission.id}`),
    );
    expect(pageData<{ milestones: unknown[] }>(otherProject).milestones).toEqual([]);
  });

  it("links to the support page from the team's prize money and entry pages, for a team with a window only", async () => {
    const { winners, others } = await announcedEvent();
    const winner = await as(winners.members[0]!);
    const loser = await as(others.members[0]!);
    const prizes = (viewer: Viewer) => run(at(prizesLoader, SLUG), getRequest(`/events/${SLUG}/prizes`, viewer));
    const entry = (viewer: Viewer) => run(at(submissionLoader, SLUG), getRequest(`/events/${SLUG}/submission`, viewer));
    expect((await prizes(winner)).data).toMatchObject({ hasSupport: true });
    expect((await entry(winner)).data).toMatchObject({ hasSupport: true });
    expect((await prizes(loser)).data).toMatchObject({ hasSupport: false });
    expect((await entry(loser)).data).toMatchObject({ hasSupport: false });
  });
});
