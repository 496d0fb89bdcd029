// Registrations: registering and changing a profile, the waiting list and its promotions,
// withdrawing, the organisers' list and check-in at the venue. Every change to who holds a place
// at an event takes a lock on the event's row first, so that capacity is never exceeded.
import { and, asc, count, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { publicOrigin } from "~/config.server";
import { getDb, inTransaction, type Queryable, type Transaction } from "~/db/client.server";
import { events, registrations, users, type Event, type Registration, type User } from "~/db/schema";
import type { ProfessionalRoleValue } from "~/domain/participants";
import { phaseFlags } from "~/domain/phases";
import { teamsLocked } from "~/domain/teams";
import {
  freePlaces,
  registrationClosedMessage,
  registrationDecision,
  waitingListOrder,
  waitingListPositions,
  waitlistTime,
  withdrawalRefusal,
  type EligibilityAnswer,
  type RegistrationRow,
  type RegistrationStatus,
} from "~/domain/registration";
import { leaveTeamAtEvent } from "~/models/teams.server";
import { recordAudit } from "~/services/audit.server";
import { enqueueEmail } from "~/services/email.server";

export interface RegistrationProfile {
  professionalRole: ProfessionalRoleValue;
  organisation: string;
  skills: string[];
  bio: string;
  accessNeeds: string;
  showProfile: boolean;
  lookingForTeam: boolean;
  eligibilityAnswers: EligibilityAnswer[];
}

/** The event's row, locked until the transaction ends: registrations at one event take turns. */
async function lockEvent(tx: Transaction, eventId: string): Promise<Event> {
  const [event] = await tx.select().from(events).where(eq(events.id, eventId)).for("update");
  if (!event) throw new Error(`event ${eventId} not found`);
  return event;
}

async function registeredCount(db: Queryable, eventId: string): Promise<number> {
  const [row] = await db
    .select({ total: count() })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.status, "registered")));
  return row?.total ?? 0;
}

/** The people waiting for a place, first in line first. */
async function waitingList(db: Queryable, eventId: string) {
  const rows = await db
    .select({
      id: registrations.id,
      waitlistedAt: registrations.waitlistedAt,
      name: users.name,
      email: users.email,
    })
    .from(registrations)
    .innerJoin(users, eq(users.id, registrations.userId))
    .where(and(eq(registrations.eventId, eventId), eq(registrations.status, "waitlisted")));
  return waitingListOrder(rows);
}

function registrationLink(event: Event): string {
  return `${publicOrigin()}/events/${event.slug}/register`;
}

/**
 * Gives free places to the people waiting, in order, and emails each of them. Places come free
 * when someone withdraws or when the organisers raise the number of places.
 */
/** Gives free places to the waiting list in order, emailing each person promoted. */
export async function fillFreePlaces(tx: Transaction, event: Event): Promise<void> {
  const line = await waitingList(tx, event.id);
  if (line.length === 0) return;
  const promoted = line.slice(0, freePlaces(event.capacity, await registeredCount(tx, event.id)));
  for (const person of promoted) {
    await tx
      .update(registrations)
      .set({ status: "registered", updatedAt: new Date() })
      .where(eq(registrations.id, person.id));
    await enqueueEmail(tx, {
      to: person.email,
      subject: `A place has come up for you at ${event.title}`,
      text: `Hello ${person.name},\n\nA place has come up at ${event.title} and it is yours: you are now registered.\n\nIf you can no longer come, please withdraw so that the next person on the waiting list can have it:\n\n${registrationLink(event)}`,
    });
  }
}

export type SaveRegistrationOutcome = { done: "registered" | "waitlisted" | "saved" } | { error: string };

/**
 * Registers the person, or saves changes to the registration they hold. A new registration takes
 * a place while there is one and otherwise joins the waiting list; either way it is emailed.
 * Whether registration is open is decided here, under the lock, so that a form sent just after
 * registration closed is refused.
 */
export async function saveRegistration(
  user: User,
  eventId: string,
  profile: RegistrationProfile,
): Promise<SaveRegistrationOutcome> {
  return inTransaction(async (tx) => {
    const event = await lockEvent(tx, eventId);
    const now = new Date();
    const [existing] = await tx
      .select()
      .from(registrations)
      .where(and(eq(registrations.eventId, eventId), eq(registrations.userId, user.id)));
    const decision = registrationDecision(
      event.status,
      phaseFlags(event.status, event, now).registrationOpen,
      existing?.status ?? null,
    );
    if (decision === "closed") return { error: registrationClosedMessage(event, now) };
    if (decision === "update") {
      await tx
        .update(registrations)
        .set({ ...profile, updatedAt: now })
        .where(eq(registrations.id, existing!.id));
      return { done: "saved" };
    }

    // Anyone already waiting goes before the newcomer.
    await fillFreePlaces(tx, event);
    const hasPlace = freePlaces(event.capacity, await registeredCount(tx, event.id)) > 0;
    const line = hasPlace ? [] : await waitingList(tx, event.id);
    const fields = {
      ...profile,
      status: hasPlace ? ("registered" as const) : ("waitlisted" as const),
      waitlistedAt: hasPlace ? null : waitlistTime(now, line.at(-1)?.waitlistedAt ?? null),
      checkedInAt: null,
      updatedAt: now,
    };
    // Someone who withdrew keeps their row: registering again reuses it.
    if (existing) {
      await tx.update(registrations).set(fields).where(eq(registrations.id, existing.id));
    } else {
      await tx.insert(registrations).values({ ...fields, eventId, userId: user.id });
    }
    const link = registrationLink(event);
    if (hasPlace) {
      await enqueueEmail(tx, {
        to: user.email,
        subject: `You are registered for ${event.title}`,
        text: `Hello ${user.name},\n\nYou are registered for ${event.title}.\n\nYou can change your profile, or withdraw if you can no longer come, at:\n\n${link}`,
      });
      return { done: "registered" };
    }
    const position = line.length + 1;
    await enqueueEmail(tx, {
      to: user.email,
      subject: `You are on the waiting list for ${event.title}`,
      text: `Hello ${user.name},\n\n${event.title} is full, so you are on the waiting list: you are number ${position}.\n\nWhen a place comes up it goes to the next person in line, and we will email you when it is yours. Your registration is at:\n\n${link}`,
    });
    return { done: "waitlisted" };
  });
}

export type WithdrawOutcome = { done: "withdrawn" } | { error: string };

/**
 * Withdraws the person's registration: they leave any team, and the place they free goes to the
 * first person on the waiting list, all in one transaction.
 */
export async function withdrawRegistration(user: User, eventId: string): Promise<WithdrawOutcome> {
  return inTransaction(async (tx) => {
    const event = await lockEvent(tx, eventId);
    const [existing] = await tx
      .select()
      .from(registrations)
      .where(and(eq(registrations.eventId, eventId), eq(registrations.userId, user.id)));
    const refusal = withdrawalRefusal(event.status, existing?.status ?? null, teamsLocked(event, new Date()));
    if (refusal) return { error: refusal };
    await tx
      .update(registrations)
      .set({ status: "withdrawn", updatedAt: new Date() })
      .where(eq(registrations.id, existing!.id));
    await leaveTeamAtEvent(tx, eventId, user.id);
    await fillFreePlaces(tx, event);
    return { done: "withdrawn" };
  });
}

/** The person's own registration at the event, with their number in line when they are waiting. */
export async function getOwnRegistration(
  eventId: string,
  userId: string,
): Promise<{ registration: Registration; position: number | null } | null> {
  const db = getDb();
  const [registration] = await db
    .select()
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.userId, userId)));
  if (!registration) return null;
  if (registration.status !== "waitlisted") return { registration, position: null };
  const positions = waitingListPositions(await waitingList(db, eventId));
  return { registration, position: positions.get(registration.id) ?? null };
}

// A search typed by an organiser matches itself literally: % and _ are not wildcards.
function containing(query: string): string {
  return `%${query.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

export interface RegistrationFilters {
  /** Part of a name, email address, organisation or skill; empty for everyone. */
  query: string;
  status: RegistrationStatus | null;
}

export interface ListedRegistration extends RegistrationRow {
  id: string;
}

/** The event's registrations for its organisers, by name, each waiting person with their number. */
export async function listRegistrations(eventId: string, filters: RegistrationFilters): Promise<ListedRegistration[]> {
  const db = getDb();
  const conditions: (SQL | undefined)[] = [eq(registrations.eventId, eventId)];
  if (filters.status) conditions.push(eq(registrations.status, filters.status));
  if (filters.query) {
    const pattern = containing(filters.query);
    conditions.push(
      or(
        ilike(users.name, pattern),
        ilike(users.email, pattern),
        ilike(registrations.organisation, pattern),
        sql`array_to_string(${registrations.skills}, ' ') ilike ${pattern}`,
      ),
    );
  }
  const [rows, line] = await Promise.all([
    db
      .select({
        id: registrations.id,
        name: users.name,
        email: users.email,
        professionalRole: registrations.professionalRole,
        organisation: registrations.organisation,
        skills: registrations.skills,
        status: registrations.status,
        lookingForTeam: registrations.lookingForTeam,
        showProfile: registrations.showProfile,
        accessNeeds: registrations.accessNeeds,
        createdAt: registrations.createdAt,
        checkedInAt: registrations.checkedInAt,
      })
      .from(registrations)
      .innerJoin(users, eq(users.id, registrations.userId))
      .where(and(...conditions))
      .orderBy(asc(users.name), asc(users.email)),
    waitingList(db, eventId),
  ]);
  const positions = waitingListPositions(line);
  return rows.map((row) => ({ ...row, position: positions.get(row.id) ?? null }));
}

/** How many people hold each status, and how many of those registered are checked in. */
export async function registrationCounts(
  eventId: string,
): Promise<Record<RegistrationStatus, number> & { checkedIn: number }> {
  const rows = await getDb()
    .select({
      status: registrations.status,
      total: count(),
      checkedIn: count(registrations.checkedInAt),
    })
    .from(registrations)
    .where(eq(registrations.eventId, eventId))
    .groupBy(registrations.status);
  const of = (status: RegistrationStatus) => rows.find((row) => row.status === status);
  return {
    registered: of("registered")?.total ?? 0,
    waitlisted: of("waitlisted")?.total ?? 0,
    withdrawn: of("withdrawn")?.total ?? 0,
    checkedIn: of("registered")?.checkedIn ?? 0,
  };
}

/** People with a place whose name contains the search (everyone when it is empty), for the door. */
export async function checkInList(eventId: string, nameQuery: string) {
  const conditions = [eq(registrations.eventId, eventId), eq(registrations.status, "registered")];
  if (nameQuery) conditions.push(ilike(users.name, containing(nameQuery)));
  return getDb()
    .select({
      id: registrations.id,
      name: users.name,
      professionalRole: registrations.professionalRole,
      organisation: registrations.organisation,
      checkedInAt: registrations.checkedInAt,
    })
    .from(registrations)
    .innerJoin(users, eq(users.id, registrations.userId))
    .where(and(...conditions))
    .orderBy(asc(users.name), asc(users.email));
}

export type CheckInOutcome = { done: "checked-in" | "check-in-undone" } | { error: string };

/**
 * Checks a person in at the venue, or undoes it, with an audit row. Pressing the button twice
 * (two organisers at the door, or a double tap) changes nothing the second time.
 */
export async function setCheckedIn(
  actor: User,
  event: Event,
  registrationId: string,
  checkedIn: boolean,
): Promise<CheckInOutcome> {
  return inTransaction(async (tx) => {
    const [registration] = await tx
      .select({
        id: registrations.id,
        userId: registrations.userId,
        status: registrations.status,
        checkedInAt: registrations.checkedInAt,
        name: users.name,
      })
      .from(registrations)
      .innerJoin(users, eq(users.id, registrations.userId))
      .where(and(eq(registrations.id, registrationId), eq(registrations.eventId, event.id)))
      .for("update", { of: registrations });
    if (!registration) return { error: "That person is not registered for this event" };
    const done = checkedIn ? "checked-in" : "check-in-undone";
    if ((registration.checkedInAt !== null) === checkedIn) return { done };
    if (checkedIn && registration.status !== "registered") {
      return { error: `${registration.name} does not have a place, so cannot be checked in` };
    }
    const checkedInAt = checkedIn ? new Date() : null;
    await tx.update(registrations).set({ checkedInAt }).where(eq(registrations.id, registration.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: checkedIn ? "registration.checked_in" : "registration.check_in_undone",
      subjectType: "registration",
      subjectId: registration.id,
      before: { eventId: event.id, userId: registration.userId, checkedInAt: registration.checkedInAt },
      after: { eventId: event.id, userId: registration.userId, checkedInAt },
    });
    return { done };
  });
}
