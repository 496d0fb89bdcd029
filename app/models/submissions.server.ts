// A team's entry: drafts and versions, submitting, screenshots, the repository check, the
// deadline (with an organiser's extension) and the commit frozen once it has passed.
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { getDb, type Queryable, type Transaction } from "~/db/client.server";
import {
  events,
  submissionScreenshots,
  submissionVersions,
  submissions,
  teamMembers,
  teams,
  themes,
  users,
  type Event,
  type Submission,
  type User,
} from "~/db/schema";
import { submissionCutoff } from "~/domain/phases";
import {
  entryEditRefusal,
  emptyEntry,
  entryChanges,
  incompleteEntry,
  screenshotError,
  sniffImageType,
  teamCutoff,
  type EntryFields,
  type FieldChange,
} from "~/domain/submissions";
import { checkRepository, type RepositoryCheck } from "~/services/git.server";
import { refusable, refuse, type Refusal } from "~/models/refusals.server";

export interface EntryPerson {
  userId: string;
  name: string;
  email: string;
}

/** A change refused with a message, and the form field it is about when there is one. */
export type EntryRefusal = Refusal;

export const NOT_IN_A_TEAM = "You need to be in a team at this event to enter. Create or join a team first";

export function fieldsOf(submission: Submission | null): EntryFields {
  if (!submission) return emptyEntry();
  return {
    title: submission.title,
    summary: submission.summary,
    description: submission.description,
    themeId: submission.themeId,
    repositoryUrl: submission.repositoryUrl,
    demoUrl: submission.demoUrl,
    videoUrl: submission.videoUrl,
    licence: submission.licence,
    technologies: submission.technologies,
    contributions: submission.contributions,
    dataAttestation: submission.dataAttestation,
  };
}

/** The team's own deadline: the event's cutoff, or later when an organiser granted an extension. */
export function entryCutoff(event: Event, submission: Pick<Submission, "extensionUntil"> | null): Date | null {
  return teamCutoff(submissionCutoff(event), submission?.extensionUntil ?? null);
}

function editRefusal(event: Event, submission: Submission | null, now: Date): string | null {
  return entryEditRefusal({
    now,
    submissionsOpenAt: event.submissionsOpenAt,
    eventCutoff: submissionCutoff(event),
    extensionUntil: submission?.extensionUntil ?? null,
    eventStatus: event.status,
    disqualified: submission?.disqualifiedAt != null,
  });
}

async function teamOf(db: Queryable, eventId: string, userId: string) {
  const [row] = await db
    .select({ id: teams.id, name: teams.name })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(and(eq(teamMembers.eventId, eventId), eq(teamMembers.userId, userId)));
  return row ?? null;
}

/** The members of each of these teams, longest-standing first, by team. */
export async function membersOfTeams(db: Queryable, teamIds: readonly string[]): Promise<Map<string, EntryPerson[]>> {
  const byTeam = new Map<string, EntryPerson[]>();
  if (teamIds.length === 0) return byTeam;
  const rows = await db
    .select({ teamId: teamMembers.teamId, userId: users.id, name: users.name, email: users.email })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(inArray(teamMembers.teamId, [...teamIds]))
    .orderBy(asc(teamMembers.joinedAt), asc(users.name));
  for (const { teamId, ...person } of rows) byTeam.set(teamId, [...(byTeam.get(teamId) ?? []), person]);
  return byTeam;
}

async function membersOf(db: Queryable, teamId: string): Promise<EntryPerson[]> {
  return (await membersOfTeams(db, [teamId])).get(teamId) ?? [];
}

async function themeTitles(db: Queryable, eventId: string): Promise<Record<string, string>> {
  const rows = await db.select({ id: themes.id, title: themes.title }).from(themes).where(eq(themes.eventId, eventId));
  return Object.fromEntries(rows.map((row) => [row.id, row.title]));
}

async function screenshotCount(db: Queryable, submissionId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(submissionScreenshots)
    .where(eq(submissionScreenshots.submissionId, submissionId));
  return row?.n ?? 0;
}

async function recordVersion(
  tx: Queryable,
  submission: Submission,
  userId: string | null,
  action: string,
  changes: FieldChange[],
): Promise<void> {
  await tx.insert(submissionVersions).values({
    submissionId: submission.id,
    version: submission.version,
    userId,
    action,
    changes,
    snapshot: fieldsOf(submission),
  });
}

/** Everything the team's entry page shows, or null when the person is in no team at the event. */
export async function teamEntry(event: Event, userId: string, now = new Date()) {
  const db = getDb();
  const team = await teamOf(db, event.id, userId);
  if (!team) return null;
  const [submission] = await db.select().from(submissions).where(eq(submissions.teamId, team.id));
  const [members, screenshots] = await Promise.all([
    membersOf(db, team.id),
    submission ? screenshotsOf(db, submission.id) : Promise.resolve([]),
  ]);
  return {
    team,
    members,
    submission: submission ?? null,
    fields: fieldsOf(submission ?? null),
    screenshots,
    cutoff: entryCutoff(event, submission ?? null),
    refusal: editRefusal(event, submission ?? null, now),
  };
}

async function screenshotsOf(db: Queryable, submissionId: string) {
  return db
    .select({
      id: submissionScreenshots.id,
      description: submissionScreenshots.description,
      byteSize: submissionScreenshots.byteSize,
      contentType: submissionScreenshots.contentType,
    })
    .from(submissionScreenshots)
    .where(eq(submissionScreenshots.submissionId, submissionId))
    .orderBy(asc(submissionScreenshots.position), asc(submissionScreenshots.createdAt));
}

export interface EntryConflict {
  conflict: {
    /** The entry as the other member saved it. */
    theirs: EntryFields;
    savedBy: string;
    savedAt: Date;
    version: number;
    /** Where theirs differs from what this person sent: before is theirs, after is yours. */
    differences: FieldChange[];
  };
}

export type SaveOutcome =
  | { saved: "draft" | "submitted"; repository: RepositoryCheck | null; incomplete: Record<string, string> }
  | EntryConflict
  | EntryRefusal
  | { incomplete: Record<string, string>; saved?: undefined };

/** The repository as the page shows it: the check's message on the field when it failed. */
function repositoryColumns(check: RepositoryCheck | null, typed: string) {
  if (!check) {
    return {
      repositoryUrl: typed,
      repositoryCheckedAt: null,
      repositoryReachable: null,
      repositoryMessage: "",
      repositoryDefaultBranch: null,
      repositoryHeadCommit: null,
    };
  }
  return check.ok
    ? { repositoryUrl: check.url, ...lookColumns(check, check.checkedAt) }
    : {
        // An address that could not even be read is kept as typed, so the team can correct it.
        repositoryUrl: check.reason === "invalid" ? typed : check.url || typed,
        repositoryCheckedAt: check.checkedAt,
        repositoryReachable: false,
        repositoryMessage: check.message,
        repositoryDefaultBranch: null,
        repositoryHeadCommit: null,
      };
}

/**
 * Saves the team's entry, as a draft or (`submit`) as the entry. The repository is checked with
 * real git first, outside the transaction. A save from a page opened before another member's
 * save is refused with both versions; a save that leaves an entry incomplete keeps it a draft
 * (and refuses to change a submitted entry), so nothing typed is ever lost without a message.
 * `now` is when the request arrived: the deadline is judged then, not after the git check.
 */
export async function saveEntry(
  user: User,
  event: Event,
  input: { fields: EntryFields; baseVersion: number; submit: boolean },
  now = new Date(),
): Promise<SaveOutcome> {
  const db = getDb();
  const team = await teamOf(db, event.id, user.id);
  if (!team) return { error: NOT_IN_A_TEAM };
  const [existing] = await db.select().from(submissions).where(eq(submissions.teamId, team.id));
  const early = editRefusal(event, existing ?? null, now);
  if (early) return { error: early };

  const typedUrl = input.fields.repositoryUrl.trim();
  const check = typedUrl ? await checkRepository(typedUrl) : null;
  const repository = repositoryColumns(check, typedUrl);
  const fields: EntryFields = { ...input.fields, repositoryUrl: repository.repositoryUrl };

  return refusable<Exclude<SaveOutcome, EntryRefusal>>(async (tx) => {
    // Lock the team so that two first saves cannot both create the entry.
    await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, team.id)).for("update");
    const [current] = await tx.select().from(submissions).where(eq(submissions.teamId, team.id)).for("update");
    const refusal = editRefusal(event, current ?? null, now);
    if (refusal) refuse(refusal);
    const currentVersion = current?.version ?? 0;
    const names = { themes: await themeTitles(tx, event.id), people: await peopleNames(tx, team.id) };
    if (currentVersion !== input.baseVersion && current) {
      const [by] = await tx
        .select({ name: users.name })
        .from(submissionVersions)
        .leftJoin(users, eq(users.id, submissionVersions.userId))
        .where(and(eq(submissionVersions.submissionId, current.id), eq(submissionVersions.version, currentVersion)));
      const theirs = fieldsOf(current);
      return {
        conflict: {
          theirs,
          savedBy: by?.name ?? "Someone",
          savedAt: current.updatedAt,
          version: currentVersion,
          differences: entryChanges(theirs, fields, names),
        },
      };
    }
    const members = await membersOf(tx, team.id);
    const incomplete = incompleteEntry(fields, {
      requiresOsiLicence: event.requiresOsiLicence,
      requiresDataAttestation: event.requiresDataAttestation,
      hasThemes: Object.keys(names.themes).length > 0,
      teamSize: members.length,
      teamSizeMin: event.teamSizeMin,
      repositoryReachable: repository.repositoryReachable === true,
      screenshotCount: current ? await screenshotCount(tx, current.id) : 0,
    });
    const complete = Object.keys(incomplete).length === 0;
    const wasSubmitted = current?.status === "submitted";
    // A submitted entry must stay complete: the save is refused rather than quietly withdrawn.
    if (wasSubmitted && !complete) return { incomplete };
    const submitting = complete && (input.submit || wasSubmitted);
    const changes = entryChanges(current ? fieldsOf(current) : null, fields, names);
    const values = {
      ...fields,
      ...repository,
      status: submitting ? ("submitted" as const) : ("draft" as const),
      version: currentVersion + 1,
      updatedAt: now,
      ...(submitting
        ? {
            submittedCommit: repository.repositoryHeadCommit,
            ...(wasSubmitted ? {} : { submittedAt: now, submittedByUserId: user.id }),
          }
        : {}),
    };
    const [saved] = current
      ? await tx.update(submissions).set(values).where(eq(submissions.id, current.id)).returning()
      : await tx
          .insert(submissions)
          .values({ ...values, eventId: event.id, teamId: team.id })
          .returning();
    const action = submitting && !wasSubmitted ? "submitted" : "saved";
    await recordVersion(tx, saved!, user.id, action, changes);
    return { saved: submitting ? "submitted" : "draft", repository: check, incomplete: input.submit ? incomplete : {} };
  });
}

async function peopleNames(db: Queryable, teamId: string): Promise<Record<string, string>> {
  const members = await membersOf(db, teamId);
  return Object.fromEntries(members.map((member) => [member.userId, member.name]));
}

async function lockedEntryOf(tx: Transaction, event: Event, user: User, now: Date): Promise<Submission> {
  const team = await teamOf(tx, event.id, user.id);
  if (!team) refuse(NOT_IN_A_TEAM);
  const [current] = await tx.select().from(submissions).where(eq(submissions.teamId, team.id)).for("update");
  const refusal = editRefusal(event, current ?? null, now);
  if (refusal) refuse(refusal);
  if (current) return current;
  // Screenshots can come before anything else: they need an entry to belong to.
  const [created] = await tx.insert(submissions).values({ eventId: event.id, teamId: team.id }).returning();
  return created!;
}

async function bumpVersion(tx: Transaction, submission: Submission, now: Date): Promise<Submission> {
  const [bumped] = await tx
    .update(submissions)
    .set({ version: submission.version + 1, updatedAt: now })
    .where(eq(submissions.id, submission.id))
    .returning();
  return bumped!;
}

/** Takes a submitted entry back to a draft, before the deadline, to keep working on it. */
export async function returnToDraft(user: User, event: Event, now = new Date()) {
  return refusable(async (tx) => {
    const current = await lockedEntryOf(tx, event, user, now);
    if (current.status !== "submitted") refuse("Your entry is already a draft");
    const [saved] = await tx
      .update(submissions)
      .set({ status: "draft", version: current.version + 1, updatedAt: now })
      .where(eq(submissions.id, current.id))
      .returning();
    await recordVersion(tx, saved!, user.id, "returned_to_draft", []);
    return { done: true as const };
  });
}

export interface ScreenshotUpload {
  bytes: Uint8Array;
  size: number;
  description: string;
}

export async function addScreenshot(user: User, event: Event, upload: ScreenshotUpload, now = new Date()) {
  return refusable(async (tx) => {
    const current = await lockedEntryOf(tx, event, user, now);
    const existing = await screenshotCount(tx, current.id);
    const problem = screenshotError({ size: upload.size, bytes: upload.bytes }, existing);
    if (problem) refuse(problem, "screenshot");
    const contentType = sniffImageType(upload.bytes)!;
    await tx.insert(submissionScreenshots).values({
      submissionId: current.id,
      position: existing + 1,
      contentType,
      description: upload.description,
      byteSize: upload.size,
      bytes: upload.bytes,
    });
    const saved = await bumpVersion(tx, current, now);
    await recordVersion(tx, saved, user.id, "screenshot_added", [
      { field: "screenshots", label: "Screenshots", before: "", after: upload.description },
    ]);
    return { done: true as const };
  });
}

export async function removeScreenshot(user: User, event: Event, screenshotId: string, now = new Date()) {
  return refusable(async (tx) => {
    const current = await lockedEntryOf(tx, event, user, now);
    const [removed] = await tx
      .delete(submissionScreenshots)
      .where(and(eq(submissionScreenshots.id, screenshotId), eq(submissionScreenshots.submissionId, current.id)))
      .returning({ description: submissionScreenshots.description });
    if (!removed) refuse("That screenshot has already been removed");
    const saved = await bumpVersion(tx, current, now);
    await recordVersion(tx, saved, user.id, "screenshot_removed", [
      { field: "screenshots", label: "Screenshots", before: removed.description, after: "" },
    ]);
    return { done: true as const };
  });
}

/** The team's versions, newest first, for its members only. */
export async function entryHistory(event: Event, userId: string) {
  const db = getDb();
  const team = await teamOf(db, event.id, userId);
  if (!team) return null;
  const [submission] = await db.select({ id: submissions.id }).from(submissions).where(eq(submissions.teamId, team.id));
  if (!submission) return { team, versions: [] };
  const versions = await db
    .select({
      version: submissionVersions.version,
      action: submissionVersions.action,
      changes: submissionVersions.changes,
      createdAt: submissionVersions.createdAt,
      name: users.name,
    })
    .from(submissionVersions)
    .leftJoin(users, eq(users.id, submissionVersions.userId))
    .where(eq(submissionVersions.submissionId, submission.id))
    .orderBy(desc(submissionVersions.version));
  return { team, versions };
}

/**
 * One screenshot, for someone allowed to see it: the team's members always; the event's
 * organisers, judges and administrators for a submitted entry; anyone once the entry is in the
 * public gallery.
 */
export async function screenshotFor(
  event: Event,
  screenshotId: string,
  viewer: {
    userId: string | null;
    /** Organisers and administrators: every submitted entry. */
    staff: boolean;
    galleryOpen: boolean;
    /** For a judge: whether they may judge this entry (assigned to them, with no conflict). */
    judges?: (submissionId: string) => Promise<boolean>;
  },
) {
  const db = getDb();
  const [row] = await db
    .select({
      submissionId: submissions.id,
      contentType: submissionScreenshots.contentType,
      bytes: submissionScreenshots.bytes,
      teamId: submissions.teamId,
      status: submissions.status,
      disqualifiedAt: submissions.disqualifiedAt,
    })
    .from(submissionScreenshots)
    .innerJoin(submissions, eq(submissions.id, submissionScreenshots.submissionId))
    .where(and(eq(submissionScreenshots.id, screenshotId), eq(submissions.eventId, event.id)));
  if (!row) return null;
  const submitted = row.status === "submitted";
  if (viewer.staff && submitted) return row;
  if (viewer.galleryOpen && submitted && !row.disqualifiedAt) return row;
  if (viewer.judges && submitted && (await viewer.judges(row.submissionId))) return row;
  if (viewer.userId) {
    const team = await teamOf(db, event.id, viewer.userId);
    if (team?.id === row.teamId) return row;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The deadline job

/**
 * Records the head commit of every submitted entry whose deadline (with its extension) has
 * passed: the frozen commit that judges judge. Each entry is claimed with SKIP LOCKED so that
 * several app instances share the work; when the repository cannot be reached at that moment,
 * the commit recorded at submission stands in.
 */
export async function freezeDueEntries(now = new Date()): Promise<number> {
  const db = getDb();
  let frozen = 0;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const [due] = await tx
        .select({
          id: submissions.id,
          repositoryUrl: submissions.repositoryUrl,
          submittedCommit: submissions.submittedCommit,
        })
        .from(submissions)
        .innerJoin(events, eq(events.id, submissions.eventId))
        .where(
          and(
            eq(submissions.status, "submitted"),
            isNull(submissions.frozenAt),
            isNotNull(events.submissionDeadlineAt),
            sql`greatest(${events.submissionDeadlineAt} + make_interval(mins => ${events.gracePeriodMinutes}), ${submissions.extensionUntil}) <= ${now.toISOString()}::timestamptz`,
          ),
        )
        .limit(1)
        .for("update", { of: submissions, skipLocked: true });
      if (!due) return false;
      const check = due.repositoryUrl ? await checkRepository(due.repositoryUrl) : null;
      await tx
        .update(submissions)
        .set({
          frozenAt: now,
          frozenCommit: check?.ok ? check.headCommit : due.submittedCommit,
          ...(check ? repositoryColumns(check, due.repositoryUrl) : {}),
        })
        .where(eq(submissions.id, due.id));
      return true;
    });
    if (!done) return frozen;
    frozen++;
  }
}

/**
 * Records a later look at an entry's repository (not a save). A failed look keeps the last head
 * seen, since an outage at the host is not a change of code.
 */
export async function recordRepositoryLook(
  db: Queryable,
  submissionId: string,
  check: RepositoryCheck,
  at: Date = check.checkedAt,
): Promise<void> {
  await db.update(submissions).set(lookColumns(check, at)).where(eq(submissions.id, submissionId));
}

function lookColumns(check: RepositoryCheck, at: Date) {
  return check.ok
    ? {
        repositoryCheckedAt: at,
        repositoryReachable: true,
        repositoryMessage: "",
        repositoryDefaultBranch: check.defaultBranch,
        repositoryHeadCommit: check.headCommit,
      }
    : { repositoryCheckedAt: at, repositoryReachable: false, repositoryMessage: check.message };
}

/** How stale a frozen entry's last look at its repository may be while judges are at work. */
export const RECHECK_DURING_JUDGING_MS = 60 * 60_000;

/**
 * While judging is open, looks again at each frozen entry's repository once an hour, so that the
 * judges' warning that a repository has moved on since the deadline is current. Claimed with SKIP
 * LOCKED like the freeze; at most `limit` entries a run, so one run never takes long.
 */
export async function recheckFrozenEntries(now = new Date(), limit = 20): Promise<number> {
  const db = getDb();
  const staleBefore = new Date(now.getTime() - RECHECK_DURING_JUDGING_MS).toISOString();
  const at = now.toISOString();
  let checked = 0;
  while (checked < limit) {
    const done = await db.transaction(async (tx) => {
      const [due] = await tx
        .select({ id: submissions.id, repositoryUrl: submissions.repositoryUrl })
        .from(submissions)
        .innerJoin(events, eq(events.id, submissions.eventId))
        .where(
          and(
            eq(submissions.status, "submitted"),
            isNotNull(submissions.frozenAt),
            isNull(submissions.disqualifiedAt),
            sql`${submissions.repositoryUrl} <> ''`,
            sql`(${submissions.repositoryCheckedAt} is null or ${submissions.repositoryCheckedAt} < ${staleBefore}::timestamptz)`,
            sql`${events.judgingOpensAt} <= ${at}::timestamptz and ${at}::timestamptz < ${events.judgingClosesAt}`,
          ),
        )
        .limit(1)
        .for("update", { of: submissions, skipLocked: true });
      if (!due) return false;
      await recordRepositoryLook(tx, due.id, await checkRepository(due.repositoryUrl), now);
      return true;
    });
    if (!done) break;
    checked++;
  }
  return checked;
}
