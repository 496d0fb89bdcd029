// Events and their calls for entry: drafts, edits (audited once published), themes, prizes,
// eligibility, publishing, and the organiser's actions on a live call.
import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { getDb, inTransaction, preparedStatement, type Queryable, type Transaction } from "~/db/client.server";
import {
  communityOrganisers,
  eventRoles,
  prizeAwards,
  communities,
  eligibilityQuestions,
  events,
  prizeCategories,
  prizePlaces,
  registrations,
  themes,
  users,
  type Community,
  type Event,
  type PrizeCategory,
  type Theme,
  type User,
} from "~/db/schema";
import { missingForPublish } from "~/domain/calls";
import { fillFreePlaces } from "~/models/registrations.server";
import { refusable, refuse, type Refusal } from "~/models/refusals.server";
import { recordAudit } from "~/services/audit.server";
import { enqueueEmail } from "~/services/email.server";
import { publicOrigin } from "~/config.server";
import { isSlug } from "~/domain/fields";

export interface PrizeCategoryWithPlaces extends PrizeCategory {
  placesPence: number[];
  themeTitle: string | null;
}

export interface CallForEntry {
  event: Event;
  community: Community;
  questions: { id: string; question: string }[];
  themes: Theme[];
  prizes: PrizeCategoryWithPlaces[];
}

export async function getEventBySlug(slug: string): Promise<{ event: Event; community: Community } | null> {
  // An address that cannot be an event's (a NUL byte would even fail the query) finds none.
  if (!isSlug(slug)) return null;
  const [row] = await eventBySlug().execute({ slug });
  return row ?? null;
}

/** Read on every page of an event, so built once (see preparedStatement). */
const eventBySlug = preparedStatement((db) =>
  db
    .select({ event: events, community: communities })
    .from(events)
    .innerJoin(communities, eq(communities.id, events.communityId))
    .where(eq(events.slug, sql.placeholder("slug")))
    .prepare("event_by_slug"),
);

export async function getCall(slug: string): Promise<CallForEntry | null> {
  const found = await getEventBySlug(slug);
  if (!found) return null;
  const db = getDb();
  const eventId = found.event.id;
  const [questionRows, themeRows, categoryRows] = await Promise.all([
    db
      .select({ id: eligibilityQuestions.id, question: eligibilityQuestions.question })
      .from(eligibilityQuestions)
      .where(eq(eligibilityQuestions.eventId, eventId))
      .orderBy(asc(eligibilityQuestions.position)),
    db.select().from(themes).where(eq(themes.eventId, eventId)).orderBy(asc(themes.position)),
    db
      .select()
      .from(prizeCategories)
      .where(eq(prizeCategories.eventId, eventId))
      .orderBy(asc(prizeCategories.position)),
  ]);
  const placeRows =
    categoryRows.length === 0
      ? []
      : await db
          .select()
          .from(prizePlaces)
          .where(
            inArray(
              prizePlaces.categoryId,
              categoryRows.map((category) => category.id),
            ),
          )
          .orderBy(asc(prizePlaces.place));
  const themeTitles = new Map(themeRows.map((theme) => [theme.id, theme.title]));
  return {
    ...found,
    questions: questionRows,
    themes: themeRows,
    prizes: categoryRows.map((category) => ({
      ...category,
      placesPence: placeRows.filter((place) => place.categoryId === category.id).map((place) => place.amountPence),
      themeTitle: category.themeId ? (themeTitles.get(category.themeId) ?? null) : null,
    })),
  };
}

export function missingFromCall(call: CallForEntry): string[] {
  return missingForPublish(call.event, call.prizes);
}

export async function isSlugTaken(slug: string, exceptEventId?: string): Promise<boolean> {
  const [row] = await getDb()
    .select({ id: events.id })
    .from(events)
    .where(exceptEventId ? and(eq(events.slug, slug), ne(events.id, exceptEventId)) : eq(events.slug, slug));
  return Boolean(row);
}

export async function createDraftEvent(
  actor: User,
  input: { communityId: string; kind: "hackday" | "challenge"; title: string; slug: string },
): Promise<Event | "slug-taken"> {
  return inTransaction(async (tx) => {
    const [event] = await tx.insert(events).values(input).onConflictDoNothing({ target: events.slug }).returning();
    if (!event) return "slug-taken";
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "event.created",
      subjectType: "event",
      subjectId: event.id,
      after: input,
    });
    return event;
  });
}

export type EventChanges = Partial<
  Pick<
    Event,
    | "kind"
    | "title"
    | "slug"
    | "summary"
    | "description"
    | "isOnline"
    | "venueName"
    | "venueAddress"
    | "timeZone"
    | "rules"
    | "registrationOpensAt"
    | "registrationClosesAt"
    | "submissionsOpenAt"
    | "submissionDeadlineAt"
    | "gracePeriodMinutes"
    | "judgingOpensAt"
    | "judgingClosesAt"
    | "resultsPublishedAt"
    | "teamSizeMin"
    | "teamSizeMax"
    | "capacity"
    | "eligibilityStatement"
    | "requiresOsiLicence"
    | "requiresDataAttestation"
    | "noPrizes"
  >
>;

function changedFields(before: Event, changes: EventChanges) {
  const beforeValues: Record<string, unknown> = {};
  const afterValues: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes) as [keyof EventChanges, unknown][]) {
    const old = before[key];
    const same = old instanceof Date && value instanceof Date ? old.getTime() === value.getTime() : old === value;
    if (!same) {
      beforeValues[key] = old;
      afterValues[key] = value;
    }
  }
  return { beforeValues, afterValues, count: Object.keys(afterValues).length };
}

/** People registered or waiting for a place, who hear about changes to the call. */
async function entrantEmails(db: Queryable, eventId: string): Promise<string[]> {
  const rows = await db
    .select({ email: users.email })
    .from(registrations)
    .innerJoin(users, eq(users.id, registrations.userId))
    .where(and(eq(registrations.eventId, eventId), ne(registrations.status, "withdrawn")));
  return rows.map((row) => row.email);
}

async function emailEntrants(db: Queryable, eventId: string, subject: string, text: string): Promise<number> {
  const recipients = await entrantEmails(db, eventId);
  for (const to of recipients) await enqueueEmail(db, { to, subject, text });
  return recipients.length;
}

/**
 * Saves changes to an event. Once the call is published every change is audited with before and
 * after, and a moved submission deadline (which needs a reason) is emailed to every entrant.
 */
export async function updateEvent(
  actor: User,
  eventId: string,
  changes: EventChanges,
  options: { reason?: string; deadlineText?: string } = {},
): Promise<Event> {
  return inTransaction(async (tx) => {
    const [before] = await tx.select().from(events).where(eq(events.id, eventId)).for("update");
    if (!before) throw new Error(`event ${eventId} not found`);
    const diff = changedFields(before, changes);
    if (diff.count === 0) return before;
    const [after] = await tx
      .update(events)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(events.id, eventId))
      .returning();
    // More places (or no limit any more) go to the waiting list at once, in order.
    if ("capacity" in diff.afterValues) await fillFreePlaces(tx, after!);
    if (before.status !== "draft") {
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "event.updated",
        subjectType: "event",
        subjectId: eventId,
        before: diff.beforeValues,
        after: diff.afterValues,
        reason: options.reason,
      });
      if ("submissionDeadlineAt" in diff.afterValues && options.deadlineText) {
        await emailEntrants(
          tx,
          eventId,
          `${after!.title}: the submission deadline has moved`,
          `The submission deadline for ${after!.title} is now ${options.deadlineText}.\n\nThe organisers say: ${options.reason ?? ""}\n\n${publicOrigin()}/events/${after!.slug}`,
        );
      }
    }
    return after!;
  });
}

/** Replaces the yes/no eligibility questions, in the order given. */
export async function setEligibilityQuestions(actor: User, event: Event, questions: string[]): Promise<void> {
  await inTransaction(async (tx) => {
    const before = await tx
      .select({ question: eligibilityQuestions.question })
      .from(eligibilityQuestions)
      .where(eq(eligibilityQuestions.eventId, event.id))
      .orderBy(asc(eligibilityQuestions.position));
    await tx.delete(eligibilityQuestions).where(eq(eligibilityQuestions.eventId, event.id));
    if (questions.length > 0) {
      await tx
        .insert(eligibilityQuestions)
        .values(questions.map((question, position) => ({ eventId: event.id, position, question })));
    }
    if (event.status !== "draft") {
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "event.eligibility_questions_updated",
        subjectType: "event",
        subjectId: event.id,
        before: before.map((row) => row.question),
        after: questions,
      });
    }
  });
}

export interface ThemeInput {
  title: string;
  description: string;
  proposedBy: string;
}

export async function saveTheme(actor: User, event: Event, input: ThemeInput, themeId?: string): Promise<boolean> {
  return inTransaction(async (tx) => {
    let before: Theme | undefined;
    let saved: Theme | undefined;
    if (themeId) {
      [before] = await tx
        .select()
        .from(themes)
        .where(and(eq(themes.id, themeId), eq(themes.eventId, event.id)));
      if (!before) return false;
      [saved] = await tx.update(themes).set(input).where(eq(themes.id, themeId)).returning();
    } else {
      const [{ next } = { next: 0 }] = await tx
        .select({ next: sql<number>`coalesce(max(${themes.position}) + 1, 0)::int` })
        .from(themes)
        .where(eq(themes.eventId, event.id));
      [saved] = await tx
        .insert(themes)
        .values({ ...input, eventId: event.id, position: next })
        .returning();
    }
    if (event.status !== "draft") {
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: themeId ? "theme.updated" : "theme.added",
        subjectType: "event",
        subjectId: event.id,
        before: before ?? null,
        after: saved,
      });
    }
    return true;
  });
}

export async function removeTheme(actor: User, event: Event, themeId: string): Promise<boolean> {
  return inTransaction(async (tx) => {
    const [removed] = await tx
      .delete(themes)
      .where(and(eq(themes.id, themeId), eq(themes.eventId, event.id)))
      .returning();
    if (!removed) return false;
    if (event.status !== "draft") {
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "theme.removed",
        subjectType: "event",
        subjectId: event.id,
        before: removed,
      });
    }
    return true;
  });
}

export interface PrizeCategoryInput {
  name: string;
  description: string;
  themeId: string | null;
  sponsor: string;
  supportMonths: number;
  placesPence: number[];
}

const GIVEN_ALREADY =
  "Winners have been chosen in this prize. Clear them on the Prize money page before you change its money, places or theme, or remove it";

/** Whether any team has been given a place in the category. */
async function hasAwards(tx: Transaction, categoryId: string): Promise<boolean> {
  const [award] = await tx
    .select({ id: prizeAwards.id })
    .from(prizeAwards)
    .where(eq(prizeAwards.categoryId, categoryId))
    .limit(1);
  return award !== undefined;
}

/**
 * Saves a prize category with its amounts per place (1st, 2nd ...), exact integer pence. Once
 * winners are chosen its money, places and theme stay as they are: the awards rest on them.
 */
export async function savePrizeCategory(
  actor: User,
  event: Event,
  input: PrizeCategoryInput,
  categoryId?: string,
): Promise<{ saved: true } | Refusal> {
  return refusable(async (tx) => {
    if (input.themeId) {
      const [theme] = await tx
        .select({ id: themes.id })
        .from(themes)
        .where(and(eq(themes.id, input.themeId), eq(themes.eventId, event.id)));
      if (!theme) refuse("That prize or its theme has been removed");
    }
    const { placesPence, ...fields } = input;
    let before: unknown = null;
    let id = categoryId;
    if (categoryId) {
      const [existing] = await tx
        .select()
        .from(prizeCategories)
        .where(and(eq(prizeCategories.id, categoryId), eq(prizeCategories.eventId, event.id)))
        .for("update");
      if (!existing) refuse("That prize or its theme has been removed");
      const oldPlaces = (await tx.select().from(prizePlaces).where(eq(prizePlaces.categoryId, categoryId)))
        .sort((a, b) => a.place - b.place)
        .map((p) => p.amountPence);
      before = { ...existing, placesPence: oldPlaces };
      const moneyChanged =
        oldPlaces.length !== placesPence.length ||
        oldPlaces.some((pence, index) => pence !== placesPence[index]) ||
        existing.themeId !== fields.themeId;
      if (moneyChanged && (await hasAwards(tx, categoryId))) refuse(GIVEN_ALREADY);
      await tx.update(prizeCategories).set(fields).where(eq(prizeCategories.id, categoryId));
      if (moneyChanged) await tx.delete(prizePlaces).where(eq(prizePlaces.categoryId, categoryId));
      else id = undefined;
    } else {
      const [{ next } = { next: 0 }] = await tx
        .select({ next: sql<number>`coalesce(max(${prizeCategories.position}) + 1, 0)::int` })
        .from(prizeCategories)
        .where(eq(prizeCategories.eventId, event.id));
      const [created] = await tx
        .insert(prizeCategories)
        .values({ ...fields, eventId: event.id, position: next })
        .returning({ id: prizeCategories.id });
      id = created!.id;
    }
    // id is unset when only the words changed and the places stay.
    if (id && placesPence.length > 0) {
      await tx
        .insert(prizePlaces)
        .values(placesPence.map((amountPence, index) => ({ categoryId: id!, place: index + 1, amountPence })));
    }
    if (event.status !== "draft") {
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: categoryId ? "prize_category.updated" : "prize_category.added",
        subjectType: "event",
        subjectId: event.id,
        before,
        after: input,
      });
    }
    return { saved: true as const };
  });
}

export async function removePrizeCategory(
  actor: User,
  event: Event,
  categoryId: string,
): Promise<{ removed: true } | Refusal> {
  return refusable(async (tx) => {
    if (await hasAwards(tx, categoryId)) refuse(GIVEN_ALREADY);
    const [removed] = await tx
      .delete(prizeCategories)
      .where(and(eq(prizeCategories.id, categoryId), eq(prizeCategories.eventId, event.id)))
      .returning();
    if (!removed) refuse("That prize has already been removed");
    if (event.status !== "draft") {
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "prize_category.removed",
        subjectType: "event",
        subjectId: event.id,
        before: removed,
      });
    }
    return { removed: true as const };
  });
}

/** Publishes a complete call; otherwise says what is missing and changes nothing. */
export async function publishEvent(actor: User, slug: string): Promise<{ published: true } | { missing: string[] }> {
  const call = await getCall(slug);
  if (!call) return { missing: ["The event no longer exists"] };
  const missing = missingFromCall(call);
  if (missing.length > 0) return { missing };
  await inTransaction(async (tx) => {
    await tx
      .update(events)
      .set({ status: "published", publishedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(events.id, call.event.id), eq(events.status, "draft")));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "event.published",
      subjectType: "event",
      subjectId: call.event.id,
      before: { status: "draft" },
      after: { status: "published" },
    });
  });
  return { published: true };
}

export async function cancelEvent(actor: User, event: Event, reason: string): Promise<number> {
  return inTransaction(async (tx) => {
    await tx
      .update(events)
      .set({ status: "cancelled", cancelledAt: new Date(), cancellationReason: reason, updatedAt: new Date() })
      .where(eq(events.id, event.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "event.cancelled",
      subjectType: "event",
      subjectId: event.id,
      before: { status: event.status },
      after: { status: "cancelled" },
      reason,
    });
    return emailEntrants(
      tx,
      event.id,
      `${event.title} has been cancelled`,
      `We are sorry: ${event.title} has been cancelled.\n\nThe organisers say: ${reason}\n\n${publicOrigin()}/events/${event.slug}`,
    );
  });
}

export async function archiveEvent(actor: User, event: Event): Promise<void> {
  await inTransaction(async (tx) => {
    await tx.update(events).set({ status: "archived", updatedAt: new Date() }).where(eq(events.id, event.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "event.archived",
      subjectType: "event",
      subjectId: event.id,
      before: { status: event.status },
      after: { status: "archived" },
    });
  });
}

export interface ListedEvent {
  event: Event;
  community: Community;
}

/** Every event the public may see (not drafts), newest first, optionally for one community or kind. */
export async function listPublicEvents(filters: {
  communitySlug?: string;
  kind?: "hackday" | "challenge";
}): Promise<ListedEvent[]> {
  const conditions = [ne(events.status, "draft")];
  if (filters.communitySlug) conditions.push(eq(communities.slug, filters.communitySlug));
  if (filters.kind) conditions.push(eq(events.kind, filters.kind));
  return getDb()
    .select({ event: events, community: communities })
    .from(events)
    .innerJoin(communities, eq(communities.id, events.communityId))
    .where(and(...conditions))
    .orderBy(desc(events.submissionDeadlineAt));
}

/** Drafts and live events the user organises (directly, through a community, or as administrator). */
export async function eventsOrganisedBy(user: User): Promise<ListedEvent[]> {
  const base = getDb()
    .select({ event: events, community: communities })
    .from(events)
    .innerJoin(communities, eq(communities.id, events.communityId));
  if (user.isAdmin) return base.orderBy(desc(events.createdAt));
  return base
    .where(
      sql`${events.id} in (select event_id from event_roles where user_id = ${user.id} and role = 'organiser')
        or ${events.communityId} in (select community_id from community_organisers where user_id = ${user.id})`,
    )
    .orderBy(desc(events.createdAt));
}

/** The event's organisers: those with the role at the event and its community's organisers, once each. */
export async function organisersOf(
  db: Queryable,
  event: Pick<Event, "id" | "communityId">,
): Promise<{ id: string; name: string; email: string }[]> {
  const direct = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(eventRoles)
    .innerJoin(users, eq(users.id, eventRoles.userId))
    .where(and(eq(eventRoles.eventId, event.id), eq(eventRoles.role, "organiser")));
  const community = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(communityOrganisers)
    .innerJoin(users, eq(users.id, communityOrganisers.userId))
    .where(eq(communityOrganisers.communityId, event.communityId));
  return [...new Map([...direct, ...community].map((person) => [person.id, person])).values()];
}
