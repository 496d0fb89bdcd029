// Follow-on support for winning teams: their windows (granted when the results are announced),
// their requests and the staff who answer them, milestones, reminders, and the programme report.
// Teams see their own requests without internal notes; staff see the events they support.
import { and, asc, desc, eq, gt, inArray, isNull, lte, sql, type SQL } from "drizzle-orm";
import { publicOrigin } from "~/config.server";
import { getDb, type Queryable, type Transaction } from "~/db/client.server";
import {
  communities,
  communityOrganisers,
  eventRoles,
  events,
  prizeAwards,
  prizeCategories,
  submissions,
  supportDigests,
  supportEntitlements,
  supportMessages,
  supportMilestones,
  supportRequests,
  teamMembers,
  teams,
  users,
  type Event,
  type SupportEntitlement,
  type SupportRequest,
  type User,
} from "~/db/schema";
import {
  ENDING_REMINDER_DAYS,
  isFinished,
  isOverdue,
  reopenRefusal,
  staffStatusMoves,
  SUPPORT_CATEGORY_NAMES,
  SUPPORT_STATUS_NAMES,
  supportReport,
  windowEnd,
  windowOpen,
  type MilestoneKind,
  type SupportCategory,
  type SupportPriority,
  type SupportReport,
  type SupportStatus,
} from "~/domain/support";
import { formatInstant, isCalendarDate, toLocalParts } from "~/domain/time";
import type { ReportCsvInput } from "~/domain/support-report";
import { responseDueAt } from "~/domain/working-days";
import { organisersOf } from "~/models/events.server";
import { refusable, refuse, type Refusal } from "~/models/refusals.server";
import { recordAudit } from "~/services/audit.server";
import { enqueueEmail } from "~/services/email.server";

const DAY = 86_400_000;
export const MAX_SUPPORT_TITLE = 150;
export const MAX_SUPPORT_TEXT = 10_000;

// ---------------------------------------------------------------------------------------------
// Windows

/**
 * Gives each winning team its support window when the results are announced: the most months any
 * of its prizes brings, from the announcement. Teams whose prizes bring none get no window. Runs
 * in the announcement's transaction; a second run changes nothing.
 */
export async function grantSupportWindows(tx: Transaction, event: Event, announcedAt: Date): Promise<number> {
  const rows = await tx
    .select({ teamId: prizeAwards.teamId, months: sql<number>`max(${prizeCategories.supportMonths})::int` })
    .from(prizeAwards)
    .innerJoin(prizeCategories, eq(prizeCategories.id, prizeAwards.categoryId))
    .where(eq(prizeAwards.eventId, event.id))
    .groupBy(prizeAwards.teamId);
  let granted = 0;
  for (const row of rows) {
    if (row.months < 1) continue;
    const inserted = await tx
      .insert(supportEntitlements)
      .values({
        eventId: event.id,
        teamId: row.teamId,
        startsAt: announcedAt,
        endsAt: windowEnd(announcedAt, row.months, event.timeZone),
      })
      .onConflictDoNothing()
      .returning({ id: supportEntitlements.id });
    granted += inserted.length;
  }
  return granted;
}

export interface EntitlementRow {
  id: string;
  eventId: string;
  eventSlug: string;
  eventTitle: string;
  teamId: string;
  teamName: string;
  startsAt: Date;
  endsAt: Date;
  budgetMinutes: number | null;
  usedMinutes: number;
  requests: number;
}

async function entitlementRows(db: Queryable, where: SQL | undefined): Promise<EntitlementRow[]> {
  const rows = await db
    .select({
      id: supportEntitlements.id,
      eventId: events.id,
      eventSlug: events.slug,
      eventTitle: events.title,
      teamId: teams.id,
      teamName: teams.name,
      startsAt: supportEntitlements.startsAt,
      endsAt: supportEntitlements.endsAt,
      budgetMinutes: supportEntitlements.budgetMinutes,
    })
    .from(supportEntitlements)
    .innerJoin(events, eq(events.id, supportEntitlements.eventId))
    .innerJoin(teams, eq(teams.id, supportEntitlements.teamId))
    .where(where)
    .orderBy(asc(events.title), asc(teams.name));
  if (rows.length === 0) return [];
  const usage = await db
    .select({
      entitlementId: supportRequests.entitlementId,
      minutes: sql<number>`coalesce(sum(${supportMessages.minutesSpent}), 0)::int`,
      requests: sql<number>`count(distinct ${supportRequests.id})::int`,
    })
    .from(supportRequests)
    .leftJoin(supportMessages, eq(supportMessages.requestId, supportRequests.id))
    .where(
      inArray(
        supportRequests.entitlementId,
        rows.map((row) => row.id),
      ),
    )
    .groupBy(supportRequests.entitlementId);
  const byId = new Map(usage.map((row) => [row.entitlementId, row]));
  return rows.map((row) => ({
    ...row,
    usedMinutes: byId.get(row.id)?.minutes ?? 0,
    requests: byId.get(row.id)?.requests ?? 0,
  }));
}

/** The support windows of an event's winning teams, with the time used, for its organisers. */
export async function eventEntitlements(event: Event): Promise<EntitlementRow[]> {
  return entitlementRows(getDb(), eq(supportEntitlements.eventId, event.id));
}

/** Moves a window's end (later, or earlier to correct a mistake) and sets its budget of hours. Audited with a reason. */
export async function changeEntitlement(
  actor: User,
  event: Event,
  entitlementId: string,
  change: { endsAt: Date; budgetMinutes: number | null; reason: string },
): Promise<{ changed: true } | Refusal> {
  return refusable(async (tx) => {
    const [current] = await tx
      .select()
      .from(supportEntitlements)
      .where(and(eq(supportEntitlements.id, entitlementId), eq(supportEntitlements.eventId, event.id)))
      .for("update");
    if (!current) refuse("That support window no longer exists");
    if (change.reason.trim() === "") refuse("Enter why the support window is changing", "reason");
    if (change.endsAt.getTime() <= current.startsAt.getTime()) {
      refuse("The window must end after it starts", "endsAt");
    }
    if (change.budgetMinutes !== null && (!Number.isInteger(change.budgetMinutes) || change.budgetMinutes < 0)) {
      refuse("Enter the budget as a whole number of hours, or leave it empty for none", "budget");
    }
    await tx
      .update(supportEntitlements)
      .set({
        endsAt: change.endsAt,
        budgetMinutes: change.budgetMinutes,
        // A window moved later deserves a fresh reminder before its new end.
        endingReminderSentAt: change.endsAt > current.endsAt ? null : current.endingReminderSentAt,
      })
      .where(eq(supportEntitlements.id, entitlementId));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "support_entitlement.changed",
      subjectType: "support_entitlement",
      subjectId: entitlementId,
      before: { endsAt: current.endsAt.toISOString(), budgetMinutes: current.budgetMinutes },
      after: { endsAt: change.endsAt.toISOString(), budgetMinutes: change.budgetMinutes },
      reason: change.reason.trim(),
    });
    return { changed: true as const };
  });
}

// ---------------------------------------------------------------------------------------------
// Who is who

/** The viewer's team at the event and its support window, if it has one. */
async function teamWindow(db: Queryable, user: User, event: Event) {
  const [row] = await db
    .select({ teamId: teams.id, teamName: teams.name, entitlement: supportEntitlements })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .leftJoin(
      supportEntitlements,
      and(eq(supportEntitlements.teamId, teams.id), eq(supportEntitlements.eventId, event.id)),
    )
    .where(and(eq(teamMembers.eventId, event.id), eq(teamMembers.userId, user.id)));
  return row ?? null;
}

/**
 * The events whose support a user works: those where they hold the support or organiser role, and
 * every event of the communities they organise. Null for an administrator: every event.
 */
export async function supportedEventIds(db: Queryable, user: User): Promise<string[] | null> {
  if (user.isAdmin) return null;
  const direct = await db
    .select({ eventId: eventRoles.eventId })
    .from(eventRoles)
    .where(and(eq(eventRoles.userId, user.id), inArray(eventRoles.role, ["support", "organiser"])));
  const viaCommunity = await db
    .select({ eventId: events.id })
    .from(communityOrganisers)
    .innerJoin(events, eq(events.communityId, communityOrganisers.communityId))
    .where(eq(communityOrganisers.userId, user.id));
  return [...new Set([...direct, ...viaCommunity].map((row) => row.eventId))];
}

function withinScope(eventIds: string[] | null): SQL | undefined {
  if (eventIds === null) return undefined;
  return eventIds.length > 0 ? inArray(supportRequests.eventId, eventIds) : sql`false`;
}

/** Whether the user may work this event's support. */
export async function isSupportStaff(user: User, eventId: string): Promise<boolean> {
  const scope = await supportedEventIds(getDb(), user);
  return scope === null || scope.includes(eventId);
}

/** People who answer an event's requests: its support role, else its organisers and community organisers. */
async function staffOf(db: Queryable, event: Pick<Event, "id" | "communityId">) {
  const support = await supportRoleOf(db, event.id);
  return support.length > 0 ? support : organisersOf(db, event);
}

async function supportRoleOf(db: Queryable, eventId: string) {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(eventRoles)
    .innerJoin(users, eq(users.id, eventRoles.userId))
    .where(and(eq(eventRoles.eventId, eventId), eq(eventRoles.role, "support")));
}

/** Everyone who can be assigned an event's request. */
export async function assignableStaff(event: Pick<Event, "id" | "communityId">, db: Queryable = getDb()) {
  const people = [...(await supportRoleOf(db, event.id)), ...(await organisersOf(db, event))];
  return [...new Map(people.map((person) => [person.id, person])).values()].sort((a, b) =>
    a.name.localeCompare(b.name, "en-GB"),
  );
}

async function teamPeople(db: Queryable, teamId: string) {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(eq(teamMembers.teamId, teamId))
    .orderBy(asc(teamMembers.joinedAt));
}

// ---------------------------------------------------------------------------------------------
// The team's side

export interface RequestSummary {
  id: string;
  title: string;
  category: SupportCategory;
  priority: SupportPriority;
  status: SupportStatus;
  createdAt: Date;
  updatedAt: Date;
  firstResponseDueAt: Date;
  firstRespondedAt: Date | null;
  overdue: boolean;
}

function summary(row: SupportRequest, now: Date): RequestSummary {
  return {
    id: row.id,
    title: row.title,
    category: row.category,
    priority: row.priority,
    status: row.status,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    firstResponseDueAt: row.firstResponseDueAt,
    firstRespondedAt: row.firstRespondedAt,
    overdue: isOverdue(row, now),
  };
}

export interface TeamSupport {
  teamId: string;
  teamName: string;
  entitlement: SupportEntitlement;
  open: boolean;
  usedMinutes: number;
  requests: RequestSummary[];
  milestones: MilestoneView[];
  repositoryUrl: string;
  responseWorkingDays: number;
}

/** The viewer's team's support: its window, requests and milestones. Null without a window. */
export async function teamSupport(user: User, event: Event, now: Date = new Date()): Promise<TeamSupport | null> {
  const db = getDb();
  const found = await teamWindow(db, user, event);
  if (!found?.entitlement) return null;
  const requests = await db
    .select()
    .from(supportRequests)
    .where(eq(supportRequests.entitlementId, found.entitlement.id))
    .orderBy(desc(supportRequests.createdAt));
  const [usage] = (await entitlementRows(db, eq(supportEntitlements.id, found.entitlement.id))) ?? [];
  const [entry] = await db
    .select({ repositoryUrl: submissions.repositoryUrl })
    .from(submissions)
    .where(eq(submissions.teamId, found.teamId));
  const [community] = await db
    .select({ days: communities.supportResponseWorkingDays })
    .from(communities)
    .where(eq(communities.id, event.communityId));
  return {
    teamId: found.teamId,
    teamName: found.teamName,
    entitlement: found.entitlement,
    open: windowOpen(found.entitlement, now),
    usedMinutes: usage?.usedMinutes ?? 0,
    requests: requests.map((row) => summary(row, now)),
    milestones: await milestonesOf(db, found.teamId),
    repositoryUrl: entry?.repositoryUrl ?? "",
    responseWorkingDays: community?.days ?? 5,
  };
}

export interface RequestInput {
  title: string;
  category: SupportCategory;
  description: string;
  priority: SupportPriority;
  repositoryUrl: string;
}

/**
 * A member of a winning team logs a request, inside the team's window only. Its first response is
 * due within the community's working days; the event's support staff are emailed.
 */
export async function logSupportRequest(
  actor: User,
  event: Event,
  input: RequestInput,
  now: Date = new Date(),
): Promise<{ requestId: string } | Refusal> {
  return refusable(async (tx) => {
    const found = await teamWindow(tx, actor, event);
    if (!found?.entitlement) refuse("Only a member of a winning team with follow-on support can ask for it");
    if (!windowOpen(found.entitlement, now)) {
      refuse(
        `Your team's support window ended on ${formatInstant(found.entitlement.endsAt, event.timeZone)}. Ask the organisers if you need more time`,
      );
    }
    if (input.title.trim() === "") refuse("Enter a title for your request", "title");
    if (input.title.trim().length > MAX_SUPPORT_TITLE) {
      refuse(`The title must be ${MAX_SUPPORT_TITLE} characters or fewer`, "title");
    }
    if (input.description.trim() === "") refuse("Describe what you need help with", "description");
    if (input.description.length > MAX_SUPPORT_TEXT) {
      refuse(`The description must be ${MAX_SUPPORT_TEXT.toLocaleString("en-GB")} characters or fewer`, "description");
    }
    const [community] = await tx
      .select({ days: communities.supportResponseWorkingDays })
      .from(communities)
      .where(eq(communities.id, event.communityId));
    const [created] = await tx
      .insert(supportRequests)
      .values({
        entitlementId: found.entitlement.id,
        eventId: event.id,
        teamId: found.teamId,
        createdByUserId: actor.id,
        title: input.title.trim(),
        category: input.category,
        description: input.description.trim(),
        priority: input.priority,
        repositoryUrl: input.repositoryUrl.trim(),
        firstResponseDueAt: responseDueAt(now, community?.days ?? 5, event.timeZone),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "support_request.logged",
      subjectType: "support_request",
      subjectId: created!.id,
      after: { title: created!.title, category: created!.category, priority: created!.priority },
    });
    const link = `${publicOrigin()}/support/requests/${created!.id}`;
    for (const person of await staffOf(tx, event)) {
      await enqueueEmail(tx, {
        to: person.email,
        subject: `New support request from ${found.teamName}: ${created!.title}`,
        text: `Hello ${person.name},\n\n${actor.name} of ${found.teamName} (${event.title}) has asked for support with ${SUPPORT_CATEGORY_NAMES[input.category].toLowerCase()}.\n\n${created!.title}\n\nA first response is due by ${formatInstant(created!.firstResponseDueAt, event.timeZone)}.\n\nSee it and respond: ${link}`,
      });
    }
    return { requestId: created!.id };
  });
}

export interface MessageView {
  id: number;
  kind: "team" | "reply" | "note";
  authorName: string;
  body: string;
  minutesSpent: number;
  createdAt: Date;
}

export interface RequestDetail {
  request: SupportRequest;
  eventSlug: string;
  eventTitle: string;
  timeZone: string;
  teamName: string;
  createdByName: string;
  assigneeName: string | null;
  overdue: boolean;
  messages: MessageView[];
  totalMinutes: number;
  windowOpen: boolean;
  windowEndsAt: Date;
}

async function detail(db: Queryable, requestId: string, withNotes: boolean, now: Date): Promise<RequestDetail | null> {
  const [row] = await db
    .select({
      request: supportRequests,
      eventSlug: events.slug,
      eventTitle: events.title,
      timeZone: events.timeZone,
      teamName: teams.name,
      entitlement: supportEntitlements,
    })
    .from(supportRequests)
    .innerJoin(events, eq(events.id, supportRequests.eventId))
    .innerJoin(teams, eq(teams.id, supportRequests.teamId))
    .innerJoin(supportEntitlements, eq(supportEntitlements.id, supportRequests.entitlementId))
    .where(eq(supportRequests.id, requestId));
  if (!row) return null;
  const messages = await db
    .select({ message: supportMessages, authorName: users.name })
    .from(supportMessages)
    .leftJoin(users, eq(users.id, supportMessages.authorUserId))
    .where(
      withNotes
        ? eq(supportMessages.requestId, requestId)
        : and(eq(supportMessages.requestId, requestId), sql`${supportMessages.kind} <> 'note'`),
    )
    .orderBy(asc(supportMessages.id));
  const people = [row.request.createdByUserId, row.request.assigneeUserId].filter((id): id is string => id !== null);
  const names = people.length
    ? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, people))
    : [];
  const nameOf = (id: string | null) => names.find((person) => person.id === id)?.name ?? null;
  const [total] = await db
    .select({ minutes: sql<number>`coalesce(sum(${supportMessages.minutesSpent}), 0)::int` })
    .from(supportMessages)
    .where(eq(supportMessages.requestId, requestId));
  return {
    request: row.request,
    eventSlug: row.eventSlug,
    eventTitle: row.eventTitle,
    timeZone: row.timeZone,
    teamName: row.teamName,
    createdByName: nameOf(row.request.createdByUserId) ?? "A former member",
    assigneeName: nameOf(row.request.assigneeUserId),
    overdue: isOverdue(row.request, now),
    messages: messages.map(({ message, authorName }) => ({
      id: message.id,
      kind: message.kind,
      authorName: authorName ?? "A former user",
      body: message.body,
      minutesSpent: withNotes ? message.minutesSpent : 0,
      createdAt: message.createdAt,
    })),
    totalMinutes: withNotes ? (total?.minutes ?? 0) : 0,
    windowOpen: windowOpen(row.entitlement, now),
    windowEndsAt: row.entitlement.endsAt,
  };
}

/** A request as its team sees it: no internal notes, no time logged. Null unless the viewer is in the team. */
export async function requestForTeam(
  user: User,
  event: Event,
  requestId: string,
  now: Date = new Date(),
): Promise<RequestDetail | null> {
  const db = getDb();
  const found = await teamWindow(db, user, event);
  if (!found) return null;
  const [own] = await db
    .select({ id: supportRequests.id })
    .from(supportRequests)
    .where(
      and(
        eq(supportRequests.id, requestId),
        eq(supportRequests.teamId, found.teamId),
        eq(supportRequests.eventId, event.id),
      ),
    );
  return own ? detail(db, requestId, false, now) : null;
}

async function lockTeamRequest(tx: Transaction, actor: User, event: Event, requestId: string) {
  const found = await teamWindow(tx, actor, event);
  if (!found) refuse("That request is not your team's");
  const [request] = await tx
    .select()
    .from(supportRequests)
    .where(
      and(
        eq(supportRequests.id, requestId),
        eq(supportRequests.teamId, found.teamId),
        eq(supportRequests.eventId, event.id),
      ),
    )
    .for("update");
  if (!request) refuse("That request is not your team's");
  return { request, teamName: found.teamName, entitlement: found.entitlement };
}

/** A team member adds to the thread; a request waiting on the team goes back to the staff. */
export async function teamMessage(
  actor: User,
  event: Event,
  requestId: string,
  body: string,
  now: Date = new Date(),
): Promise<{ sent: true } | Refusal> {
  return refusable(async (tx) => {
    const { request, entitlement, teamName } = await lockTeamRequest(tx, actor, event, requestId);
    if (!entitlement || !windowOpen(entitlement, now)) refuse("Your team's support window has ended");
    if (request.status === "closed") refuse("This request is closed. Log a new request if you need more help");
    if (body.trim() === "") refuse("Enter your message", "body");
    await tx
      .insert(supportMessages)
      .values({ requestId, authorUserId: actor.id, kind: "team", body: body.trim(), createdAt: now });
    const status: SupportStatus = request.status === "waiting_on_team" ? "in_progress" : request.status;
    await tx
      .update(supportRequests)
      .set({ status, updatedAt: now, version: request.version + 1 })
      .where(eq(supportRequests.id, requestId));
    if (request.assigneeUserId) {
      const [assignee] = await tx.select().from(users).where(eq(users.id, request.assigneeUserId));
      if (assignee) {
        await enqueueEmail(tx, {
          to: assignee.email,
          subject: `${teamName} replied: ${request.title}`,
          text: `Hello ${assignee.name},\n\n${actor.name} of ${teamName} has added to the support request "${request.title}".\n\nSee it: ${publicOrigin()}/support/requests/${request.id}`,
        });
      }
    }
    return { sent: true as const };
  });
}

/** The team reopens a resolved request within 14 days of its resolution. Audited. */
export async function reopenRequest(
  actor: User,
  event: Event,
  requestId: string,
  reason: string,
  now: Date = new Date(),
): Promise<{ reopened: true } | Refusal> {
  return refusable(async (tx) => {
    const { request, entitlement } = await lockTeamRequest(tx, actor, event, requestId);
    const refusal = reopenRefusal(request, now);
    if (refusal) refuse(refusal);
    if (!entitlement || !windowOpen(entitlement, now)) refuse("Your team's support window has ended");
    if (reason.trim() === "") refuse("Tell the support team what still needs doing", "reason");
    await tx
      .insert(supportMessages)
      .values({ requestId, authorUserId: actor.id, kind: "team", body: reason.trim(), createdAt: now });
    await tx
      .update(supportRequests)
      .set({ status: "open", resolvedAt: null, updatedAt: now, version: request.version + 1 })
      .where(eq(supportRequests.id, requestId));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "support_request.reopened",
      subjectType: "support_request",
      subjectId: requestId,
      before: { status: request.status },
      after: { status: "open" },
      reason: reason.trim(),
    });
    return { reopened: true as const };
  });
}

// ---------------------------------------------------------------------------------------------
// Staff

const unfinished = sql`${supportRequests.status} not in ('resolved', 'closed')`;

/** Requests still waiting for a first response after it was due: the SQL twin of isOverdue. */
function overdueAt(now: Date): SQL {
  return and(
    isNull(supportRequests.firstRespondedAt),
    unfinished,
    sql`${supportRequests.firstResponseDueAt} < ${now.toISOString()}::timestamptz`,
  )!;
}

export interface QueueFilters {
  status?: SupportStatus | "unfinished";
  category?: SupportCategory;
  /** A user id, or "none" for unassigned. */
  assignee?: string;
  eventId?: string;
  overdue?: boolean;
}

export interface QueueRow extends RequestSummary {
  eventId: string;
  eventTitle: string;
  eventSlug: string;
  teamName: string;
  assigneeName: string | null;
}

/** The requests a member of staff can work, across their events, filtered. */
export async function supportQueue(user: User, filters: QueueFilters, now: Date = new Date()): Promise<QueueRow[]> {
  const db = getDb();
  const scope = await supportedEventIds(db, user);
  const conditions: (SQL | undefined)[] = [withinScope(scope)];
  if (filters.status === "unfinished") conditions.push(unfinished);
  else if (filters.status) conditions.push(eq(supportRequests.status, filters.status));
  if (filters.category) conditions.push(eq(supportRequests.category, filters.category));
  if (filters.assignee === "none") conditions.push(isNull(supportRequests.assigneeUserId));
  else if (filters.assignee) conditions.push(eq(supportRequests.assigneeUserId, filters.assignee));
  if (filters.eventId) conditions.push(eq(supportRequests.eventId, filters.eventId));
  if (filters.overdue) conditions.push(overdueAt(now));
  const rows = await db
    .select({
      request: supportRequests,
      eventTitle: events.title,
      eventSlug: events.slug,
      teamName: teams.name,
      assigneeName: users.name,
    })
    .from(supportRequests)
    .innerJoin(events, eq(events.id, supportRequests.eventId))
    .innerJoin(teams, eq(teams.id, supportRequests.teamId))
    .leftJoin(users, eq(users.id, supportRequests.assigneeUserId))
    .where(and(...conditions))
    .orderBy(asc(supportRequests.firstResponseDueAt), asc(supportRequests.createdAt))
    .limit(500);
  return rows.map((row) => ({
    ...summary(row.request, now),
    eventId: row.request.eventId,
    eventTitle: row.eventTitle,
    eventSlug: row.eventSlug,
    teamName: row.teamName,
    assigneeName: row.assigneeName,
  }));
}

/** The events a member of staff can filter the queue by. */
export async function supportedEvents(user: User): Promise<{ id: string; title: string }[]> {
  const db = getDb();
  const scope = await supportedEventIds(db, user);
  const withRequests = db
    .selectDistinct({ id: events.id, title: events.title })
    .from(events)
    .innerJoin(supportEntitlements, eq(supportEntitlements.eventId, events.id));
  const rows = await (scope === null
    ? withRequests
    : withRequests.where(scope.length > 0 ? inArray(events.id, scope) : sql`false`));
  return rows.sort((a, b) => a.title.localeCompare(b.title, "en-GB"));
}

/** A request with its internal notes and time, for staff of its event only. */
export async function requestForStaff(
  user: User,
  requestId: string,
  now: Date = new Date(),
): Promise<RequestDetail | null> {
  const db = getDb();
  const [row] = await db
    .select({ eventId: supportRequests.eventId })
    .from(supportRequests)
    .where(eq(supportRequests.id, requestId));
  if (!row) return null;
  const scope = await supportedEventIds(db, user);
  if (scope !== null && !scope.includes(row.eventId)) return null;
  return detail(db, requestId, true, now);
}

async function lockStaffRequest(tx: Transaction, user: User, requestId: string) {
  const [request] = await tx.select().from(supportRequests).where(eq(supportRequests.id, requestId)).for("update");
  const scope = await supportedEventIds(tx, user);
  if (!request || (scope !== null && !scope.includes(request.eventId))) refuse("That request is not one you support");
  const [event] = await tx.select().from(events).where(eq(events.id, request.eventId));
  return { request, event: event! };
}

export interface StaffEntry {
  kind: "reply" | "note";
  body: string;
  minutesSpent: number;
  /** Optionally move the status in the same step. */
  status?: SupportStatus;
  version: number;
}

/**
 * A reply to the team (emailed to every member; the first one is the first response) or an
 * internal note the team never sees, either with the time spent; optionally with a status move.
 */
export async function staffEntry(
  actor: User,
  requestId: string,
  entry: StaffEntry,
  now: Date = new Date(),
): Promise<{ saved: true } | Refusal> {
  return refusable(async (tx) => {
    const { request, event } = await lockStaffRequest(tx, actor, requestId);
    if (request.version !== entry.version) {
      refuse("Someone else has changed this request since you opened it. Read it again before you go on");
    }
    if (!Number.isInteger(entry.minutesSpent) || entry.minutesSpent < 0 || entry.minutesSpent > 1440) {
      refuse("Enter the time spent as minutes or hours, up to 24 hours", "minutes");
    }
    if (entry.kind === "reply" && entry.body.trim() === "") refuse("Enter your reply to the team", "body");
    if (entry.kind === "note" && entry.body.trim() === "" && entry.minutesSpent === 0) {
      refuse("Enter a note or the time spent", "body");
    }
    let status = request.status;
    if (entry.status && entry.status !== request.status) {
      if (!staffStatusMoves(request.status).includes(entry.status)) {
        refuse(
          `A request that is ${SUPPORT_STATUS_NAMES[request.status].toLowerCase()} cannot move to ${SUPPORT_STATUS_NAMES[entry.status].toLowerCase()}`,
          "status",
        );
      }
      status = entry.status;
    } else if (entry.kind === "reply" && request.status === "open") {
      status = "in_progress";
    }
    await tx.insert(supportMessages).values({
      requestId,
      authorUserId: actor.id,
      kind: entry.kind,
      body: entry.body.trim(),
      minutesSpent: entry.minutesSpent,
      createdAt: now,
    });
    const firstResponse = entry.kind === "reply" && request.firstRespondedAt === null;
    await tx
      .update(supportRequests)
      .set({
        status,
        firstRespondedAt: firstResponse ? now : request.firstRespondedAt,
        resolvedAt:
          status === "resolved" ? (request.resolvedAt ?? now) : isFinished(status) ? request.resolvedAt : null,
        closedAt: status === "closed" ? (request.status === "closed" ? request.closedAt : now) : null,
        updatedAt: now,
        version: request.version + 1,
      })
      .where(eq(supportRequests.id, requestId));
    if (status !== request.status) {
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "support_request.status_changed",
        subjectType: "support_request",
        subjectId: requestId,
        before: { status: request.status },
        after: { status },
      });
    }
    if (entry.kind === "reply") {
      const link = `${publicOrigin()}/events/${event.slug}/support/${requestId}`;
      const statusLine = status !== request.status ? `\n\nIts status is now: ${SUPPORT_STATUS_NAMES[status]}.` : "";
      for (const person of await teamPeople(tx, request.teamId)) {
        await enqueueEmail(tx, {
          to: person.email,
          subject: `Reply to your support request: ${request.title}`,
          text: `Hello ${person.name},\n\n${actor.name} has replied to your team's support request "${request.title}":\n\n${entry.body.trim()}${statusLine}\n\nReply or see the whole conversation: ${link}`,
        });
      }
    }
    return { saved: true as const };
  });
}

/** Assigns a request to a member of its event's staff (or to nobody). Audited. */
export async function assignRequest(
  actor: User,
  requestId: string,
  assigneeUserId: string | null,
  version: number,
  now: Date = new Date(),
): Promise<{ assigned: true } | Refusal> {
  return refusable(async (tx) => {
    const { request, event } = await lockStaffRequest(tx, actor, requestId);
    if (request.version !== version) {
      refuse("Someone else has changed this request since you opened it. Read it again before you go on");
    }
    if (assigneeUserId) {
      const staff = await assignableStaff(event, tx);
      const [person] = await tx.select().from(users).where(eq(users.id, assigneeUserId));
      if (!person || (!person.isAdmin && !staff.some((candidate) => candidate.id === assigneeUserId))) {
        refuse("Choose someone who supports this event", "assignee");
      }
    }
    await tx
      .update(supportRequests)
      .set({
        assigneeUserId,
        status: request.status === "open" && assigneeUserId ? "triaged" : request.status,
        updatedAt: now,
        version: request.version + 1,
      })
      .where(eq(supportRequests.id, requestId));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "support_request.assigned",
      subjectType: "support_request",
      subjectId: requestId,
      before: { assigneeUserId: request.assigneeUserId },
      after: { assigneeUserId },
    });
    if (assigneeUserId && assigneeUserId !== actor.id) {
      const [person] = await tx.select().from(users).where(eq(users.id, assigneeUserId));
      await enqueueEmail(tx, {
        to: person!.email,
        subject: `Support request assigned to you: ${request.title}`,
        text: `Hello ${person!.name},\n\n${actor.name} has assigned you the support request "${request.title}".\n\nFirst response due by ${formatInstant(request.firstResponseDueAt, event.timeZone)}.\n\nSee it: ${publicOrigin()}/support/requests/${requestId}`,
      });
    }
    return { assigned: true as const };
  });
}

// ---------------------------------------------------------------------------------------------
// Milestones

export interface MilestoneView {
  id: string;
  kind: MilestoneKind;
  title: string;
  description: string;
  achievedOn: string;
  authorName: string;
}

async function milestonesOf(db: Queryable, teamId: string): Promise<MilestoneView[]> {
  const rows = await db
    .select({ milestone: supportMilestones, authorName: users.name })
    .from(supportMilestones)
    .leftJoin(users, eq(users.id, supportMilestones.authorUserId))
    .where(eq(supportMilestones.teamId, teamId))
    .orderBy(desc(supportMilestones.achievedOn), desc(supportMilestones.createdAt));
  return rows.map(({ milestone, authorName }) => ({
    id: milestone.id,
    kind: milestone.kind,
    title: milestone.title,
    description: milestone.description,
    achievedOn: milestone.achievedOn,
    authorName: authorName ?? "A former member",
  }));
}

/** The milestones of the team behind an entry, for its public project page. */
export async function milestonesOfEntry(submissionId: string): Promise<MilestoneView[]> {
  const db = getDb();
  const [entry] = await db
    .select({ teamId: submissions.teamId })
    .from(submissions)
    .where(eq(submissions.id, submissionId));
  return entry ? milestonesOf(db, entry.teamId) : [];
}

/** A member of a team with a support window records progress (during the window or after it). */
export async function postMilestone(
  actor: User,
  event: Event,
  input: { kind: MilestoneKind; title: string; description: string; achievedOn: string },
  now: Date = new Date(),
): Promise<{ posted: true } | Refusal> {
  return refusable(async (tx) => {
    const found = await teamWindow(tx, actor, event);
    if (!found?.entitlement) refuse("Only a member of a winning team can post its progress");
    if (input.title.trim() === "") refuse("Enter what your team achieved", "title");
    const today = toLocalParts(now, event.timeZone).date;
    if (!isCalendarDate(input.achievedOn)) refuse("Enter the date as a real date", "achievedOn");
    if (input.achievedOn > today) refuse("The date must be today or in the past", "achievedOn");
    const [created] = await tx
      .insert(supportMilestones)
      .values({
        eventId: event.id,
        teamId: found.teamId,
        authorUserId: actor.id,
        kind: input.kind,
        title: input.title.trim(),
        description: input.description.trim(),
        achievedOn: input.achievedOn,
      })
      .returning({ id: supportMilestones.id });
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "support_milestone.posted",
      subjectType: "support_milestone",
      subjectId: created!.id,
      after: input,
    });
    return { posted: true as const };
  });
}

// ---------------------------------------------------------------------------------------------
// Reminders (run by the minute job; each sends at most once)

/**
 * Once a day per community (UK date), emails its support staff the requests whose first response
 * is overdue. The digest row is the claim: whichever instance inserts it sends.
 */
export async function sendOverdueDigests(now: Date = new Date()): Promise<number> {
  const db = getDb();
  const overdue = await db
    .select({ request: supportRequests, event: events, teamName: teams.name })
    .from(supportRequests)
    .innerJoin(events, eq(events.id, supportRequests.eventId))
    .innerJoin(teams, eq(teams.id, supportRequests.teamId))
    .where(overdueAt(now));
  const byCommunity = new Map<string, typeof overdue>();
  for (const row of overdue)
    byCommunity.set(row.event.communityId, [...(byCommunity.get(row.event.communityId) ?? []), row]);
  const today = toLocalParts(now, "Europe/London").date;
  let sent = 0;
  for (const [communityId, rows] of byCommunity) {
    await db.transaction(async (tx) => {
      const claimed = await tx
        .insert(supportDigests)
        .values({ communityId, day: today })
        .onConflictDoNothing()
        .returning({ day: supportDigests.day });
      if (claimed.length === 0) return;
      const people = new Map<string, { name: string; email: string; lines: string[] }>();
      for (const row of rows) {
        for (const person of await staffOf(tx, row.event)) {
          const entry = people.get(person.id) ?? { name: person.name, email: person.email, lines: [] };
          entry.lines.push(
            `- ${row.request.title} (${row.teamName}, ${row.event.title}): due ${formatInstant(row.request.firstResponseDueAt, row.event.timeZone)}. ${publicOrigin()}/support/requests/${row.request.id}`,
          );
          people.set(person.id, entry);
        }
      }
      for (const person of people.values()) {
        await enqueueEmail(tx, {
          to: person.email,
          subject: `${person.lines.length} support ${person.lines.length === 1 ? "request is" : "requests are"} overdue for a first response`,
          text: `Hello ${person.name},\n\nThese support requests have had no first response within the service level:\n\n${person.lines.join("\n")}\n\nThe queue: ${publicOrigin()}/support?overdue=1`,
        });
        sent += 1;
      }
    });
  }
  return sent;
}

/** Emails each team whose window ends within 30 days, once. */
export async function sendWindowEndingReminders(now: Date = new Date()): Promise<number> {
  let sent = 0;
  for (;;) {
    const done = await getDb().transaction(async (tx) => {
      const [due] = await tx
        .select({ entitlement: supportEntitlements, event: events, teamName: teams.name })
        .from(supportEntitlements)
        .innerJoin(events, eq(events.id, supportEntitlements.eventId))
        .innerJoin(teams, eq(teams.id, supportEntitlements.teamId))
        .where(
          and(
            isNull(supportEntitlements.endingReminderSentAt),
            gt(supportEntitlements.endsAt, sql`${now.toISOString()}::timestamptz`),
            lte(
              supportEntitlements.endsAt,
              sql`${new Date(now.getTime() + ENDING_REMINDER_DAYS * DAY).toISOString()}::timestamptz`,
            ),
          ),
        )
        .limit(1)
        .for("update", { of: supportEntitlements, skipLocked: true });
      if (!due) return false;
      for (const person of await teamPeople(tx, due.entitlement.teamId)) {
        await enqueueEmail(tx, {
          to: person.email,
          subject: `Your follow-on support for ${due.teamName} ends on ${formatInstant(due.entitlement.endsAt, due.event.timeZone)}`,
          text: `Hello ${person.name},\n\n${due.teamName}'s follow-on support from ${due.event.title} ends on ${formatInstant(due.entitlement.endsAt, due.event.timeZone)}, in ${ENDING_REMINDER_DAYS} days or fewer. If there is anything you still need help with, log a request before then: ${publicOrigin()}/events/${due.event.slug}/support\n\nIt also helps the programme to hear how far you have come: post your milestones on the same page.`,
        });
      }
      await tx
        .update(supportEntitlements)
        .set({ endingReminderSentAt: now })
        .where(eq(supportEntitlements.id, due.entitlement.id));
      return true;
    });
    if (!done) return sent;
    sent += 1;
  }
}

// ---------------------------------------------------------------------------------------------
// The programme report

export interface ProgrammeReport extends SupportReport {
  budgetMinutes: number;
  usedMinutes: number;
  /** Every team's window, with the time used and its budget if it has one. */
  windows: EntitlementRow[];
  milestonesByKind: Record<string, number>;
  events: { id: string; title: string; requests: number; usedMinutes: number }[];
}

/** Requests, response times, hours and milestones across a community's events, or every event (null). */
export async function programmeReport(
  communityId: string | null,
  now: Date = new Date(),
): Promise<{ report: ProgrammeReport; rows: ReportCsvInput[] }> {
  const db = getDb();
  const eventScope = communityId ? eq(events.communityId, communityId) : undefined;
  const requestRows = await db
    .select({
      request: supportRequests,
      eventTitle: events.title,
      timeZone: events.timeZone,
      teamName: teams.name,
      minutes: sql<number>`(select coalesce(sum(${supportMessages.minutesSpent}), 0)::int from ${supportMessages} where ${supportMessages.requestId} = ${supportRequests.id})`,
    })
    .from(supportRequests)
    .innerJoin(events, eq(events.id, supportRequests.eventId))
    .innerJoin(teams, eq(teams.id, supportRequests.teamId))
    .where(eventScope)
    .orderBy(asc(events.title), asc(supportRequests.createdAt));
  const windows = await entitlementRows(db, eventScope);
  const milestones = await db
    .select({ kind: supportMilestones.kind, n: sql<number>`count(*)::int` })
    .from(supportMilestones)
    .innerJoin(events, eq(events.id, supportMilestones.eventId))
    .where(eventScope)
    .groupBy(supportMilestones.kind);
  const perEvent = new Map<string, { id: string; title: string; requests: number; usedMinutes: number }>();
  for (const row of requestRows) {
    const entry = perEvent.get(row.request.eventId) ?? {
      id: row.request.eventId,
      title: row.eventTitle,
      requests: 0,
      usedMinutes: 0,
    };
    entry.requests += 1;
    entry.usedMinutes += row.minutes;
    perEvent.set(row.request.eventId, entry);
  }
  for (const window of windows) {
    if (!perEvent.has(window.eventId)) {
      perEvent.set(window.eventId, { id: window.eventId, title: window.eventTitle, requests: 0, usedMinutes: 0 });
    }
  }
  const base = supportReport(
    requestRows.map((row) => row.request),
    now,
  );
  return {
    report: {
      ...base,
      budgetMinutes: windows.reduce((sum, row) => sum + (row.budgetMinutes ?? 0), 0),
      usedMinutes: requestRows.reduce((sum, row) => sum + row.minutes, 0),
      windows,
      milestonesByKind: Object.fromEntries(milestones.map((row) => [row.kind, row.n])),
      events: [...perEvent.values()],
    },
    rows: requestRows.map((row) => ({
      event: row.eventTitle,
      team: row.teamName,
      title: row.request.title,
      category: row.request.category,
      priority: row.request.priority,
      status: row.request.status,
      createdAt: row.request.createdAt,
      firstResponseDueAt: row.request.firstResponseDueAt,
      firstRespondedAt: row.request.firstRespondedAt,
      resolvedAt: row.request.resolvedAt,
      minutes: row.minutes,
      timeZone: row.timeZone,
    })),
  };
}

/** The community's service level: working days to a first response. Audited. */
export async function setResponseWorkingDays(
  actor: User,
  communityId: string,
  days: number,
): Promise<{ saved: true } | Refusal> {
  return refusable(async (tx) => {
    if (!Number.isInteger(days) || days < 1 || days > 30)
      refuse("Enter a whole number of working days from 1 to 30", "days");
    const [current] = await tx.select().from(communities).where(eq(communities.id, communityId)).for("update");
    if (!current) refuse("That community no longer exists");
    await tx.update(communities).set({ supportResponseWorkingDays: days }).where(eq(communities.id, communityId));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "community.support_service_level_set",
      subjectType: "community",
      subjectId: communityId,
      before: { days: current.supportResponseWorkingDays },
      after: { days },
    });
    return { saved: true as const };
  });
}

// ---------------------------------------------------------------------------------------------
// For the staff's pages (added with them)

/**
 * Whether the user works any event's support, for the header's Support link: one query (none for
 * an administrator). The same people as supportedEventIds, without listing the events.
 */
export async function supportsAnyEvent(user: User): Promise<boolean> {
  if (user.isAdmin) return true;
  const [row] = await getDb()
    .select({
      supports: sql<boolean>`(exists (select 1 from event_roles er where er.user_id = ${user.id} and er.role in ('support', 'organiser'))
        or exists (select 1 from community_organisers co inner join events e on e.community_id = co.community_id where co.user_id = ${user.id}))`,
    })
    .from(users)
    .where(eq(users.id, user.id));
  return row?.supports === true;
}

/** The time zones of these events, to show each request's times in its own event's zone. */
export async function eventTimeZones(eventIds: readonly string[]): Promise<Map<string, string>> {
  if (eventIds.length === 0) return new Map();
  const rows = await getDb()
    .select({ id: events.id, timeZone: events.timeZone })
    .from(events)
    .where(inArray(events.id, [...new Set(eventIds)]));
  return new Map(rows.map((row) => [row.id, row.timeZone]));
}

// ---------------------------------------------------------------------------------------------
// For the winning team's pages (added with them)

/** Whether the viewer's team at the event has a support window, open or ended: for links to its page. */
export async function hasSupportWindow(user: User, event: Event): Promise<boolean> {
  const found = await teamWindow(getDb(), user, event);
  return Boolean(found?.entitlement);
}
