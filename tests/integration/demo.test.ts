// The demo (`npm run demo`): what the issue promises of it (about 60 participants with clinical and
// technical roles, 12 teams, 10 submitted entries with repositories, 6 judges whose harshness the
// normalised ranking corrects, a settled tie, approved prize money, payouts in several states,
// support requests in every status, a challenge open for registration), pages that render it,
// and that it neither loads twice nor loads beside other events.
import { and, count, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import {
  auditEvents,
  awardShares,
  communities,
  emailOutbox,
  eventRoles,
  events,
  judgingRounds,
  prizeAllocations,
  prizeAwards,
  registrations,
  scores,
  submissions,
  supportMessages,
  supportRequests,
  teams,
  users,
} from "~/db/schema";
import { CHALLENGE_SLUG, DEMO_DOMAIN, DEMO_PASSWORD, HACK_DAY_SLUG, JUDGES, demoEmail } from "~/demo/content";
import { loadDemo } from "~/demo/demo.server";
import { rankEntries } from "~/domain/judging";
import { roleGroup } from "~/domain/participants";
import { phaseFlags } from "~/domain/phases";
import { SUPPORT_STATUSES } from "~/domain/support";
import { currentRubric } from "~/models/judging.server";
import { authenticate } from "~/models/users.server";
import { loader as judgingResultsLoader } from "~/routes/events.$slug.manage.judging.rounds.$roundId.results";
import { loader as publicResultsLoader } from "~/routes/events.$slug.results";
import { context, getRequest, run, signedInCookie } from "./db";

// Loading runs every step of five weeks through the models (and hashes a password), so it takes
// longer than the suite's usual limit.
const LOADING = 180_000;

async function eventBySlug(slug: string) {
  const [row] = await getDb().select().from(events).where(eq(events.slug, slug));
  return row!;
}

/** How many rows the tables the demo writes to hold, to show that a second load adds nothing. */
async function rowCounts(): Promise<Record<string, number>> {
  const db = getDb();
  const tables = {
    users,
    communities,
    events,
    registrations,
    teams,
    submissions,
    scores,
    prizeAwards,
    awardShares,
    supportRequests,
    supportMessages,
    auditEvents,
    emailOutbox,
  };
  const counts: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    const [row] = await db.select({ n: count() }).from(table);
    counts[name] = row!.n;
  }
  return counts;
}

type Handler = (args: never) => unknown;
const withParams = (handler: Handler, params: Record<string, string>) => (args: { request: Request }) =>
  (handler as (args: unknown) => unknown)({ ...args, params, context: context() });

describe("the demo", () => {
  it(
    "loads a judged, paid and supported hack day and an open challenge, once",
    async () => {
      const db = getDb();
      const now = new Date();
      const outcome = await loadDemo(db, { now });
      expect(outcome.status).toBe("loaded");
      if (outcome.status === "refused") return;

      // One sign-in per role, each of which signs in.
      expect(outcome.signIns).toHaveLength(8);
      expect(new Set(outcome.signIns.map((signIn) => signIn.email)).size).toBe(8);
      for (const signIn of outcome.signIns) {
        expect(signIn.email.endsWith(`@${DEMO_DOMAIN}`)).toBe(true);
        expect(signIn.password).toBe(DEMO_PASSWORD);
        expect(signIn.startPath.startsWith("/")).toBe(true);
        expect(await authenticate(signIn.email, signIn.password), signIn.role).not.toBeNull();
      }

      const hackDay = await eventBySlug(HACK_DAY_SLUG);
      expect(hackDay.kind).toBe("hackday");
      // About five weeks ago, results announced, winners inside their window.
      const daysAgo = (now.getTime() - hackDay.resultsAnnouncedAt!.getTime()) / 86_400_000;
      expect(daysAgo).toBeGreaterThan(30);
      expect(daysAgo).toBeLessThan(45);
      expect(phaseFlags(hackDay.status, hackDay, now).resultsPublished).toBe(true);

      // About 60 participants, with a mix of clinical and technical roles.
      const registered = await db
        .select({ role: registrations.professionalRole })
        .from(registrations)
        .where(and(eq(registrations.eventId, hackDay.id), eq(registrations.status, "registered")));
      expect(registered.length).toBeGreaterThanOrEqual(55);
      expect(registered.length).toBeLessThanOrEqual(65);
      const groups = registered.map((row) => roleGroup(row.role));
      expect(groups.filter((group) => group === "clinical").length).toBeGreaterThanOrEqual(20);
      expect(groups.filter((group) => group === "technical").length).toBeGreaterThanOrEqual(20);

      // 12 teams, 10 submitted entries with repositories (frozen at the deadline).
      const [teamCount] = await db.select({ n: count() }).from(teams).where(eq(teams.eventId, hackDay.id));
      expect(teamCount!.n).toBe(12);
      const entries = await db
        .select()
        .from(submissions)
        .where(and(eq(submissions.eventId, hackDay.id), eq(submissions.status, "submitted")));
      expect(entries).toHaveLength(10);
      for (const entry of entries) {
        expect(entry.repositoryUrl).toMatch(/^https:\/\/git\.demo\.example\//);
        expect(entry.repositoryReachable).toBe(true);
        expect(entry.frozenCommit).toMatch(/^[0-9a-f]{40}$/);
      }

      // 6 judges, each with scores.
      const judgeRoles = await db
        .select({ userId: eventRoles.userId })
        .from(eventRoles)
        .where(and(eq(eventRoles.eventId, hackDay.id), eq(eventRoles.role, "judge")));
      expect(judgeRoles).toHaveLength(6);
      const [round] = await db.select().from(judgingRounds).where(eq(judgingRounds.eventId, hackDay.id));
      expect(round!.status).toBe("locked");
      const sheets = await db.select().from(scores).where(eq(scores.roundId, round!.id));
      for (const { userId } of judgeRoles) {
        expect(sheets.filter((sheet) => sheet.judgeUserId === userId).length).toBeGreaterThan(0);
      }

      // One harsh and one lenient judge, so that normalising changes the order.
      const rubric = (await currentRubric(round!.id))!.rubric;
      const input = sheets.map((sheet) => ({
        judgeId: sheet.judgeUserId,
        entryId: sheet.submissionId,
        scores: sheet.criterionScores,
      }));
      const order = (basis: "raw" | "normalised") =>
        rankEntries({ rubric, sheets: input, basis, bootstrap: { iterations: 1 } }).map((entry) => entry.entryId);
      expect(order("normalised")).not.toEqual(order("raw"));
      const meanOf = async (name: string) => {
        const [judge] = await db
          .select()
          .from(users)
          .where(eq(users.email, demoEmail(name)));
        const own = sheets
          .filter((sheet) => sheet.judgeUserId === judge!.id)
          .flatMap((sheet) => Object.values(sheet.criterionScores));
        return own.reduce((sum, score) => sum + score, 0) / own.length;
      };
      expect((await meanOf(JUDGES[1]!.name)) - (await meanOf(JUDGES[0]!.name))).toBeGreaterThan(1.5);

      // A tie settled by the organisers, with their reason, as the organisers' results page shows it.
      const [organiser] = await db.select().from(users).where(eq(users.email, outcome.signIns[1]!.email));
      const judgingPage = await run(
        withParams(judgingResultsLoader, { slug: HACK_DAY_SLUG, roundId: round!.id }),
        getRequest(`/events/${HACK_DAY_SLUG}/manage/judging/rounds/${round!.id}/results`, {
          cookie: await signedInCookie(organiser!),
        }),
      );
      expect(judgingPage.status).toBe(200);
      const { ranked } = judgingPage.data as {
        ranked: { rank: number; normalised: string; tieBreak: string | null; stillTied: boolean }[];
      };
      expect(ranked).toHaveLength(10);
      const settled = ranked.filter((entry) => entry.tieBreak?.includes("Organisers' decision"));
      expect(settled).toHaveLength(2);
      expect(settled[0]!.normalised).toBe(settled[1]!.normalised);
      expect(settled.map((entry) => entry.rank)).toEqual([3, 4]);
      expect(settled.some((entry) => entry.stillTied)).toBe(false);

      // Prize money approved by a second organiser; payouts in several states.
      const [allocation] = await db.select().from(prizeAllocations).where(eq(prizeAllocations.eventId, hackDay.id));
      expect(allocation!.status).toBe("approved");
      expect(allocation!.approvedByUserId).not.toBe(allocation!.proposedByUserId);
      const awardIds = (
        await db.select({ id: prizeAwards.id }).from(prizeAwards).where(eq(prizeAwards.eventId, hackDay.id))
      ).map((row) => row.id);
      const shareStatuses = new Set(
        (
          await db
            .select({ status: awardShares.status })
            .from(awardShares)
            .where(inArray(awardShares.awardId, awardIds))
        ).map((row) => row.status),
      );
      expect(shareStatuses.size).toBeGreaterThanOrEqual(3);

      // Support requests in every status.
      const requestStatuses = new Set(
        (await db.select({ status: supportRequests.status }).from(supportRequests)).map((row) => row.status),
      );
      expect([...requestStatuses].sort()).toEqual([...SUPPORT_STATUSES].sort());

      // The public results page shows the winners.
      const publicPage = await run(
        withParams(publicResultsLoader, { slug: HACK_DAY_SLUG }),
        getRequest(`/events/${HACK_DAY_SLUG}/results`),
      );
      expect(publicPage.status).toBe(200);
      const shown = (publicPage.data as { results: { categories: { winners: unknown[] }[] } | null }).results;
      expect(shown?.categories.flatMap((category) => category.winners)).toHaveLength(4);

      // The demo's emails are kept for the mailbox but never sent to the made-up addresses.
      const [pending] = await db.select({ n: count() }).from(emailOutbox).where(eq(emailOutbox.status, "pending"));
      expect(pending!.n).toBe(0);

      // A Code4Health challenge open for registration now.
      const challenge = await eventBySlug(CHALLENGE_SLUG);
      expect(challenge.kind).toBe("challenge");
      expect(phaseFlags(challenge.status, challenge, now).registrationOpen).toBe(true);

      // Loading again changes nothing.
      const before = await rowCounts();
      const again = await loadDemo(db, { now: new Date() });
      expect(again.status).toBe("already-loaded");
      expect(await rowCounts()).toEqual(before);
    },
    LOADING,
  );

  it("refuses a database that holds another event, and writes nothing", async () => {
    const db = getDb();
    const [community] = await db
      .insert(communities)
      .values({ slug: "leeds-c4h", name: "Leeds Code4Health" })
      .returning();
    await db
      .insert(events)
      .values({ communityId: community!.id, slug: "leeds-hack-2030", title: "Leeds Hack Day", kind: "hackday" });
    const before = await rowCounts();
    const outcome = await loadDemo(db);
    expect(outcome.status).toBe("refused");
    expect(outcome.status === "refused" && outcome.message).toContain("leeds-hack-2030");
    expect(await rowCounts()).toEqual(before);
  });
});
