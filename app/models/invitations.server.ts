// Giving people roles by email address: a community's organisers now, an event's organisers,
// judges, mentors and support staff later. Someone with a confirmed account gets the role at
// once; anyone else gets an invitation, granted when they confirm that address on an account.
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { publicOrigin } from "~/config.server";
import { getDb, inTransaction, type Queryable } from "~/db/client.server";
import {
  communities,
  communityOrganisers,
  eventRoles,
  events,
  roleInvitations,
  users,
  type EventRoleName,
  type invitationRole,
  type User,
} from "~/db/schema";
import { recordAudit } from "~/services/audit.server";
import { enqueueEmail } from "~/services/email.server";

export type InvitableRole = (typeof invitationRole.enumValues)[number];
export type RoleScope = { communityId: string } | { eventId: string };

// Any fixed number, distinct from the other advisory locks' (727_001, 727_002).
const INVITATION_LOCK_ID = 727_003;

/** Where a role applies, checked against the role: a community organiser's is a community. */
type Place = { kind: "community"; communityId: string } | { kind: "event"; eventId: string; role: EventRoleName };

function placeOf(role: InvitableRole, scope: RoleScope): Place {
  if (role === "community_organiser") {
    if (!("communityId" in scope)) throw new Error("A community organiser's role applies to a community");
    return { kind: "community", communityId: scope.communityId };
  }
  if (!("eventId" in scope)) throw new Error(`The ${role} role applies to an event`);
  return { kind: "event", eventId: scope.eventId, role };
}

function placeId(place: Place): string {
  return place.kind === "community" ? place.communityId : place.eventId;
}

/** Invitations for this place (and, for an event, this role): every query about them uses it. */
function invitationsAt(place: Place): SQL {
  return place.kind === "community"
    ? and(eq(roleInvitations.communityId, place.communityId), eq(roleInvitations.role, "community_organiser"))!
    : and(eq(roleInvitations.eventId, place.eventId), eq(roleInvitations.role, place.role))!;
}

const roleWords: Record<InvitableRole, { holder: string; invited: string; start: string }> = {
  community_organiser: { holder: "an organiser of", invited: "to organise", start: "Sign in to get started" },
  organiser: { holder: "an organiser of", invited: "to organise", start: "Manage the event" },
  judge: { holder: "a judge for", invited: "to judge", start: "See the entries you are judging" },
  mentor: { holder: "a mentor at", invited: "to mentor at", start: "See the event" },
  support: {
    holder: "support staff for",
    invited: "to support the winners of",
    start: "See the support requests",
  },
};

/** The name people know the place by, and the page a new role holder starts from. */
async function describePlace(db: Queryable, place: Place): Promise<{ name: string; startPath: string }> {
  if (place.kind === "community") {
    const [community] = await db
      .select({ name: communities.name })
      .from(communities)
      .where(eq(communities.id, place.communityId));
    if (!community) throw new Error(`No community ${place.communityId}`);
    return { name: community.name, startPath: "/login" };
  }
  const [event] = await db
    .select({ title: events.title, slug: events.slug })
    .from(events)
    .where(eq(events.id, place.eventId));
  if (!event) throw new Error(`No event ${place.eventId}`);
  const startPaths: Record<EventRoleName, string> = {
    organiser: `/events/${event.slug}/manage`,
    judge: `/events/${event.slug}/judge`,
    mentor: `/events/${event.slug}`,
    support: "/support",
  };
  return { name: event.title, startPath: startPaths[place.role] };
}

async function holdsRole(db: Queryable, place: Place, userId: string): Promise<boolean> {
  const rows =
    place.kind === "community"
      ? await db
          .select({ userId: communityOrganisers.userId })
          .from(communityOrganisers)
          .where(and(eq(communityOrganisers.communityId, place.communityId), eq(communityOrganisers.userId, userId)))
      : await db
          .select({ userId: eventRoles.userId })
          .from(eventRoles)
          .where(
            and(eq(eventRoles.eventId, place.eventId), eq(eventRoles.userId, userId), eq(eventRoles.role, place.role)),
          );
  return rows.length > 0;
}

/** True when the role was new. Holding it already is not an error: two grants may race. */
async function grant(db: Queryable, place: Place, userId: string): Promise<boolean> {
  const added =
    place.kind === "community"
      ? await db
          .insert(communityOrganisers)
          .values({ communityId: place.communityId, userId })
          .onConflictDoNothing()
          .returning({ userId: communityOrganisers.userId })
      : await db
          .insert(eventRoles)
          .values({ eventId: place.eventId, userId, role: place.role })
          .onConflictDoNothing()
          .returning({ userId: eventRoles.userId });
  return added.length > 0;
}

/**
 * Gives the person with this email address the role, or invites them to it. "already" when
 * they hold it. Asking again for an address already invited sends the invitation again
 * without storing a second one, for the person who lost the first email.
 */
export async function inviteToRole(
  actor: User,
  email: string,
  role: InvitableRole,
  scope: RoleScope,
): Promise<"granted" | "invited" | "already"> {
  const address = email.trim().toLowerCase();
  const place = placeOf(role, scope);
  const words = roleWords[role];
  const origin = publicOrigin();
  return inTransaction(async (tx) => {
    // Take turns per address, role and place, so two clicks at once cannot store two invitations.
    await tx.execute(
      sql`select pg_advisory_xact_lock(${INVITATION_LOCK_ID}::int, hashtext(${`${address} ${role} ${placeId(place)}`}))`,
    );
    const { name, startPath } = await describePlace(tx, place);
    const subjectType = place.kind;
    const subjectId = placeId(place);
    const [person] = await tx.select().from(users).where(eq(users.email, address));
    if (person && (await holdsRole(tx, place, person.id))) return "already";

    if (person?.emailVerifiedAt) {
      await grant(tx, place, person.id);
      // An invitation stored while the address was unconfirmed has nothing left to do.
      await tx.delete(roleInvitations).where(and(invitationsAt(place), eq(roleInvitations.email, address)));
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: `${role}.granted`,
        subjectType,
        subjectId,
        after: { userId: person.id, email: address, role },
      });
      await enqueueEmail(tx, {
        to: address,
        subject: `You are now ${words.holder} ${name}`,
        text: `Hello ${person.name},\n\n${actor.name} has made you ${words.holder} ${name}.\n\n${words.start}: ${origin}${startPath}\n\nIf you were not expecting this, ask ${actor.name} to remove you.`,
      });
      return "granted";
    }

    const [pending] = await tx
      .select({ id: roleInvitations.id })
      .from(roleInvitations)
      .where(and(invitationsAt(place), eq(roleInvitations.email, address)));
    if (!pending) {
      const [stored] = await tx
        .insert(roleInvitations)
        .values({
          email: address,
          role,
          communityId: place.kind === "community" ? place.communityId : null,
          eventId: place.kind === "event" ? place.eventId : null,
          invitedByUserId: actor.id,
        })
        .returning({ id: roleInvitations.id });
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: `${role}.invited`,
        subjectType,
        subjectId,
        after: { invitationId: stored!.id, email: address, role },
      });
    }
    await enqueueEmail(tx, {
      to: address,
      subject: `You have been invited ${words.invited} ${name}`,
      text: `Hello,\n\n${actor.name} has invited you ${words.invited} ${name}.\n\nTo accept, create an account with this email address (${address}):\n\n${origin}/signup\n\nWhen you have confirmed your email address, you will be ${words.holder} ${name}.\n\nIf you have already created an account with this address but not confirmed it yet, sign in at ${origin}/login and we will send you a new confirmation link.\n\nIf you were not expecting this invitation, you can ignore this email.`,
    });
    return "invited";
  });
}

/**
 * Grants every role waiting for this user's email address and removes those invitations.
 * Call it only once the address is confirmed, inside the transaction that confirms it.
 * Answers how many invitations were accepted.
 */
export async function acceptInvitations(db: Queryable, user: { id: string; email: string }): Promise<number> {
  // Deleting first claims the invitations, so two confirmations at once cannot both accept one.
  const accepted = await db
    .delete(roleInvitations)
    .where(eq(roleInvitations.email, user.email.toLowerCase()))
    .returning();
  for (const invitation of accepted) {
    const scope: RoleScope = invitation.communityId
      ? { communityId: invitation.communityId }
      : { eventId: invitation.eventId! };
    const place = placeOf(invitation.role, scope);
    if (!(await grant(db, place, user.id))) continue;
    await recordAudit(db, {
      actorUserId: user.id,
      action: `${invitation.role}.granted`,
      subjectType: place.kind,
      subjectId: placeId(place),
      after: {
        userId: user.id,
        email: invitation.email,
        role: invitation.role,
        invitationId: invitation.id,
        invitedByUserId: invitation.invitedByUserId,
      },
      reason: "Accepted an invitation by confirming their email address",
    });
  }
  return accepted.length;
}

/** Takes the role away. Scoped by the place: an id from elsewhere removes nothing. */
export async function removeRole(actor: User, userId: string, role: InvitableRole, scope: RoleScope): Promise<boolean> {
  const place = placeOf(role, scope);
  return inTransaction(async (tx) => {
    const removed =
      place.kind === "community"
        ? await tx
            .delete(communityOrganisers)
            .where(and(eq(communityOrganisers.communityId, place.communityId), eq(communityOrganisers.userId, userId)))
            .returning({ userId: communityOrganisers.userId })
        : await tx
            .delete(eventRoles)
            .where(
              and(
                eq(eventRoles.eventId, place.eventId),
                eq(eventRoles.userId, userId),
                eq(eventRoles.role, place.role),
              ),
            )
            .returning({ userId: eventRoles.userId });
    if (removed.length === 0) return false;
    const [person] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: `${role}.removed`,
      subjectType: place.kind,
      subjectId: placeId(place),
      before: { userId, email: person?.email ?? null, role },
    });
    return true;
  });
}

/** Withdraws an invitation not yet accepted. Scoped by the place, like removeRole. */
export async function cancelInvitation(actor: User, invitationId: string, scope: RoleScope): Promise<boolean> {
  const inScope =
    "communityId" in scope
      ? eq(roleInvitations.communityId, scope.communityId)
      : eq(roleInvitations.eventId, scope.eventId);
  return inTransaction(async (tx) => {
    const [cancelled] = await tx
      .delete(roleInvitations)
      .where(and(eq(roleInvitations.id, invitationId), inScope))
      .returning();
    if (!cancelled) return false;
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: `${cancelled.role}.invitation_cancelled`,
      subjectType: "communityId" in scope ? "community" : "event",
      subjectId: "communityId" in scope ? scope.communityId : scope.eventId,
      before: { invitationId: cancelled.id, email: cancelled.email, role: cancelled.role },
    });
    return true;
  });
}

/** Who holds the role at the place, and the invitations to it still waiting for a reply. */
export async function roleHolders(
  scope: RoleScope,
  role: InvitableRole,
): Promise<{
  people: { userId: string; name: string; email: string }[];
  invitations: { id: string; email: string; createdAt: Date }[];
}> {
  const place = placeOf(role, scope);
  const db = getDb();
  const people =
    place.kind === "community"
      ? await db
          .select({ userId: users.id, name: users.name, email: users.email })
          .from(communityOrganisers)
          .innerJoin(users, eq(users.id, communityOrganisers.userId))
          .where(eq(communityOrganisers.communityId, place.communityId))
          .orderBy(asc(users.name), asc(users.email))
      : await db
          .select({ userId: users.id, name: users.name, email: users.email })
          .from(eventRoles)
          .innerJoin(users, eq(users.id, eventRoles.userId))
          .where(and(eq(eventRoles.eventId, place.eventId), eq(eventRoles.role, place.role)))
          .orderBy(asc(users.name), asc(users.email));
  const invitations = await db
    .select({ id: roleInvitations.id, email: roleInvitations.email, createdAt: roleInvitations.createdAt })
    .from(roleInvitations)
    .where(invitationsAt(place))
    .orderBy(asc(roleInvitations.createdAt), asc(roleInvitations.email));
  return { people, invitations };
}

const inviteeEmail = z
  .string({ required_error: "Enter their email address" })
  .trim()
  .min(1, "Enter their email address")
  .max(254, "Email address must be 254 characters or fewer")
  .email("Enter an email address in the correct format, like name@example.nhs.uk")
  .transform((email) => email.toLowerCase());

/** The three things a page that manages a role's holders can be asked to do. */
export const roleActionSchemas = [
  z.object({ intent: z.literal("invite"), email: inviteeEmail }),
  z.object({ intent: z.literal("remove"), userId: z.string().uuid() }),
  z.object({ intent: z.literal("cancel"), invitationId: z.string().uuid() }),
] as const;

export type RoleAction = z.infer<(typeof roleActionSchemas)[number]>;

/** Carries out a role action; the outcome names the confirmation to show, or the error. */
export async function applyRoleAction(
  actor: User,
  action: RoleAction,
  role: InvitableRole,
  scope: RoleScope,
): Promise<{ done: string } | { error: string }> {
  switch (action.intent) {
    case "invite":
      return { done: await inviteToRole(actor, action.email, role, scope) };
    case "remove":
      return (await removeRole(actor, action.userId, role, scope))
        ? { done: "removed" }
        : { error: "That person no longer holds this role" };
    case "cancel":
      return (await cancelInvitation(actor, action.invitationId, scope))
        ? { done: "cancelled" }
        : { error: "That invitation has already been accepted or cancelled" };
  }
}
