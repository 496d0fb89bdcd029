// The support staff's pages and the organisers' support windows page, through their loaders and
// actions: the queue and its filters, replying (the team is emailed), internal notes, time adding
// up across entries, status moves and assignment; everyone who does not work the event's support
// turned away from every page and action; bad input answered with a message, never a 500; and
// an organiser extending a window and setting its budget, with a reason.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import {
  auditEvents,
  communities,
  emailOutbox,
  eventRoles,
  events,
  supportEntitlements,
  supportRequests,
  type User,
} from "~/db/schema";
import { toLocalParts } from "~/domain/time";
import { logSupportRequest, requestForStaff, requestForTeam } from "~/models/support.server";
import { loader as rootLoader } from "~/root";
import { action as windowsAction, loader as windowsLoader } from "~/routes/events.$slug.manage.support";
import { loader as queueLoader } from "~/routes/support._index";
import { action as requestAction, loader as requestLoader } from "~/routes/support.requests.$requestId";
import { context, formRequest, getRequest, makeUser, run, signedInCookie, type Outcome } from "./db";
import { announcedEvent, ok, ownAddress, team } from "./fixtures";

type Handler = (args: never) => unknown;
const call =
  (handler: Handler, params: Record<string, string> = {}) =>
  (args: { request: Request }) =>
    (handler as (args: unknown) => unknown)({ ...args, params, context: context() });

interface Failure {
  errors: Record<string, string>;
  values: Record<string, string>;
}

/** The messages of a form sent back with 400. */
function failureOf(outcome: Outcome): Failure {
  expect(outcome.status, JSON.stringify(outcome.data)).toBe(400);
  return outcome.data as Failure;
}

function redirectOf(outcome: Outcome): string {
  expect(outcome.status, JSON.stringify(outcome.data)).toBe(302);
  return outcome.headers.get("Location") ?? "";
}

// ---------------------------------------------------------------------------------------------
// The announced event of ./fixtures.ts, with requests from its winners and people around it

const azure = {
  title: "Help deploying to an NHS trust's Azure",
  category: "hosting_deployment" as const,
  description: "We need a **test environment**.",
  priority: "normal" as const,
  repositoryUrl: "https://github.com/nhs/app",
};

const review = {
  title: "Review our FHIR mapping",
  category: "code_review" as const,
  description: "Is our `Observation` mapping right?",
  priority: "urgent" as const,
  repositoryUrl: "",
};

/** The announced event, two requests from its winners, a judge, and another event with its own support staff. */
async function setUp() {
  const base = await announcedEvent();
  const db = getDb();
  const judge = await makeUser({ name: "Jo Judge", email: ownAddress() });
  await db.insert(eventRoles).values({ eventId: base.event.id, userId: judge.id, role: "judge" });
  const [elsewhere] = await db.insert(communities).values({ slug: "york-c4h", name: "York Code4Health" }).returning();
  const [other] = await db
    .insert(events)
    .values({ communityId: elsewhere!.id, slug: "york-2030", title: "York Challenge", kind: "challenge" })
    .returning();
  const sue = await makeUser({ name: "Sue Elsewhere", email: ownAddress() });
  await db.insert(eventRoles).values({ eventId: other!.id, userId: sue.id, role: "support" });
  const admin = await makeUser({ name: "Ada Admin", email: ownAddress(), isAdmin: true });
  const { requestId: azureId } = ok(await logSupportRequest(base.winners.members[0]!, base.event, azure));
  const { requestId: reviewId } = ok(await logSupportRequest(base.winners.members[1]!, base.event, review));
  return { ...base, judge, other: other!, sue, admin, azureId, reviewId };
}

interface QueuePage {
  filters: { status: string; category: string; assignee: string; event: string; overdue: boolean };
  events: { value: string; label: string }[];
  rows: {
    id: string;
    title: string;
    teamName: string;
    eventTitle: string;
    status: string;
    assigneeName: string | null;
    overdue: boolean;
    due: string;
  }[];
}

interface RequestPage {
  version: number;
  status: string;
  totalTime: string;
  assigneeName: string | null;
  answered: string | null;
  descriptionHtml: string;
  messages: { kind: string; authorName: string; time: string | null; html: string }[];
  statusChoices: { value: string }[];
  staff: { value: string; label: string }[];
}

interface WindowsPage {
  windows: {
    id: string;
    teamName: string;
    used: string;
    budget: string | null;
    requests: number;
    endsOn: string;
    endsAtTime: string;
    fields: { endsOn: string; budget: string; reason: string };
  }[];
  people: { userId: string }[];
}

async function queue(user: User, search = ""): Promise<QueuePage> {
  const outcome = await run(call(queueLoader), getRequest(`/support${search}`, { cookie: await signedInCookie(user) }));
  expect(outcome.status, JSON.stringify(outcome.data)).toBe(200);
  return outcome.data as QueuePage;
}

async function requestPage(user: User, requestId: string): Promise<RequestPage> {
  const outcome = await run(
    call(requestLoader, { requestId }),
    getRequest(`/support/requests/${requestId}`, { cookie: await signedInCookie(user) }),
  );
  expect(outcome.status, JSON.stringify(outcome.data)).toBe(200);
  return outcome.data as RequestPage;
}

async function post(user: User, requestId: string, fields: Record<string, string>): Promise<Outcome> {
  return run(
    call(requestAction, { requestId }),
    formRequest(`/support/requests/${requestId}`, fields, { cookie: await signedInCookie(user) }),
  );
}

async function entry(user: User, requestId: string, fields: Record<string, string>): Promise<Outcome> {
  const { version } = await requestPage(user, requestId);
  return post(user, requestId, { intent: "entry", version: String(version), status: "", minutes: "", ...fields });
}

async function windowsPage(user: User, slug = "support-2030"): Promise<Outcome> {
  return run(
    call(windowsLoader, { slug }),
    getRequest(`/events/${slug}/manage/support`, { cookie: await signedInCookie(user) }),
  );
}

async function postWindows(user: User, fields: Record<string, string>, slug = "support-2030"): Promise<Outcome> {
  return run(
    call(windowsAction, { slug }),
    formRequest(`/events/${slug}/manage/support`, fields, { cookie: await signedInCookie(user) }),
  );
}

async function headerOf(user: User): Promise<{ supportsEvents: boolean } | null> {
  const outcome = await run(call(rootLoader), getRequest("/", { cookie: await signedInCookie(user) }));
  return (outcome.data as { user: { supportsEvents: boolean } | null }).user;
}

// ---------------------------------------------------------------------------------------------

describe("the support staff's pages", () => {
  it("list the requests of the events a person supports, filtered from the address", async () => {
    const { event, other, sam, olu, admin, sue, azureId, reviewId } = await setUp();
    const all = await queue(sam);
    expect(all.filters).toEqual({ status: "unfinished", category: "", assignee: "", event: "", overdue: false });
    expect(all.rows.map((row) => row.id).sort()).toEqual([azureId, reviewId].sort());
    expect(all.rows[0]).toMatchObject({ teamName: "Breathe Easy", eventTitle: "Leeds Challenge", status: "open" });
    expect(all.rows[0]!.due).toMatch(/^(Monday|Tuesday|Wednesday|Thursday|Friday) \d{1,2} \w+ \d{4}$/);
    expect(all.events).toEqual([{ value: event.id, label: "Leeds Challenge" }]);
    // The community's organiser and an administrator see them too.
    expect((await queue(olu)).rows).toHaveLength(2);
    expect((await queue(admin)).rows).toHaveLength(2);
    // Support staff of another event see none of them.
    expect((await queue(sue)).rows).toEqual([]);

    expect((await queue(sam, "?category=code_review")).rows.map((row) => row.id)).toEqual([reviewId]);
    expect((await queue(sam, `?event=${event.id}`)).rows).toHaveLength(2);
    // An event they do not support is ignored, not a way in.
    const elsewhere = await queue(sam, `?event=${other.id}`);
    expect(elsewhere.filters.event).toBe("");
    expect(elsewhere.rows).toHaveLength(2);

    // Assigned to me, and to nobody.
    const { version } = await requestPage(sam, azureId);
    redirectOf(await post(sam, azureId, { intent: "assign", assignee: sam.id, version: String(version) }));
    expect((await queue(sam, "?assignee=me")).rows.map((row) => row.id)).toEqual([azureId]);
    expect((await queue(sam, "?assignee=none")).rows.map((row) => row.id)).toEqual([reviewId]);
    expect((await queue(olu, "?assignee=me")).rows).toEqual([]);
    expect((await queue(sam, "?assignee=me")).rows[0]!.assigneeName).toBe("Sam Support");

    // Resolved requests leave the default view; "Any status" and "Resolved" show them.
    redirectOf(await entry(sam, reviewId, { kind: "reply", body: "Looks right to us.", status: "resolved" }));
    expect((await queue(sam)).rows.map((row) => row.id)).toEqual([azureId]);
    expect((await queue(sam, "?status=all")).rows).toHaveLength(2);
    expect((await queue(sam, "?status=resolved")).rows.map((row) => row.id)).toEqual([reviewId]);
    expect((await queue(sam, "?status=triaged")).rows.map((row) => row.id)).toEqual([azureId]);

    // Overdue: the first response's due time has passed with no reply.
    expect((await queue(sam, "?overdue=yes")).rows).toEqual([]);
    await getDb()
      .update(supportRequests)
      .set({ firstResponseDueAt: new Date(Date.now() - 3_600_000) })
      .where(eq(supportRequests.id, azureId));
    const overdue = await queue(sam, "?overdue=1");
    expect(overdue.filters.overdue).toBe(true);
    expect(overdue.rows.map((row) => [row.id, row.overdue])).toEqual([[azureId, true]]);

    // Nonsense in the address is ignored.
    const nonsense = await queue(sam, "?status=whenever&category=magic&assignee=bob&event=not-a-uuid&overdue=maybe");
    expect(nonsense.filters).toEqual({ status: "unfinished", category: "", assignee: "", event: "", overdue: false });
    expect(nonsense.rows).toHaveLength(1);
  });

  it("let staff reply (emailing the team), add internal notes, log time that adds up, move the status and assign", async () => {
    const { event, sam, olu, efe, admin, winners, azureId } = await setUp();
    let page = await requestPage(sam, azureId);
    expect(page.status).toBe("open");
    expect(page.totalTime).toBe("0 minutes");
    expect(page.messages).toEqual([]);
    expect(page.descriptionHtml).toContain("<strong>test environment</strong>");
    expect(page.statusChoices.map((choice) => choice.value)).toEqual([
      "triaged",
      "in_progress",
      "waiting_on_team",
      "resolved",
      "closed",
    ]);
    expect(page.staff.map((person) => person.label)).toEqual(["Efe Organiser", "Olu Organiser", "Sam Support"]);

    // Assigned to themself: triaged.
    expect(await post(sam, azureId, { intent: "assign", assignee: sam.id, version: String(page.version) })).toSatisfy(
      (outcome: Outcome) => redirectOf(outcome) === `/support/requests/${azureId}?done=assigned`,
    );
    page = await requestPage(sam, azureId);
    expect(page.assigneeName).toBe("Sam Support");
    expect(page.status).toBe("triaged");

    // An internal note with 20 minutes: the team is not emailed.
    const outboxBefore = (await getDb().select().from(emailOutbox)).length;
    expect(
      redirectOf(
        await entry(sam, azureId, { kind: "note", body: "Their trust uses **Azure UK South**.", minutes: "20m" }),
      ),
    ).toBe(`/support/requests/${azureId}?done=note`);
    expect((await getDb().select().from(emailOutbox)).length).toBe(outboxBefore);

    // A reply with 1h 15m that waits on the team: every member is emailed.
    expect(
      redirectOf(
        await entry(sam, azureId, {
          kind: "reply",
          body: "We can set up a sandbox next week.",
          minutes: "1h 15m",
          status: "waiting_on_team",
        }),
      ),
    ).toBe(`/support/requests/${azureId}?done=reply`);
    const replies = await getDb()
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.subject, `Reply to your support request: ${azure.title}`));
    expect(replies.map((email) => email.toAddress).sort()).toEqual(
      winners.members.map((member) => member.email).sort(),
    );
    expect(replies[0]!.textBody).toContain("We can set up a sandbox next week.");
    expect(replies[0]!.textBody).toContain("Its status is now: Waiting on the team.");
    expect(replies[0]!.textBody).not.toContain("Azure UK South");

    page = await requestPage(olu, azureId);
    expect(page.totalTime).toBe("1 hour 35 minutes");
    expect(page.status).toBe("waiting_on_team");
    expect(page.answered).not.toBeNull();
    expect(page.messages.map((message) => [message.kind, message.authorName, message.time])).toEqual([
      ["note", "Sam Support", "20 minutes"],
      ["reply", "Sam Support", "1 hour 15 minutes"],
    ]);
    expect(page.messages[0]!.html).toContain("<strong>Azure UK South</strong>");
    expect(page.statusChoices.map((choice) => choice.value)).toEqual(["in_progress", "resolved", "closed"]);
    // The team never sees the note or the time.
    const teamView = (await requestForTeam(winners.members[1]!, event, azureId))!;
    expect(JSON.stringify(teamView)).not.toContain("Azure UK South");

    // An organiser notes time only; then resolves with a reply.
    redirectOf(await entry(efe, azureId, { kind: "note", body: "", minutes: "1.5h" }));
    expect((await requestPage(sam, azureId)).totalTime).toBe("3 hours 5 minutes");
    redirectOf(await entry(sam, azureId, { kind: "reply", body: "The sandbox is live.", status: "resolved" }));
    page = await requestPage(sam, azureId);
    expect(page.status).toBe("resolved");
    expect(page.statusChoices.map((choice) => choice.value)).toEqual(["in_progress", "closed"]);

    // Reassigned to an organiser, to an administrator (not on the event's list), then to nobody.
    redirectOf(await post(sam, azureId, { intent: "assign", assignee: efe.id, version: String(page.version) }));
    expect((await requestPage(sam, azureId)).assigneeName).toBe("Efe Organiser");
    const assignedEmail = await getDb()
      .select()
      .from(emailOutbox)
      .where(
        and(
          eq(emailOutbox.toAddress, efe.email),
          eq(emailOutbox.subject, `Support request assigned to you: ${azure.title}`),
        ),
      );
    expect(assignedEmail).toHaveLength(1);
    const adminPage = await requestPage(admin, azureId);
    expect(adminPage.staff.map((person) => person.value)).toContain(admin.id);
    redirectOf(
      await post(admin, azureId, { intent: "assign", assignee: admin.id, version: String(adminPage.version) }),
    );
    expect((await requestPage(sam, azureId)).assigneeName).toBe("Ada Admin");
    expect(
      redirectOf(
        await post(sam, azureId, {
          intent: "assign",
          assignee: "",
          version: String((await requestPage(sam, azureId)).version),
        }),
      ),
    ).toBe(`/support/requests/${azureId}?done=unassigned`);
    expect((await requestPage(sam, azureId)).assigneeName).toBeNull();
  });

  it("turn away a participant, a winner, a judge and another event's support staff from every page and action", async () => {
    const { event, sam, winners, others, judge, sue, azureId } = await setUp();
    const { version } = await requestPage(sam, azureId);
    const [entitlement] = await getDb()
      .select()
      .from(supportEntitlements)
      .where(eq(supportEntitlements.eventId, event.id));
    const entryFields = {
      intent: "entry",
      kind: "reply",
      body: "Hello",
      minutes: "",
      status: "",
      version: String(version),
    };
    const assignFields = { intent: "assign", assignee: sam.id, version: String(version) };
    const windowFields = {
      intent: "change",
      entitlementId: entitlement!.id,
      [`endsOn-${entitlement!.id}`]: "2040-01-01",
      [`budget-${entitlement!.id}`]: "",
      [`reason-${entitlement!.id}`]: "Because",
    };
    for (const person of [others.members[0]!, winners.members[0]!, judge]) {
      const cookie = await signedInCookie(person);
      expect((await run(call(queueLoader), getRequest("/support", { cookie }))).status).toBe(403);
      expect(
        (await run(call(requestLoader, { requestId: azureId }), getRequest(`/support/requests/${azureId}`, { cookie })))
          .status,
      ).toBe(403);
      expect((await post(person, azureId, entryFields)).status).toBe(403);
      expect((await post(person, azureId, assignFields)).status).toBe(403);
      expect((await windowsPage(person)).status).toBe(403);
      expect((await postWindows(person, windowFields)).status).toBe(403);
      expect(await headerOf(person)).toMatchObject({ supportsEvents: false });
    }
    // Another event's support staff: the queue is theirs (without this request), the request is not.
    const cookie = await signedInCookie(sue);
    expect((await run(call(queueLoader), getRequest("/support", { cookie }))).status).toBe(200);
    expect(
      (await run(call(requestLoader, { requestId: azureId }), getRequest(`/support/requests/${azureId}`, { cookie })))
        .status,
    ).toBe(404);
    expect((await post(sue, azureId, entryFields)).status).toBe(404);
    expect((await post(sue, azureId, assignFields)).status).toBe(404);
    expect((await windowsPage(sue)).status).toBe(403);
    expect((await postWindows(sue, windowFields)).status).toBe(403);
    expect(await headerOf(sue)).toMatchObject({ supportsEvents: true });
    // The event's support staff answer requests but do not change windows.
    expect((await windowsPage(sam)).status).toBe(403);
    expect((await postWindows(sam, windowFields)).status).toBe(403);
    expect(await headerOf(sam)).toMatchObject({ supportsEvents: true });
    // Nothing changed.
    const after = (await requestForStaff(sam, azureId))!;
    expect(after.messages).toEqual([]);
    expect(after.request.assigneeUserId).toBeNull();
    // Someone signed out is sent to sign in.
    const anonymous = await run(call(queueLoader), getRequest("/support"));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe("/login?redirectTo=%2Fsupport");
  });

  it("answer bad input with a message and keep what was typed, never a 500", async () => {
    const { sam, azureId } = await setUp();
    const cookie = await signedInCookie(sam);
    // An address that is not a request.
    for (const requestId of ["not-a-uuid", "00000000-0000-4000-8000-000000000000"]) {
      expect(
        (await run(call(requestLoader, { requestId }), getRequest(`/support/requests/${requestId}`, { cookie })))
          .status,
      ).toBe(404);
      expect((await post(sam, requestId, { intent: "entry", kind: "note", body: "x", version: "1" })).status).toBe(404);
    }

    const typed = { kind: "reply", body: "Here is what we found." };
    let failure = failureOf(await entry(sam, azureId, { ...typed, minutes: "a while" }));
    expect(failure.errors).toEqual({ minutes: "Enter the time spent like 45m or 1h 30m, or leave it empty" });
    expect(failure.values).toMatchObject({ body: "Here is what we found.", minutes: "a while", kind: "reply" });
    failure = failureOf(await entry(sam, azureId, { ...typed, minutes: "25h" }));
    expect(failure.errors.minutes).toMatch(/up to 24 hours/);
    failure = failureOf(await entry(sam, azureId, { ...typed, status: "whenever" }));
    expect(failure.errors).toEqual({ status: "Choose a status from the list" });
    failure = failureOf(await entry(sam, azureId, { body: "No kind chosen" }));
    expect(failure.errors).toEqual({ kind: "Choose whether to reply to the team or add an internal note" });
    failure = failureOf(await entry(sam, azureId, { kind: "reply", body: "   " }));
    expect(failure.errors).toEqual({ body: "Enter your reply to the team" });
    failure = failureOf(await entry(sam, azureId, { kind: "note", body: "" }));
    expect(failure.errors).toEqual({ body: "Enter a note or the time spent" });
    failure = failureOf(await entry(sam, azureId, { ...typed, body: "x".repeat(10_001) }));
    expect(failure.errors.body).toMatch(/10,000 characters or fewer/);
    failure = failureOf(await post(sam, azureId, { kind: "note", body: "No intent" }));
    expect(failure.errors._form).toMatch(/could not tell/);

    // A status the request cannot move to from where it is.
    redirectOf(await entry(sam, azureId, { kind: "reply", body: "Over to you.", status: "waiting_on_team" }));
    failure = failureOf(await entry(sam, azureId, { ...typed, status: "triaged" }));
    expect(failure.errors).toEqual({ status: "A request that is waiting on the team cannot move to triaged" });

    // Someone who does not support the event, or no one at all.
    const { version } = await requestPage(sam, azureId);
    const stranger = await makeUser({ email: ownAddress() });
    failure = failureOf(
      await post(sam, azureId, { intent: "assign", assignee: stranger.id, version: String(version) }),
    );
    expect(failure.errors).toEqual({ assignee: "Choose someone who supports this event" });
    failure = failureOf(await post(sam, azureId, { intent: "assign", assignee: "bob", version: String(version) }));
    expect(failure.errors).toEqual({ assignee: "Choose someone from the list" });

    // A page opened before someone else's change.
    failure = failureOf(
      await post(sam, azureId, {
        intent: "entry",
        kind: "reply",
        body: "Typed on a stale page.",
        minutes: "10m",
        status: "",
        version: String(version - 1),
      }),
    );
    expect(failure.errors._form).toMatch(/Someone else has changed this request/);
    expect(failure.values.body).toBe("Typed on a stale page.");
    failure = failureOf(await post(sam, azureId, { intent: "assign", assignee: sam.id, version: "junk" }));
    expect(failure.errors._form).toMatch(/Someone else has changed this request/);
    // Nothing was saved by any of these.
    expect((await requestPage(sam, azureId)).messages).toHaveLength(1);
  });
});

describe("the organisers' support windows page", () => {
  it("extends a window with a reason (refused without), sets its budget and adds support staff", async () => {
    const { event, olu, sam, winners, azureId, other } = await setUp();
    const page = await windowsPage(olu);
    expect(page.status).toBe(200);
    const [window] = (page.data as WindowsPage).windows;
    expect(window).toMatchObject({ teamName: "Breathe Easy", used: "0 minutes", budget: null, requests: 2 });
    expect((page.data as WindowsPage).people.map((person) => person.userId)).toEqual([sam.id]);
    const [before] = await getDb().select().from(supportEntitlements).where(eq(supportEntitlements.id, window!.id));
    const f = window!.fields;
    const later = toLocalParts(new Date(before!.endsAt.getTime() + 90 * 86_400_000), event.timeZone).date;
    const change = (fields: Record<string, string>) =>
      postWindows(olu, {
        intent: "change",
        entitlementId: window!.id,
        [f.endsOn]: later,
        [f.budget]: "",
        [f.reason]: "",
        ...fields,
      });

    let failure = failureOf(await change({}));
    expect(failure.errors).toEqual({ [f.reason]: "Enter why the support window is changing" });
    expect(failure.values[f.endsOn]).toBe(later);
    failure = failureOf(await change({ [f.reason]: "Pilot delayed", [f.budget]: "12.5" }));
    expect(failure.errors).toEqual({
      [f.budget]: "Enter the budget as a whole number of hours, or leave it empty for none",
    });
    failure = failureOf(await change({ [f.reason]: "Pilot delayed", [f.endsOn]: "2031-02-31" }));
    expect(Object.keys(failure.errors)).toEqual([f.endsOn]);
    failure = failureOf(await change({ [f.reason]: "Pilot delayed", [f.endsOn]: "next year" }));
    expect(Object.keys(failure.errors)).toEqual([f.endsOn]);
    failure = failureOf(await change({ [f.reason]: "Oops", [f.endsOn]: "2000-01-01" }));
    expect(failure.errors).toEqual({ [f.endsOn]: "The window must end after it starts" });
    failure = failureOf(await postWindows(olu, { intent: "change", entitlementId: "nope", [f.reason]: "x" }));
    expect(failure.errors._form).toMatch(/no longer exists/);
    failure = failureOf(await postWindows(olu, { intent: "explode" }));
    expect(failure.errors._form).toMatch(/could not tell/);
    // A window of another event is not this page's.
    const [otherWindow] = await getDb()
      .insert(supportEntitlements)
      .values({
        eventId: other.id,
        teamId: (await team(other, "York Team", 1)).team.id,
        startsAt: new Date(),
        endsAt: new Date(Date.now() + 86_400_000),
      })
      .returning();
    failure = failureOf(
      await postWindows(olu, {
        intent: "change",
        entitlementId: otherWindow!.id,
        [`endsOn-${otherWindow!.id}`]: later,
        [`reason-${otherWindow!.id}`]: "Not mine",
      }),
    );
    expect(failure.errors._form).toMatch(/no longer exists/);
    const [unchanged] = await getDb().select().from(supportEntitlements).where(eq(supportEntitlements.id, window!.id));
    expect(unchanged!.endsAt).toEqual(before!.endsAt);

    // Extended by 90 days at the same time of day, with a budget of 40 hours.
    expect(redirectOf(await change({ [f.reason]: "Pilot delayed by IG review", [f.budget]: "40" }))).toBe(
      "/events/support-2030/manage/support?done=window",
    );
    const [after] = await getDb().select().from(supportEntitlements).where(eq(supportEntitlements.id, window!.id));
    expect(toLocalParts(after!.endsAt, event.timeZone)).toEqual({ date: later, time: window!.endsAtTime });
    expect(after!.budgetMinutes).toBe(40 * 60);
    const [audit] = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "support_entitlement.changed"), eq(auditEvents.subjectId, window!.id)));
    expect(audit!.reason).toBe("Pilot delayed by IG review");

    // Time logged shows against the budget; the budget can be removed again.
    redirectOf(await entry(sam, azureId, { kind: "note", body: "Checked the logs", minutes: "2h" }));
    const [shown] = ((await windowsPage(olu)).data as WindowsPage).windows;
    expect(shown).toMatchObject({ used: "2 hours", budget: "40 hours", endsOn: later });
    redirectOf(await change({ [f.reason]: "No budget after all", [f.budget]: "" }));
    const [cleared] = await getDb().select().from(supportEntitlements).where(eq(supportEntitlements.id, window!.id));
    expect(cleared!.budgetMinutes).toBeNull();

    // Support staff added by email: they may now work the event's requests.
    const newcomer = await makeUser({ name: "Nia New", email: ownAddress() });
    expect(await headerOf(newcomer)).toMatchObject({ supportsEvents: false });
    expect(redirectOf(await postWindows(olu, { intent: "invite", email: newcomer.email }))).toBe(
      "/events/support-2030/manage/support?done=staff-granted",
    );
    expect(await headerOf(newcomer)).toMatchObject({ supportsEvents: true });
    expect((await requestPage(newcomer, azureId)).status).toBe("open");
    failure = failureOf(await postWindows(olu, { intent: "invite", email: "not an address" }));
    expect(failure.errors.email).toMatch(/correct format/);
    expect(redirectOf(await postWindows(olu, { intent: "remove", userId: newcomer.id }))).toBe(
      "/events/support-2030/manage/support?done=staff-removed",
    );
    expect(
      (
        await run(
          call(requestLoader, { requestId: azureId }),
          getRequest(`/support/requests/${azureId}`, { cookie: await signedInCookie(newcomer) }),
        )
      ).status,
    ).toBe(403);
    void winners;
  });
});
