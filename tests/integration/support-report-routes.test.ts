// The programme report of follow-on support through its loaders and actions: a community's page
// and CSV, and the administrators' across every event. The figures on the page follow the data
// (requests by category, the median wait, the share within the service level, time against the
// budget, milestones); the CSV has one row per request with times in the event's zone; people who
// are not the community's organisers (or administrators) are turned away; and the service-level
// form saves a good number and answers a bad one with a message, never a 500.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import {
  auditEvents,
  communities,
  communityOrganisers,
  supportEntitlements,
  supportRequests,
  type User,
} from "~/db/schema";
import { parseCsv } from "~/domain/csv";
import { SUPPORT_REPORT_CSV_HEADER, type ReportView } from "~/domain/support-report";
import type { SupportCategory, SupportStatus } from "~/domain/support";
import {
  changeEntitlement,
  logSupportRequest,
  postMilestone,
  requestForStaff,
  staffEntry,
} from "~/models/support.server";
import { loader as adminCsvLoader } from "~/routes/admin.support-report[.]csv";
import { loader as adminLoader } from "~/routes/admin.support-report";
import { loader as communityCsvLoader } from "~/routes/organise.communities.$slug.support-report[.]csv";
import {
  action as communityAction,
  loader as communityLoader,
} from "~/routes/organise.communities.$slug.support-report";
import { at, formRequest, getRequest, makeUser, run, signedInCookie, type Outcome } from "./db";
import { announcedEvent, ok, ownAddress } from "./fixtures";

const HOUR = 3_600_000;

function ask(title: string, category: SupportCategory) {
  return { title, category, description: "Please help.", priority: "normal" as const, repositoryUrl: "" };
}

/** A reply (or note) from staff at a given time, with the time spent and perhaps a new status. */
async function answer(
  staff: User,
  requestId: string,
  entry: { kind?: "reply" | "note"; minutes: number; at: Date; status?: SupportStatus },
) {
  const { version } = (await requestForStaff(staff, requestId))!.request;
  ok(
    await staffEntry(
      staff,
      requestId,
      {
        kind: entry.kind ?? "reply",
        body: "On it.",
        minutesSpent: entry.minutes,
        status: entry.status,
        version,
      },
      entry.at,
    ),
  );
}

/**
 * Leeds: four requests. Hosting answered in 2 hours (45 + 20 minutes), code review answered and
 * resolved in 10 hours (30 minutes), another code review answered an hour after it was due (15
 * minutes), and a clinical safety question still waiting past its due time. A budget of 1 hour,
 * two milestones. York, another community: one request and a milestone, in New York's zone.
 */
async function setUp() {
  const leeds = await announcedEvent({
    communitySlug: "leeds-c4h",
    communityName: "Leeds Code4Health",
    eventSlug: "leeds-2030",
    title: "Leeds Challenge",
    winner: "Breathe Easy",
    other: "Breathe Easy runners-up",
  });
  const york = await announcedEvent({
    communitySlug: "york-c4h",
    communityName: "York Code4Health",
    eventSlug: "york-2030",
    title: "York Challenge",
    winner: "Falls Finder",
    other: "Falls Finder runners-up",
    timeZone: "America/New_York",
  });
  const member = leeds.winners.members[0]!;
  const base = new Date();
  const log = async (title: string, category: SupportCategory) =>
    ok(await logSupportRequest(member, leeds.event, ask(title, category), base)).requestId;
  const hosting = await log("Deploying to Azure", "hosting_deployment");
  const review = await log("Review our FHIR client", "code_review");
  const lateReview = await log("Review our tests", "code_review");
  const safety = await log("Our DCB0129 hazard log", "clinical_safety");

  await answer(leeds.sam, hosting, { minutes: 45, at: new Date(base.getTime() + 2 * HOUR) });
  await answer(leeds.sam, hosting, { kind: "note", minutes: 20, at: new Date(base.getTime() + 3 * HOUR) });
  await answer(leeds.sam, review, { minutes: 30, at: new Date(base.getTime() + 10 * HOUR), status: "resolved" });
  const lateDue = (await requestForStaff(leeds.sam, lateReview))!.request.firstResponseDueAt;
  await answer(leeds.sam, lateReview, { minutes: 15, at: new Date(lateDue.getTime() + HOUR) });
  // Still unanswered, and its due time has passed.
  await getDb()
    .update(supportRequests)
    .set({ firstResponseDueAt: new Date(Date.now() - HOUR) })
    .where(eq(supportRequests.id, safety));

  const [window] = await getDb()
    .select()
    .from(supportEntitlements)
    .where(eq(supportEntitlements.eventId, leeds.event.id));
  ok(
    await changeEntitlement(leeds.olu, leeds.event, window!.id, {
      endsAt: window!.endsAt,
      budgetMinutes: 60,
      reason: "An hour a month was agreed",
    }),
  );
  for (const kind of ["pilot_started", "deployed"] as const) {
    ok(
      await postMilestone(member, leeds.event, {
        kind,
        title: `Reached: ${kind}`,
        description: "",
        achievedOn: "2026-01-10",
      }),
    );
  }

  const yorkMember = york.winners.members[0]!;
  const yorkRequest = ok(await logSupportRequest(yorkMember, york.event, ask("Where do we start?", "other"))).requestId;
  await answer(york.sam, yorkRequest, { minutes: 90, at: new Date(Date.now() + HOUR) });
  ok(
    await postMilestone(yorkMember, york.event, {
      kind: "pilot_started",
      title: "Pilot in York",
      description: "",
      achievedOn: "2026-01-10",
    }),
  );
  return { leeds, york, requests: { hosting, review, lateReview, safety } };
}

const PAGE = "/organise/communities/leeds-c4h/support-report";
const CSV = "/organise/communities/leeds-c4h/support-report.csv";

async function page(cookie: string, slug = "leeds-c4h"): Promise<Outcome> {
  return run(at(communityLoader, slug), getRequest(`/organise/communities/${slug}/support-report`, { cookie }));
}

function headline(view: ReportView): Record<string, string> {
  return Object.fromEntries(view.headline.map((row) => [row.key, row.value]));
}

function countsOf(rows: { key: string; count: number }[]): Record<string, number> {
  return Object.fromEntries(rows.filter((row) => row.count > 0).map((row) => [row.key, row.count]));
}

function csvRows(outcome: Outcome): string[][] {
  expect(outcome.status).toBe(200);
  const parsed = parseCsv(outcome.data as string);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.rows;
}

describe("the programme report of follow-on support", () => {
  it("shows a community's figures as the data has them, and every event's to administrators", async () => {
    const { leeds } = await setUp();
    const outcome = await page(await signedInCookie(leeds.olu));
    expect(outcome.status).toBe(200);
    const data = outcome.data as { name: string; days: number; view: ReportView };
    expect(data.name).toBe("Leeds Code4Health");
    expect(data.days).toBe(5);
    const view = data.view;

    expect(view.requests).toBe(4);
    expect(countsOf(view.categories)).toEqual({ code_review: 2, hosting_deployment: 1, clinical_safety: 1 });
    // The chart and its table: most requests first.
    expect(view.categories[0]).toMatchObject({ key: "code_review", name: "Code review", count: 2 });
    expect(countsOf(view.statuses)).toEqual({ open: 1, in_progress: 2, resolved: 1 });
    expect(headline(view)).toEqual({
      "Teams with follow-on support": "1",
      "Requests logged": "4",
      // Answered in 2 hours, 10 hours, and more than five working days: the middle one.
      "Median time to a first response": "10 hours",
      // Three answered (two on time) and one waiting past its due time.
      "First responses within the service level": "2 of 4 (50%)",
      "Waiting past their due time now": "1",
      // 45 + 20 + 30 + 15 minutes.
      "Time logged by support staff": "1.8 hours",
      "Time against the budgets": "1.8 hours used of 1 hour (183%), in the 1 window with a budget",
    });
    expect(view.teamWindows).toEqual([
      expect.objectContaining({
        event: "Leeds Challenge",
        team: "Breathe Easy",
        requests: 4,
        used: "1.8 hours",
        budget: "1 hour",
        overBudget: true,
        ended: false,
      }),
    ]);
    expect(countsOf(view.milestones)).toEqual({ pilot_started: 1, deployed: 1 });
    expect(view.milestoneTotal).toBe(2);
    expect(view.events).toEqual([
      expect.objectContaining({ title: "Leeds Challenge", requests: 4, used: "1.8 hours" }),
    ]);

    // The administrators' report counts York's request and milestone too.
    const admin = await makeUser({ isAdmin: true, email: ownAddress() });
    const across = await run(adminLoader, getRequest("/admin/support-report", { cookie: await signedInCookie(admin) }));
    expect(across.status).toBe(200);
    const all = (across.data as { view: ReportView }).view;
    expect(all.requests).toBe(5);
    expect(countsOf(all.categories)).toEqual({ code_review: 2, hosting_deployment: 1, clinical_safety: 1, other: 1 });
    expect(countsOf(all.milestones)).toEqual({ pilot_started: 2, deployed: 1 });
    expect(all.teamWindows.map((window) => [window.team, window.budget, window.overBudget])).toEqual([
      ["Breathe Easy", "1 hour", true],
      ["Falls Finder", "No budget", false],
    ]);
    expect(headline(all)["Time logged by support staff"]).toBe("3.3 hours");
    // Only the budgeted window's time counts against the budget.
    expect(headline(all)["Time against the budgets"]).toBe(
      "1.8 hours used of 1 hour (183%), in the 1 window with a budget",
    );
    expect(all.events.map((event) => event.title)).toEqual(["Leeds Challenge", "York Challenge"]);
  });

  it("says so when no team has support yet", async () => {
    const db = getDb();
    const [community] = await db.insert(communities).values({ slug: "quiet-c4h", name: "Quiet" }).returning();
    const olu = await makeUser({ email: ownAddress() });
    await db.insert(communityOrganisers).values({ communityId: community!.id, userId: olu.id });
    const outcome = await page(await signedInCookie(olu), "quiet-c4h");
    expect(outcome.status).toBe(200);
    const { view } = outcome.data as { view: ReportView };
    expect(view.requests).toBe(0);
    expect(headline(view)["Median time to a first response"]).toBe("No request has had a response yet");
    expect(headline(view)["First responses within the service level"]).toBe("No first response has been due yet");
    expect(headline(view)["Time against the budgets"]).toBe("No team's window has a budget of hours");
  });

  it("gives a CSV of one row per request, with times in the event's zone", async () => {
    const { leeds, requests } = await setUp();
    const outcome = await run(
      at(communityCsvLoader, "leeds-c4h"),
      getRequest(CSV, { cookie: await signedInCookie(leeds.olu) }),
    );
    expect(outcome.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(outcome.headers.get("Content-Disposition")).toBe('attachment; filename="leeds-c4h-support-report.csv"');
    const [header, ...rows] = csvRows(outcome);
    expect(header).toEqual([
      "Event",
      "Team",
      "Request",
      "Category",
      "Priority",
      "Status",
      "Logged at",
      "First response due",
      "First answered at",
      "Hours to first response",
      "Within service level",
      "Hours logged",
      "Resolved at",
    ]);
    expect(header).toEqual([...SUPPORT_REPORT_CSV_HEADER]);
    expect(rows).toHaveLength(4);
    const byTitle = new Map(rows.map((row) => [row[2], row]));
    const local = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} (GMT|BST)$/;

    const review = byTitle.get("Review our FHIR client")!;
    expect(review.slice(0, 6)).toEqual([
      "Leeds Challenge",
      "Breathe Easy",
      "Review our FHIR client",
      "Code review",
      "Normal",
      "Resolved",
    ]);
    expect(review[6]).toMatch(local);
    expect(review[7]).toMatch(local);
    expect(review[8]).toMatch(local);
    expect(review.slice(9, 12)).toEqual(["10.0", "Yes", "0.50"]);
    expect(review[12]).toMatch(local);

    const stored = await getDb().select().from(supportRequests).where(eq(supportRequests.id, requests.hosting));
    const hosting = byTitle.get("Deploying to Azure")!;
    expect(hosting.slice(9, 13)).toEqual(["2.0", "Yes", "1.08", ""]);
    expect(hosting[5]).toBe("In progress");
    expect(stored[0]!.firstRespondedAt).not.toBeNull();
    expect(byTitle.get("Review our tests")!.slice(10, 12)).toEqual(["No", "0.25"]);
    expect(byTitle.get("Our DCB0129 hazard log")!.slice(8, 12)).toEqual(["", "", "No", "0.00"]);

    // Every event's file, for administrators: York's request in New York's time.
    const admin = await makeUser({ isAdmin: true, email: ownAddress() });
    const all = await run(
      adminCsvLoader,
      getRequest("/admin/support-report.csv", { cookie: await signedInCookie(admin) }),
    );
    expect(all.headers.get("Content-Disposition")).toBe('attachment; filename="all-events-support-report.csv"');
    const york = csvRows(all).find((row) => row[0] === "York Challenge")!;
    expect(york.slice(1, 6)).toEqual(["Falls Finder", "Where do we start?", "Something else", "Normal", "In progress"]);
    expect(york[6]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} GMT-[45]$/);
    expect(york[11]).toBe("1.50");
  });

  it("turns away everyone but the community's organisers and administrators", async () => {
    const { leeds, york } = await setUp();
    const strangers = {
      participant: leeds.winners.members[0]!,
      "support staff": leeds.sam,
      "an organiser of the event only": leeds.efe,
      "an organiser of another community": york.olu,
    };
    for (const [who, person] of Object.entries(strangers)) {
      const cookie = await signedInCookie(person);
      expect((await page(cookie)).status, who).toBe(403);
      expect((await run(at(communityCsvLoader, "leeds-c4h"), getRequest(CSV, { cookie }))).status, who).toBe(403);
      const posted = await run(at(communityAction, "leeds-c4h"), formRequest(PAGE, { days: "2" }, { cookie }));
      expect(posted.status, who).toBe(403);
      expect((await run(adminLoader, getRequest("/admin/support-report", { cookie }))).status, who).toBe(403);
      expect((await run(adminCsvLoader, getRequest("/admin/support-report.csv", { cookie }))).status, who).toBe(403);
    }
    // The community's own organiser is not an administrator.
    const oluCookie = await signedInCookie(leeds.olu);
    expect((await run(adminLoader, getRequest("/admin/support-report", { cookie: oluCookie }))).status).toBe(403);
    expect((await run(adminCsvLoader, getRequest("/admin/support-report.csv", { cookie: oluCookie }))).status).toBe(
      403,
    );
    // Signed out: to the sign-in page. No community at the address: 404.
    const signedOut = await run(at(communityLoader, "leeds-c4h"), getRequest(PAGE));
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("Location")).toMatch(/^\/login\?/);
    expect((await page(oluCookie, "no-such-community")).status).toBe(404);
    // An administrator sees any community's page.
    const admin = await makeUser({ isAdmin: true, email: ownAddress() });
    expect((await page(await signedInCookie(admin))).status).toBe(200);
    const [days] = await getDb()
      .select({ days: communities.supportResponseWorkingDays })
      .from(communities)
      .where(eq(communities.id, leeds.community.id));
    expect(days!.days).toBe(5);
  });

  it("saves the community's service level, and answers a bad number with a message", async () => {
    const db = getDb();
    const [community] = await db.insert(communities).values({ slug: "leeds-c4h", name: "Leeds" }).returning();
    const olu = await makeUser({ email: ownAddress() });
    await db.insert(communityOrganisers).values({ communityId: community!.id, userId: olu.id });
    const cookie = await signedInCookie(olu);
    const post = (days: string) => run(at(communityAction, "leeds-c4h"), formRequest(PAGE, { days }, { cookie }));

    const saved = await post(" 3 ");
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe(`${PAGE}?saved=service-level`);
    const after = await run(at(communityLoader, "leeds-c4h"), getRequest(`${PAGE}?saved=service-level`, { cookie }));
    expect(after.data).toMatchObject({ days: 3, saved: true });
    const audit = await db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.subjectId, community!.id), eq(auditEvents.action, "community.support_service_level_set")),
      );
    expect(audit.map((row) => [row.actorUserId, row.before, row.after])).toEqual([[olu.id, { days: 5 }, { days: 3 }]]);

    for (const bad of ["0", "31", "five", "2.5", "-1", "99999999999"]) {
      const outcome = await post(bad);
      expect(outcome.status, bad).toBe(400);
      expect(outcome.data, bad).toEqual({
        errors: { days: "Enter a whole number of working days from 1 to 30" },
        values: { days: bad },
      });
    }
    const empty = await post("");
    expect(empty.status).toBe(400);
    expect((empty.data as { errors: Record<string, string> }).errors.days).toMatch(/Enter the number of working days/);
    // No field at all (an altered form): still a message, not a 500.
    const missing = await run(at(communityAction, "leeds-c4h"), formRequest(PAGE, {}, { cookie }));
    expect(missing.status).toBe(400);
    expect((missing.data as { errors: Record<string, string> }).errors.days).toBe(
      "Enter a whole number of working days from 1 to 30",
    );
    const [row] = await db.select().from(communities).where(eq(communities.id, community!.id));
    expect(row!.supportResponseWorkingDays).toBe(3);
  });
});
