// Judging from the organisers' side: rounds and rubric versions, judges and conflicts, assignment
// and reassignment after a late conflict, locking and reopening, results and their publication,
// and who may see the organisers' judging pages.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import {
  auditEvents,
  communities,
  communityOrganisers,
  emailOutbox,
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
  type Event,
  type User,
} from "~/db/schema";
import { conflictKey, loadSpread } from "~/domain/assignment";
import { NHS_HACK_DAY_RUBRIC, type Rubric } from "~/domain/rubrics";
import {
  addAssignment,
  autoAssign,
  conflictSet,
  conflictsFor,
  createRound,
  currentRubric,
  entryRooms,
  lockRound,
  progress,
  publishResults,
  reassignAfterConflict,
  reopenScores,
  roundResults,
  saveJudgeProfile,
  saveRubric,
  setEntryRooms,
  setRankingBasis,
  setTieBreak,
  unlockRound,
} from "~/models/judging.server";
import { loader as overviewLoader } from "~/routes/events.$slug.manage.judging._index";
import { action as judgesAction, loader as judgesLoader } from "~/routes/events.$slug.manage.judging.judges";
import { action as newRoundAction } from "~/routes/events.$slug.manage.judging.rounds.new";
import {
  action as roundAction,
  loader as roundLoader,
} from "~/routes/events.$slug.manage.judging.rounds.$roundId._index";
import { action as rubricAction } from "~/routes/events.$slug.manage.judging.rounds.$roundId.rubric";
import {
  action as resultsAction,
  loader as resultsLoader,
} from "~/routes/events.$slug.manage.judging.rounds.$roundId.results";
import { loader as scoresCsvLoader } from "~/routes/events.$slug.manage.judging.rounds.$roundId.scores[.]csv";
import { loader as resultsCsvLoader } from "~/routes/events.$slug.manage.judging.rounds.$roundId.results[.]csv";
import type { Refusal } from "~/models/refusals.server";
import { formRequest, getRequest, makeUser, run, signedInCookie, context } from "./db";

const SLUG = "judging-2030";

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
  const organiser = await makeUser({ name: "Olu Organiser", email: "olu@leeds-c4h.example" });
  await db.insert(communityOrganisers).values({ communityId: community!.id, userId: organiser.id });
  const eventOrganiser = await makeUser({ name: "Efe Organiser", email: "efe@example.org" });
  await db.insert(eventRoles).values({ eventId: event!.id, userId: eventOrganiser.id, role: "organiser" });
  return { event: event!, organiser, eventOrganiser };
}

async function judge(
  event: Event,
  name: string,
  profile: { expertise?: "clinical" | "technical" | "other"; organisation?: string; email?: string } = {},
): Promise<User> {
  const user = await makeUser({ name, email: profile.email ?? ownAddress() });
  await getDb().insert(eventRoles).values({ eventId: event.id, userId: user.id, role: "judge" });
  await getDb()
    .insert(judges)
    .values({
      eventId: event.id,
      userId: user.id,
      expertise: profile.expertise ?? "other",
      organisation: profile.organisation ?? "",
    });
  return user;
}

let teamCounter = 0;
let addressCounter = 0;

/** makeUser's addresses all end @example.org, which would make everyone colleagues: each gets a domain of their own. */
function ownAddress(): string {
  addressCounter++;
  return `person${addressCounter}@home${addressCounter}.example`;
}

/** A team of one registered participant with an entry in the given state. */
async function entry(
  event: Event,
  title: string,
  options: { organisation?: string; email?: string; status?: "draft" | "submitted"; disqualified?: boolean } = {},
) {
  const db = getDb();
  const member = await makeUser({ name: `${title} member`, email: options.email ?? ownAddress() });
  await db
    .insert(registrations)
    .values({ eventId: event.id, userId: member.id, organisation: options.organisation ?? "" });
  const [team] = await db
    .insert(teams)
    .values({ eventId: event.id, name: `${title} team`, captainUserId: member.id, inviteCode: `code-${++teamCounter}` })
    .returning();
  await db.insert(teamMembers).values({ teamId: team!.id, eventId: event.id, userId: member.id });
  const [submission] = await db
    .insert(submissions)
    .values({
      eventId: event.id,
      teamId: team!.id,
      title,
      status: options.status ?? "submitted",
      disqualifiedAt: options.disqualified ? new Date() : null,
      disqualificationReason: options.disqualified ? "Used real patient data" : null,
    })
    .returning();
  return { team: team!, submission: submission!, member };
}

function ok<T extends object>(outcome: T): Exclude<T, Refusal> {
  if ("error" in outcome) throw new Error(`Refused: ${String(outcome.error)}`);
  return outcome as Exclude<T, Refusal>;
}

async function makeRound(actor: User, event: Event, input: Partial<Parameters<typeof createRound>[2]> = {}) {
  const outcome = ok(
    await createRound(actor, event, { kind: "shortlist", name: "Shortlist", judgesPerEntry: 3, ...input }),
  );
  return outcome.round;
}

async function assignmentsOf(roundId: string) {
  return getDb()
    .select({ judgeId: judgeAssignments.judgeUserId, entryId: judgeAssignments.submissionId })
    .from(judgeAssignments)
    .where(eq(judgeAssignments.roundId, roundId));
}

async function auditActions(subjectId: string) {
  const rows = await getDb().select().from(auditEvents).where(eq(auditEvents.subjectId, subjectId));
  return rows.map((row) => row.action);
}

/** A sheet giving every NHS criterion the same score, so its weighted score on the 1-5 scale is that score. */
async function scoreSheet(
  roundId: string,
  judgeId: string,
  submissionId: string,
  score: number | Record<string, number>,
  rubricVersionId?: string,
) {
  const versionId = rubricVersionId ?? (await currentRubric(roundId))!.id;
  const criterionScores =
    typeof score === "number"
      ? Object.fromEntries(NHS_HACK_DAY_RUBRIC.criteria.map((criterion) => [criterion.key, score]))
      : score;
  const [row] = await getDb()
    .insert(scores)
    .values({ roundId, judgeUserId: judgeId, submissionId, rubricVersionId: versionId, criterionScores })
    .returning();
  return row!;
}

describe("rounds and rubrics", () => {
  it("creates a shortlist with the NHS Hack Day rubric as version 1 and every eligible entry", async () => {
    const { event, organiser } = await setUp();
    const breathe = await entry(event, "Breathe Easy");
    const wound = await entry(event, "Wound Watch");
    await entry(event, "Half Done", { status: "draft" });
    await entry(event, "Real Data", { disqualified: true });
    const round = await makeRound(organiser, event);
    expect(round).toMatchObject({
      kind: "shortlist",
      name: "Shortlist",
      judgesPerEntry: 3,
      status: "open",
      position: 0,
    });
    const rubric = await currentRubric(round.id);
    expect(rubric).toMatchObject({ version: 1, rubric: NHS_HACK_DAY_RUBRIC });
    const inRound = await getDb().select().from(roundEntries).where(eq(roundEntries.roundId, round.id));
    expect(inRound.map((row) => row.submissionId).sort()).toEqual([breathe.submission.id, wound.submission.id].sort());
    expect(await auditActions(round.id)).toContain("judging_round.created");

    const again = await createRound(organiser, event, { kind: "final", name: "shortlist", judgesPerEntry: 3 });
    expect(again).toMatchObject({ field: "name" });
    const final = await makeRound(organiser, event, { kind: "final", name: "Final" });
    expect(final.position).toBe(1);
    expect((await currentRubric(final.id))?.rubric).toEqual(NHS_HACK_DAY_RUBRIC);
    expect(await getDb().select().from(roundEntries).where(eq(roundEntries.roundId, final.id))).toHaveLength(0);
  });

  it("changes the rubric in place before scoring, and makes version 2 once a score uses version 1", async () => {
    const { event, organiser } = await setUp();
    const { submission } = await entry(event, "Breathe Easy");
    const amira = await judge(event, "Amira Judge");
    const round = await makeRound(organiser, event);
    const v1 = (await currentRubric(round.id))!;

    const reworded: Rubric = {
      criteria: NHS_HACK_DAY_RUBRIC.criteria.map((criterion, index) =>
        index === 0 ? { ...criterion, weight: 40 } : criterion,
      ),
    };
    expect(await saveRubric(organiser, event, round.id, reworded)).toEqual({ saved: "updated", version: 1 });
    const afterInPlace = (await currentRubric(round.id))!;
    expect(afterInPlace.id).toBe(v1.id);
    expect(afterInPlace.rubric.criteria[0]!.weight).toBe(40);

    const score = await scoreSheet(round.id, amira.id, submission.id, 4, v1.id);

    // Rewording guidance does not change what a score means: still in place.
    const guidance: Rubric = {
      criteria: reworded.criteria.map((criterion, index) =>
        index === 1 ? { ...criterion, guidance: "Could a trust really use it?" } : criterion,
      ),
    };
    expect(await saveRubric(organiser, event, round.id, guidance)).toEqual({ saved: "updated", version: 1 });

    const heavier: Rubric = {
      criteria: guidance.criteria.map((criterion, index) => (index === 2 ? { ...criterion, weight: 30 } : criterion)),
    };
    expect(await saveRubric(organiser, event, round.id, heavier)).toEqual({ saved: "new_version", version: 2 });
    const v2 = (await currentRubric(round.id))!;
    expect(v2.version).toBe(2);
    expect(v2.id).not.toBe(v1.id);
    expect(v2.rubric.criteria[2]!.weight).toBe(30);
    const [kept] = await getDb().select().from(scores).where(eq(scores.id, score.id));
    expect(kept!.rubricVersionId).toBe(v1.id);
    const [old] = await getDb().select().from(rubricVersions).where(eq(rubricVersions.id, v1.id));
    expect(old!.criteria[2]!.weight).toBe(20);
    expect(await auditActions(round.id)).toEqual(expect.arrayContaining(["rubric.updated", "rubric.versioned"]));

    const broken = await saveRubric(organiser, event, round.id, {
      criteria: [{ ...heavier.criteria[0]!, name: "" }, heavier.criteria[1]!],
    });
    expect(broken).toEqual({ errors: { "criteria.0.name": "Enter a name for criterion 1" } });
  });
});

describe("judges, conflicts and assignment", () => {
  async function pool(event: Event) {
    const clinical = await Promise.all(
      ["Ada", "Bea", "Cai"].map((name) => judge(event, `${name} Clinician`, { expertise: "clinical" })),
    );
    const technical = await Promise.all(
      ["Dev", "Eli", "Fay"].map((name) => judge(event, `${name} Developer`, { expertise: "technical" })),
    );
    return [...clinical, ...technical];
  }

  it("detects organisation and email-domain conflicts, keeps declared ones, and honours the event's shared domains", async () => {
    const { event, organiser } = await setUp();
    const leedsJudge = await judge(event, "Lee Judge", {
      organisation: "Leeds Teaching Hospitals",
      email: "lee@leedsth.nhs.uk",
    });
    const uniJudge = await judge(event, "Uma Judge", { email: "uma@students.leeds.ac.uk" });
    const breathe = await entry(event, "Breathe Easy", { organisation: "leeds teaching hospitals" });
    const wound = await entry(event, "Wound Watch", { email: "wyn@students.leeds.ac.uk" });
    const nhsMail = await entry(event, "Ward Round", { email: "nia@nhs.net" });
    await getDb()
      .insert(judgeConflicts)
      .values({ eventId: event.id, judgeUserId: uniJudge.id, teamId: nhsMail.team.id, note: "My sister is on it" });
    const conflicts = await conflictsFor(event);
    expect(conflicts.map((conflict) => [conflict.judgeName, conflict.teamName, conflict.reasons])).toEqual([
      ["Lee Judge", "Breathe Easy team", ["Works at Leeds Teaching Hospitals, as a team member does"]],
      ["Uma Judge", "Ward Round team", ["Declared: My sister is on it"]],
      ["Uma Judge", "Wound Watch team", ["Shares the email domain students.leeds.ac.uk with a team member"]],
    ]);
    await getDb()
      .update(events)
      .set({ sharedEmailDomains: ["*.leeds.ac.uk"] })
      .where(eq(events.id, event.id));
    const round = await makeRound(organiser, event);
    const keys = await conflictSet(getDb(), event, round.id);
    expect(keys).toEqual(
      new Set([conflictKey(leedsJudge.id, breathe.submission.id), conflictKey(uniJudge.id, nhsMail.submission.id)]),
    );
    expect(keys.has(conflictKey(uniJudge.id, wound.submission.id))).toBe(false);
  });

  it("gives every entry k judges with loads within one and never a conflicted pair", async () => {
    const { event, organiser } = await setUp();
    const judgesPool = await pool(event);
    const [ada, , , dev] = judgesPool;
    await saveJudgeProfile(organiser, event, ada!.id, {
      expertise: "clinical",
      organisation: "Leeds Teaching Hospitals NHS Trust",
      room: "Room 1",
    });
    const entries = [];
    for (const title of ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel"]) {
      entries.push(
        await entry(event, title, title === "Bravo" ? { organisation: "Leeds Teaching Hospitals NHS Trust" } : {}),
      );
    }
    const charlie = entries[2]!;
    await getDb()
      .insert(judgeConflicts)
      .values({ eventId: event.id, judgeUserId: dev!.id, teamId: charlie.team.id, note: "" });
    const round = await makeRound(organiser, event, { judgesPerEntry: 3 });
    const report = ok(await autoAssign(organiser, event, round.id));
    expect(report.shortfalls).toEqual([]);
    expect(report.mixMissing).toEqual([]);
    const pairs = await assignmentsOf(round.id);
    expect(pairs).toHaveLength(8 * 3);
    for (const { submission } of entries) {
      expect(pairs.filter((pair) => pair.entryId === submission.id)).toHaveLength(3);
    }
    expect(
      loadSpread(
        pairs,
        judgesPool.map((person) => person.id),
      ),
    ).toBeLessThanOrEqual(1);
    const bravo = entries[1]!.submission.id;
    expect(pairs).not.toContainEqual({ judgeId: ada!.id, entryId: bravo });
    expect(pairs).not.toContainEqual({ judgeId: dev!.id, entryId: charlie.submission.id });

    // A hand-made conflicted pair is refused.
    const refused = await addAssignment(organiser, event, round.id, ada!.id, bravo);
    expect(refused).toMatchObject({ field: "judge" });
    expect((refused as { error: string }).error).toContain("has a conflict with Bravo");

    const view = (await progress(event, round.id))!;
    expect(view.totals).toEqual({ assigned: 24, complete: 0 });
    expect(view.entries.every((row) => row.judges.length === 3 && !row.lacksMix)).toBe(true);
  });

  it("reassigns an entry when a judge declares a conflict later, and emails the organisers", async () => {
    const { event, organiser, eventOrganiser } = await setUp();
    const judgesPool = await pool(event);
    const entries = [];
    for (const title of ["Alpha", "Bravo", "Charlie", "Delta"]) entries.push(await entry(event, title));
    const round = await makeRound(organiser, event, { judgesPerEntry: 2 });
    ok(await autoAssign(organiser, event, round.id));
    const before = await assignmentsOf(round.id);
    const victim = before[0]!;
    const team = entries.find((item) => item.submission.id === victim.entryId)!.team;

    const result = await getDb().transaction(async (tx) => {
      await tx.insert(judgeConflicts).values({ eventId: event.id, judgeUserId: victim.judgeId, teamId: team.id });
      return reassignAfterConflict(tx, event, victim.judgeId, team.id);
    });
    expect(result.reassigned).toHaveLength(1);
    expect(result.reassigned[0]).toMatchObject({ roundId: round.id, submissionId: victim.entryId, locked: false });
    const after = await assignmentsOf(round.id);
    expect(after).not.toContainEqual(victim);
    expect(after.filter((pair) => pair.entryId === victim.entryId)).toHaveLength(2);
    expect(
      loadSpread(
        after,
        judgesPool.map((person) => person.id),
      ),
    ).toBeLessThanOrEqual(1);
    // Everything else that could stay, stayed.
    const moved = before.filter(
      (pair) => !after.some((kept) => kept.judgeId === pair.judgeId && kept.entryId === pair.entryId),
    );
    expect(moved.length).toBeLessThanOrEqual(2);

    const mail = await getDb().select().from(emailOutbox);
    expect(mail.map((message) => message.toAddress).sort()).toEqual([eventOrganiser.email, organiser.email].sort());
    expect(mail[0]!.subject).toBe("Leeds Hack Day 2030: an entry has a new judge after a conflict");
    expect(mail[0]!.textBody).toContain("has declared a conflict of interest with");
    expect(await auditActions(round.id)).toContain("assignment.reassigned_after_conflict");

    // Nothing to do for a judge who was not judging the team's entry.
    const idle = await getDb().transaction((tx) => reassignAfterConflict(tx, event, victim.judgeId, team.id));
    expect(idle.reassigned).toEqual([]);
  });
});

describe("rooms and tables", () => {
  it("keeps judges to the entries in their room when assigning, and audits the rooms", async () => {
    const { event, organiser } = await setUp();
    const red = [await judge(event, "Red one"), await judge(event, "Red two")];
    const blue = [await judge(event, "Blue one"), await judge(event, "Blue two")];
    for (const user of red)
      ok(await saveJudgeProfile(organiser, event, user.id, { expertise: "other", organisation: "", room: "Red room" }));
    for (const user of blue)
      ok(
        await saveJudgeProfile(organiser, event, user.id, { expertise: "other", organisation: "", room: "Blue room" }),
      );
    const entries = [];
    for (const title of ["Alpha", "Bravo", "Charlie", "Delta"]) entries.push((await entry(event, title)).submission);
    const round = await makeRound(organiser, event, { judgesPerEntry: 2 });
    const rooms = Object.fromEntries(
      entries.map((submission, i) => [submission.id, i < 2 ? " Red   room " : "Blue room"]),
    );
    expect(await setEntryRooms(organiser, event, round.id, rooms)).toEqual({ saved: 4 });
    expect((await entryRooms(event, round.id)).map((row) => row.room)).toEqual([
      "Red room",
      "Red room",
      "Blue room",
      "Blue room",
    ]);
    ok(await autoAssign(organiser, event, round.id));
    const roomOf = new Map<string, string>([
      ...red.map((user) => [user.id, "Red room"] as const),
      ...blue.map((user) => [user.id, "Blue room"] as const),
    ]);
    const entryRoom = new Map(entries.map((submission, i) => [submission.id, i < 2 ? "Red room" : "Blue room"]));
    const pairs = await assignmentsOf(round.id);
    expect(pairs).toHaveLength(8);
    for (const pair of pairs) expect(roomOf.get(pair.judgeId)).toBe(entryRoom.get(pair.entryId));
    expect(await auditActions(round.id)).toContain("round.entry_rooms");
    expect(await setEntryRooms(organiser, event, round.id, { [entries[0]!.id]: "x".repeat(61) })).toEqual({
      error: "A room or table must be 60 characters or fewer",
      field: `room-${entries[0]!.id}`,
    });
  });
});

describe("locking, reopening and results", () => {
  it("locks, reopens one judge's scores and unlocks, each audited", async () => {
    const { event, organiser } = await setUp();
    const { submission } = await entry(event, "Breathe Easy");
    const amira = await judge(event, "Amira Judge");
    const round = await makeRound(organiser, event, { judgesPerEntry: 1 });
    ok(await autoAssign(organiser, event, round.id));
    const sheet = await scoreSheet(round.id, amira.id, submission.id, 4);
    expect(await reopenScores(organiser, event, round.id, amira.id)).toMatchObject({ error: expect.any(String) });
    expect(await lockRound(organiser, event, round.id)).toEqual({ locked: true });
    expect(await lockRound(organiser, event, round.id)).toEqual({ error: "Shortlist is already locked" });
    expect(await reopenScores(organiser, event, round.id, amira.id)).toEqual({ reopened: 1 });
    const [reopened] = await getDb().select().from(scores).where(eq(scores.id, sheet.id));
    expect(reopened!.reopenedAt).toBeInstanceOf(Date);
    expect(await unlockRound(organiser, event, round.id)).toEqual({ unlocked: true });
    expect(await lockRound(organiser, event, round.id)).toEqual({ locked: true });
    const [closed] = await getDb().select().from(scores).where(eq(scores.id, sheet.id));
    expect(closed!.reopenedAt).toBeNull();
    const audit = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectType, "judging_round"), eq(auditEvents.subjectId, round.id)));
    expect(audit.map((row) => row.action)).toEqual(
      expect.arrayContaining(["judging_round.locked", "scores.reopened", "judging_round.unlocked"]),
    );
    expect(audit.find((row) => row.action === "scores.reopened")!.actorUserId).toBe(organiser.id);
  });

  // A generous judge scores Alpha 5 and Charlie 4; a harsh one scores Bravo 3 and Delta 1. Raw means rank
  // Alpha, Charlie, Bravo, Delta; normalised, each judge's better entry is level with the other's.
  async function knownRound() {
    const { event, organiser } = await setUp();
    const generous = await judge(event, "Gus Generous");
    const harsh = await judge(event, "Hal Harsh");
    const alpha = (await entry(event, "Alpha")).submission;
    const bravo = (await entry(event, "Bravo")).submission;
    const charlie = (await entry(event, "Charlie")).submission;
    const delta = (await entry(event, "Delta")).submission;
    const round = await makeRound(organiser, event, { judgesPerEntry: 1 });
    for (const [person, submission, score] of [
      [generous, alpha, 5],
      [generous, charlie, 4],
      [harsh, bravo, 3],
      [harsh, delta, 1],
    ] as const) {
      ok(await addAssignment(organiser, event, round.id, person.id, submission.id));
      await scoreSheet(round.id, person.id, submission.id, score);
    }
    // A draft sheet (one criterion) does not count.
    const { submission: echo } = await entry(event, "Echo");
    await getDb().insert(roundEntries).values({ roundId: round.id, submissionId: echo.id });
    ok(await addAssignment(organiser, event, round.id, harsh.id, echo.id));
    await scoreSheet(round.id, harsh.id, echo.id, { "clinical-need": 5 });
    return { event, organiser, round, generous, harsh, alpha, bravo, charlie, delta, echo };
  }

  it("ranks a known set on raw and on normalised scores, with intervals and overlap marks", async () => {
    const { event, organiser, round, alpha, bravo, charlie, delta, echo } = await knownRound();
    const raw = (await roundResults(event, round.id, "raw"))!;
    expect(raw.scale).toEqual({ min: 1, max: 5 });
    expect(raw.ranked.map((row) => [row.title, row.rank, Number(row.raw.toFixed(1))])).toEqual([
      ["Alpha", 1, 5],
      ["Charlie", 2, 4],
      ["Bravo", 3, 3],
      ["Delta", 4, 1],
    ]);
    expect(raw.ranked[0]!.interval).toEqual({ low: 5, high: 5 });
    expect(raw.ranked.some((row) => row.overlapsAbove)).toBe(false);
    expect(raw.unranked.map((row) => row.submissionId)).toEqual([echo.id]);
    expect(raw.sheets).toHaveLength(5);
    expect(raw.sheets.find((sheet) => sheet.submissionId === echo.id)).toMatchObject({
      complete: false,
      counted: false,
    });

    const normalised = (await roundResults(event, round.id, "normalised"))!;
    const byId = new Map(normalised.ranked.map((row) => [row.submissionId, row]));
    expect(byId.get(alpha.id)!.rank).toBe(1);
    expect(byId.get(bravo.id)!.rank).toBe(1);
    expect(byId.get(charlie.id)!.rank).toBe(3);
    expect(byId.get(delta.id)!.rank).toBe(3);
    expect(byId.get(alpha.id)!.normalised).toBeCloseTo(byId.get(bravo.id)!.normalised, 9);
    expect(normalised.ranked[1]).toMatchObject({ overlapsAbove: true, stillTied: true, tieBreak: null });
    // Raw means stay the same whatever ranks.
    expect(byId.get(bravo.id)!.raw).toBeCloseTo(3, 9);

    // The round's own basis is the default, and changing it is audited.
    expect((await roundResults(event, round.id))!.basis).toBe("normalised");
    ok(await setRankingBasis(organiser, event, round.id, "raw"));
    expect((await roundResults(event, round.id))!.basis).toBe("raw");
    expect(await auditActions(round.id)).toContain("judging_round.ranking_basis_set");
  });

  it("settles a tie by the organisers' decision with a written reason, and publishes only a locked round", async () => {
    const { event, organiser, round, alpha, bravo } = await knownRound();
    const noReason = await setTieBreak(organiser, event, round.id, [
      { kind: "decision", order: [bravo.id, alpha.id], reason: " " },
    ]);
    expect(noReason).toEqual({ error: "Write the reason for your decision", field: "decisionReason" });
    // A named criterion settles it on the judges' own scores for it (raw: Alpha 5, Bravo 3).
    ok(await setTieBreak(organiser, event, round.id, [{ kind: "criterion", criterionKey: "clinical-need" }]));
    const byCriterion = (await roundResults(event, round.id, "normalised"))!;
    expect(byCriterion.ranked.slice(0, 2).map((row) => [row.title, row.rank, row.tieBreak])).toEqual([
      ["Alpha", 1, "Higher score on Clinical need and impact"],
      ["Bravo", 2, "Higher score on Clinical need and impact"],
    ]);
    // Without it, the organisers' decision does.
    ok(
      await setTieBreak(organiser, event, round.id, [
        { kind: "decision", order: [bravo.id, alpha.id], reason: "Bravo's live demo worked" },
      ]),
    );
    const settled = (await roundResults(event, round.id, "normalised"))!;
    expect(settled.ranked.slice(0, 2).map((row) => [row.title, row.rank, row.tieBreak])).toEqual([
      ["Bravo", 1, "Organisers' decision: Bravo's live demo worked"],
      ["Alpha", 2, "Organisers' decision: Bravo's live demo worked"],
    ]);
    const audit = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, round.id), eq(auditEvents.action, "judging_round.tie_break_set")));
    expect(audit.map((row) => row.reason)).toContain("Bravo's live demo worked");

    expect(await publishResults(organiser, event, round.id)).toEqual({
      error: "Lock the round before publishing its results, so no score can change",
    });
    ok(await lockRound(organiser, event, round.id));
    expect(await publishResults(organiser, event, round.id)).toEqual({ published: true });
    const [published] = await getDb().select().from(judgingRounds).where(eq(judgingRounds.id, round.id));
    expect(published!.resultsPublishedAt).toBeInstanceOf(Date);
    expect(await auditActions(round.id)).toContain("judging_round.results_published");
    expect(await unlockRound(organiser, event, round.id)).toMatchObject({ error: expect.stringContaining("Withdraw") });
  });
});

describe("the organisers' judging pages", () => {
  type Handler = (args: never) => unknown;
  const call = (handler: Handler, params: Record<string, string>) => (args: { request: Request }) =>
    (handler as (args: unknown) => unknown)({ ...args, params, context: context() });

  it("turns away participants and judges who are not organisers with 403", async () => {
    const { event, organiser } = await setUp();
    const { member } = await entry(event, "Breathe Easy");
    const amira = await judge(event, "Amira Judge");
    const round = await makeRound(organiser, event);
    const base = `/events/${SLUG}/manage/judging`;
    const params = { slug: SLUG, roundId: round.id };
    for (const person of [member, amira]) {
      const cookie = await signedInCookie(person);
      const outcomes = [
        await run(call(overviewLoader, params), getRequest(base, { cookie })),
        await run(call(judgesLoader, params), getRequest(`${base}/judges`, { cookie })),
        await run(
          call(judgesAction, params),
          formRequest(`${base}/judges`, { intent: "invite", email: "x@example.org" }, { cookie }),
        ),
        await run(
          call(newRoundAction, params),
          formRequest(`${base}/rounds/new`, { kind: "shortlist", name: "R" }, { cookie }),
        ),
        await run(call(roundLoader, params), getRequest(`${base}/rounds/${round.id}`, { cookie })),
        await run(call(roundAction, params), formRequest(`${base}/rounds/${round.id}`, { intent: "lock" }, { cookie })),
        await run(call(rubricAction, params), formRequest(`${base}/rounds/${round.id}/rubric`, {}, { cookie })),
        await run(call(resultsLoader, params), getRequest(`${base}/rounds/${round.id}/results`, { cookie })),
        await run(
          call(resultsAction, params),
          formRequest(`${base}/rounds/${round.id}/results`, { intent: "publish" }, { cookie }),
        ),
        await run(call(scoresCsvLoader, params), getRequest(`${base}/rounds/${round.id}/scores.csv`, { cookie })),
        await run(call(resultsCsvLoader, params), getRequest(`${base}/rounds/${round.id}/results.csv`, { cookie })),
      ];
      expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(outcomes.length).fill(403));
    }
    const [stillOpen] = await getDb().select().from(judgingRounds).where(eq(judgingRounds.id, round.id));
    expect(stillOpen!.status).toBe("open");
  });

  it("takes an organiser from a new round through the rubric, assignment, results and exports, refusing bad input with 400", async () => {
    const { event, organiser } = await setUp();
    const cookie = await signedInCookie(organiser);
    const base = `/events/${SLUG}/manage/judging`;
    const ada = await judge(event, "Ada Clinician", { expertise: "clinical" });
    const dev = await judge(event, "Dev Developer", { expertise: "technical" });
    const alpha = await entry(event, "Alpha");
    await entry(event, "Bravo");

    const badRound = await run(
      call(newRoundAction, { slug: SLUG }),
      formRequest(`${base}/rounds/new`, { kind: "shortlist", name: "", judgesPerEntry: "99" }, { cookie }),
    );
    expect(badRound.status).toBe(400);
    expect((badRound.data as { errors: Record<string, string> }).errors).toMatchObject({
      name: "Enter a name for the round",
      judgesPerEntry: "Judges per entry must be a whole number from 1 to 20",
    });
    const created = await run(
      call(newRoundAction, { slug: SLUG }),
      formRequest(`${base}/rounds/new`, { kind: "shortlist", name: "Shortlist", judgesPerEntry: "2" }, { cookie }),
    );
    expect(created.status).toBe(302);
    const [round] = await getDb().select().from(judgingRounds).where(eq(judgingRounds.eventId, event.id));
    const params = { slug: SLUG, roundId: round!.id };
    const here = `${base}/rounds/${round!.id}`;

    // The rubric form: every criterion as posted by the page, the first one's weight changed, one added.
    const fields: Record<string, string> = { intent: "save" };
    NHS_HACK_DAY_RUBRIC.criteria.forEach((criterion, slot) => {
      fields[`criteria.${slot}.key`] = criterion.key;
      fields[`criteria.${slot}.name`] = criterion.name;
      fields[`criteria.${slot}.guidance`] = criterion.guidance;
      fields[`criteria.${slot}.weight`] = String(slot === 0 ? 35 : criterion.weight);
      fields[`criteria.${slot}.scaleMin`] = String(criterion.scaleMin);
      fields[`criteria.${slot}.scaleMax`] = String(criterion.scaleMax);
      fields[`criteria.${slot}.descriptors`] = criterion.descriptors
        .map((level) => `${level.score}: ${level.text}`)
        .join("\n");
    });
    const blank = NHS_HACK_DAY_RUBRIC.criteria.length;
    const wrong = await run(
      call(rubricAction, params),
      formRequest(
        `${here}/rubric`,
        { ...fields, "criteria.1.weight": "heavy", [`criteria.${blank}.name`]: "", "criteria.2.descriptors": "good" },
        { cookie },
      ),
    );
    expect(wrong.status).toBe(400);
    expect(Object.keys((wrong.data as { errors: Record<string, string> }).errors)).toEqual(["criteria.2.descriptors"]);
    const wrongWeight = await run(
      call(rubricAction, params),
      formRequest(`${here}/rubric`, { ...fields, "criteria.1.weight": "heavy" }, { cookie }),
    );
    expect((wrongWeight.data as { errors: Record<string, string> }).errors).toEqual({
      "criteria.1.weight": "Enter the weight of criterion 2 as a whole number from 1 to 100",
    });
    const saved = await run(
      call(rubricAction, params),
      formRequest(
        `${here}/rubric`,
        {
          ...fields,
          [`criteria.${blank}.name`]: "Patient involvement",
          [`criteria.${blank}.guidance`]: "",
          [`criteria.${blank}.weight`]: "10",
          [`criteria.${blank}.scaleMin`]: "0",
          [`criteria.${blank}.scaleMax`]: "3",
          [`criteria.${blank}.descriptors`]: "0: None\n3: Patients shaped it",
          "criteria.4.remove": "yes",
        },
        { cookie },
      ),
    );
    expect(saved.status).toBe(302);
    const rubric = (await currentRubric(round!.id))!;
    expect(rubric.version).toBe(1);
    expect(rubric.rubric.criteria.map((criterion) => [criterion.key, criterion.weight])).toEqual([
      ["clinical-need", 35],
      ["nhs-feasibility", 20],
      ["technical-execution", 20],
      ["open-standards", 15],
      ["patient-involvement", 10],
    ]);
    expect(rubric.rubric.criteria[4]!.descriptors).toEqual([
      { score: 0, text: "None" },
      { score: 3, text: "Patients shaped it" },
    ]);

    expect(
      (await run(call(roundAction, params), formRequest(here, { intent: "auto-assign" }, { cookie }))).status,
    ).toBe(302);
    const page = await run(call(roundLoader, params), getRequest(here, { cookie }));
    const view = page.data as { entries: { title: string; judges: { name: string }[] }[] };
    expect(view.entries.map((row) => [row.title, row.judges.map((person) => person.name)])).toEqual([
      ["Alpha", ["Ada Clinician", "Dev Developer"]],
      ["Bravo", ["Ada Clinician", "Dev Developer"]],
    ]);
    const garbage = await run(
      call(roundAction, params),
      formRequest(here, { intent: "assign", judgeUserId: "nobody", submissionId: "" }, { cookie }),
    );
    expect(garbage.status).toBe(400);
    const notARound = await run(
      call(roundLoader, { slug: SLUG, roundId: "not-a-round" }),
      getRequest(`${base}/rounds/not-a-round`, { cookie }),
    );
    expect(notARound.status).toBe(404);

    const version = (await currentRubric(round!.id))!.id;
    const scoresOf = (score: number) => ({
      "clinical-need": score,
      "nhs-feasibility": score,
      "technical-execution": score,
      "open-standards": score,
      "patient-involvement": 3,
    });
    for (const person of [ada, dev]) {
      await scoreSheet(round!.id, person.id, alpha.submission.id, scoresOf(person === ada ? 5 : 4), version);
    }
    const results = await run(call(resultsLoader, params), getRequest(`${here}/results`, { cookie }));
    const ranked = (results.data as { ranked: { title: string; rank: number; raw: string }[] }).ranked;
    expect(ranked.map((row) => [row.title, row.rank])).toEqual([["Alpha", 1]]);
    const noReason = await run(
      call(resultsAction, params),
      formRequest(
        `${here}/results`,
        { intent: "tie-break", step1: "criterion:clinical-need", [`position.${alpha.submission.id}`]: "1" },
        { cookie },
      ),
    );
    expect(noReason.status).toBe(400);
    expect((noReason.data as { errors: Record<string, string> }).errors).toEqual({
      decisionReason: "Write the reason for your decision",
    });
    const badBasis = await run(
      call(resultsAction, params),
      formRequest(`${here}/results`, { intent: "basis", basis: "vibes" }, { cookie }),
    );
    expect(badBasis.status).toBe(400);
    const tooEarly = await run(
      call(resultsAction, params),
      formRequest(`${here}/results`, { intent: "publish" }, { cookie }),
    );
    expect(tooEarly.status).toBe(400);

    const scoresCsv = await run(call(scoresCsvLoader, params), getRequest(`${here}/scores.csv`, { cookie }));
    expect(scoresCsv.status).toBe(200);
    expect(scoresCsv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const lines = String(scoresCsv.data)
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toContain("Entry,Team,Judge,Judge email,Rubric version,Clinical need and impact");
    expect(lines).toHaveLength(3);
    const resultsCsv = await run(call(resultsCsvLoader, params), getRequest(`${here}/results.csv`, { cookie }));
    expect(String(resultsCsv.data)).toContain("Cannot be told apart from the entry above");
    expect(String(resultsCsv.data)).toContain("1,Alpha,Alpha team,2,4.5,");
  });

  it("saves a judge's details and the event's shared domains from the judges page, refusing a bad domain", async () => {
    const { event, organiser } = await setUp();
    const cookie = await signedInCookie(organiser);
    const ada = await judge(event, "Ada Clinician");
    const path = `/events/${SLUG}/manage/judging/judges`;
    const params = { slug: SLUG };
    const saved = await run(
      call(judgesAction, params),
      formRequest(
        path,
        { intent: "profile", userId: ada.id, expertise: "clinical", organisation: " Leeds  Beckett ", room: "Hall B" },
        { cookie },
      ),
    );
    expect(saved.status).toBe(302);
    const [profile] = await getDb().select().from(judges).where(eq(judges.userId, ada.id));
    expect(profile).toMatchObject({ expertise: "clinical", organisation: "Leeds Beckett", room: "Hall B" });
    const badExpertise = await run(
      call(judgesAction, params),
      formRequest(path, { intent: "profile", userId: ada.id, expertise: "wizard" }, { cookie }),
    );
    expect(badExpertise.status).toBe(400);
    const badDomain = await run(
      call(judgesAction, params),
      formRequest(path, { intent: "domains", domains: "leeds.ac.uk\nnot a domain" }, { cookie }),
    );
    expect(badDomain.status).toBe(400);
    expect((badDomain.data as { errors: Record<string, string> }).errors.domains).toContain(
      "not is not an email domain",
    );
    const domains = await run(
      call(judgesAction, params),
      formRequest(path, { intent: "domains", domains: "Students.Leeds.ac.uk\n*.nhs.uk" }, { cookie }),
    );
    expect(domains.status).toBe(302);
    const [stored] = await getDb().select().from(events).where(eq(events.id, event.id));
    expect(stored!.sharedEmailDomains).toEqual(["students.leeds.ac.uk", "*.nhs.uk"]);
    const page = await run(call(judgesLoader, params), getRequest(path, { cookie }));
    expect((page.data as { judges: { name: string; room: string }[] }).judges).toEqual([
      expect.objectContaining({ name: "Ada Clinician", room: "Hall B", expertise: "Clinical" }),
    ]);
  });
});
