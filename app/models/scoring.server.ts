// Judging from the judge's side: their queue of assigned entries, one entry with its rubric, saving a score
// sheet (optimistic locking, idempotent repeats, audited), and declaring a conflict with a team. Every read is
// scoped to the judge: an entry that is not assigned to them, or that they conflict with, does not exist here.
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, isNotNull, sql, type Placeholder, type SQLWrapper } from "drizzle-orm";
import { getDb, preparedStatement, type Queryable } from "~/db/client.server";
import {
  judgeAssignments,
  judgeConflicts,
  judges,
  eventRoles,
  judgingRounds,
  registrations,
  roundEntries,
  rubricVersions,
  scores,
  submissions,
  teamMembers,
  teams,
  users,
  type Event,
  type JudgingRound,
  type Score,
  type User,
} from "~/db/schema";
import { conflictKey } from "~/domain/assignment";
import { detectConflicts } from "~/domain/conflicts";
import type { ImportedSheet, ScoreImportContext } from "~/domain/score-import";
import { isSheetComplete, isValidScore, type Criterion } from "~/domain/rubrics";
import { entryView } from "~/models/entries.server";
import { conflictSet, currentRubric, recordConflict } from "~/models/judging.server";
import { refusable, refuse, type Refusal } from "~/models/refusals.server";
import { recordAudit } from "~/services/audit.server";

/** What a judge is told about an entry they may not see: the same as for an entry that does not exist. */
export const NO_ENTRY = "There is no entry at this address.";
export const ROUND_LOCKED =
  "This round has been locked, so scores can no longer be changed. Ask an organiser to reopen your scores if you need to change them.";
export const NO_RUBRIC =
  "This round has no rubric yet, so it cannot be scored. Ask an organiser to publish the rubric.";

type Judge = Pick<User, "id" | "email">;

// ---------------------------------------------------------------------------------------------
// Rules about a score sheet

/** A sheet is complete when every criterion of its rubric has a score on its scale, or the team was absent. */

export type SheetStatus = "not_started" | "in_progress" | "complete" | "team_absent";

function sheetStatus(
  criteria: readonly Criterion[] | null,
  score: Pick<Score, "criterionScores" | "teamAbsent"> | null,
) {
  if (!score) return "not_started" as const;
  if (score.teamAbsent) return "team_absent" as const;
  return criteria && isSheetComplete(criteria, score) ? ("complete" as const) : ("in_progress" as const);
}

interface SheetContent {
  criterionScores: Record<string, number>;
  feedback: string;
  privateNote: string;
  teamAbsent: boolean;
}

function sameSheet(a: SheetContent, b: SheetContent): boolean {
  const keysA = Object.keys(a.criterionScores);
  const keysB = Object.keys(b.criterionScores);
  return (
    a.feedback === b.feedback &&
    a.privateNote === b.privateNote &&
    a.teamAbsent === b.teamAbsent &&
    keysA.length === keysB.length &&
    keysA.every((key) => Object.hasOwn(b.criterionScores, key) && b.criterionScores[key] === a.criterionScores[key])
  );
}

// ---------------------------------------------------------------------------------------------
// Who may see what

type Param = string | Placeholder;

/** The placeholders of the statements built once here (see preparedStatement). */
const ph = {
  roundId: sql.placeholder("roundId"),
  eventId: sql.placeholder("eventId"),
  judgeId: sql.placeholder("judgeId"),
  submissionId: sql.placeholder("submissionId"),
};

/**
 * Each member of the teams `teamIds` picks out, with the organisation they registered with, whether the
 * judge declared a conflict with their team, and the judge's own organisation: all that conflicts are
 * detected from, in one read (every team has at least its captain, so no team is missed).
 */
function conflictRows(db: Queryable, eventId: Param, judgeId: Param, teamIds: string[] | SQLWrapper) {
  return db
    .select({
      teamId: teamMembers.teamId,
      userId: users.id,
      email: users.email,
      organisation: registrations.organisation,
      declared: sql<boolean>`exists (select 1 from ${judgeConflicts} where ${judgeConflicts.eventId} = ${eventId} and ${judgeConflicts.judgeUserId} = ${judgeId} and ${judgeConflicts.teamId} = ${teamMembers.teamId})`,
      judgeOrganisation: sql<
        string | null
      >`(select ${judges.organisation} from ${judges} where ${judges.eventId} = ${eventId} and ${judges.userId} = ${judgeId})`,
    })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .leftJoin(
      registrations,
      and(eq(registrations.eventId, teamMembers.eventId), eq(registrations.userId, teamMembers.userId)),
    )
    .where(and(eq(teamMembers.eventId, eventId), inArray(teamMembers.teamId, teamIds)));
}

type ConflictRow = Awaited<ReturnType<typeof conflictRows>>[number];

/**
 * The teams the judge conflicts with among those in `rows`: declared by the judge, or detected from the
 * judge's address and organisation and the members' addresses and the organisations they registered with.
 */
function conflictsIn(rows: ConflictRow[], event: Event, judge: Judge): Set<string> {
  const conflicted = new Set<string>();
  const byTeam = new Map<string, { userId: string; email: string; organisation: string }[]>();
  let judgeOrganisation = "";
  for (const { teamId, declared, judgeOrganisation: organisationOfJudge, organisation, ...person } of rows) {
    if (declared) conflicted.add(teamId);
    judgeOrganisation = organisationOfJudge ?? "";
    byTeam.set(teamId, [...(byTeam.get(teamId) ?? []), { ...person, organisation: organisation ?? "" }]);
  }
  const judgeProfile = { userId: judge.id, email: judge.email, organisation: judgeOrganisation };
  for (const [teamId, members] of byTeam) {
    if (conflicted.has(teamId)) continue;
    if (detectConflicts(judgeProfile, { teamId, members }, { extraSharedDomains: event.sharedEmailDomains }).length > 0)
      conflicted.add(teamId);
  }
  return conflicted;
}

/** The teams among `teamIds` that the judge conflicts with. */
async function conflictedTeams(db: Queryable, event: Event, judge: Judge, teamIds: string[]): Promise<Set<string>> {
  if (teamIds.length === 0) return new Set();
  return conflictsIn(await conflictRows(db, event.id, judge.id, teamIds), event, judge);
}

/** The teams of every entry assigned to the judge at the event, for the queue (see preparedStatement). */
const queueConflictRows = preparedStatement((db) =>
  conflictRows(
    db,
    ph.eventId,
    ph.judgeId,
    db
      .select({ teamId: submissions.teamId })
      .from(judgeAssignments)
      .innerJoin(submissions, eq(submissions.id, judgeAssignments.submissionId))
      .where(and(eq(judgeAssignments.judgeUserId, ph.judgeId), eq(submissions.eventId, ph.eventId))),
  ).prepare("judge_queue_conflicts"),
);

/** Rounds of the event in which this judge's scores were reopened after the round was locked. */
async function reopenedRounds(db: Queryable, judgeId: string, roundIds: string[]): Promise<Set<string>> {
  if (roundIds.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ roundId: scores.roundId })
    .from(scores)
    .where(and(eq(scores.judgeUserId, judgeId), inArray(scores.roundId, roundIds), isNotNull(scores.reopenedAt)));
  return new Set(rows.map((row) => row.roundId));
}

/** A rubric version as a sheet is scored against it. */
interface SheetRubric {
  id: string;
  version: number;
  criteria: Criterion[];
}

/** The round's current rubric, which new sheets are scored against. */
async function currentRubricVersion(db: Queryable, roundId: string): Promise<SheetRubric | null> {
  const current = await currentRubric(roundId, db);
  return current ? { id: current.id, version: current.version, criteria: current.rubric.criteria } : null;
}

async function rubricVersionById(db: Queryable, id: string): Promise<SheetRubric | null> {
  const [row] = await db
    .select({ id: rubricVersions.id, version: rubricVersions.version, criteria: rubricVersions.criteria })
    .from(rubricVersions)
    .where(eq(rubricVersions.id, id));
  return row ?? null;
}

// ---------------------------------------------------------------------------------------------
// The queue

export interface QueueEntry {
  submissionId: string;
  title: string;
  teamName: string;
  status: SheetStatus;
}

export interface QueueRound {
  id: string;
  name: string;
  locked: boolean;
  entries: QueueEntry[];
  /** Entries whose sheet is complete (every criterion scored, or the team absent). */
  scored: number;
}

/**
 * The judge's assignments at the event with what their sheets' status is worked out from, for the queue: read
 * on every page a judge opens and after every save, so built once (see preparedStatement), with only the
 * columns the queue uses.
 */
const queueRows = preparedStatement((db) =>
  db
    .select({
      round: { id: judgingRounds.id, name: judgingRounds.name, status: judgingRounds.status },
      submissionId: submissions.id,
      title: submissions.title,
      teamId: teams.id,
      teamName: teams.name,
      score: {
        criterionScores: scores.criterionScores,
        teamAbsent: scores.teamAbsent,
        reopenedAt: scores.reopenedAt,
        rubricVersionId: scores.rubricVersionId,
      },
    })
    .from(judgeAssignments)
    .innerJoin(judgingRounds, eq(judgingRounds.id, judgeAssignments.roundId))
    .innerJoin(submissions, eq(submissions.id, judgeAssignments.submissionId))
    .innerJoin(teams, eq(teams.id, submissions.teamId))
    .leftJoin(
      scores,
      and(
        eq(scores.roundId, judgeAssignments.roundId),
        eq(scores.judgeUserId, judgeAssignments.judgeUserId),
        eq(scores.submissionId, judgeAssignments.submissionId),
      ),
    )
    .where(
      and(
        eq(judgeAssignments.judgeUserId, ph.judgeId),
        eq(judgingRounds.eventId, ph.eventId),
        eq(submissions.eventId, ph.eventId),
      ),
    )
    .orderBy(
      asc(judgingRounds.position),
      asc(judgingRounds.createdAt),
      asc(sql`lower(${submissions.title})`),
      asc(sql`lower(${teams.name})`),
    )
    .prepare("judge_queue"),
);

/**
 * The rubric versions the judge's sheets at the event are scored against, each once: a round's sheets
 * nearly all share one, and a rubric's text is several kilobytes.
 */
const queueRubrics = preparedStatement((db) =>
  db
    .select({ id: rubricVersions.id, criteria: rubricVersions.criteria })
    .from(rubricVersions)
    .where(
      inArray(
        rubricVersions.id,
        db
          .selectDistinct({ id: scores.rubricVersionId })
          .from(scores)
          .innerJoin(judgingRounds, eq(judgingRounds.id, scores.roundId))
          .where(and(eq(scores.judgeUserId, ph.judgeId), eq(judgingRounds.eventId, ph.eventId))),
      ),
    )
    .prepare("judge_queue_rubrics"),
);

/**
 * The judge's entries in the rounds they can score now (open ones, and locked ones where an organiser reopened
 * their scores), in round order then by title, leaving out entries they conflict with.
 */
export async function judgeQueue(judge: Judge, event: Event): Promise<QueueRound[]> {
  const on = { judgeId: judge.id, eventId: event.id };
  const [rows, rubrics, members] = await Promise.all([
    queueRows().execute(on),
    queueRubrics().execute(on),
    queueConflictRows().execute(on),
  ]);
  const criteria = new Map(rubrics.map((rubric) => [rubric.id, rubric.criteria]));
  return queueOf(rows, criteria, conflictsIn(members, event, judge));
}

type QueueRow = Awaited<ReturnType<ReturnType<typeof queueRows>["execute"]>>[number];

/** The queue from the judge's assignments with their sheets and rubrics, without the teams they conflict with. */
function queueOf(rows: QueueRow[], criteria: Map<string, Criterion[]>, conflicted: Set<string>): QueueRound[] {
  // A round is open to the judge when it is open, or when an organiser reopened their scores in it
  // (which marks their sheets).
  const reopened = new Set(rows.flatMap((row) => (row.score?.reopenedAt ? [row.round.id] : [])));
  const rounds = new Map<string, QueueRound>();
  for (const row of rows) {
    if (!(row.round.status === "open" || reopened.has(row.round.id)) || conflicted.has(row.teamId)) continue;
    let round = rounds.get(row.round.id);
    if (!round) {
      round = { id: row.round.id, name: row.round.name, locked: row.round.status === "locked", entries: [], scored: 0 };
      rounds.set(row.round.id, round);
    }
    const status = sheetStatus(row.score && (criteria.get(row.score.rubricVersionId) ?? null), row.score);
    round.entries.push({ submissionId: row.submissionId, title: row.title, teamName: row.teamName, status });
    if (status === "complete" || status === "team_absent") round.scored++;
  }
  return [...rounds.values()];
}

/** The next entry in the round that still needs scores, after `submissionId` in queue order; null when done. */
export function nextToScore(queue: QueueRound[], roundId: string, submissionId: string): string | null {
  const entries = queue.find((round) => round.id === roundId)?.entries ?? [];
  const at = entries.findIndex((entry) => entry.submissionId === submissionId);
  const ordered = [...entries.slice(at + 1), ...entries.slice(0, Math.max(at, 0))];
  const next = ordered.find((entry) => entry.status === "not_started" || entry.status === "in_progress");
  return next?.submissionId ?? null;
}

// ---------------------------------------------------------------------------------------------
// One entry to score

/**
 * One assigned entry as its judge scores it: the round (`roundId`, or else the one round the judge can score
 * it in now, the latest when there are several), the rubric the sheet is scored against (the sheet's own
 * version once it exists, otherwise the round's current one), the saved sheet, and the entry itself. Null
 * when the entry is not assigned to the judge in that round or the judge conflicts with its team.
 */
export async function scoringSheet(judge: Judge, event: Event, submissionId: string, roundId: string | null) {
  const db = getDb();
  const assigned = await db
    .select({ round: judgingRounds })
    .from(judgeAssignments)
    .innerJoin(judgingRounds, eq(judgingRounds.id, judgeAssignments.roundId))
    .where(
      and(
        eq(judgeAssignments.judgeUserId, judge.id),
        eq(judgeAssignments.submissionId, submissionId),
        eq(judgingRounds.eventId, event.id),
      ),
    )
    .orderBy(desc(judgingRounds.position), desc(judgingRounds.createdAt));
  const reopened = await reopenedRounds(
    db,
    judge.id,
    assigned.map(({ round }) => round.id),
  );
  const canScore = (round: JudgingRound) => round.status === "open" || reopened.has(round.id);
  const round: JudgingRound | undefined =
    roundId !== null
      ? assigned.find((row) => row.round.id === roundId)?.round
      : (assigned.find((row) => canScore(row.round)) ?? assigned[0])?.round;
  if (!round) return null;

  const view = await entryView(event, submissionId);
  if (!view) return null;
  if ((await conflictedTeams(db, event, judge, [view.submission.teamId])).size > 0) return null;

  const [score] = await db
    .select()
    .from(scores)
    .where(and(eq(scores.roundId, round.id), eq(scores.judgeUserId, judge.id), eq(scores.submissionId, submissionId)));
  const rubric = score ? await rubricVersionById(db, score.rubricVersionId) : await currentRubricVersion(db, round.id);
  return {
    round: { id: round.id, name: round.name, locked: round.status === "locked" },
    editable: canScore(round),
    rubric,
    score: score ?? null,
    status: sheetStatus(rubric?.criteria ?? null, score ?? null),
    view,
  };
}

export type ScoringSheet = NonNullable<Awaited<ReturnType<typeof scoringSheet>>>;

// ---------------------------------------------------------------------------------------------
// Saving a score sheet

export interface ScoreInput {
  roundId: string;
  submissionId: string;
  /** The sheet's version the judge's form was opened at: 0 when there was no sheet yet. */
  baseVersion: number;
  /** Criterion key -> score; a criterion left out is not scored yet. */
  criterionScores: Record<string, number>;
  feedback: string;
  privateNote: string;
  teamAbsent: boolean;
}

export interface ScoreDifference {
  label: string;
  theirs: string;
  yours: string;
}

export interface ScoreConflict {
  /** The version saved meanwhile, which a new save must be based on. */
  version: number;
  savedAt: Date;
  differences: ScoreDifference[];
}

export type SaveScoreOutcome =
  | { saved: { scoreId: string; version: number; complete: boolean; changed: boolean } }
  | { conflict: ScoreConflict }
  /** Criterion key -> what is wrong with the score given for it. */
  | { invalid: Record<string, string> }
  | Refusal;

function differences(criteria: readonly Criterion[], theirs: SheetContent, yours: SheetContent): ScoreDifference[] {
  const scoreText = (sheet: SheetContent, key: string) => {
    const score = sheet.criterionScores[key];
    return score === undefined ? "Not scored" : String(score);
  };
  const rows: ScoreDifference[] = criteria.map((criterion) => ({
    label: criterion.name,
    theirs: scoreText(theirs, criterion.key),
    yours: scoreText(yours, criterion.key),
  }));
  const yesNo = (value: boolean) => (value ? "Yes" : "No");
  if (theirs.teamAbsent !== yours.teamAbsent)
    rows.push({ label: "Team absent", theirs: yesNo(theirs.teamAbsent), yours: yesNo(yours.teamAbsent) });
  if (theirs.feedback !== yours.feedback)
    rows.push({ label: "Feedback for the team", theirs: theirs.feedback, yours: yours.feedback });
  if (theirs.privateNote !== yours.privateNote)
    rows.push({ label: "Private note", theirs: theirs.privateNote, yours: yours.privateNote });
  return rows;
}

function contentOf(sheet: SheetContent): SheetContent {
  return {
    criterionScores: sheet.criterionScores,
    feedback: sheet.feedback,
    privateNote: sheet.privateNote,
    teamAbsent: sheet.teamAbsent,
  };
}

// A save's statements, built once (see preparedStatement): the judging window is made of saves. Each read
// takes only what the save uses.

/** The round, with a share lock that keeps it from being locked half-way through the save. */
const roundToSave = preparedStatement((db) =>
  db
    .select({ id: judgingRounds.id, status: judgingRounds.status })
    .from(judgingRounds)
    .where(and(eq(judgingRounds.id, ph.roundId), eq(judgingRounds.eventId, ph.eventId)))
    .for("share")
    .prepare("save_round"),
);

/** The judge's assignment to the entry, whose row lock serialises saves of the sheet (the first two included). */
const assignmentToSave = preparedStatement((db) =>
  db
    .select({ submissionId: judgeAssignments.submissionId })
    .from(judgeAssignments)
    .innerJoin(submissions, eq(submissions.id, judgeAssignments.submissionId))
    .where(
      and(
        eq(judgeAssignments.roundId, ph.roundId),
        eq(judgeAssignments.judgeUserId, ph.judgeId),
        eq(judgeAssignments.submissionId, ph.submissionId),
        eq(submissions.eventId, ph.eventId),
      ),
    )
    .for("update", { of: judgeAssignments })
    .prepare("save_assignment"),
);

/** What conflicts of the judge with the entry's team are detected from (the save names the entry, not its team). */
const conflictsToSave = preparedStatement((db) =>
  conflictRows(
    db,
    ph.eventId,
    ph.judgeId,
    db
      .select({ teamId: submissions.teamId })
      .from(submissions)
      .where(and(eq(submissions.id, ph.submissionId), eq(submissions.eventId, ph.eventId))),
  ).prepare("save_conflicts"),
);

/** The sheet, locked, with the rubric version it was first scored against, which it keeps. */
const sheetToSave = preparedStatement((db) =>
  db
    .select({
      score: {
        id: scores.id,
        version: scores.version,
        criterionScores: scores.criterionScores,
        feedback: scores.feedback,
        privateNote: scores.privateNote,
        teamAbsent: scores.teamAbsent,
        updatedAt: scores.updatedAt,
      },
      rubric: { id: rubricVersions.id, version: rubricVersions.version, criteria: rubricVersions.criteria },
    })
    .from(scores)
    .innerJoin(rubricVersions, eq(rubricVersions.id, scores.rubricVersionId))
    .where(
      and(eq(scores.roundId, ph.roundId), eq(scores.judgeUserId, ph.judgeId), eq(scores.submissionId, ph.submissionId)),
    )
    .for("update", { of: scores })
    .prepare("save_sheet"),
);

/**
 * The sheet written: a first save inserts it, a later one replaces its content, version and time (its
 * rubric and creation stay). One statement for both, so that it is built once; the save has already
 * locked the assignment and read the sheet, so which of the two happens is known beforehand.
 */
const writeSheet = preparedStatement((db) =>
  db
    .insert(scores)
    .values({
      id: sql.placeholder("id"),
      roundId: ph.roundId,
      judgeUserId: ph.judgeId,
      submissionId: ph.submissionId,
      rubricVersionId: sql.placeholder("rubricVersionId"),
      criterionScores: sql.placeholder("criterionScores"),
      feedback: sql.placeholder("feedback"),
      privateNote: sql.placeholder("privateNote"),
      teamAbsent: sql.placeholder("teamAbsent"),
      version: sql.placeholder("version"),
      createdAt: sql.placeholder("now"),
      updatedAt: sql.placeholder("now"),
    })
    .onConflictDoUpdate({
      target: [scores.roundId, scores.judgeUserId, scores.submissionId],
      set: {
        criterionScores: sql`excluded.criterion_scores`,
        feedback: sql`excluded.feedback`,
        privateNote: sql`excluded.private_note`,
        teamAbsent: sql`excluded.team_absent`,
        version: sql`excluded.version`,
        updatedAt: sql`excluded.updated_at`,
      },
    })
    .prepare("save_sheet_write"),
);

/**
 * Saves a judge's sheet for one entry in one round, in one transaction with its audit row. Refused when the
 * entry is not assigned to the judge there or they conflict with its team (NO_ENTRY), and when the round is
 * locked unless their scores were reopened. A save from a stale form (another tab or device saved since) is
 * answered with both versions and changes nothing; a repeat of a save already applied (a double submit, or a
 * form re-sent after a lost answer) changes nothing and is answered as saved.
 */
export async function saveScore(judge: Judge, event: Event, input: ScoreInput): Promise<SaveScoreOutcome> {
  return refusable<SaveScoreOutcome>(async (tx) => {
    // The reads go to the database together and are answered together, and take their locks, in this
    // order: the round, the assignment, what conflicts with the entry's team are detected from, the sheet.
    const on = { roundId: input.roundId, eventId: event.id, judgeId: judge.id, submissionId: input.submissionId };
    const [[round], [entry], members, [sheet]] = await Promise.all([
      roundToSave(tx).execute(on),
      assignmentToSave(tx).execute(on),
      conflictsToSave(tx).execute(on),
      sheetToSave(tx).execute(on),
    ]);
    if (!round || !entry || conflictsIn(members, event, judge).size > 0) refuse(NO_ENTRY);
    if (round.status === "locked" && !(await reopenedRounds(tx, judge.id, [round.id])).has(round.id)) {
      refuse(ROUND_LOCKED);
    }
    const current = sheet?.score;
    const rubric = sheet ? sheet.rubric : await currentRubricVersion(tx, round.id);
    if (!rubric) refuse(NO_RUBRIC);

    const invalid: Record<string, string> = {};
    for (const [key, score] of Object.entries(input.criterionScores)) {
      const criterion = rubric.criteria.find((candidate) => candidate.key === key);
      if (!criterion) invalid[key] = "This criterion is not in the rubric you are scoring against. Reload the page";
      else if (!isValidScore(criterion, score)) {
        invalid[key] =
          `Choose a score from ${criterion.scaleMin} to ${criterion.scaleMax} for ${criterion.name.trim()}`;
      }
    }
    if (Object.keys(invalid).length > 0) return { invalid };

    // Stored in the rubric's order, so that equal sheets look equal.
    const criterionScores: Record<string, number> = {};
    for (const criterion of rubric.criteria) {
      const score = input.criterionScores[criterion.key];
      if (score !== undefined) criterionScores[criterion.key] = score;
    }
    const yours: SheetContent = { ...contentOf(input), criterionScores };
    const complete = isSheetComplete(rubric.criteria, yours);

    // Already saved exactly so: the first of a double submit went through, or nothing was changed.
    if (current && sameSheet(contentOf(current), yours)) {
      return { saved: { scoreId: current.id, version: current.version, complete, changed: false } };
    }
    const currentVersion = current?.version ?? 0;
    if (currentVersion !== input.baseVersion) {
      const theirs = current
        ? contentOf(current)
        : { criterionScores: {}, feedback: "", privateNote: "", teamAbsent: false };
      return {
        conflict: {
          version: currentVersion,
          savedAt: current?.updatedAt ?? new Date(),
          differences: differences(rubric.criteria, theirs, yours),
        },
      };
    }

    // The sheet and its audit row are written together; the sheet's id is known beforehand for both.
    const now = new Date();
    const scoreId = current?.id ?? randomUUID();
    const version = currentVersion + 1;
    await Promise.all([
      writeSheet(tx).execute({
        ...on,
        ...yours,
        id: scoreId,
        rubricVersionId: rubric.id,
        version,
        now,
      }),
      recordAudit(tx, {
        actorUserId: judge.id,
        action: "score.saved",
        subjectType: "score",
        subjectId: scoreId,
        before: current ? { version: current.version, rubricVersion: rubric.version, ...contentOf(current) } : null,
        after: {
          version,
          rubricVersion: rubric.version,
          ...yours,
          roundId: round.id,
          submissionId: input.submissionId,
        },
      }),
    ]);
    return { saved: { scoreId, version, complete, changed: true } };
  });
}

// ---------------------------------------------------------------------------------------------
// Conflicts a judge declares

/** The conflicts this judge has declared at the event. */
export async function declaredConflicts(judge: Judge, event: Event) {
  return getDb()
    .select({ teamId: teams.id, teamName: teams.name, note: judgeConflicts.note, createdAt: judgeConflicts.createdAt })
    .from(judgeConflicts)
    .innerJoin(teams, eq(teams.id, judgeConflicts.teamId))
    .where(and(eq(judgeConflicts.eventId, event.id), eq(judgeConflicts.judgeUserId, judge.id)))
    .orderBy(asc(sql`lower(${teams.name})`));
}

/**
 * A judge's own declaration of a conflict with a team: recorded, audited and the team's entry moved to other
 * judges in one transaction, as when an organiser records it for them. Refusals name the form field "team".
 */
export async function declareConflict(
  judge: User,
  event: Event,
  teamId: string,
  note: string,
): Promise<{ recorded: true } | Refusal> {
  return recordConflict(judge, event, judge.id, teamId, note);
}

/**
 * The judges' comments to a team, from each round whose results are published, without the
 * judges' names and in no order that would tell who wrote what.
 */
export async function publishedFeedback(event: Event, submissionId: string) {
  const rows = await getDb()
    .select({ roundId: judgingRounds.id, roundName: judgingRounds.name, feedback: scores.feedback })
    .from(scores)
    .innerJoin(judgingRounds, eq(judgingRounds.id, scores.roundId))
    .where(
      and(
        eq(judgingRounds.eventId, event.id),
        isNotNull(judgingRounds.resultsPublishedAt),
        eq(scores.submissionId, submissionId),
        sql`btrim(${scores.feedback}) <> ''`,
      ),
    )
    .orderBy(asc(judgingRounds.position), asc(scores.feedback));
  const rounds = new Map<string, { roundName: string; comments: string[] }>();
  for (const row of rows) {
    const round = rounds.get(row.roundId) ?? { roundName: row.roundName, comments: [] };
    round.comments.push(row.feedback);
    rounds.set(row.roundId, round);
  }
  return [...rounds.values()];
}

// ---------------------------------------------------------------------------------------------
// Paper score sheets

/** What a file of paper scores for a round is checked against. */
export async function scoreImportContext(event: Event, roundId: string): Promise<ScoreImportContext | null> {
  const db = getDb();
  const rubric = await currentRubric(roundId, db);
  if (!rubric) return null;
  const [judgeRows, entryRows, assigned, conflicted] = await Promise.all([
    db
      .select({ userId: users.id, email: users.email })
      .from(eventRoles)
      .innerJoin(users, eq(users.id, eventRoles.userId))
      .where(and(eq(eventRoles.eventId, event.id), eq(eventRoles.role, "judge"))),
    db
      .select({ submissionId: submissions.id, title: submissions.title, teamName: teams.name })
      .from(roundEntries)
      .innerJoin(submissions, eq(submissions.id, roundEntries.submissionId))
      .innerJoin(teams, eq(teams.id, submissions.teamId))
      .where(eq(roundEntries.roundId, roundId)),
    db
      .select({ judgeUserId: judgeAssignments.judgeUserId, submissionId: judgeAssignments.submissionId })
      .from(judgeAssignments)
      .where(eq(judgeAssignments.roundId, roundId)),
    conflictSet(db, event, roundId),
  ]);
  const scorable = new Set(
    assigned
      .map(({ judgeUserId, submissionId }) => conflictKey(judgeUserId, submissionId))
      .filter((key) => !conflicted.has(key)),
  );
  return { judges: judgeRows, entries: entryRows, criteria: rubric.rubric.criteria, scorable };
}

/**
 * Saves scores typed in from paper, all or nothing. A paper score replaces the judge's score for
 * that criterion and keeps the rest of their sheet; each sheet changed is audited.
 */
export async function importPaperScores(
  actor: User,
  event: Event,
  roundId: string,
  sheets: readonly ImportedSheet[],
): Promise<{ imported: number } | Refusal> {
  return refusable(async (tx) => {
    const [round] = await tx
      .select()
      .from(judgingRounds)
      .where(and(eq(judgingRounds.id, roundId), eq(judgingRounds.eventId, event.id)))
      .for("update");
    if (!round) refuse("There is no such round at this event");
    if (round.status === "locked") refuse("This round is locked. Unlock it before importing scores");
    const rubric = await currentRubric(roundId, tx);
    if (!rubric) refuse(NO_RUBRIC);
    for (const sheet of sheets) {
      const [current] = await tx
        .select()
        .from(scores)
        .where(
          and(
            eq(scores.roundId, roundId),
            eq(scores.judgeUserId, sheet.judgeUserId),
            eq(scores.submissionId, sheet.submissionId),
          ),
        )
        .for("update");
      const criterionScores = { ...(current?.criterionScores ?? {}), ...sheet.criterionScores };
      const [saved] = current
        ? await tx
            .update(scores)
            .set({ criterionScores, version: current.version + 1, updatedAt: new Date() })
            .where(eq(scores.id, current.id))
            .returning()
        : await tx
            .insert(scores)
            .values({
              roundId,
              judgeUserId: sheet.judgeUserId,
              submissionId: sheet.submissionId,
              rubricVersionId: rubric.id,
              criterionScores,
            })
            .returning();
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "score.imported",
        subjectType: "score",
        subjectId: saved!.id,
        before: current ? { criterionScores: current.criterionScores } : null,
        after: { criterionScores, judgeUserId: sheet.judgeUserId, rows: sheet.rows },
        reason: "Paper score sheet",
      });
    }
    return { imported: sheets.length };
  });
}
