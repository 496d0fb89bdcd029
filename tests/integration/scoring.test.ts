// Scoring from the judge's side: the queue, saving part and then all of a sheet, scores off the scale, a save
// from a stale page, a double submit, who may see which entry (assignment, declared and detected conflicts,
// the judge role), locked and reopened rounds, declaring a conflict, and many judges saving at once.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import {
  auditEvents,
  communities,
  eventRoles,
  events,
  judgeAssignments,
  judgeConflicts,
  judges,
  judgingRounds,
  registrations,
  roundEntries,
  rubricVersions,
  scores,
  submissions,
  teamMembers,
  teams,
  users,
  votes,
  type Event,
  type JudgingRound,
  type User,
} from "~/db/schema";
import { NHS_HACK_DAY_RUBRIC } from "~/domain/rubrics";
import { ballot, castVote } from "~/models/votes.server";
import {
  NO_ENTRY,
  ROUND_LOCKED,
  declareConflict,
  judgeQueue,
  publishedFeedback,
  saveScore,
  type ScoreInput,
} from "~/models/scoring.server";
import { action as scoreAction, loader as scoreLoader } from "~/routes/events.$slug.judge.$entryId";
import { action as conflictsAction, loader as conflictsLoader } from "~/routes/events.$slug.judge.conflicts";
import { loader as queueLoader } from "~/routes/events.$slug.judge._index";
import { action as importAction } from "~/routes/events.$slug.manage.judging.rounds.$roundId.import";
import { ORIGIN, context, formRequest, getRequest, makeUser, run, signedInCookie, type Outcome } from "./db";

const SLUG = "scoring-2030";
const CRITERIA = NHS_HACK_DAY_RUBRIC.criteria;
const KEYS = CRITERIA.map((criterion) => criterion.key);
const ALL_FOURS = Object.fromEntries(KEYS.map((key) => [key, 4]));

let addressCounter = 0;
/** makeUser's addresses all end @example.org, which would make everyone colleagues: each gets a domain of their own. */
function ownAddress(): string {
  addressCounter++;
  return `person${addressCounter}@home${addressCounter}-${process.pid}.example`;
}

async function setUp() {
  const db = getDb();
  const [community] = await db.insert(communities).values({ slug: "leeds-c4h", name: "Leeds Code4Health" }).returning();
  const [event] = await db
    .insert(events)
    .values({
      communityId: community!.id,
      slug: SLUG,
      title: "Leeds Hack Day 2030",
      kind: "hackday",
      status: "published",
    })
    .returning();
  const [round] = await db
    .insert(judgingRounds)
    .values({ eventId: event!.id, kind: "shortlist", name: "Shortlist", position: 0 })
    .returning();
  const [rubric] = await db
    .insert(rubricVersions)
    .values({ roundId: round!.id, version: 1, criteria: CRITERIA })
    .returning();
  return { event: event!, round: round!, rubric: rubric! };
}

async function judge(event: Event, name: string, organisation = ""): Promise<User> {
  const user = await makeUser({ name, email: ownAddress() });
  await getDb().insert(eventRoles).values({ eventId: event.id, userId: user.id, role: "judge" });
  await getDb().insert(judges).values({ eventId: event.id, userId: user.id, organisation });
  return user;
}

let teamCounter = 0;

/** A team of one registered participant with a submitted entry, in the round. */
async function entry(event: Event, round: JudgingRound, title: string, organisation = "") {
  const db = getDb();
  const member = await makeUser({ name: `Member of ${title}`, email: ownAddress() });
  await db.insert(registrations).values({ eventId: event.id, userId: member.id, organisation });
  const [team] = await db
    .insert(teams)
    .values({ eventId: event.id, name: `${title} team`, captainUserId: member.id, inviteCode: `code-${++teamCounter}` })
    .returning();
  await db.insert(teamMembers).values({ teamId: team!.id, eventId: event.id, userId: member.id });
  const [submission] = await db
    .insert(submissions)
    .values({ eventId: event.id, teamId: team!.id, status: "submitted", title, submittedAt: new Date(), version: 1 })
    .returning();
  await db.insert(roundEntries).values({ roundId: round.id, submissionId: submission!.id });
  return { team: team!, submission: submission!, member };
}

async function assign(round: JudgingRound, judgeUser: User, submissionId: string) {
  await getDb().insert(judgeAssignments).values({ roundId: round.id, judgeUserId: judgeUser.id, submissionId });
}

function input(round: JudgingRound, submissionId: string, overrides: Partial<ScoreInput> = {}): ScoreInput {
  return {
    roundId: round.id,
    submissionId,
    baseVersion: 0,
    criterionScores: {},
    feedback: "",
    privateNote: "",
    teamAbsent: false,
    ...overrides,
  };
}

/** The scoring page's loader or action, with the address's parameters. */
function page(handler: typeof scoreLoader | typeof scoreAction, entryId: string) {
  return (args: { request: Request; params: Record<string, string>; context: ReturnType<typeof context> }) =>
    (handler as (args: unknown) => unknown)({ ...args, params: { slug: SLUG, entryId } });
}

function at(handler: (args: never) => unknown) {
  return (args: { request: Request; params: Record<string, string>; context: ReturnType<typeof context> }) =>
    (handler as (args: unknown) => unknown)({ ...args, params: { slug: SLUG } });
}

function scoreForm(version: number, fields: Record<string, string> = {}): Record<string, string> {
  return { version: String(version), feedback: "", privateNote: "", ...fields };
}

function errorsOf(outcome: Outcome): Record<string, string> {
  return (outcome.data as { errors?: Record<string, string> }).errors ?? {};
}

async function sheetOf(round: JudgingRound, judgeUser: User, submissionId: string) {
  const rows = await getDb()
    .select()
    .from(scores)
    .where(
      and(eq(scores.roundId, round.id), eq(scores.judgeUserId, judgeUser.id), eq(scores.submissionId, submissionId)),
    );
  return rows;
}

async function scoreAudits() {
  return getDb().select().from(auditEvents).where(eq(auditEvents.action, "score.saved"));
}

describe("a judge's queue and scoring page", () => {
  it("lists only the judge's assigned entries, with progress, and shows the rubric at its scale", async () => {
    const { event, round } = await setUp();
    const ann = await judge(event, "Ann Judge");
    const other = await judge(event, "Other Judge");
    const a = await entry(event, round, "Asthma Buddy");
    const b = await entry(event, round, "Bed Finder");
    const c = await entry(event, round, "Care Notes");
    await assign(round, ann, a.submission.id);
    await assign(round, ann, b.submission.id);
    await assign(round, other, c.submission.id);
    const cookie = await signedInCookie(ann);

    const queue = await run(at(queueLoader), getRequest(`/events/${SLUG}/judge`, { cookie }));
    expect(queue.status).toBe(200);
    const { rounds } = queue.data as { rounds: Awaited<ReturnType<typeof judgeQueue>> };
    expect(rounds).toHaveLength(1);
    expect(rounds[0]!.entries.map((item) => item.title)).toEqual(["Asthma Buddy", "Bed Finder"]);
    expect(rounds[0]!.scored).toBe(0);
    expect(rounds[0]!.entries.every((item) => item.status === "not_started")).toBe(true);

    const shown = await run(
      page(scoreLoader, a.submission.id),
      getRequest(`/events/${SLUG}/judge/${a.submission.id}`, { cookie }),
    );
    expect(shown.status).toBe(200);
    const data = shown.data as {
      entry: { title: string };
      round: { id: string };
      criteria: { key: string; percentage: number; scaleMin: number; scaleMax: number }[];
      saved: unknown;
      editable: boolean;
    };
    expect(data.entry.title).toBe("Asthma Buddy");
    expect(data.round.id).toBe(round.id);
    expect(data.editable).toBe(true);
    expect(data.saved).toBeNull();
    expect(data.criteria.map((criterion) => criterion.percentage)).toEqual([30, 20, 20, 15, 15]);
    expect(data.criteria.every((criterion) => criterion.scaleMin === 1 && criterion.scaleMax === 5)).toBe(true);
  });

  it("saves part of a sheet, then all of it, and moves on to the next entry", async () => {
    const { event, round, rubric } = await setUp();
    const ann = await judge(event, "Ann Judge");
    const a = await entry(event, round, "Asthma Buddy");
    const b = await entry(event, round, "Bed Finder");
    await assign(round, ann, a.submission.id);
    await assign(round, ann, b.submission.id);
    const cookie = await signedInCookie(ann);
    const path = `/events/${SLUG}/judge/${a.submission.id}?round=${round.id}`;

    const partial = await run(
      page(scoreAction, a.submission.id),
      formRequest(path, scoreForm(0, { "score-clinical-need": "4", "score-presentation": "2" }), { cookie }),
    );
    expect(partial.status).toBe(302);
    expect(partial.headers.get("Location")).toBe(
      `/events/${SLUG}/judge/${a.submission.id}?round=${round.id}&done=progress`,
    );
    let [sheet] = await sheetOf(round, ann, a.submission.id);
    expect(sheet!.criterionScores).toEqual({ "clinical-need": 4, presentation: 2 });
    expect(sheet!.version).toBe(1);
    expect(sheet!.rubricVersionId).toBe(rubric.id);
    let queue = await judgeQueue(ann, event);
    expect(queue[0]!.entries[0]!.status).toBe("in_progress");
    expect(queue[0]!.scored).toBe(0);

    const fields = Object.fromEntries(KEYS.map((key) => [`score-${key}`, "4"]));
    const complete = await run(
      page(scoreAction, a.submission.id),
      formRequest(
        path,
        scoreForm(1, { ...fields, feedback: "Lovely demo", privateNote: "Strong team", teamAbsent: "" }),
        {
          cookie,
        },
      ),
    );
    expect(complete.status).toBe(302);
    expect(complete.headers.get("Location")).toBe(
      `/events/${SLUG}/judge/${b.submission.id}?round=${round.id}&done=saved&from=${a.submission.id}`,
    );
    [sheet] = await sheetOf(round, ann, a.submission.id);
    expect(sheet!.criterionScores).toEqual(ALL_FOURS);
    expect(sheet!.feedback).toBe("Lovely demo");
    expect(sheet!.privateNote).toBe("Strong team");
    expect(sheet!.version).toBe(2);
    queue = await judgeQueue(ann, event);
    expect(queue[0]!.scored).toBe(1);
    expect(queue[0]!.entries.map((item) => item.status)).toEqual(["complete", "not_started"]);

    // The next page names the entry just scored.
    const next = await run(
      page(scoreLoader, b.submission.id),
      getRequest(`/events/${SLUG}/judge/${b.submission.id}?round=${round.id}&done=saved&from=${a.submission.id}`, {
        cookie,
      }),
    );
    expect((next.data as { previousSaved: string }).previousSaved).toBe("Asthma Buddy");

    // Each change is audited with the criterion scores before and after.
    const audits = await scoreAudits();
    expect(audits).toHaveLength(2);
    const last = audits.find((audit) => (audit.after as { version: number }).version === 2)!;
    expect((last.before as { criterionScores: unknown }).criterionScores).toEqual({
      "clinical-need": 4,
      presentation: 2,
    });
    expect((last.after as { criterionScores: unknown }).criterionScores).toEqual(ALL_FOURS);
    expect(last.actorUserId).toBe(ann.id);

    // "Team absent" completes a sheet without scores; the last entry done goes back to the queue.
    const absent = await run(
      page(scoreAction, b.submission.id),
      formRequest(`/events/${SLUG}/judge/${b.submission.id}?round=${round.id}`, scoreForm(0, { teamAbsent: "yes" }), {
        cookie,
      }),
    );
    expect(absent.headers.get("Location")).toBe(`/events/${SLUG}/judge?done=saved&from=${b.submission.id}`);
    queue = await judgeQueue(ann, event);
    expect(queue[0]!.scored).toBe(2);
    expect(queue[0]!.entries[1]!.status).toBe("team_absent");
  });

  it("refuses a score off the criterion's scale with a message on that criterion, and stores nothing", async () => {
    const { event, round } = await setUp();
    const ann = await judge(event, "Ann Judge");
    const a = await entry(event, round, "Asthma Buddy");
    await assign(round, ann, a.submission.id);
    const cookie = await signedInCookie(ann);

    const outcome = await saveScore(
      ann,
      event,
      input(round, a.submission.id, { criterionScores: { "clinical-need": 6 } }),
    );
    expect(outcome).toEqual({
      invalid: { "clinical-need": "Choose a score from 1 to 5 for Clinical need and impact" },
    });

    const posted = await run(
      page(scoreAction, a.submission.id),
      formRequest(
        `/events/${SLUG}/judge/${a.submission.id}?round=${round.id}`,
        scoreForm(0, { "score-clinical-need": "3", "score-presentation": "0" }),
        { cookie },
      ),
    );
    expect(posted.status).toBe(400);
    expect(errorsOf(posted)).toEqual({ "score-presentation": "Choose a score from 1 to 5 for Presentation" });
    const notANumber = await run(
      page(scoreAction, a.submission.id),
      formRequest(
        `/events/${SLUG}/judge/${a.submission.id}?round=${round.id}`,
        scoreForm(0, { "score-nhs-feasibility": "four" }),
        { cookie },
      ),
    );
    expect(notANumber.status).toBe(400);
    expect(errorsOf(notANumber)["score-nhs-feasibility"]).toBe("Choose a score from 1 to 5 for Feasibility in the NHS");
    expect(await sheetOf(round, ann, a.submission.id)).toHaveLength(0);
    expect(await scoreAudits()).toHaveLength(0);
  });

  it("keeps a sheet's rubric version when the rubric changes; new sheets take the new version", async () => {
    const { event, round, rubric } = await setUp();
    const ann = await judge(event, "Ann Judge");
    const a = await entry(event, round, "Asthma Buddy");
    const b = await entry(event, round, "Bed Finder");
    await assign(round, ann, a.submission.id);
    await assign(round, ann, b.submission.id);
    await saveScore(ann, event, input(round, a.submission.id, { criterionScores: { "clinical-need": 3 } }));
    const tenPoint = CRITERIA.map((criterion) => ({ ...criterion, scaleMax: 10, descriptors: [] }));
    const [second] = await getDb()
      .insert(rubricVersions)
      .values({ roundId: round.id, version: 2, criteria: tenPoint })
      .returning();

    // The old sheet is still on a 1 to 5 scale.
    const old = await saveScore(
      ann,
      event,
      input(round, a.submission.id, { baseVersion: 1, criterionScores: { "clinical-need": 8 } }),
    );
    expect("invalid" in old).toBe(true);
    await saveScore(
      ann,
      event,
      input(round, a.submission.id, { baseVersion: 1, criterionScores: { "clinical-need": 5 } }),
    );
    expect((await sheetOf(round, ann, a.submission.id))[0]!.rubricVersionId).toBe(rubric.id);

    const fresh = await saveScore(
      ann,
      event,
      input(round, b.submission.id, { criterionScores: { "clinical-need": 8 } }),
    );
    expect("saved" in fresh).toBe(true);
    expect((await sheetOf(round, ann, b.submission.id))[0]!.rubricVersionId).toBe(second!.id);
  });
});

describe("saves that cross", () => {
  it("refuses a save from a stale page with both values shown, and changes nothing", async () => {
    const { event, round } = await setUp();
    const ann = await judge(event, "Ann Judge");
    const a = await entry(event, round, "Asthma Buddy");
    await assign(round, ann, a.submission.id);

    // The phone saves first; the laptop's page was opened before that.
    const phone = await saveScore(
      ann,
      event,
      input(round, a.submission.id, { criterionScores: { "clinical-need": 5, presentation: 3 }, feedback: "Great" }),
    );
    expect("saved" in phone && phone.saved.version).toBe(1);
    const laptop = await saveScore(
      ann,
      event,
      input(round, a.submission.id, { criterionScores: { "clinical-need": 2, presentation: 3 }, feedback: "Weak" }),
    );
    if (!("conflict" in laptop)) throw new Error(`expected a conflict, got ${JSON.stringify(laptop)}`);
    expect(laptop.conflict.version).toBe(1);
    expect(laptop.conflict.differences).toEqual([
      { label: "Clinical need and impact", theirs: "5", yours: "2" },
      { label: "Feasibility in the NHS", theirs: "Not scored", yours: "Not scored" },
      { label: "Technical execution", theirs: "Not scored", yours: "Not scored" },
      { label: "Use of open standards and data", theirs: "Not scored", yours: "Not scored" },
      { label: "Presentation", theirs: "3", yours: "3" },
      { label: "Feedback for the team", theirs: "Great", yours: "Weak" },
    ]);
    const [sheet] = await sheetOf(round, ann, a.submission.id);
    expect(sheet!.criterionScores).toEqual({ "clinical-need": 5, presentation: 3 });
    expect(sheet!.version).toBe(1);
    expect(await scoreAudits()).toHaveLength(1);

    // Through the page: a 409 with the comparison and the version to save over, and the typed values kept.
    const posted = await run(
      page(scoreAction, a.submission.id),
      formRequest(
        `/events/${SLUG}/judge/${a.submission.id}?round=${round.id}`,
        scoreForm(0, { "score-clinical-need": "2", feedback: "Weak" }),
        { cookie: await signedInCookie(ann) },
      ),
    );
    expect(posted.status).toBe(409);
    const body = posted.data as {
      conflict: { version: number; differences: { label: string; theirs: string; yours: string }[] };
      values: Record<string, string>;
    };
    expect(body.conflict.version).toBe(1);
    expect(body.conflict.differences[0]).toEqual({ label: "Clinical need and impact", theirs: "5", yours: "2" });
    expect(body.values["score-clinical-need"]).toBe("2");

    // Saving again on top of the version shown keeps the laptop's scores.
    const again = await saveScore(
      ann,
      event,
      input(round, a.submission.id, { baseVersion: 1, criterionScores: { "clinical-need": 2 }, feedback: "Weak" }),
    );
    expect("saved" in again && again.saved.version).toBe(2);
  });

  it("stores a double submit once, answers both as saved, and audits once", async () => {
    const { event, round } = await setUp();
    const ann = await judge(event, "Ann Judge");
    const a = await entry(event, round, "Asthma Buddy");
    await assign(round, ann, a.submission.id);
    const sheet = input(round, a.submission.id, { criterionScores: ALL_FOURS, feedback: "Clear pitch" });

    // Impatient taps: the same form sent five times before the first answer came back.
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => saveScore(ann, event, sheet)));
    expect(outcomes.every((outcome) => "saved" in outcome && outcome.saved.version === 1)).toBe(true);
    expect(outcomes.filter((outcome) => "saved" in outcome && outcome.saved.changed)).toHaveLength(1);
    const rows = await sheetOf(round, ann, a.submission.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.version).toBe(1);
    expect(await scoreAudits()).toHaveLength(1);

    // The same through the page, twice in a row after the first answer was lost: both redirect.
    const cookie = await signedInCookie(ann);
    const form = scoreForm(1, {
      ...Object.fromEntries(KEYS.map((key) => [`score-${key}`, "3"])),
      feedback: "Clear pitch",
    });
    const path = `/events/${SLUG}/judge/${a.submission.id}?round=${round.id}`;
    const one = await run(page(scoreAction, a.submission.id), formRequest(path, form, { cookie }));
    const two = await run(page(scoreAction, a.submission.id), formRequest(path, form, { cookie }));
    expect([one.status, two.status]).toEqual([302, 302]);
    expect((await sheetOf(round, ann, a.submission.id))[0]!.version).toBe(2);
    expect(await scoreAudits()).toHaveLength(2);
  });
  it("lets exactly one of two different saves from the same version through; the other sees both", async () => {
    const { event, round } = await setUp();
    const ann = await judge(event, "Ann Judge");
    const a = await entry(event, round, "Asthma Buddy");
    await assign(round, ann, a.submission.id);
    const outcomes = await Promise.all([
      saveScore(ann, event, input(round, a.submission.id, { criterionScores: { presentation: 2 } })),
      saveScore(ann, event, input(round, a.submission.id, { criterionScores: { presentation: 5 } })),
    ]);
    expect(outcomes.filter((outcome) => "saved" in outcome)).toHaveLength(1);
    expect(outcomes.filter((outcome) => "conflict" in outcome)).toHaveLength(1);
    const rows = await sheetOf(round, ann, a.submission.id);
    expect(rows).toHaveLength(1);
    expect(await scoreAudits()).toHaveLength(1);
  });
});

describe("who may score what", () => {
  it("answers 404 for an entry not assigned to the judge, and refuses to save it", async () => {
    const { event, round } = await setUp();
    const ann = await judge(event, "Ann Judge");
    const other = await judge(event, "Other Judge");
    const a = await entry(event, round, "Asthma Buddy");
    await assign(round, other, a.submission.id);
    const cookie = await signedInCookie(ann);

    for (const path of [
      `/events/${SLUG}/judge/${a.submission.id}`,
      `/events/${SLUG}/judge/${a.submission.id}?round=${round.id}`,
    ]) {
      const shown = await run(page(scoreLoader, a.submission.id), getRequest(path, { cookie }));
      expect(shown.status).toBe(404);
      expect(shown.data).toEqual({ message: NO_ENTRY });
    }
    const posted = await run(
      page(scoreAction, a.submission.id),
      formRequest(
        `/events/${SLUG}/judge/${a.submission.id}?round=${round.id}`,
        scoreForm(0, { "score-presentation": "3" }),
        {
          cookie,
        },
      ),
    );
    expect(posted.status).toBe(404);
    expect(
      await saveScore(ann, event, input(round, a.submission.id, { criterionScores: { presentation: 3 } })),
    ).toEqual({
      error: NO_ENTRY,
    });
    // Addresses that are not an entry at all read the same.
    expect(
      (await run(page(scoreLoader, "not-a-uuid"), getRequest(`/events/${SLUG}/judge/not-a-uuid`, { cookie }))).status,
    ).toBe(404);
    expect(
      (
        await run(
          page(scoreLoader, a.submission.id),
          getRequest(`/events/${SLUG}/judge/${a.submission.id}?round=nonsense`, { cookie }),
        )
      ).status,
    ).toBe(404);
    expect(await sheetOf(round, other, a.submission.id)).toHaveLength(0);
  });

  it("answers 404 for an entry the judge declared a conflict with, even with an assignment", async () => {
    const { event, round } = await setUp();
    const ann = await judge(event, "Ann Judge");
    const a = await entry(event, round, "Asthma Buddy");
    const b = await entry(event, round, "Bed Finder");
    await assign(round, ann, a.submission.id);
    await assign(round, ann, b.submission.id);
    await getDb()
      .insert(judgeConflicts)
      .values({ eventId: event.id, judgeUserId: ann.id, teamId: a.team.id, note: "My cousin" });
    const cookie = await signedInCookie(ann);

    const shown = await run(
      page(scoreLoader, a.submission.id),
      getRequest(`/events/${SLUG}/judge/${a.submission.id}?round=${round.id}`, { cookie }),
    );
    expect(shown.status).toBe(404);
    expect(shown.data).toEqual({ message: NO_ENTRY });
    const posted = await run(
      page(scoreAction, a.submission.id),
      formRequest(
        `/events/${SLUG}/judge/${a.submission.id}?round=${round.id}`,
        scoreForm(0, { "score-presentation": "3" }),
        {
          cookie,
        },
      ),
    );
    expect(posted.status).toBe(404);
    expect(await saveScore(ann, event, input(round, a.submission.id))).toEqual({ error: NO_ENTRY });
    const queue = await judgeQueue(ann, event);
    expect(queue[0]!.entries.map((item) => item.title)).toEqual(["Bed Finder"]);
    expect(await sheetOf(round, ann, a.submission.id)).toHaveLength(0);
  });

  it("answers 404 for an entry whose team shares the judge's organisation, even with an assignment", async () => {
    const { event, round } = await setUp();
    const ann = await judge(event, "Ann Judge", "The Leeds Teaching Hospitals");
    const a = await entry(event, round, "Asthma Buddy", "Leeds Teaching Hospitals");
    const b = await entry(event, round, "Bed Finder", "University of Leeds");
    await assign(round, ann, a.submission.id);
    await assign(round, ann, b.submission.id);
    const cookie = await signedInCookie(ann);

    const shown = await run(
      page(scoreLoader, a.submission.id),
      getRequest(`/events/${SLUG}/judge/${a.submission.id}`, { cookie }),
    );
    expect(shown.status).toBe(404);
    expect(
      await saveScore(ann, event, input(round, a.submission.id, { criterionScores: { presentation: 3 } })),
    ).toEqual({
      error: NO_ENTRY,
    });
    expect((await judgeQueue(ann, event))[0]!.entries.map((item) => item.title)).toEqual(["Bed Finder"]);
    const fine = await run(
      page(scoreLoader, b.submission.id),
      getRequest(`/events/${SLUG}/judge/${b.submission.id}`, { cookie }),
    );
    expect(fine.status).toBe(200);
  });

  it("answers 404 for an entry whose member shares the judge's work email domain, unless the event calls it shared", async () => {
    const { event, round } = await setUp();
    const ann = await judge(event, "Ann Judge");
    const a = await entry(event, round, "Asthma Buddy");
    await assign(round, ann, a.submission.id);
    const domain = `trust-${process.pid}.nhs.uk`;
    await getDb().update(registrations).set({ organisation: "" }).where(eq(registrations.userId, a.member.id));
    await getDb()
      .update(users)
      .set({ email: `ann@${domain}` })
      .where(eq(users.id, ann.id));
    await getDb()
      .update(users)
      .set({ email: `member@${domain}` })
      .where(eq(users.id, a.member.id));
    const cookie = await signedInCookie(ann);
    const path = `/events/${SLUG}/judge/${a.submission.id}`;
    expect((await run(page(scoreLoader, a.submission.id), getRequest(path, { cookie }))).status).toBe(404);

    await getDb()
      .update(events)
      .set({ sharedEmailDomains: [domain] })
      .where(eq(events.id, event.id));
    expect((await run(page(scoreLoader, a.submission.id), getRequest(path, { cookie }))).status).toBe(200);
  });

  it("answers 403 to someone who is not a judge at the event", async () => {
    const { event, round } = await setUp();
    const a = await entry(event, round, "Asthma Buddy");
    const participant = await makeUser({ email: ownAddress() });
    const cookie = await signedInCookie(participant);
    expect((await run(at(queueLoader), getRequest(`/events/${SLUG}/judge`, { cookie }))).status).toBe(403);
    expect(
      (
        await run(
          page(scoreLoader, a.submission.id),
          getRequest(`/events/${SLUG}/judge/${a.submission.id}`, { cookie }),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await run(
          page(scoreAction, a.submission.id),
          formRequest(`/events/${SLUG}/judge/${a.submission.id}`, scoreForm(0), { cookie }),
        )
      ).status,
    ).toBe(403);
    expect((await run(at(conflictsLoader), getRequest(`/events/${SLUG}/judge/conflicts`, { cookie }))).status).toBe(
      403,
    );
    // Someone signed out is sent to sign in.
    const anonymous = await run(at(queueLoader), getRequest(`/events/${SLUG}/judge`));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?/);
  });
});

describe("locked rounds", () => {
  it("refuses saves once a round is locked, shows the sheet read-only, and allows them again when reopened", async () => {
    const { event, round } = await setUp();
    const ann = await judge(event, "Ann Judge");
    const a = await entry(event, round, "Asthma Buddy");
    await assign(round, ann, a.submission.id);
    await saveScore(ann, event, input(round, a.submission.id, { criterionScores: { presentation: 3 } }));
    await getDb().update(judgingRounds).set({ status: "locked" }).where(eq(judgingRounds.id, round.id));

    const refused = await saveScore(
      ann,
      event,
      input(round, a.submission.id, { baseVersion: 1, criterionScores: { presentation: 5 } }),
    );
    expect(refused).toEqual({ error: ROUND_LOCKED });
    const cookie = await signedInCookie(ann);
    const path = `/events/${SLUG}/judge/${a.submission.id}?round=${round.id}`;
    const posted = await run(
      page(scoreAction, a.submission.id),
      formRequest(path, scoreForm(1, { "score-presentation": "5" }), { cookie }),
    );
    expect(posted.status).toBe(400);
    expect(Object.values(errorsOf(posted))).toEqual([ROUND_LOCKED]);
    const shown = await run(page(scoreLoader, a.submission.id), getRequest(path, { cookie }));
    expect((shown.data as { editable: boolean }).editable).toBe(false);
    expect(await judgeQueue(ann, event)).toEqual([]);
    expect((await sheetOf(round, ann, a.submission.id))[0]!.criterionScores).toEqual({ presentation: 3 });

    await getDb().update(scores).set({ reopenedAt: new Date() }).where(eq(scores.judgeUserId, ann.id));
    const reopened = await saveScore(
      ann,
      event,
      input(round, a.submission.id, { baseVersion: 1, criterionScores: { presentation: 5 } }),
    );
    expect("saved" in reopened).toBe(true);
    expect((await judgeQueue(ann, event))[0]!.locked).toBe(true);
  });
});

describe("declaring a conflict", () => {
  it("records it with the note, takes the entry out of the judge's queue and audits it", async () => {
    const { event, round } = await setUp();
    const ann = await judge(event, "Ann Judge");
    const a = await entry(event, round, "Asthma Buddy");
    const b = await entry(event, round, "Bed Finder");
    await assign(round, ann, a.submission.id);
    await assign(round, ann, b.submission.id);
    const cookie = await signedInCookie(ann);

    const page0 = await run(at(conflictsLoader), getRequest(`/events/${SLUG}/judge/conflicts`, { cookie }));
    expect((page0.data as { teams: { label: string }[] }).teams.map((team) => team.label)).toEqual([
      "Asthma Buddy team",
      "Bed Finder team",
    ]);
    const posted = await run(
      at(conflictsAction),
      formRequest(`/events/${SLUG}/judge/conflicts`, { team: a.team.id, note: "I supervise one of them" }, { cookie }),
    );
    expect(posted.status).toBe(302);
    expect(posted.headers.get("Location")).toBe(`/events/${SLUG}/judge/conflicts?declared=${a.team.id}`);
    const [stored] = await getDb().select().from(judgeConflicts).where(eq(judgeConflicts.judgeUserId, ann.id));
    expect(stored).toMatchObject({ teamId: a.team.id, note: "I supervise one of them", eventId: event.id });
    expect((await judgeQueue(ann, event))[0]!.entries.map((item) => item.title)).toEqual(["Bed Finder"]);
    const audits = await getDb().select().from(auditEvents);
    expect(audits.some((audit) => audit.actorUserId === ann.id && /conflict/.test(audit.action))).toBe(true);

    const again = await declareConflict(ann, event, a.team.id, "");
    expect("error" in again).toBe(true);
    const blank = await run(
      at(conflictsAction),
      formRequest(`/events/${SLUG}/judge/conflicts`, { team: "" }, { cookie }),
    );
    expect(blank.status).toBe(400);
    expect(errorsOf(blank)).toEqual({ team: "Choose the team" });
  });
});

describe.skipIf(process.env.TEST_DB_DRIVER !== "postgres")("many judges at once (PostgreSQL)", () => {
  it("loses nothing when 50 judges save their scores for one entry at the same moment", async () => {
    const { event, round } = await setUp();
    const a = await entry(event, round, "Asthma Buddy");
    const panel: User[] = [];
    for (let index = 0; index < 50; index++) panel.push(await judge(event, `Judge ${index + 1}`));
    await getDb()
      .insert(judgeAssignments)
      .values(panel.map((person) => ({ roundId: round.id, judgeUserId: person.id, submissionId: a.submission.id })));

    const outcomes = await Promise.all(
      panel.map((person, index) =>
        saveScore(
          person,
          event,
          input(round, a.submission.id, {
            criterionScores: Object.fromEntries(KEYS.map((key) => [key, (index % 5) + 1])),
            feedback: `From judge ${index + 1}`,
          }),
        ),
      ),
    );
    expect(outcomes.every((outcome) => "saved" in outcome && outcome.saved.complete)).toBe(true);
    const rows = await getDb().select().from(scores).where(eq(scores.submissionId, a.submission.id));
    expect(rows).toHaveLength(50);
    const byJudge = new Map(rows.map((row) => [row.judgeUserId, row]));
    panel.forEach((person, index) => {
      const row = byJudge.get(person.id)!;
      expect(row.feedback).toBe(`From judge ${index + 1}`);
      expect(row.criterionScores[KEYS[0]!]).toBe((index % 5) + 1);
    });
    expect(await scoreAudits()).toHaveLength(50);
  });
});

describe("feedback to teams", () => {
  it("shows a team its judges' comments, without their names, only once the round's results are published", async () => {
    const { event, round } = await setUp();
    const ada = await judge(event, "Ada Judge");
    const bob = await judge(event, "Bob Judge");
    const { submission } = await entry(event, round, "Breathe Easy");
    await assign(round, ada, submission.id);
    await assign(round, bob, submission.id);
    await saveScore(
      ada,
      event,
      input(round, submission.id, { criterionScores: ALL_FOURS, feedback: "Talk to the respiratory nurses" }),
    );
    await saveScore(bob, event, input(round, submission.id, { criterionScores: ALL_FOURS, feedback: "  " }));
    expect(await publishedFeedback(event, submission.id)).toEqual([]);
    await getDb().update(judgingRounds).set({ resultsPublishedAt: new Date() }).where(eq(judgingRounds.id, round.id));
    const feedback = await publishedFeedback(event, submission.id);
    expect(feedback).toEqual([{ roundName: "Shortlist", comments: ["Talk to the respiratory nurses"] }]);
    expect(JSON.stringify(feedback)).not.toContain("Ada");
  });
});

describe("paper score sheets", () => {
  function csvUpload(cookie: string, roundId: string, text: string) {
    const form = new FormData();
    form.set("file", new File([text], "scores.csv", { type: "text/csv" }));
    return new Request(`${ORIGIN}/events/${SLUG}/manage/judging/rounds/${roundId}/import`, {
      method: "POST",
      body: form,
      headers: { Cookie: cookie },
    });
  }
  const importAt = (roundId: string) => (args: { request: Request; context: ReturnType<typeof context> }) =>
    (importAction as (args: unknown) => unknown)({ ...args, params: { slug: SLUG, roundId } });

  it("shows every row's problems with nothing saved, then imports a clean file into the judges' sheets, audited", async () => {
    const { event, round } = await setUp();
    const organiser = await makeUser({ isAdmin: true });
    const cookie = await signedInCookie(organiser);
    const ada = await judge(event, "Ada Judge");
    const { submission } = await entry(event, round, "Breathe Easy");
    await assign(round, ada, submission.id);
    await saveScore(ada, event, input(round, submission.id, { criterionScores: { [KEYS[1]!]: 2 } }));

    const bad = `Judge email,Entry,Criterion,Score\r\n${ada.email},Breathe Easy,${CRITERIA[0]!.name},7\r\nnobody@example.org,Breathe Easy,${CRITERIA[0]!.name},3\r\n`;
    const refused = await run(importAt(round.id), csvUpload(cookie, round.id, bad));
    expect(refused.status).toBe(400);
    expect(Object.keys(errorsOf(refused))).toEqual(["row-2", "row-3"]);
    expect((await sheetOf(round, ada, submission.id))[0]!.criterionScores).toEqual({ [KEYS[1]!]: 2 });

    const good = `Judge email,Entry,Criterion,Score\r\n${ada.email},Breathe Easy,${CRITERIA[0]!.name},4\r\n`;
    const preview = await run(importAt(round.id), csvUpload(cookie, round.id, good));
    expect(preview.status).toBe(200);
    const csv = (preview.data as { preview: { csv: string } }).preview.csv;
    const confirmed = await run(
      importAt(round.id),
      formRequest(`/events/${SLUG}/manage/judging/rounds/${round.id}/import`, { csv }, { cookie }),
    );
    expect(confirmed.status).toBe(302);
    const [sheet] = await sheetOf(round, ada, submission.id);
    expect(sheet!.criterionScores).toEqual({ [KEYS[0]!]: 4, [KEYS[1]!]: 2 });
    const audits = await getDb().select().from(auditEvents).where(eq(auditEvents.action, "score.imported"));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorUserId: organiser.id, subjectId: sheet!.id });
  });

  it("is refused to a judge who is not an organiser", async () => {
    const { event, round } = await setUp();
    const ada = await judge(event, "Ada Judge");
    const outcome = await run(importAt(round.id), csvUpload(await signedInCookie(ada), round.id, "Judge email\r\n"));
    expect(outcome.status).toBe(403);
  });
});

describe("People's Choice", () => {
  it("takes one vote per registered participant, never for their own team, changeable until the round is locked", async () => {
    const { event, round: shortlist } = await setUp();
    const [vote] = await getDb()
      .insert(judgingRounds)
      .values({ eventId: event.id, kind: "peoples_choice", name: "People's Choice", position: 1 })
      .returning();
    const mine = await entry(event, shortlist, "Breathe Easy");
    const theirs = await entry(event, shortlist, "Ward Watch");
    await getDb()
      .insert(roundEntries)
      .values([
        { roundId: vote!.id, submissionId: mine.submission.id },
        { roundId: vote!.id, submissionId: theirs.submission.id },
      ]);
    const voter = mine.member;
    const outsider = await makeUser();

    const paper = await ballot(event, voter.id);
    expect(paper!.entries.map((e) => [e.title, e.ownTeam])).toEqual([
      ["Breathe Easy", true],
      ["Ward Watch", false],
    ]);
    expect(await castVote(voter, event, mine.submission.id)).toEqual({
      error: "You cannot vote for your own team. Choose another entry",
      field: "submissionId",
    });
    expect(await castVote(outsider, event, theirs.submission.id)).toEqual({
      error: "Only people registered for this event can vote",
    });
    expect(await castVote(voter, event, theirs.submission.id)).toEqual({ voted: true });
    expect(await castVote(voter, event, theirs.submission.id)).toEqual({ voted: true });
    expect(await getDb().select().from(votes).where(eq(votes.roundId, vote!.id))).toHaveLength(1);
    await getDb().update(judgingRounds).set({ status: "locked" }).where(eq(judgingRounds.id, vote!.id));
    expect(await castVote(voter, event, theirs.submission.id)).toEqual({ error: "Voting is not open" });
  });
});
