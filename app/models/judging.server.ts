// Judging for organisers: rounds and their rubrics, judges and their conflicts, who scores which
// entry, progress and locking, and results with their uncertainty, tie-breaks and publication.
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { publicOrigin } from "~/config.server";
import { getDb, type Queryable, type Transaction } from "~/db/client.server";
import {
  communityOrganisers,
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
import { assignJudges, conflictKey, type Expertise } from "~/domain/assignment";
import { conflictLabel, detectConflicts, type ConflictReason } from "~/domain/conflicts";
import {
  normaliseScores,
  rankEntries,
  weightedScore,
  type RankingBasis,
  type ScoreSheet,
  type TieBreakStep,
} from "~/domain/judging";
import { NHS_HACK_DAY_RUBRIC, isSheetComplete, rubricChanged, rubricErrors, type Rubric } from "~/domain/rubrics";
import { recordAudit } from "~/services/audit.server";
import { enqueueEmail } from "~/services/email.server";
import { refusable, refuse, type Refusal } from "./refusals.server";

export type RoundKind = JudgingRound["kind"];
/** A step of a round's tie-break chain as it is stored: by criterion key, by round id, or a decision. */
export type StoredTieBreakStep = JudgingRound["tieBreak"][number];

export const ROUND_KIND_NAMES: Record<RoundKind, string> = {
  shortlist: "Shortlist",
  final: "Final",
  peoples_choice: "People's Choice vote",
};

export const EXPERTISE_NAMES: Record<Expertise, string> = {
  clinical: "Clinical",
  technical: "Technical",
  other: "Other",
};

export const MAX_ROUND_NAME_LENGTH = 80;
export const MAX_JUDGES_PER_ENTRY = 20;
/** Enough to make published intervals stable to the first decimal place, fast enough for a page. */
const RESULTS_BOOTSTRAP = { iterations: 2000, seed: 1 } as const;

// ---------------------------------------------------------------------------------------------
// Shared look-ups

/** An entry that can be judged: submitted and not disqualified. */
function eligible(eventId: string) {
  return and(eq(submissions.eventId, eventId), eq(submissions.status, "submitted"), isNull(submissions.disqualifiedAt));
}

async function findRound(db: Queryable, event: Event, roundId: string, lock = false): Promise<JudgingRound | null> {
  const query = db
    .select()
    .from(judgingRounds)
    .where(and(eq(judgingRounds.id, roundId), eq(judgingRounds.eventId, event.id)));
  const [round] = lock ? await query.for("update") : await query;
  return round ?? null;
}

/** The round, locked for the rest of the transaction, or a refusal when it is not this event's. */
async function lockedRound(tx: Transaction, event: Event, roundId: string): Promise<JudgingRound> {
  return (await findRound(tx, event, roundId, true)) ?? refuse("That judging round no longer exists");
}

function refuseUnlessOpen(round: JudgingRound, doing: string): void {
  if (round.status === "locked") refuse(`${round.name} is locked. Unlock it before you ${doing}`);
}

function refuseIfVote(round: JudgingRound, what: string): void {
  if (round.kind === "peoples_choice") refuse(`A People's Choice vote has no ${what}`);
}

/** The entries in a round that can still be judged, in title order. */
async function entriesInRound(db: Queryable, event: Event, roundId: string) {
  return db
    .select({
      id: submissions.id,
      title: submissions.title,
      teamId: teams.id,
      teamName: teams.name,
      room: roundEntries.room,
    })
    .from(roundEntries)
    .innerJoin(submissions, eq(submissions.id, roundEntries.submissionId))
    .innerJoin(teams, eq(teams.id, submissions.teamId))
    .where(and(eq(roundEntries.roundId, roundId), eligible(event.id)))
    .orderBy(asc(sql`lower(${submissions.title})`), asc(sql`lower(${teams.name})`));
}

interface JudgeProfileRow {
  userId: string;
  name: string;
  email: string;
  expertise: Expertise;
  organisation: string;
  room: string;
}

/** Everyone holding the judge role at the event, with what assignment and conflict detection use. */
async function judgePool(db: Queryable, eventId: string): Promise<JudgeProfileRow[]> {
  const rows = await db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      expertise: judges.expertise,
      organisation: judges.organisation,
      room: judges.room,
    })
    .from(eventRoles)
    .innerJoin(users, eq(users.id, eventRoles.userId))
    .leftJoin(judges, and(eq(judges.eventId, eventRoles.eventId), eq(judges.userId, eventRoles.userId)))
    .where(and(eq(eventRoles.eventId, eventId), eq(eventRoles.role, "judge")))
    .orderBy(asc(sql`lower(${users.name})`), asc(users.email));
  return rows.map((row) => ({
    userId: row.userId,
    name: row.name,
    email: row.email,
    expertise: row.expertise ?? "other",
    organisation: row.organisation ?? "",
    room: row.room ?? "",
  }));
}

async function isJudge(db: Queryable, eventId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: eventRoles.userId })
    .from(eventRoles)
    .where(and(eq(eventRoles.eventId, eventId), eq(eventRoles.userId, userId), eq(eventRoles.role, "judge")));
  return Boolean(row);
}

/** The addresses of everyone who organises the event, directly or through its community. */
async function organiserAddresses(db: Queryable, event: Event): Promise<string[]> {
  const direct = await db
    .select({ email: users.email })
    .from(eventRoles)
    .innerJoin(users, eq(users.id, eventRoles.userId))
    .where(and(eq(eventRoles.eventId, event.id), eq(eventRoles.role, "organiser")));
  const viaCommunity = await db
    .select({ email: users.email })
    .from(communityOrganisers)
    .innerJoin(users, eq(users.id, communityOrganisers.userId))
    .where(eq(communityOrganisers.communityId, event.communityId));
  return [...new Set([...direct, ...viaCommunity].map((row) => row.email))].sort();
}

/** A whole number from a round's id, so each round's assignment is repeatable but rounds differ. */
function seedOf(roundId: string): number {
  return Number.parseInt(roundId.replace(/-/g, "").slice(0, 8), 16) || 0;
}

function entryName(entry: { title: string; teamName: string }): string {
  return entry.title.trim() === "" ? `${entry.teamName}'s entry` : entry.title;
}

// ---------------------------------------------------------------------------------------------
// Rounds

export interface RoundInput {
  kind: RoundKind;
  name: string;
  /** For a shortlist: k. A final is scored by every judge; a vote has no judges. */
  judgesPerEntry: number;
}

function roundInputRefusal(name: string, judgesPerEntry: number): Refusal | null {
  if (name === "") return { error: "Enter a name for the round", field: "name" };
  if (name.length > MAX_ROUND_NAME_LENGTH) {
    return { error: `The name must be ${MAX_ROUND_NAME_LENGTH} characters or fewer`, field: "name" };
  }
  if (!Number.isInteger(judgesPerEntry) || judgesPerEntry < 1 || judgesPerEntry > MAX_JUDGES_PER_ENTRY) {
    return {
      error: `Enter how many judges score each entry, from 1 to ${MAX_JUDGES_PER_ENTRY}`,
      field: "judgesPerEntry",
    };
  }
  return null;
}

/**
 * What conflict detection compares a judge with: each team member's email address and the
 * organisation they gave when registering, by team. All the event's teams, or only `teamIds`.
 */
export async function teamMemberProfiles(
  db: Queryable,
  eventId: string,
  teamIds?: readonly string[],
): Promise<Map<string, { userId: string; email: string; organisation: string }[]>> {
  const rows = await db
    .select({
      teamId: teamMembers.teamId,
      userId: users.id,
      email: users.email,
      organisation: registrations.organisation,
    })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .leftJoin(
      registrations,
      and(eq(registrations.eventId, teamMembers.eventId), eq(registrations.userId, teamMembers.userId)),
    )
    .where(
      teamIds
        ? and(eq(teamMembers.eventId, eventId), inArray(teamMembers.teamId, [...teamIds]))
        : eq(teamMembers.eventId, eventId),
    );
  const byTeam = new Map<string, { userId: string; email: string; organisation: string }[]>();
  for (const { teamId, organisation, ...person } of rows) {
    byTeam.set(teamId, [...(byTeam.get(teamId) ?? []), { ...person, organisation: organisation ?? "" }]);
  }
  return byTeam;
}

/**
 * Creates a round. A shortlist starts with the NHS Hack Day rubric as version 1 and every eligible
 * entry; a final starts with the latest shortlist's rubric (or the NHS one) and no entries until
 * the finalists are chosen; a People's Choice vote has every eligible entry and no rubric.
 */
export async function createRound(
  actor: User,
  event: Event,
  input: RoundInput,
): Promise<{ round: JudgingRound } | Refusal> {
  const name = input.name.trim();
  const invalid = roundInputRefusal(name, input.judgesPerEntry);
  if (invalid) return invalid;
  return refusable(async (tx) => {
    // Rounds of one event are made one at a time, so two cannot take the same position or name.
    await tx.select({ id: events.id }).from(events).where(eq(events.id, event.id)).for("update");
    const existing = await tx
      .select({ name: judgingRounds.name, position: judgingRounds.position, kind: judgingRounds.kind })
      .from(judgingRounds)
      .where(eq(judgingRounds.eventId, event.id));
    if (existing.some((round) => round.name.toLocaleLowerCase("en-GB") === name.toLocaleLowerCase("en-GB")))
      refuse(`There is already a round called ${name}. Give this one a different name`, "name");
    if (input.kind === "peoples_choice" && existing.some((round) => round.kind === "peoples_choice"))
      refuse("This event already has a People's Choice vote", "kind");
    const position = existing.reduce((highest, round) => Math.max(highest, round.position), -1) + 1;
    const [round] = await tx
      .insert(judgingRounds)
      .values({ eventId: event.id, kind: input.kind, name, position, judgesPerEntry: input.judgesPerEntry })
      .returning();
    if (!round) throw new Error("The round was not stored");
    let rubric: Rubric | null = null;
    if (input.kind === "shortlist") rubric = NHS_HACK_DAY_RUBRIC;
    if (input.kind === "final") rubric = (await latestShortlistRubric(tx, event)) ?? NHS_HACK_DAY_RUBRIC;
    if (rubric) {
      await tx
        .insert(rubricVersions)
        .values({ roundId: round.id, version: 1, criteria: rubric.criteria, createdByUserId: actor.id });
    }
    let entries = 0;
    if (input.kind !== "final") {
      const ids = await tx.select({ id: submissions.id }).from(submissions).where(eligible(event.id));
      if (ids.length > 0)
        await tx.insert(roundEntries).values(ids.map(({ id }) => ({ roundId: round.id, submissionId: id })));
      entries = ids.length;
    }
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "judging_round.created",
      subjectType: "judging_round",
      subjectId: round.id,
      after: { eventId: event.id, kind: round.kind, name, judgesPerEntry: round.judgesPerEntry, entries },
    });
    return { round };
  });
}

async function latestShortlistRubric(db: Queryable, event: Event): Promise<Rubric | null> {
  const [row] = await db
    .select({ criteria: rubricVersions.criteria })
    .from(rubricVersions)
    .innerJoin(judgingRounds, eq(judgingRounds.id, rubricVersions.roundId))
    .where(and(eq(judgingRounds.eventId, event.id), eq(judgingRounds.kind, "shortlist")))
    .orderBy(desc(judgingRounds.position), desc(rubricVersions.version))
    .limit(1);
  return row ? { criteria: row.criteria } : null;
}

export interface RoundSummary {
  id: string;
  kind: RoundKind;
  name: string;
  position: number;
  status: JudgingRound["status"];
  judgesPerEntry: number;
  rankingBasis: RankingBasis;
  resultsPublishedAt: Date | null;
  rubricVersion: number | null;
  entries: number;
  assignments: number;
  /** Assignments whose score sheet is complete (see progress). */
  complete: number;
  votes: number;
}

/** Every round of the event in order, with how far its judging has got. */
export async function roundOverview(event: Event): Promise<RoundSummary[]> {
  const db = getDb();
  const rounds = await db
    .select()
    .from(judgingRounds)
    .where(eq(judgingRounds.eventId, event.id))
    .orderBy(asc(judgingRounds.position));
  const summaries: RoundSummary[] = [];
  for (const round of rounds) {
    const [rubric, entries, state, voteRows] = await Promise.all([
      currentRubric(round.id, db),
      entriesInRound(db, event, round.id),
      assignmentState(db, event, round),
      db
        .select({ count: sql<number>`count(*)::int` })
        .from(votes)
        .where(eq(votes.roundId, round.id)),
    ]);
    summaries.push({
      id: round.id,
      kind: round.kind,
      name: round.name,
      position: round.position,
      status: round.status,
      judgesPerEntry: round.judgesPerEntry,
      rankingBasis: round.rankingBasis,
      resultsPublishedAt: round.resultsPublishedAt,
      rubricVersion: rubric?.version ?? null,
      entries: entries.length,
      assignments: state.assignments.length,
      complete: state.assignments.filter((assignment) => state.complete.has(assignment.key)).length,
      votes: Number(voteRows[0]?.count ?? 0),
    });
  }
  return summaries;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One round of the event, or null when the id (from an address, so anything) is not one of its rounds. */
export async function getRound(event: Event, roundId: string | undefined): Promise<JudgingRound | null> {
  if (!roundId || !UUID.test(roundId)) return null;
  return findRound(getDb(), event, roundId);
}

/** Renames a round, or changes how many judges score each entry of a shortlist. Audited. */
export async function updateRound(
  actor: User,
  event: Event,
  roundId: string,
  input: { name: string; judgesPerEntry: number },
): Promise<{ saved: true } | Refusal> {
  const name = input.name.trim();
  const invalid = roundInputRefusal(name, input.judgesPerEntry);
  if (invalid) return invalid;
  return refusable(async (tx) => {
    await tx.select({ id: events.id }).from(events).where(eq(events.id, event.id)).for("update");
    const round = await lockedRound(tx, event, roundId);
    const others = await tx
      .select({ id: judgingRounds.id, name: judgingRounds.name })
      .from(judgingRounds)
      .where(eq(judgingRounds.eventId, event.id));
    if (
      others.some(
        (other) => other.id !== round.id && other.name.toLocaleLowerCase("en-GB") === name.toLocaleLowerCase("en-GB"),
      )
    )
      refuse(`There is already a round called ${name}. Give this one a different name`, "name");
    const judgesPerEntry = round.kind === "shortlist" ? input.judgesPerEntry : round.judgesPerEntry;
    if (judgesPerEntry !== round.judgesPerEntry) refuseUnlessOpen(round, "change how many judges score each entry");
    if (name === round.name && judgesPerEntry === round.judgesPerEntry) return { saved: true as const };
    await tx.update(judgingRounds).set({ name, judgesPerEntry }).where(eq(judgingRounds.id, round.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "judging_round.updated",
      subjectType: "judging_round",
      subjectId: round.id,
      before: { name: round.name, judgesPerEntry: round.judgesPerEntry },
      after: { name, judgesPerEntry },
    });
    return { saved: true as const };
  });
}

/** Deletes a round made by mistake: only while nobody has scored or voted in it. Audited. */
export async function deleteRound(actor: User, event: Event, roundId: string): Promise<{ deleted: true } | Refusal> {
  return refusable(async (tx) => {
    const round = await lockedRound(tx, event, roundId);
    const [scored] = await tx.select({ id: scores.id }).from(scores).where(eq(scores.roundId, round.id)).limit(1);
    const [voted] = await tx.select({ id: votes.userId }).from(votes).where(eq(votes.roundId, round.id)).limit(1);
    if (scored || voted) refuse(`${round.name} has scores or votes, so it cannot be deleted. Lock it instead`);
    const used = await tx
      .select({ name: judgingRounds.name, tieBreak: judgingRounds.tieBreak })
      .from(judgingRounds)
      .where(eq(judgingRounds.eventId, event.id));
    const settling = used.find((other) =>
      other.tieBreak.some((step) => step.kind === "round" && step.roundId === round.id),
    );
    if (settling) refuse(`${settling.name} uses ${round.name} to break ties. Change its tie-break first`);
    await tx.delete(judgingRounds).where(eq(judgingRounds.id, round.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "judging_round.deleted",
      subjectType: "judging_round",
      subjectId: round.id,
      before: { eventId: event.id, kind: round.kind, name: round.name },
    });
    return { deleted: true as const };
  });
}

/** Eligible entries not yet in a shortlist or vote (submitted late, or reinstated), to add to it. */
export async function entriesMissingFromRound(event: Event, roundId: string) {
  const db = getDb();
  const round = await findRound(db, event, roundId);
  if (!round || round.kind === "final") return [];
  return db
    .select({ id: submissions.id, title: submissions.title, teamName: teams.name })
    .from(submissions)
    .innerJoin(teams, eq(teams.id, submissions.teamId))
    .leftJoin(roundEntries, and(eq(roundEntries.submissionId, submissions.id), eq(roundEntries.roundId, round.id)))
    .where(and(eligible(event.id), isNull(roundEntries.roundId)))
    .orderBy(asc(sql`lower(${submissions.title})`));
}

/** Adds every eligible entry missing from a shortlist or vote. */
export async function addMissingEntries(
  actor: User,
  event: Event,
  roundId: string,
): Promise<{ added: number } | Refusal> {
  return refusable(async (tx) => {
    const round = await lockedRound(tx, event, roundId);
    if (round.kind === "final") refuse("The entries in a final are its finalists: choose them from the shortlist");
    refuseUnlessOpen(round, "add entries");
    const missing = await tx
      .select({ id: submissions.id })
      .from(submissions)
      .leftJoin(roundEntries, and(eq(roundEntries.submissionId, submissions.id), eq(roundEntries.roundId, round.id)))
      .where(and(eligible(event.id), isNull(roundEntries.roundId)));
    if (missing.length > 0) {
      await tx.insert(roundEntries).values(missing.map(({ id }) => ({ roundId: round.id, submissionId: id })));
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "judging_round.entries_added",
        subjectType: "judging_round",
        subjectId: round.id,
        after: { submissionIds: missing.map(({ id }) => id) },
      });
    }
    return { added: missing.length };
  });
}

/**
 * Sets the entries of a final: the finalists picked from a shortlist's results. Entries taken out
 * lose their assignments; an entry that has already been scored in the final cannot be taken out.
 */
export async function setFinalists(
  actor: User,
  event: Event,
  roundId: string,
  submissionIds: readonly string[],
): Promise<{ finalists: number } | Refusal> {
  return refusable(async (tx) => {
    const round = await lockedRound(tx, event, roundId);
    if (round.kind !== "final") refuse("Finalists can only be chosen for a final");
    refuseUnlessOpen(round, "change the finalists");
    const wanted = [...new Set(submissionIds)];
    if (wanted.length === 0) refuse("Choose at least one finalist", "finalists");
    const found = await tx
      .select({ id: submissions.id })
      .from(submissions)
      .where(and(eligible(event.id), inArray(submissions.id, wanted)));
    if (found.length !== wanted.length)
      refuse("One of the entries chosen has been withdrawn or disqualified. Choose again", "finalists");
    const before = (
      await tx.select({ id: roundEntries.submissionId }).from(roundEntries).where(eq(roundEntries.roundId, round.id))
    ).map((row) => row.id);
    const leaving = before.filter((id) => !wanted.includes(id));
    if (leaving.length > 0) {
      const scored = await tx
        .select({ title: submissions.title })
        .from(scores)
        .innerJoin(submissions, eq(submissions.id, scores.submissionId))
        .where(and(eq(scores.roundId, round.id), inArray(scores.submissionId, leaving)))
        .limit(1);
      if (scored[0])
        refuse(
          `${scored[0].title || "An entry"} has already been scored in ${round.name}, so it cannot be taken out`,
          "finalists",
        );
      await tx
        .delete(judgeAssignments)
        .where(and(eq(judgeAssignments.roundId, round.id), inArray(judgeAssignments.submissionId, leaving)));
      await tx
        .delete(roundEntries)
        .where(and(eq(roundEntries.roundId, round.id), inArray(roundEntries.submissionId, leaving)));
    }
    const joining = wanted.filter((id) => !before.includes(id));
    if (joining.length > 0)
      await tx.insert(roundEntries).values(joining.map((id) => ({ roundId: round.id, submissionId: id })));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "judging_round.finalists_set",
      subjectType: "judging_round",
      subjectId: round.id,
      before: { submissionIds: before },
      after: { submissionIds: wanted },
    });
    return { finalists: wanted.length };
  });
}

// ---------------------------------------------------------------------------------------------
// Rubrics

export interface RubricVersionView {
  id: string;
  roundId: string;
  version: number;
  rubric: Rubric;
  createdAt: Date;
}

/** The round's newest rubric version: the one judges score against now. Null for a vote. */
export async function currentRubric(roundId: string, db: Queryable = getDb()): Promise<RubricVersionView | null> {
  const [row] = await db
    .select()
    .from(rubricVersions)
    .where(eq(rubricVersions.roundId, roundId))
    .orderBy(desc(rubricVersions.version))
    .limit(1);
  return row
    ? {
        id: row.id,
        roundId: row.roundId,
        version: row.version,
        rubric: { criteria: row.criteria },
        createdAt: row.createdAt,
      }
    : null;
}

/** Every rubric version of the round by id: old scores are read against the version they were given under. */
async function rubricVersionsOf(
  db: Queryable,
  roundId: string,
): Promise<Map<string, { version: number; rubric: Rubric }>> {
  const rows = await db.select().from(rubricVersions).where(eq(rubricVersions.roundId, roundId));
  return new Map(rows.map((row) => [row.id, { version: row.version, rubric: { criteria: row.criteria } }]));
}

function tidyRubric(rubric: Rubric): Rubric {
  return {
    criteria: rubric.criteria.map((criterion) => ({
      key: criterion.key.trim(),
      name: criterion.name.trim().replace(/\s+/g, " "),
      guidance: criterion.guidance.trim(),
      weight: criterion.weight,
      scaleMin: criterion.scaleMin,
      scaleMax: criterion.scaleMax,
      descriptors: [...criterion.descriptors]
        .map(({ score, text }) => ({ score, text: text.trim() }))
        .sort((a, b) => a.score - b.score),
    })),
  };
}

export type SaveRubricOutcome =
  { saved: "unchanged" | "updated" | "new_version"; version: number } | { errors: Record<string, string> } | Refusal;

/**
 * Saves a round's rubric. While no score uses the current version it is changed in place; once one
 * does, a change that alters what a score means (see rubricChanged) makes a new version and the
 * scores already given keep theirs. Rewording guidance or reordering never needs a new version.
 */
export async function saveRubric(
  actor: User,
  event: Event,
  roundId: string,
  rubric: Rubric,
): Promise<SaveRubricOutcome> {
  const errors = rubricErrors(rubric);
  if (Object.keys(errors).length > 0) return { errors };
  const tidy = tidyRubric(rubric);
  return refusable(async (tx) => {
    const round = await lockedRound(tx, event, roundId);
    refuseIfVote(round, "rubric");
    refuseUnlessOpen(round, "change its rubric");
    const current = await currentRubric(round.id, tx);
    if (current && JSON.stringify(tidyRubric(current.rubric)) === JSON.stringify(tidy))
      return { saved: "unchanged" as const, version: current.version };
    const [used] = current
      ? await tx.select({ id: scores.id }).from(scores).where(eq(scores.rubricVersionId, current.id)).limit(1)
      : [];
    let saved: "updated" | "new_version";
    let version: number;
    if (current && (!used || !rubricChanged(current.rubric, tidy))) {
      await tx.update(rubricVersions).set({ criteria: tidy.criteria }).where(eq(rubricVersions.id, current.id));
      saved = "updated";
      version = current.version;
    } else {
      version = (current?.version ?? 0) + 1;
      await tx
        .insert(rubricVersions)
        .values({ roundId: round.id, version, criteria: tidy.criteria, createdByUserId: actor.id });
      saved = "new_version";
    }
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: saved === "updated" ? "rubric.updated" : "rubric.versioned",
      subjectType: "judging_round",
      subjectId: round.id,
      before: current ? { version: current.version, criteria: current.rubric.criteria } : null,
      after: { version, criteria: tidy.criteria },
    });
    return { saved, version };
  });
}

/** What the rubric editor needs: the current version and whether any score uses it yet. */
export async function rubricEditorState(event: Event, roundId: string) {
  const db = getDb();
  const round = await findRound(db, event, roundId);
  if (!round) return null;
  const current = await currentRubric(round.id, db);
  const [used] = current
    ? await db.select({ id: scores.id }).from(scores).where(eq(scores.rubricVersionId, current.id)).limit(1)
    : [];
  return { round, current, scored: Boolean(used) };
}

// ---------------------------------------------------------------------------------------------
// Judges and conflicts

export interface JudgeSummary extends JudgeProfileRow {
  /** Entries assigned over every round of the event. */
  assigned: number;
  declaredConflicts: number;
  detectedConflicts: number;
}

/** The event's judges with their profiles, how many entries they have and how many conflicts. */
export async function judgesOf(event: Event): Promise<JudgeSummary[]> {
  const db = getDb();
  const pool = await judgePool(db, event.id);
  const counts = await db
    .select({ judgeUserId: judgeAssignments.judgeUserId, count: sql<number>`count(*)::int` })
    .from(judgeAssignments)
    .innerJoin(judgingRounds, eq(judgingRounds.id, judgeAssignments.roundId))
    .where(eq(judgingRounds.eventId, event.id))
    .groupBy(judgeAssignments.judgeUserId);
  const assigned = new Map(counts.map((row) => [row.judgeUserId, Number(row.count)]));
  const conflicts = await computeConflicts(db, event.id);
  return pool.map((judge) => {
    const own = conflicts.filter((conflict) => conflict.judgeUserId === judge.userId);
    return {
      ...judge,
      assigned: assigned.get(judge.userId) ?? 0,
      declaredConflicts: own.filter((conflict) => conflict.reasons.some((reason) => reason.kind === "declared")).length,
      detectedConflicts: own.filter((conflict) => conflict.reasons.some((reason) => reason.kind !== "declared")).length,
    };
  });
}

export interface JudgeProfileInput {
  expertise: Expertise;
  organisation: string;
  room: string;
}

/**
 * Saves what the organiser knows of a judge. A new organisation can bring new conflicts, so any
 * assignment in an open round that now conflicts is taken away and the entry given another judge.
 */
export async function saveJudgeProfile(
  actor: User,
  event: Event,
  userId: string,
  input: JudgeProfileInput,
): Promise<{ saved: true; reassigned: number } | Refusal> {
  return refusable(async (tx) => {
    if (!(await isJudge(tx, event.id, userId))) refuse("That person is no longer a judge for this event");
    const values = {
      expertise: input.expertise,
      organisation: input.organisation.trim().replace(/\s+/g, " "),
      room: input.room.trim().replace(/\s+/g, " "),
    };
    const [before] = await tx
      .select()
      .from(judges)
      .where(and(eq(judges.eventId, event.id), eq(judges.userId, userId)))
      .for("update");
    await tx
      .insert(judges)
      .values({ eventId: event.id, userId, ...values })
      .onConflictDoUpdate({ target: [judges.eventId, judges.userId], set: values });
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "judge.profile_saved",
      subjectType: "event",
      subjectId: event.id,
      before: before
        ? { userId, expertise: before.expertise, organisation: before.organisation, room: before.room }
        : null,
      after: { userId, ...values },
    });
    const reassigned = await repairOpenRounds(tx, event, actor);
    return { saved: true as const, reassigned };
  });
}

export interface ConflictView {
  judgeUserId: string;
  judgeName: string;
  teamId: string;
  teamName: string;
  entryTitle: string | null;
  /** One line per reason, as conflictLabel words them. */
  reasons: string[];
  declared: boolean;
  detected: boolean;
}

interface ConflictPair {
  judgeUserId: string;
  teamId: string;
  reasons: ConflictReason[];
}

/**
 * Every conflict between a judge of the event and a team: declared ones (judge_conflicts) and the
 * ones detected from membership, registration organisations and email domains, leaving out the
 * domains that many unrelated people share and the event's own extra list.
 */
async function computeConflicts(db: Queryable, eventId: string): Promise<ConflictPair[]> {
  const [event] = await db
    .select({ sharedEmailDomains: events.sharedEmailDomains })
    .from(events)
    .where(eq(events.id, eventId));
  const extraSharedDomains = event?.sharedEmailDomains ?? [];
  const pool = await judgePool(db, eventId);
  if (pool.length === 0) return [];
  const members = await teamMemberProfiles(db, eventId);
  const declared = await db
    .select({ judgeUserId: judgeConflicts.judgeUserId, teamId: judgeConflicts.teamId, note: judgeConflicts.note })
    .from(judgeConflicts)
    .where(eq(judgeConflicts.eventId, eventId));
  const declaredBy = new Map(declared.map((row) => [conflictKey(row.judgeUserId, row.teamId), row.note]));
  const teamIds = new Set([...members.keys(), ...declared.map((row) => row.teamId)]);
  const pairs: ConflictPair[] = [];
  for (const judge of pool) {
    for (const teamId of teamIds) {
      const reasons = detectConflicts(
        { userId: judge.userId, email: judge.email, organisation: judge.organisation },
        { teamId, members: members.get(teamId) ?? [] },
        { extraSharedDomains },
      );
      const note = declaredBy.get(conflictKey(judge.userId, teamId));
      if (note !== undefined) reasons.push({ kind: "declared", note });
      if (reasons.length > 0) pairs.push({ judgeUserId: judge.userId, teamId, reasons });
    }
  }
  return pairs;
}

/** Every conflict at the event, declared and detected, for the organisers' page. */
export async function conflictsFor(event: Event): Promise<ConflictView[]> {
  const db = getDb();
  const pairs = await computeConflicts(db, event.id);
  if (pairs.length === 0) return [];
  const pool = new Map((await judgePool(db, event.id)).map((judge) => [judge.userId, judge.name]));
  const teamRows = await db
    .select({ id: teams.id, name: teams.name, title: submissions.title })
    .from(teams)
    .leftJoin(submissions, eq(submissions.teamId, teams.id))
    .where(eq(teams.eventId, event.id));
  const teamsById = new Map(teamRows.map((team) => [team.id, team]));
  return pairs
    .map((pair) => {
      const team = teamsById.get(pair.teamId);
      return {
        judgeUserId: pair.judgeUserId,
        judgeName: pool.get(pair.judgeUserId) ?? "A judge",
        teamId: pair.teamId,
        teamName: team?.name ?? "A team",
        entryTitle: team?.title ?? null,
        reasons: pair.reasons.map(conflictLabel),
        declared: pair.reasons.some((reason) => reason.kind === "declared"),
        detected: pair.reasons.some((reason) => reason.kind !== "declared"),
      };
    })
    .sort((a, b) => a.judgeName.localeCompare(b.judgeName, "en-GB") || a.teamName.localeCompare(b.teamName, "en-GB"));
}

/** The event's teams, for recording a conflict with one. */
export async function teamsAtEvent(event: Event): Promise<{ id: string; name: string }[]> {
  return getDb()
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(eq(teams.eventId, event.id))
    .orderBy(asc(sql`lower(${teams.name})`));
}

/** The judge-entry pairs of a round that conflict, as conflictKey(judgeUserId, submissionId). */
export async function conflictSet(db: Queryable, event: Event, roundId: string): Promise<Set<string>> {
  const pairs = await computeConflicts(db, event.id);
  const keys = new Set<string>();
  if (pairs.length === 0) return keys;
  const entries = await db
    .select({ id: submissions.id, teamId: submissions.teamId })
    .from(roundEntries)
    .innerJoin(submissions, eq(submissions.id, roundEntries.submissionId))
    .where(eq(roundEntries.roundId, roundId));
  const byTeam = new Map<string, string[]>();
  for (const entry of entries) byTeam.set(entry.teamId, [...(byTeam.get(entry.teamId) ?? []), entry.id]);
  for (const pair of pairs) {
    for (const submissionId of byTeam.get(pair.teamId) ?? []) keys.add(conflictKey(pair.judgeUserId, submissionId));
  }
  return keys;
}

/**
 * Records, for a judge, a conflict they told the organisers about, and moves the entry to another
 * judge wherever it was assigned to them.
 */
export async function recordConflict(
  actor: User,
  event: Event,
  judgeUserId: string,
  teamId: string,
  note: string,
): Promise<{ recorded: true } | Refusal> {
  return refusable(async (tx) => {
    if (!(await isJudge(tx, event.id, judgeUserId))) refuse("That person is no longer a judge for this event", "judge");
    const [team] = await tx
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.id, teamId), eq(teams.eventId, event.id)));
    if (!team) refuse("That team is no longer at this event", "team");
    const [stored] = await tx
      .insert(judgeConflicts)
      .values({ eventId: event.id, judgeUserId, teamId, note: note.trim() })
      .onConflictDoNothing()
      .returning({ id: judgeConflicts.id });
    if (!stored) refuse("That conflict has already been recorded", "team");
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "judge_conflict.recorded",
      subjectType: "event",
      subjectId: event.id,
      after: { judgeUserId, teamId, note: note.trim() },
    });
    await reassignAfterConflict(tx, event, judgeUserId, teamId, actor.id);
    return { recorded: true as const };
  });
}

/** Removes a declared conflict (one recorded by mistake). Detected conflicts cannot be removed. */
export async function removeDeclaredConflict(
  actor: User,
  event: Event,
  judgeUserId: string,
  teamId: string,
): Promise<{ removed: true } | Refusal> {
  return refusable(async (tx) => {
    const [removed] = await tx
      .delete(judgeConflicts)
      .where(
        and(
          eq(judgeConflicts.eventId, event.id),
          eq(judgeConflicts.judgeUserId, judgeUserId),
          eq(judgeConflicts.teamId, teamId),
        ),
      )
      .returning();
    if (!removed) refuse("That declared conflict has already been removed");
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "judge_conflict.removed",
      subjectType: "event",
      subjectId: event.id,
      before: { judgeUserId, teamId, note: removed.note },
    });
    return { removed: true as const };
  });
}

/** A domain as organisers write it: "leeds.ac.uk", or "*.example.org" for it and its subdomains. */
export const SHARED_DOMAIN_PATTERN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * Sets the event's extra email domains that many unrelated people share. Fewer shared domains can
 * bring new conflicts, so assignments in open rounds that now conflict are moved.
 */
export async function setSharedEmailDomains(
  actor: User,
  event: Event,
  domains: readonly string[],
): Promise<{ saved: true; reassigned: number } | Refusal> {
  const cleaned = [...new Set(domains.map((domain) => domain.trim().toLowerCase().replace(/^@+/, "")))].filter(
    (domain) => domain !== "",
  );
  const wrong = cleaned.find((domain) => !SHARED_DOMAIN_PATTERN.test(domain));
  if (wrong)
    return {
      error: `${wrong} is not an email domain. Write domains like leeds.ac.uk or *.example.org`,
      field: "domains",
    };
  if (cleaned.length > 100) return { error: "Enter 100 domains or fewer", field: "domains" };
  return refusable(async (tx) => {
    const [before] = await tx
      .select({ sharedEmailDomains: events.sharedEmailDomains })
      .from(events)
      .where(eq(events.id, event.id))
      .for("update");
    await tx.update(events).set({ sharedEmailDomains: cleaned, updatedAt: new Date() }).where(eq(events.id, event.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "event.shared_email_domains_set",
      subjectType: "event",
      subjectId: event.id,
      before: { sharedEmailDomains: before?.sharedEmailDomains ?? [] },
      after: { sharedEmailDomains: cleaned },
    });
    const reassigned = await repairOpenRounds(tx, event, actor);
    return { saved: true as const, reassigned };
  });
}

// ---------------------------------------------------------------------------------------------
// Assignment

export interface AssignmentReport {
  added: number;
  removed: number;
  /** Pairs the solver would have moved but a judge has already started scoring, so they stay. */
  keptBecauseScored: number;
  shortfalls: { submissionId: string; title: string; wanted: number; got: number; reason: string }[];
  mixMissing: { submissionId: string; title: string }[];
}

/**
 * Runs the assignment for one round and writes the difference. Existing valid pairs are kept where
 * the loads allow; a pair that conflicts, or whose judge or entry has left, goes; a pair the solver
 * would move for the loads stays if the judge has already started scoring it.
 */
async function refillRound(
  tx: Transaction,
  event: Event,
  round: JudgingRound,
  extraConflicts: ReadonlySet<string> = new Set(),
): Promise<AssignmentReport> {
  const pool = await judgePool(tx, event.id);
  const entries = await entriesInRound(tx, event, round.id);
  const conflicts = await conflictSet(tx, event, round.id);
  for (const key of extraConflicts) conflicts.add(key);
  const existing = await tx
    .select({ judgeUserId: judgeAssignments.judgeUserId, submissionId: judgeAssignments.submissionId })
    .from(judgeAssignments)
    .where(eq(judgeAssignments.roundId, round.id));
  const perEntry = round.kind === "final" ? Math.max(1, pool.length) : round.judgesPerEntry;
  const result = assignJudges({
    judges: pool.map((judge) => ({ id: judge.userId, expertise: judge.expertise, room: judge.room || null })),
    entries: entries.map((entry) => ({ id: entry.id, room: entry.room || null })),
    perEntry,
    conflicts,
    existing: existing.map((pair) => ({ judgeId: pair.judgeUserId, entryId: pair.submissionId })),
    seed: seedOf(round.id),
  });
  const chosen = new Set(result.assignments.map((pair) => conflictKey(pair.judgeId, pair.entryId)));
  const started = new Set(
    (
      await tx
        .select({ judgeUserId: scores.judgeUserId, submissionId: scores.submissionId })
        .from(scores)
        .where(eq(scores.roundId, round.id))
    ).map((row) => conflictKey(row.judgeUserId, row.submissionId)),
  );
  const judgeIds = new Set(pool.map((judge) => judge.userId));
  const entryIds = new Set(entries.map((entry) => entry.id));
  const existingKeys = new Set(existing.map((pair) => conflictKey(pair.judgeUserId, pair.submissionId)));
  let keptBecauseScored = 0;
  const leaving = existing.filter((pair) => {
    const key = conflictKey(pair.judgeUserId, pair.submissionId);
    if (chosen.has(key)) return false;
    const valid = judgeIds.has(pair.judgeUserId) && entryIds.has(pair.submissionId) && !conflicts.has(key);
    if (valid && started.has(key)) {
      keptBecauseScored++;
      return false;
    }
    return true;
  });
  for (const pair of leaving) {
    await tx
      .delete(judgeAssignments)
      .where(
        and(
          eq(judgeAssignments.roundId, round.id),
          eq(judgeAssignments.judgeUserId, pair.judgeUserId),
          eq(judgeAssignments.submissionId, pair.submissionId),
        ),
      );
  }
  const joining = result.assignments.filter((pair) => !existingKeys.has(conflictKey(pair.judgeId, pair.entryId)));
  if (joining.length > 0) {
    await tx
      .insert(judgeAssignments)
      .values(joining.map((pair) => ({ roundId: round.id, judgeUserId: pair.judgeId, submissionId: pair.entryId })))
      .onConflictDoNothing();
  }
  const titles = new Map(entries.map((entry) => [entry.id, entryName(entry)]));
  return {
    added: joining.length,
    removed: leaving.length,
    keptBecauseScored,
    shortfalls: result.shortfalls.map((shortfall) => ({
      submissionId: shortfall.entryId,
      title: titles.get(shortfall.entryId) ?? "An entry",
      wanted: shortfall.wanted,
      got: shortfall.got,
      reason: shortfall.reason,
    })),
    mixMissing: result.mixMissing.map((submissionId) => ({
      submissionId,
      title: titles.get(submissionId) ?? "An entry",
    })),
  };
}

/**
 * Assigns judges to every entry of an open round: k per entry in a shortlist, every judge in a
 * final; loads within one, no conflicts, a clinical and a technical judge per entry where the pool
 * allows, judges kept in their rooms. Pairs already assigned stay where they can.
 */
export async function autoAssign(actor: User, event: Event, roundId: string): Promise<AssignmentReport | Refusal> {
  return refusable(async (tx) => {
    const round = await lockedRound(tx, event, roundId);
    refuseIfVote(round, "judges to assign");
    refuseUnlessOpen(round, "assign judges");
    const report = await refillRound(tx, event, round);
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "judging_round.assigned",
      subjectType: "judging_round",
      subjectId: round.id,
      after: { added: report.added, removed: report.removed, keptBecauseScored: report.keptBecauseScored },
    });
    return report;
  });
}

/** Assigns one judge to one entry by hand; never a conflicted pair. */
export async function addAssignment(
  actor: User,
  event: Event,
  roundId: string,
  judgeUserId: string,
  submissionId: string,
): Promise<{ added: true } | Refusal> {
  return refusable(async (tx) => {
    const round = await lockedRound(tx, event, roundId);
    refuseIfVote(round, "judges to assign");
    refuseUnlessOpen(round, "change who judges what");
    const pool = await judgePool(tx, event.id);
    const judge = pool.find((candidate) => candidate.userId === judgeUserId);
    if (!judge) refuse("That person is no longer a judge for this event", "judge");
    const entry = (await entriesInRound(tx, event, round.id)).find((candidate) => candidate.id === submissionId);
    if (!entry) refuse("That entry is not in this round", "entry");
    if ((await conflictSet(tx, event, round.id)).has(conflictKey(judgeUserId, submissionId))) {
      const reasons = (await computeConflicts(tx, event.id)).find(
        (pair) => pair.judgeUserId === judgeUserId && pair.teamId === entry.teamId,
      )?.reasons;
      const why = reasons?.[0] ? `: ${conflictLabel(reasons[0]).toLowerCase()}` : "";
      refuse(`${judge.name} has a conflict with ${entryName(entry)}${why}. Choose another judge`, "judge");
    }
    const [added] = await tx
      .insert(judgeAssignments)
      .values({ roundId: round.id, judgeUserId, submissionId })
      .onConflictDoNothing()
      .returning({ roundId: judgeAssignments.roundId });
    if (!added) refuse(`${judge.name} is already judging ${entryName(entry)}`, "judge");
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "assignment.added",
      subjectType: "judging_round",
      subjectId: round.id,
      after: { judgeUserId, submissionId },
    });
    return { added: true as const };
  });
}

/** Takes an entry away from a judge by hand. Scores they gave it stop counting, but are kept. */
export async function removeAssignment(
  actor: User,
  event: Event,
  roundId: string,
  judgeUserId: string,
  submissionId: string,
): Promise<{ removed: true } | Refusal> {
  return refusable(async (tx) => {
    const round = await lockedRound(tx, event, roundId);
    refuseUnlessOpen(round, "change who judges what");
    const [removed] = await tx
      .delete(judgeAssignments)
      .where(
        and(
          eq(judgeAssignments.roundId, round.id),
          eq(judgeAssignments.judgeUserId, judgeUserId),
          eq(judgeAssignments.submissionId, submissionId),
        ),
      )
      .returning();
    if (!removed) refuse("That judge was no longer assigned to that entry");
    const [scored] = await tx
      .select({ id: scores.id })
      .from(scores)
      .where(
        and(eq(scores.roundId, round.id), eq(scores.judgeUserId, judgeUserId), eq(scores.submissionId, submissionId)),
      );
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "assignment.removed",
      subjectType: "judging_round",
      subjectId: round.id,
      before: { judgeUserId, submissionId, hadScores: Boolean(scored) },
    });
    return { removed: true as const };
  });
}

/** Moves every conflicted assignment of every open round; answers how many pairs were moved. */
async function repairOpenRounds(tx: Transaction, event: Event, actor: User): Promise<number> {
  const open = await tx
    .select()
    .from(judgingRounds)
    .where(and(eq(judgingRounds.eventId, event.id), eq(judgingRounds.status, "open")))
    .orderBy(asc(judgingRounds.position))
    .for("update");
  let moved = 0;
  for (const round of open) {
    if (round.kind === "peoples_choice") continue;
    const conflicts = await conflictSet(tx, event, round.id);
    const assigned = await tx
      .select({ judgeUserId: judgeAssignments.judgeUserId, submissionId: judgeAssignments.submissionId })
      .from(judgeAssignments)
      .where(eq(judgeAssignments.roundId, round.id));
    const conflicted = assigned.filter((pair) => conflicts.has(conflictKey(pair.judgeUserId, pair.submissionId)));
    if (conflicted.length === 0) continue;
    const report = await refillRound(tx, event, round);
    moved += conflicted.length;
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "assignment.reassigned_after_conflict",
      subjectType: "judging_round",
      subjectId: round.id,
      before: { pairs: conflicted },
      after: { added: report.added, removed: report.removed },
    });
  }
  return moved;
}

export interface ConflictReassignment {
  roundId: string;
  roundName: string;
  submissionId: string;
  title: string;
  /** Locked rounds are left alone: the judge's scores for the entry stop counting instead. */
  locked: boolean;
  judgesNow: string[];
  shortfall: string | null;
}

/**
 * Call in the transaction that records a judge's conflict with a team. Takes the team's entry away
 * from the judge in every open round, gives it another judge where the pool allows (keeping the
 * other assignments), and emails the event's organisers what happened. The judge's scores for the
 * entry stay stored but stop counting in results. Does nothing when the judge had not been
 * assigned the entry.
 */
export async function reassignAfterConflict(
  tx: Transaction,
  event: Event,
  judgeUserId: string,
  teamId: string,
  /** Who recorded the conflict, for the audit log: the judge unless an organiser did it for them. */
  actorUserId: string = judgeUserId,
): Promise<{ reassigned: ConflictReassignment[] }> {
  const teamEntries = await tx
    .select({ id: submissions.id, title: submissions.title, teamName: teams.name })
    .from(submissions)
    .innerJoin(teams, eq(teams.id, submissions.teamId))
    .where(and(eq(submissions.eventId, event.id), eq(submissions.teamId, teamId)));
  if (teamEntries.length === 0) return { reassigned: [] };
  const affected = await tx
    .select({ round: judgingRounds, submissionId: judgeAssignments.submissionId })
    .from(judgeAssignments)
    .innerJoin(judgingRounds, eq(judgingRounds.id, judgeAssignments.roundId))
    .where(
      and(
        eq(judgingRounds.eventId, event.id),
        eq(judgeAssignments.judgeUserId, judgeUserId),
        inArray(
          judgeAssignments.submissionId,
          teamEntries.map((entry) => entry.id),
        ),
      ),
    )
    .orderBy(asc(judgingRounds.position));
  if (affected.length === 0) return { reassigned: [] };
  const [judge] = await tx.select({ name: users.name }).from(users).where(eq(users.id, judgeUserId));
  const pool = new Map((await judgePool(tx, event.id)).map((person) => [person.userId, person.name]));
  const reassigned: ConflictReassignment[] = [];
  for (const { round: stale, submissionId } of affected) {
    const round = (await findRound(tx, event, stale.id, true)) ?? stale;
    const entry = teamEntries.find((candidate) => candidate.id === submissionId)!;
    const base = { roundId: round.id, roundName: round.name, submissionId, title: entryName(entry) };
    if (round.status === "locked") {
      reassigned.push({ ...base, locked: true, judgesNow: [], shortfall: null });
      continue;
    }
    await tx
      .delete(judgeAssignments)
      .where(
        and(
          eq(judgeAssignments.roundId, round.id),
          eq(judgeAssignments.judgeUserId, judgeUserId),
          eq(judgeAssignments.submissionId, submissionId),
        ),
      );
    const report = await refillRound(tx, event, round, new Set([conflictKey(judgeUserId, submissionId)]));
    const now = await tx
      .select({ judgeUserId: judgeAssignments.judgeUserId })
      .from(judgeAssignments)
      .where(and(eq(judgeAssignments.roundId, round.id), eq(judgeAssignments.submissionId, submissionId)));
    const shortfall = report.shortfalls.find((item) => item.submissionId === submissionId);
    reassigned.push({
      ...base,
      locked: false,
      judgesNow: now.map((row) => pool.get(row.judgeUserId) ?? "A judge").sort(),
      shortfall: shortfall ? shortfall.reason : null,
    });
    await recordAudit(tx, {
      actorUserId,
      action: "assignment.reassigned_after_conflict",
      subjectType: "judging_round",
      subjectId: round.id,
      before: { judgeUserId, submissionId },
      after: { added: report.added, removed: report.removed + 1 },
    });
  }
  const judgeName = judge?.name ?? "A judge";
  const teamName = teamEntries[0]!.teamName;
  const lines = reassigned.map((item) =>
    item.locked
      ? `- ${item.title} in ${item.roundName}: the round is locked, so nothing was moved. ${judgeName}'s scores for it no longer count. Unlock the round to give it another judge.`
      : `- ${item.title} in ${item.roundName}: now judged by ${item.judgesNow.length > 0 ? item.judgesNow.join(", ") : "nobody"}.${item.shortfall ? ` It has fewer judges than it should: ${item.shortfall}.` : ""}`,
  );
  const text = `${judgeName} has declared a conflict of interest with ${teamName}, so their entry has been taken away from ${judgeName}.\n\n${lines.join("\n")}\n\nSee judging: ${publicOrigin()}/events/${event.slug}/manage/judging`;
  for (const to of await organiserAddresses(tx, event)) {
    await enqueueEmail(tx, { to, subject: `${event.title}: an entry has a new judge after a conflict`, text });
  }
  return { reassigned };
}

// ---------------------------------------------------------------------------------------------
// Progress and locking

interface SheetRow {
  id: string;
  judgeUserId: string;
  submissionId: string;
  rubricVersionId: string;
  criterionScores: Record<string, number>;
  teamAbsent: boolean;
  reopenedAt: Date | null;
  feedback: string;
  privateNote: string;
  updatedAt: Date;
}

/** Every criterion of the sheet's own rubric version has a valid score, or the team was absent. */

async function sheetsOf(db: Queryable, roundId: string): Promise<SheetRow[]> {
  return db
    .select({
      id: scores.id,
      judgeUserId: scores.judgeUserId,
      submissionId: scores.submissionId,
      rubricVersionId: scores.rubricVersionId,
      criterionScores: scores.criterionScores,
      teamAbsent: scores.teamAbsent,
      reopenedAt: scores.reopenedAt,
      feedback: scores.feedback,
      privateNote: scores.privateNote,
      updatedAt: scores.updatedAt,
    })
    .from(scores)
    .where(eq(scores.roundId, roundId));
}

/**
 * The round's current assignments (of eligible entries, to current judges, without a conflict),
 * and which of them have a complete sheet or a started one.
 */
async function assignmentState(db: Queryable, event: Event, round: JudgingRound) {
  const [rows, pool, entries, conflicts, sheets, versions] = await Promise.all([
    db
      .select({ judgeUserId: judgeAssignments.judgeUserId, submissionId: judgeAssignments.submissionId })
      .from(judgeAssignments)
      .where(eq(judgeAssignments.roundId, round.id)),
    judgePool(db, event.id),
    entriesInRound(db, event, round.id),
    conflictSet(db, event, round.id),
    sheetsOf(db, round.id),
    rubricVersionsOf(db, round.id),
  ]);
  const judgeIds = new Set(pool.map((judge) => judge.userId));
  const entryIds = new Set(entries.map((entry) => entry.id));
  const assignments = rows
    .map((row) => ({ ...row, key: conflictKey(row.judgeUserId, row.submissionId) }))
    .filter((row) => judgeIds.has(row.judgeUserId) && entryIds.has(row.submissionId) && !conflicts.has(row.key));
  const complete = new Set<string>();
  const started = new Set<string>();
  const sheetByKey = new Map<string, SheetRow>();
  for (const sheet of sheets) {
    const key = conflictKey(sheet.judgeUserId, sheet.submissionId);
    sheetByKey.set(key, sheet);
    const rubric = versions.get(sheet.rubricVersionId)?.rubric;
    if (rubric && isSheetComplete(rubric.criteria, sheet)) complete.add(key);
    else if (Object.keys(sheet.criterionScores).length > 0) started.add(key);
  }
  return { assignments, pool, entries, conflicts, complete, started, sheets, sheetByKey, versions };
}

export interface JudgeProgress {
  userId: string;
  name: string;
  email: string;
  expertise: Expertise;
  room: string;
  assigned: number;
  complete: number;
  started: number;
  /** Not finished and further from it than the round as a whole. */
  behind: boolean;
  reopened: boolean;
}

export interface EntryProgress {
  submissionId: string;
  title: string;
  teamName: string;
  wanted: number;
  judges: { userId: string; name: string; expertise: Expertise; complete: boolean; started: boolean }[];
  complete: number;
  /** Lacks a clinical or a technical judge although the pool has both (k of 2 or more). */
  lacksMix: boolean;
  votes: number;
}

export interface RoundProgress {
  judges: JudgeProgress[];
  entries: EntryProgress[];
  totals: { assigned: number; complete: number };
}

/**
 * Live progress of a round: per judge (assigned, complete, started, behind) and per entry (its
 * judges and how many have finished). A sheet is complete when every criterion of its rubric
 * version has a score, or the team was marked absent.
 */
export async function progress(event: Event, roundId: string): Promise<RoundProgress | null> {
  const db = getDb();
  const round = await findRound(db, event, roundId);
  if (!round) return null;
  const state = await assignmentState(db, event, round);
  const voteRows =
    round.kind === "peoples_choice"
      ? await db
          .select({ submissionId: votes.submissionId, count: sql<number>`count(*)::int` })
          .from(votes)
          .where(eq(votes.roundId, round.id))
          .groupBy(votes.submissionId)
      : [];
  const voteCounts = new Map(voteRows.map((row) => [row.submissionId, Number(row.count)]));
  const totals = {
    assigned: state.assignments.length,
    complete: state.assignments.filter((pair) => state.complete.has(pair.key)).length,
  };
  const pace = totals.assigned === 0 ? 1 : totals.complete / totals.assigned;
  const judgesProgress = state.pool.map((judge) => {
    const own = state.assignments.filter((pair) => pair.judgeUserId === judge.userId);
    const complete = own.filter((pair) => state.complete.has(pair.key)).length;
    const started = own.filter((pair) => state.started.has(pair.key)).length;
    return {
      userId: judge.userId,
      name: judge.name,
      email: judge.email,
      expertise: judge.expertise,
      room: judge.room,
      assigned: own.length,
      complete,
      started,
      behind: own.length > 0 && complete < own.length && complete / own.length < pace,
      reopened: state.sheets.some((sheet) => sheet.judgeUserId === judge.userId && sheet.reopenedAt !== null),
    };
  });
  const names = new Map(state.pool.map((judge) => [judge.userId, judge]));
  const mixApplies =
    round.kind === "shortlist" &&
    round.judgesPerEntry >= 2 &&
    state.pool.some((judge) => judge.expertise === "clinical") &&
    state.pool.some((judge) => judge.expertise === "technical");
  const wanted = round.kind === "final" ? state.pool.length : round.kind === "shortlist" ? round.judgesPerEntry : 0;
  const entriesProgress = state.entries.map((entry) => {
    const panel = state.assignments
      .filter((pair) => pair.submissionId === entry.id)
      .map((pair) => {
        const judge = names.get(pair.judgeUserId)!;
        return {
          userId: judge.userId,
          name: judge.name,
          expertise: judge.expertise,
          complete: state.complete.has(pair.key),
          started: state.started.has(pair.key),
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name, "en-GB"));
    return {
      submissionId: entry.id,
      title: entryName(entry),
      teamName: entry.teamName,
      wanted,
      judges: panel,
      complete: panel.filter((judge) => judge.complete).length,
      lacksMix:
        mixApplies &&
        !(
          panel.some((judge) => judge.expertise === "clinical") &&
          panel.some((judge) => judge.expertise === "technical")
        ),
      votes: voteCounts.get(entry.id) ?? 0,
    };
  });
  return { judges: judgesProgress, entries: entriesProgress, totals };
}

/** Locks a round: judges can no longer change their scores, and any reopening ends. Audited. */
export async function lockRound(actor: User, event: Event, roundId: string): Promise<{ locked: true } | Refusal> {
  return refusable(async (tx) => {
    const round = await lockedRound(tx, event, roundId);
    if (round.status === "locked") refuse(`${round.name} is already locked`);
    await tx.update(judgingRounds).set({ status: "locked" }).where(eq(judgingRounds.id, round.id));
    const closed = await tx
      .update(scores)
      .set({ reopenedAt: null })
      .where(and(eq(scores.roundId, round.id), sql`${scores.reopenedAt} is not null`))
      .returning({ id: scores.id });
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "judging_round.locked",
      subjectType: "judging_round",
      subjectId: round.id,
      before: { status: round.status },
      after: { status: "locked", reopeningsClosed: closed.length },
    });
    return { locked: true as const };
  });
}

/** Unlocks a round so judges can score again. Not once its results are published. Audited. */
export async function unlockRound(actor: User, event: Event, roundId: string): Promise<{ unlocked: true } | Refusal> {
  return refusable(async (tx) => {
    const round = await lockedRound(tx, event, roundId);
    if (round.status === "open") refuse(`${round.name} is not locked`);
    if (round.resultsPublishedAt) refuse("The results of this round are published. Withdraw them before unlocking it");
    await tx.update(judgingRounds).set({ status: "open" }).where(eq(judgingRounds.id, round.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "judging_round.unlocked",
      subjectType: "judging_round",
      subjectId: round.id,
      before: { status: "locked" },
      after: { status: "open" },
    });
    return { unlocked: true as const };
  });
}

/**
 * Lets one judge change their scores in a locked round (reopened_at on each of their sheets), for
 * example to correct a slip. Locking the round again ends it. Audited.
 */
export async function reopenScores(
  actor: User,
  event: Event,
  roundId: string,
  judgeUserId: string,
): Promise<{ reopened: number } | Refusal> {
  return refusable(async (tx) => {
    const round = await lockedRound(tx, event, roundId);
    if (round.status !== "locked") refuse(`${round.name} is open, so judges can already change their scores`);
    if (round.resultsPublishedAt) refuse("The results of this round are published. Withdraw them first");
    const reopened = await tx
      .update(scores)
      .set({ reopenedAt: new Date() })
      .where(and(eq(scores.roundId, round.id), eq(scores.judgeUserId, judgeUserId)))
      .returning({ id: scores.id, submissionId: scores.submissionId });
    if (reopened.length === 0) refuse("That judge has no scores in this round to reopen");
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "scores.reopened",
      subjectType: "judging_round",
      subjectId: round.id,
      after: { judgeUserId, scoreIds: reopened.map((row) => row.id) },
    });
    return { reopened: reopened.length };
  });
}

// ---------------------------------------------------------------------------------------------
// Results

export interface RankedEntry {
  submissionId: string;
  title: string;
  teamName: string;
  rank: number;
  judges: number;
  /** On the rubric's scale (its first criterion's). */
  raw: number;
  normalised: number;
  interval: { low: number; high: number };
  /** Its interval overlaps the interval of the entry ranked directly above. */
  overlapsAbove: boolean;
  /** Shares its rank with another entry: the tie-break chain did not settle it. */
  stillTied: boolean;
  tieBreak: string | null;
  votes: number;
}

export interface IndividualSheet {
  judgeUserId: string;
  judgeName: string;
  judgeEmail: string;
  submissionId: string;
  title: string;
  teamName: string;
  rubricVersion: number;
  scores: Record<string, number>;
  teamAbsent: boolean;
  complete: boolean;
  /** Counted in the ranking: complete, assigned and without a conflict. */
  counted: boolean;
  /** On the rubric scale; null when nothing was scored. */
  raw: number | null;
  normalised: number | null;
  feedback: string;
  privateNote: string;
  updatedAt: Date;
}

export interface RoundResults {
  round: JudgingRound;
  basis: RankingBasis;
  rubric: Rubric | null;
  scale: { min: number; max: number };
  ranked: RankedEntry[];
  /** Entries with no counted sheet, or no vote. */
  unranked: { submissionId: string; title: string; teamName: string }[];
  sheets: IndividualSheet[];
}

/** The chain as rankEntries takes it, with labels in the organisers' words. */
async function tieBreakSteps(
  db: Queryable,
  event: Event,
  round: JudgingRound,
  rubric: Rubric,
): Promise<TieBreakStep[]> {
  const steps: TieBreakStep[] = [];
  for (const step of round.tieBreak) {
    if (step.kind === "criterion") {
      const criterion = rubric.criteria.find((candidate) => candidate.key === step.criterionKey);
      if (criterion)
        steps.push({ kind: "criterion", criterionKey: criterion.key, label: `Higher score on ${criterion.name}` });
    } else if (step.kind === "round") {
      const other = await findRound(db, event, step.roundId);
      if (!other || other.id === round.id || other.kind === "peoples_choice") continue;
      const otherRubric = await currentRubric(other.id, db);
      if (!otherRubric) continue;
      const sheets = (await countedSheets(db, event, other)).sheets;
      const results = rankEntries({
        rubric: otherRubric.rubric,
        sheets,
        basis: "raw",
        bootstrap: { iterations: 1, seed: 1 },
      });
      steps.push({
        kind: "round",
        label: `Higher score in ${other.name}`,
        scores: Object.fromEntries(results.map((result) => [result.entryId, result.raw])),
      });
    } else {
      steps.push({ kind: "decision", order: step.order, reason: `Organisers' decision: ${step.reason}` });
    }
  }
  return steps;
}

/** The sheets that count in a round's results: complete, assigned now, and without a conflict. */
async function countedSheets(db: Queryable, event: Event, round: JudgingRound) {
  const state = await assignmentState(db, event, round);
  const assigned = new Set(state.assignments.map((pair) => pair.key));
  const counted = state.sheets.filter((sheet) => {
    const key = conflictKey(sheet.judgeUserId, sheet.submissionId);
    return assigned.has(key) && state.complete.has(key) && !sheet.teamAbsent;
  });
  const sheets: ScoreSheet[] = counted.map((sheet) => ({
    judgeId: sheet.judgeUserId,
    entryId: sheet.submissionId,
    scores: sheet.criterionScores,
  }));
  return { state, sheets, countedIds: new Set(counted.map((sheet) => sheet.id)) };
}

/**
 * A round's results: each entry's raw and normalised mean on the rubric's scale, its rank on the
 * chosen basis (the round's own unless one is given), its 90% bootstrap interval, whether it can be
 * told apart from the entry above, and what settled a tie. Every sheet is read against the round's
 * current rubric (old scores off a changed scale count as its nearest end). For a People's Choice
 * vote, entries rank by votes. Judges' individual sheets come too: for organisers only.
 */
export async function roundResults(event: Event, roundId: string, basis?: RankingBasis): Promise<RoundResults | null> {
  const db = getDb();
  const round = await findRound(db, event, roundId);
  if (!round) return null;
  const chosen = basis ?? round.rankingBasis;
  if (round.kind === "peoples_choice") return voteResults(db, event, round, chosen);
  const current = await currentRubric(round.id, db);
  const rubric = current?.rubric ?? { criteria: [] };
  const first = rubric.criteria[0];
  const scale = first ? { min: first.scaleMin, max: first.scaleMax } : { min: 0, max: 1 };
  const onScale = (value: number) => scale.min + value * (scale.max - scale.min);
  const { state, sheets, countedIds } = await countedSheets(db, event, round);
  const results =
    rubric.criteria.length === 0
      ? []
      : rankEntries({
          rubric,
          sheets,
          basis: chosen,
          tieBreak: await tieBreakSteps(db, event, round, rubric),
          bootstrap: RESULTS_BOOTSTRAP,
          displayScale: scale,
        });
  const entries = new Map(state.entries.map((entry) => [entry.id, entry]));
  const ranked: RankedEntry[] = results.map((result, index) => {
    const entry = entries.get(result.entryId);
    const above = results[index - 1];
    return {
      submissionId: result.entryId,
      title: entry ? entryName(entry) : "An entry",
      teamName: entry?.teamName ?? "",
      rank: result.rank,
      judges: result.judges,
      raw: result.rawOnScale,
      normalised: result.normalisedOnScale,
      interval: result.interval,
      overlapsAbove:
        above !== undefined && result.interval.low <= above.interval.high && above.interval.low <= result.interval.high,
      stillTied: results.some((other) => other !== result && other.rank === result.rank),
      tieBreak: result.tieBreak,
      votes: 0,
    };
  });
  const rankedIds = new Set(ranked.map((entry) => entry.submissionId));
  const unranked = state.entries
    .filter((entry) => !rankedIds.has(entry.id))
    .map((entry) => ({ submissionId: entry.id, title: entryName(entry), teamName: entry.teamName }));

  // Each sheet's own weighted and normalised score, for the organisers' table of individual scores.
  const values = state.sheets.flatMap((sheet) => {
    const value = countedIds.has(sheet.id) ? weightedScore(rubric, sheet.criterionScores) : null;
    return value === null ? [] : [{ judgeId: sheet.judgeUserId, entryId: sheet.submissionId, value }];
  });
  const normalised = new Map(
    normaliseScores(values).map((row) => [conflictKey(row.judgeId, row.entryId), row.normalised] as const),
  );
  const judgeRows = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(
      state.sheets.length > 0
        ? inArray(users.id, [...new Set(state.sheets.map((sheet) => sheet.judgeUserId))])
        : sql`false`,
    );
  const people = new Map(judgeRows.map((row) => [row.id, row]));
  const titles = new Map(
    (
      await db
        .select({ id: submissions.id, title: submissions.title, teamName: teams.name })
        .from(roundEntries)
        .innerJoin(submissions, eq(submissions.id, roundEntries.submissionId))
        .innerJoin(teams, eq(teams.id, submissions.teamId))
        .where(eq(roundEntries.roundId, round.id))
    ).map((row) => [row.id, row]),
  );
  const individual: IndividualSheet[] = state.sheets
    .map((sheet) => {
      const key = conflictKey(sheet.judgeUserId, sheet.submissionId);
      const raw = weightedScore(rubric, sheet.criterionScores);
      const norm = normalised.get(key);
      const entry = titles.get(sheet.submissionId);
      const person = people.get(sheet.judgeUserId);
      return {
        judgeUserId: sheet.judgeUserId,
        judgeName: person?.name ?? "A former judge",
        judgeEmail: person?.email ?? "",
        submissionId: sheet.submissionId,
        title: entry ? entryName(entry) : "An entry no longer in the round",
        teamName: entry?.teamName ?? "",
        rubricVersion: state.versions.get(sheet.rubricVersionId)?.version ?? 0,
        scores: sheet.criterionScores,
        teamAbsent: sheet.teamAbsent,
        complete: state.complete.has(key),
        counted: countedIds.has(sheet.id),
        raw: raw === null ? null : onScale(raw),
        normalised: norm === undefined ? null : onScale(norm),
        feedback: sheet.feedback,
        privateNote: sheet.privateNote,
        updatedAt: sheet.updatedAt,
      };
    })
    .sort((a, b) => a.title.localeCompare(b.title, "en-GB") || a.judgeName.localeCompare(b.judgeName, "en-GB"));
  return { round, basis: chosen, rubric, scale, ranked, unranked, sheets: individual };
}

async function voteResults(
  db: Queryable,
  event: Event,
  round: JudgingRound,
  basis: RankingBasis,
): Promise<RoundResults> {
  const entries = await entriesInRound(db, event, round.id);
  const counts = await db
    .select({ submissionId: votes.submissionId, count: sql<number>`count(*)::int` })
    .from(votes)
    .where(eq(votes.roundId, round.id))
    .groupBy(votes.submissionId);
  const byEntry = new Map(counts.map((row) => [row.submissionId, Number(row.count)]));
  const withVotes = entries
    .map((entry) => ({ entry, votes: byEntry.get(entry.id) ?? 0 }))
    .filter((row) => row.votes > 0)
    .sort((a, b) => b.votes - a.votes || entryName(a.entry).localeCompare(entryName(b.entry), "en-GB"));
  const ranked: RankedEntry[] = withVotes.map((row, index) => {
    const rank = withVotes.findIndex((other) => other.votes === row.votes) + 1;
    return {
      submissionId: row.entry.id,
      title: entryName(row.entry),
      teamName: row.entry.teamName,
      rank,
      judges: 0,
      raw: row.votes,
      normalised: row.votes,
      interval: { low: row.votes, high: row.votes },
      overlapsAbove: index > 0 && withVotes[index - 1]!.votes === row.votes,
      stillTied: withVotes.some((other) => other !== row && other.votes === row.votes),
      tieBreak: null,
      votes: row.votes,
    };
  });
  const unranked = entries
    .filter((entry) => !byEntry.has(entry.id))
    .map((entry) => ({ submissionId: entry.id, title: entryName(entry), teamName: entry.teamName }));
  return { round, basis, rubric: null, scale: { min: 0, max: 0 }, ranked, unranked, sheets: [] };
}

/** Chooses raw or normalised means for ranking a round. Audited; not once results are published. */
export async function setRankingBasis(
  actor: User,
  event: Event,
  roundId: string,
  basis: RankingBasis,
): Promise<{ saved: true } | Refusal> {
  return refusable(async (tx) => {
    const round = await lockedRound(tx, event, roundId);
    refuseIfVote(round, "ranking basis: it ranks by votes");
    if (round.resultsPublishedAt) refuse("The results are published. Withdraw them before changing how they rank");
    if (round.rankingBasis === basis) return { saved: true as const };
    await tx.update(judgingRounds).set({ rankingBasis: basis }).where(eq(judgingRounds.id, round.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "judging_round.ranking_basis_set",
      subjectType: "judging_round",
      subjectId: round.id,
      before: { rankingBasis: round.rankingBasis },
      after: { rankingBasis: basis },
    });
    return { saved: true as const };
  });
}

export const MAX_TIE_BREAK_STEPS = 6;

/**
 * Sets a round's tie-break chain: criteria and other rounds in the order given, then at most one
 * organisers' decision (an order of entries with a written reason), last. Audited with the reason.
 */
export async function setTieBreak(
  actor: User,
  event: Event,
  roundId: string,
  steps: readonly StoredTieBreakStep[],
): Promise<{ saved: true } | Refusal> {
  return refusable(async (tx) => {
    const round = await lockedRound(tx, event, roundId);
    refuseIfVote(round, "tie-break chain");
    if (round.resultsPublishedAt) refuse("The results are published. Withdraw them before changing the tie-break");
    if (steps.length > MAX_TIE_BREAK_STEPS) refuse(`A tie-break chain can have at most ${MAX_TIE_BREAK_STEPS} steps`);
    const rubric = (await currentRubric(round.id, tx))?.rubric ?? { criteria: [] };
    const entryIds = new Set((await entriesInRound(tx, event, round.id)).map((entry) => entry.id));
    const seen = new Set<string>();
    const clean: StoredTieBreakStep[] = [];
    steps.forEach((step, index) => {
      if (step.kind === "criterion") {
        if (!rubric.criteria.some((criterion) => criterion.key === step.criterionKey))
          refuse("Choose a criterion from the round's rubric", `step${index + 1}`);
        const key = `criterion:${step.criterionKey}`;
        if (seen.has(key)) refuse("Each criterion can be used once in the chain", `step${index + 1}`);
        seen.add(key);
        clean.push({ kind: "criterion", criterionKey: step.criterionKey });
      } else if (step.kind === "round") {
        const key = `round:${step.roundId}`;
        if (step.roundId === round.id) refuse("Choose a different round", `step${index + 1}`);
        if (seen.has(key)) refuse("Each round can be used once in the chain", `step${index + 1}`);
        seen.add(key);
        clean.push({ kind: "round", roundId: step.roundId });
      } else {
        if (index !== steps.length - 1) refuse("The organisers' decision must be the last step of the chain");
        const reason = step.reason.trim();
        if (reason === "") refuse("Write the reason for your decision", "decisionReason");
        if (reason.length > 2000) refuse("The reason must be 2,000 characters or fewer", "decisionReason");
        const order = [...new Set(step.order)];
        if (order.length < 2) refuse("Put at least two entries in order for a decision", "decisionOrder");
        if (order.some((id) => !entryIds.has(id)))
          refuse("An entry in the decision is no longer in the round", "decisionOrder");
        clean.push({ kind: "decision", order, reason });
      }
    });
    for (const step of clean) {
      if (step.kind !== "round") continue;
      const other = await findRound(tx, event, step.roundId);
      if (!other || other.kind === "peoples_choice") refuse("Choose a judged round of this event");
    }
    await tx.update(judgingRounds).set({ tieBreak: clean }).where(eq(judgingRounds.id, round.id));
    const decision = clean.find((step) => step.kind === "decision");
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "judging_round.tie_break_set",
      subjectType: "judging_round",
      subjectId: round.id,
      before: { tieBreak: round.tieBreak },
      after: { tieBreak: clean },
      reason: decision && decision.kind === "decision" ? decision.reason : undefined,
    });
    return { saved: true as const };
  });
}

/** Shows a locked round's results to judges and teams. Audited. */
export async function publishResults(
  actor: User,
  event: Event,
  roundId: string,
): Promise<{ published: true } | Refusal> {
  return refusable(async (tx) => {
    const round = await lockedRound(tx, event, roundId);
    if (round.resultsPublishedAt) refuse("These results are already published");
    if (round.status !== "locked") refuse("Lock the round before publishing its results, so no score can change");
    const publishedAt = new Date();
    await tx.update(judgingRounds).set({ resultsPublishedAt: publishedAt }).where(eq(judgingRounds.id, round.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "judging_round.results_published",
      subjectType: "judging_round",
      subjectId: round.id,
      before: { resultsPublishedAt: null },
      after: {
        resultsPublishedAt: publishedAt.toISOString(),
        rankingBasis: round.rankingBasis,
        tieBreak: round.tieBreak,
      },
    });
    return { published: true as const };
  });
}

/** Hides published results again, with a reason. Audited. */
export async function withdrawResults(
  actor: User,
  event: Event,
  roundId: string,
  reason: string,
): Promise<{ withdrawn: true } | Refusal> {
  return refusable(async (tx) => {
    const round = await lockedRound(tx, event, roundId);
    if (!round.resultsPublishedAt) refuse("These results are not published");
    await tx.update(judgingRounds).set({ resultsPublishedAt: null }).where(eq(judgingRounds.id, round.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "judging_round.results_withdrawn",
      subjectType: "judging_round",
      subjectId: round.id,
      before: { resultsPublishedAt: round.resultsPublishedAt.toISOString() },
      after: { resultsPublishedAt: null },
      reason: reason.trim(),
    });
    return { withdrawn: true as const };
  });
}

// ---------------------------------------------------------------------------------------------
// Exports

function oneDecimal(value: number | null): string {
  return value === null || !Number.isFinite(value) ? "" : value.toFixed(1);
}

/** Every score sheet of the round, one row per judge and entry, with each criterion's score. */
export async function scoresCsvRows(
  event: Event,
  roundId: string,
  when: (at: Date) => string,
): Promise<{ header: string[]; rows: string[][] } | null> {
  const results = await roundResults(event, roundId);
  if (!results) return null;
  const criteria = results.rubric?.criteria ?? [];
  const versions = await rubricVersionsOf(getDb(), roundId);
  // Criteria of older versions that the current one no longer has still get a column.
  const extraKeys = new Map<string, string>();
  for (const { rubric } of versions.values()) {
    for (const criterion of rubric.criteria) {
      if (!criteria.some((current) => current.key === criterion.key) && !extraKeys.has(criterion.key))
        extraKeys.set(criterion.key, `${criterion.name} (earlier rubric)`);
    }
  }
  const keys = [...criteria.map((criterion) => criterion.key), ...extraKeys.keys()];
  const header = [
    "Entry",
    "Team",
    "Judge",
    "Judge email",
    "Rubric version",
    ...criteria.map((criterion) => criterion.name),
    ...extraKeys.values(),
    "Team absent",
    "Complete",
    "Counted",
    "Weighted score",
    "Normalised score",
    "Feedback to the team",
    "Private note",
    "Last changed",
  ];
  const rows = results.sheets.map((sheet) => [
    sheet.title,
    sheet.teamName,
    sheet.judgeName,
    sheet.judgeEmail,
    String(sheet.rubricVersion),
    ...keys.map((key) => (typeof sheet.scores[key] === "number" ? String(sheet.scores[key]) : "")),
    sheet.teamAbsent ? "Yes" : "No",
    sheet.complete ? "Yes" : "No",
    sheet.counted ? "Yes" : "No",
    oneDecimal(sheet.raw),
    oneDecimal(sheet.normalised),
    sheet.feedback,
    sheet.privateNote,
    when(sheet.updatedAt),
  ]);
  return { header, rows };
}

/** The round's ranking, one row per entry. */
export async function resultsCsvRows(
  event: Event,
  roundId: string,
): Promise<{ header: string[]; rows: string[][] } | null> {
  const results = await roundResults(event, roundId);
  if (!results) return null;
  if (results.round.kind === "peoples_choice") {
    return {
      header: ["Rank", "Entry", "Team", "Votes"],
      rows: results.ranked.map((entry) => [String(entry.rank), entry.title, entry.teamName, String(entry.votes)]),
    };
  }
  const header = [
    "Rank",
    "Entry",
    "Team",
    "Judges",
    "Raw score",
    "Normalised score",
    `90% interval low (${results.basis})`,
    `90% interval high (${results.basis})`,
    "Cannot be told apart from the entry above",
    "Tie-break used",
  ];
  const rows = results.ranked.map((entry) => [
    String(entry.rank),
    entry.title,
    entry.teamName,
    String(entry.judges),
    oneDecimal(entry.raw),
    oneDecimal(entry.normalised),
    oneDecimal(entry.interval.low),
    oneDecimal(entry.interval.high),
    entry.overlapsAbove ? "Yes" : "No",
    entry.tieBreak ?? "",
  ]);
  return { header, rows };
}

/**
 * For choosing a final's entries: the latest shortlist before it, ranked as its organisers chose,
 * and which entries are finalists now.
 */
export async function finalistChoices(event: Event, roundId: string) {
  const db = getDb();
  const round = await findRound(db, event, roundId);
  if (!round || round.kind !== "final") return null;
  const [shortlist] = await db
    .select()
    .from(judgingRounds)
    .where(
      and(
        eq(judgingRounds.eventId, event.id),
        eq(judgingRounds.kind, "shortlist"),
        sql`${judgingRounds.position} < ${round.position}`,
      ),
    )
    .orderBy(desc(judgingRounds.position))
    .limit(1);
  const results = shortlist ? await roundResults(event, shortlist.id) : null;
  const chosen = (
    await db.select({ id: roundEntries.submissionId }).from(roundEntries).where(eq(roundEntries.roundId, round.id))
  ).map((row) => row.id);
  return { round, shortlist: shortlist ?? null, results, chosen };
}

/** Other rounds of the event that can settle a tie in this one (judged, with a rubric). */
export async function tieBreakRounds(event: Event, roundId: string) {
  return getDb()
    .select({ id: judgingRounds.id, name: judgingRounds.name })
    .from(judgingRounds)
    .where(
      and(
        eq(judgingRounds.eventId, event.id),
        sql`${judgingRounds.id} <> ${roundId}`,
        sql`${judgingRounds.kind} <> 'peoples_choice'`,
      ),
    )
    .orderBy(asc(judgingRounds.position));
}

/** The round's entries with the room or table each pitches in, for the rooms page. */
export async function entryRooms(event: Event, roundId: string) {
  return entriesInRound(getDb(), event, roundId);
}

export const MAX_ROOM_LENGTH = 60;

/**
 * Records where each entry pitches. Assignment then keeps judges in their own room where it can,
 * so an organiser should assign again after changing rooms. Audited.
 */
export async function setEntryRooms(
  actor: User,
  event: Event,
  roundId: string,
  rooms: Readonly<Record<string, string>>,
): Promise<{ saved: number } | Refusal> {
  return refusable(async (tx) => {
    const round = await lockedRound(tx, event, roundId);
    const entries = await entriesInRound(tx, event, round.id);
    let saved = 0;
    const changes: Record<string, { before: string; after: string }> = {};
    for (const entry of entries) {
      const room = (rooms[entry.id] ?? entry.room).trim().replace(/\s+/g, " ");
      if (room.length > MAX_ROOM_LENGTH)
        refuse(`A room or table must be ${MAX_ROOM_LENGTH} characters or fewer`, `room-${entry.id}`);
      if (room === entry.room) continue;
      await tx
        .update(roundEntries)
        .set({ room })
        .where(and(eq(roundEntries.roundId, round.id), eq(roundEntries.submissionId, entry.id)));
      changes[entry.id] = { before: entry.room, after: room };
      saved++;
    }
    if (saved > 0) {
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "round.entry_rooms",
        subjectType: "judging_round",
        subjectId: round.id,
        after: changes,
      });
    }
    return { saved };
  });
}
