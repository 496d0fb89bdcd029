// Entries as organisers and the public see them: the organisers' list and export, extensions,
// disqualification, a fresh look at a repository, importing entries collected elsewhere, and
// the public gallery.
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { generateSecureRandomString } from "~/auth/tokens";
import type { EntryDisplay } from "~/components/entry";
import { publicOrigin } from "~/config.server";
import { getDb, inTransaction, type Queryable } from "~/db/client.server";
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
import { csvDocument } from "~/domain/csv";
import { findLicence } from "~/domain/licences";
import { codeAtCommitUrl, shortCommit } from "~/domain/repositories";
import { PLATFORM_COLUMNS, type ImportedEntry } from "~/domain/submission-import";
import { formatInstant } from "~/domain/time";
import { entryCutoff, fieldsOf, membersOfTeams, recordRepositoryLook } from "~/models/submissions.server";
import { recordAudit } from "~/services/audit.server";
import { enqueueEmail } from "~/services/email.server";
import { checkRepository } from "~/services/git.server";
import { renderMarkdown } from "~/services/markdown.server";

/**
 * Whether the repository's head, when last seen, was no longer the commit frozen at the deadline.
 * The freeze records the head it saw, so only a later look can differ.
 */
export function hasMovedOn(submission: Pick<Submission, "frozenCommit" | "repositoryHeadCommit">): boolean {
  const { frozenCommit, repositoryHeadCommit } = submission;
  return frozenCommit !== null && repositoryHeadCommit !== null && repositoryHeadCommit !== frozenCommit;
}

/** An entry with everything shown about it: its team, theme, people and screenshots. */
export async function entryView(event: Event, submissionId: string) {
  const db = getDb();
  const [row] = await db
    .select({ submission: submissions, teamName: teams.name, themeTitle: themes.title })
    .from(submissions)
    .innerJoin(teams, eq(teams.id, submissions.teamId))
    .leftJoin(themes, eq(themes.id, submissions.themeId))
    .where(and(eq(submissions.id, submissionId), eq(submissions.eventId, event.id)));
  if (!row) return null;
  const { submission } = row;
  const people = (await membersOfTeams(db, [submission.teamId])).get(submission.teamId) ?? [];
  const screenshots = await db
    .select({ id: submissionScreenshots.id, description: submissionScreenshots.description })
    .from(submissionScreenshots)
    .where(eq(submissionScreenshots.submissionId, submission.id))
    .orderBy(asc(submissionScreenshots.position), asc(submissionScreenshots.createdAt));
  const judgedCommit = submission.frozenCommit ?? submission.submittedCommit;
  return {
    id: submission.id,
    teamName: row.teamName,
    themeTitle: row.themeTitle,
    submission,
    licenceName: findLicence(submission.licence)?.name ?? submission.licence,
    members: people.map(({ userId, name }) => ({ userId, name })),
    contributions: people
      .map((person) => ({ name: person.name, text: submission.contributions[person.userId] ?? "" }))
      .filter((contribution) => contribution.text.trim() !== ""),
    screenshots,
    judgedCommit,
    codeUrl: judgedCommit && submission.repositoryUrl ? codeAtCommitUrl(submission.repositoryUrl, judgedCommit) : null,
    movedOn: hasMovedOn(submission),
    cutoff: entryCutoff(event, submission),
  };
}

export type EntryView = NonNullable<Awaited<ReturnType<typeof entryView>>>;

/** Every entry of the event, drafts included, for its organisers. */
export async function entriesForOrganisers(event: Event) {
  const db = getDb();
  const rows = await db
    .select({ submission: submissions, teamName: teams.name, themeTitle: themes.title })
    .from(submissions)
    .innerJoin(teams, eq(teams.id, submissions.teamId))
    .leftJoin(themes, eq(themes.id, submissions.themeId))
    .where(eq(submissions.eventId, event.id))
    .orderBy(asc(sql`lower(${teams.name})`));
  const people = await membersOfTeams(
    db,
    rows.map((row) => row.submission.teamId),
  );
  return rows.map(({ submission, teamName, themeTitle }) => ({
    submission,
    teamName,
    themeTitle,
    people: people.get(submission.teamId) ?? [],
    movedOn: hasMovedOn(submission),
  }));
}

/** Teams with no entry row yet, so that an organiser can still grant one an extension. */
export async function teamsWithoutEntry(event: Event) {
  return getDb()
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .leftJoin(submissions, eq(submissions.teamId, teams.id))
    .where(and(eq(teams.eventId, event.id), isNull(submissions.id)))
    .orderBy(asc(sql`lower(${teams.name})`));
}

function statusText(submission: Submission): string {
  if (submission.disqualifiedAt) return "Disqualified";
  return submission.status === "submitted" ? "Submitted" : "Draft";
}

export function repositoryCheckText(submission: Submission): string {
  if (submission.repositoryReachable === null) return submission.repositoryUrl ? "Not checked yet" : "No repository";
  return submission.repositoryReachable ? "Public and reachable" : submission.repositoryMessage || "Not reachable";
}

/** The entries as CSV. Its first columns are the ones the importer reads, so an export imports. */
export async function entriesCsv(event: Event): Promise<string> {
  const entries = await entriesForOrganisers(event);
  const when = (at: Date | null) => (at ? formatInstant(at, event.timeZone) : "");
  const header = [
    ...PLATFORM_COLUMNS,
    "Status",
    "Submitted at",
    "Repository check",
    "Commit at submission",
    "Frozen commit",
    "Code at the deadline",
    "Moved on since the deadline",
    "Extension until",
    "Disqualification reason",
  ];
  const rows = entries.map(({ submission, teamName, themeTitle, people, movedOn }) => [
    teamName,
    submission.title,
    submission.summary,
    submission.description,
    themeTitle ?? "",
    submission.repositoryUrl,
    submission.demoUrl,
    submission.videoUrl,
    submission.licence,
    submission.technologies.join(", "),
    people.map((person) => person.email).join("; "),
    statusText(submission),
    when(submission.submittedAt),
    repositoryCheckText(submission),
    submission.submittedCommit ?? "",
    submission.frozenCommit ?? "",
    submission.frozenCommit && submission.repositoryUrl
      ? codeAtCommitUrl(submission.repositoryUrl, submission.frozenCommit)
      : "",
    movedOn ? "Yes" : "No",
    when(submission.extensionUntil),
    submission.disqualificationReason ?? "",
  ]);
  return csvDocument(header, rows);
}

type OrganiserOutcome = { done: true } | { error: string; field?: string };

async function submissionAt(db: Queryable, event: Event, submissionId: string) {
  const [row] = await db
    .select()
    .from(submissions)
    .where(and(eq(submissions.id, submissionId), eq(submissions.eventId, event.id)))
    .for("update");
  return row ?? null;
}

/**
 * Gives one team until `until` to submit or change its entry. An entry row is made for a team
 * that has not started one, since the extension belongs to the entry. Audited with the reason.
 */
export async function grantExtension(
  actor: User,
  event: Event,
  teamId: string,
  until: Date,
  reason: string,
): Promise<OrganiserOutcome> {
  return inTransaction(async (tx) => {
    const [team] = await tx
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.id, teamId), eq(teams.eventId, event.id)))
      .for("update");
    if (!team) return { error: "That team is not at this event" };
    const [existing] = await tx.select().from(submissions).where(eq(submissions.teamId, team.id)).for("update");
    if (existing?.frozenAt) {
      return { error: "This entry's commit was frozen at the deadline. An extension can no longer be granted" };
    }
    const [saved] = existing
      ? await tx
          .update(submissions)
          .set({ extensionUntil: until, extensionReason: reason })
          .where(eq(submissions.id, existing.id))
          .returning()
      : await tx
          .insert(submissions)
          .values({ eventId: event.id, teamId: team.id, extensionUntil: until, extensionReason: reason })
          .returning();
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "submission.extension_granted",
      subjectType: "submission",
      subjectId: saved!.id,
      before: { extensionUntil: existing?.extensionUntil ?? null },
      after: { extensionUntil: until, teamId },
      reason,
    });
    return { done: true };
  });
}

async function emailTeam(db: Queryable, teamId: string, subject: string, text: (name: string) => string) {
  const people = (await membersOfTeams(db, [teamId])).get(teamId) ?? [];
  for (const person of people) await enqueueEmail(db, { to: person.email, subject, text: text(person.name) });
}

/** Disqualifies an entry with a reason: audited, and every member of the team is emailed. */
export async function disqualifyEntry(
  actor: User,
  event: Event,
  submissionId: string,
  reason: string,
): Promise<OrganiserOutcome> {
  return inTransaction(async (tx) => {
    const current = await submissionAt(tx, event, submissionId);
    if (!current) return { error: "That entry is not at this event" };
    if (current.disqualifiedAt) return { error: "This entry has already been disqualified" };
    const now = new Date();
    await tx
      .update(submissions)
      .set({ disqualifiedAt: now, disqualificationReason: reason })
      .where(eq(submissions.id, current.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "submission.disqualified",
      subjectType: "submission",
      subjectId: current.id,
      before: { disqualifiedAt: null },
      after: { disqualifiedAt: now },
      reason,
    });
    const title = current.title || "your entry";
    await emailTeam(
      tx,
      current.teamId,
      `Your entry to ${event.title} has been disqualified`,
      (name) =>
        `Hello ${name},\n\nThe organisers of ${event.title} have disqualified ${title}.\n\nTheir reason: ${reason}\n\nIf you think this is a mistake, reply to the organisers. Your entry: ${publicOrigin()}/events/${event.slug}/submission`,
    );
    return { done: true };
  });
}

/** Undoes a disqualification made in error: audited, and the team is told. */
export async function reinstateEntry(
  actor: User,
  event: Event,
  submissionId: string,
  reason: string,
): Promise<OrganiserOutcome> {
  return inTransaction(async (tx) => {
    const current = await submissionAt(tx, event, submissionId);
    if (!current) return { error: "That entry is not at this event" };
    if (!current.disqualifiedAt) return { error: "This entry is not disqualified" };
    await tx
      .update(submissions)
      .set({ disqualifiedAt: null, disqualificationReason: null })
      .where(eq(submissions.id, current.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "submission.reinstated",
      subjectType: "submission",
      subjectId: current.id,
      before: { disqualifiedAt: current.disqualifiedAt, reason: current.disqualificationReason },
      after: { disqualifiedAt: null },
      reason,
    });
    await emailTeam(
      tx,
      current.teamId,
      `Your entry to ${event.title} has been reinstated`,
      (name) =>
        `Hello ${name},\n\nThe organisers of ${event.title} have reinstated your entry.\n\nTheir note: ${reason}`,
    );
    return { done: true };
  });
}

/** Looks at the repository again now, to see whether it has moved on since the deadline. */
export async function recheckRepository(event: Event, submissionId: string): Promise<OrganiserOutcome> {
  const db = getDb();
  const [current] = await db
    .select({ repositoryUrl: submissions.repositoryUrl })
    .from(submissions)
    .where(and(eq(submissions.id, submissionId), eq(submissions.eventId, event.id)));
  if (!current) return { error: "That entry is not at this event" };
  if (!current.repositoryUrl) return { error: "This entry has no repository to check" };
  await recordRepositoryLook(db, submissionId, await checkRepository(current.repositoryUrl));
  return { done: true };
}

export async function setGalleryAfterDeadline(actor: User, event: Event, show: boolean): Promise<void> {
  await inTransaction(async (tx) => {
    await tx.update(events).set({ galleryAfterDeadline: show }).where(eq(events.id, event.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "event.gallery_after_deadline",
      subjectType: "event",
      subjectId: event.id,
      before: { galleryAfterDeadline: event.galleryAfterDeadline },
      after: { galleryAfterDeadline: show },
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Importing entries collected elsewhere

export async function importContext(event: Event) {
  const db = getDb();
  const [themeRows, teamRows] = await Promise.all([
    db.select({ id: themes.id, title: themes.title }).from(themes).where(eq(themes.eventId, event.id)),
    db.select({ name: teams.name }).from(teams).where(eq(teams.eventId, event.id)),
  ]);
  return { themes: themeRows, teamNames: teamRows.map((row) => row.name) };
}

/**
 * Creates a team and a submitted entry for each imported row, in one transaction: all or
 * nothing. People whose email matches a confirmed account, and who are in no team at the event
 * yet, join their team; the first of them is its captain. Repositories are checked by the
 * deadline job rather than here, so that a long file is not hundreds of network calls in a row.
 */
export async function importEntries(
  actor: User,
  event: Event,
  entries: readonly ImportedEntry[],
): Promise<{ imported: number; linkedPeople: number } | { error: string }> {
  const { themes: themeRows } = await importContext(event);
  const themeByTitle = new Map(themeRows.map((theme) => [theme.title.toLowerCase(), theme.id]));
  try {
    return await inTransaction(async (tx) => {
      const now = new Date();
      let linkedPeople = 0;
      for (const entry of entries) {
        const emails = [...new Set(entry.memberEmails.map((email) => email.toLowerCase()))];
        const accounts = emails.length
          ? await tx
              .select({ id: users.id })
              .from(users)
              .leftJoin(teamMembers, and(eq(teamMembers.userId, users.id), eq(teamMembers.eventId, event.id)))
              .where(
                and(
                  inArray(users.email, emails),
                  sql`${users.emailVerifiedAt} is not null`,
                  isNull(teamMembers.userId),
                ),
              )
          : [];
        const [team] = await tx
          .insert(teams)
          .values({
            eventId: event.id,
            name: entry.teamName,
            captainUserId: accounts[0]?.id ?? null,
            inviteCode: generateSecureRandomString(),
          })
          .returning({ id: teams.id });
        if (accounts.length > 0) {
          await tx
            .insert(teamMembers)
            .values(accounts.map((account) => ({ teamId: team!.id, eventId: event.id, userId: account.id })));
        }
        linkedPeople += accounts.length;
        const themeId = entry.themeTitle ? (themeByTitle.get(entry.themeTitle.toLowerCase()) ?? null) : null;
        const [saved] = await tx
          .insert(submissions)
          .values({
            eventId: event.id,
            teamId: team!.id,
            status: "submitted",
            title: entry.title,
            summary: entry.summary,
            description: entry.description,
            themeId,
            repositoryUrl: entry.repositoryUrl,
            demoUrl: entry.demoUrl,
            videoUrl: entry.videoUrl,
            licence: findLicence(entry.licence)?.id ?? entry.licence,
            technologies: entry.technologies,
            submittedAt: now,
            submittedByUserId: actor.id,
            importedAt: now,
            version: 1,
          })
          .returning();
        await tx.insert(submissionVersions).values({
          submissionId: saved!.id,
          version: 1,
          userId: actor.id,
          action: "imported",
          snapshot: fieldsOf(saved!),
        });
      }
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "submissions.imported",
        subjectType: "event",
        subjectId: event.id,
        after: { entries: entries.length, linkedPeople },
      });
      return { imported: entries.length, linkedPeople };
    });
  } catch (error) {
    // Two imports at once, or a team named between the preview and the import.
    if (error instanceof Error && /teams_event_name_key/.test(`${error.message} ${String(error.cause ?? "")}`)) {
      return { error: "A team with one of these names was created meanwhile. Check the file again" };
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// The public gallery

/** Submitted entries that are not disqualified, for the gallery. */
export async function galleryEntries(event: Event) {
  const db = getDb();
  const rows = await db
    .select({
      id: submissions.id,
      title: submissions.title,
      summary: submissions.summary,
      technologies: submissions.technologies,
      teamName: teams.name,
      themeTitle: themes.title,
      firstScreenshotId: sql<
        string | null
      >`(select ${submissionScreenshots.id} from ${submissionScreenshots} where ${submissionScreenshots.submissionId} = ${submissions.id} order by ${submissionScreenshots.position} limit 1)`,
      firstScreenshotDescription: sql<
        string | null
      >`(select ${submissionScreenshots.description} from ${submissionScreenshots} where ${submissionScreenshots.submissionId} = ${submissions.id} order by ${submissionScreenshots.position} limit 1)`,
    })
    .from(submissions)
    .innerJoin(teams, eq(teams.id, submissions.teamId))
    .leftJoin(themes, eq(themes.id, submissions.themeId))
    .where(
      and(eq(submissions.eventId, event.id), eq(submissions.status, "submitted"), isNull(submissions.disqualifiedAt)),
    )
    .orderBy(asc(sql`lower(${submissions.title})`));
  return rows;
}

/** What the entry pages show, with its Markdown rendered and its times in the event's zone. */
export function displayEntry(event: Event, view: EntryView): EntryDisplay {
  const { submission } = view;
  return {
    slug: event.slug,
    teamName: view.teamName,
    title: submission.title || "Untitled entry",
    summary: submission.summary,
    descriptionHtml: submission.description ? renderMarkdown(submission.description) : "",
    themeTitle: view.themeTitle,
    repositoryUrl: submission.repositoryUrl,
    demoUrl: submission.demoUrl,
    videoUrl: submission.videoUrl,
    licenceName: view.licenceName,
    technologies: submission.technologies,
    contributions: view.contributions,
    members: view.members.map((member) => member.name),
    dataAttestation: event.requiresDataAttestation ? submission.dataAttestation : null,
    screenshots: view.screenshots,
    code:
      view.judgedCommit && view.codeUrl
        ? {
            commit: view.judgedCommit,
            shortCommit: shortCommit(view.judgedCommit),
            url: view.codeUrl,
            frozen: submission.frozenCommit !== null,
            movedOnAt:
              view.movedOn && submission.repositoryCheckedAt
                ? formatInstant(submission.repositoryCheckedAt, event.timeZone)
                : null,
          }
        : null,
  };
}

/** A team at the event with its entry's extension, for the extension form. */
export async function extensionContext(event: Event, teamId: string) {
  const [row] = await getDb()
    .select({
      id: teams.id,
      name: teams.name,
      submissionId: submissions.id,
      extensionUntil: submissions.extensionUntil,
      extensionReason: submissions.extensionReason,
    })
    .from(teams)
    .leftJoin(submissions, eq(submissions.teamId, teams.id))
    .where(and(eq(teams.id, teamId), eq(teams.eventId, event.id)));
  return row ?? null;
}
