// Teams: creating, joining (invite link or request), captains, leaving, and the rules that keep
// a team within its size and a person in one team per event.
import { and, asc, count, eq, inArray, ne, notExists, sql } from "drizzle-orm";
import { generateSecureRandomString } from "~/auth/tokens";
import { publicOrigin } from "~/config.server";
import { getDb, type Queryable, type Transaction } from "~/db/client.server";
import {
  registrations,
  teamMembers,
  teamRequests,
  teams,
  themes,
  users,
  type Event,
  type ProfessionalRole,
  type Team,
  type User,
} from "~/db/schema";
import {
  INVITE_LINK_WRONG,
  TEAM_NAME_TAKEN,
  alreadyInATeam,
  createRefusal,
  isFull,
  joinRefusal,
  mixSummary,
  mixTags,
  personMatches,
  teamChangesRefusal,
  teamMatches,
  teamMatchesSearch,
  type BoardFilter,
  type Membership,
  type Who,
} from "~/domain/teams";
import { recordAudit } from "~/services/audit.server";
import { enqueueEmail } from "~/services/email.server";
import { refusable, refuse, type Refusal } from "~/models/refusals.server";

/**
 * Takes a person out of their team at an event, if they are in one. When the captain leaves,
 * the longest-standing member becomes captain; a team left with nobody is removed.
 * Runs inside the caller's transaction (withdrawing a registration, leaving, being removed).
 */
export async function leaveTeamAtEvent(
  db: Queryable,
  eventId: string,
  userId: string,
): Promise<{ teamId: string; teamName: string; dissolved: boolean; newCaptainUserId: string | null } | null> {
  const [membership] = await db
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(and(eq(teamMembers.eventId, eventId), eq(teamMembers.userId, userId)));
  if (!membership) return null;
  // Lock the team so a join or another departure at the same moment sees the result of this one.
  const [team] = await db.select().from(teams).where(eq(teams.id, membership.teamId)).for("update");
  if (!team) return null;
  await db.delete(teamMembers).where(and(eq(teamMembers.teamId, team.id), eq(teamMembers.userId, userId)));
  const remaining = await db
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .where(eq(teamMembers.teamId, team.id))
    .orderBy(asc(teamMembers.joinedAt), asc(teamMembers.userId));
  if (remaining.length === 0) {
    await db.delete(teams).where(eq(teams.id, team.id));
    return { teamId: team.id, teamName: team.name, dissolved: true, newCaptainUserId: null };
  }
  let newCaptainUserId: string | null = null;
  if (team.captainUserId === userId) {
    newCaptainUserId = remaining[0]!.userId;
    await db.update(teams).set({ captainUserId: newCaptainUserId }).where(eq(teams.id, team.id));
  }
  return { teamId: team.id, teamName: team.name, dissolved: false, newCaptainUserId };
}

export type LeftTeam = NonNullable<Awaited<ReturnType<typeof leaveTeamAtEvent>>>;

/** A change refused with a message, and the form field it is about when there is one. */
export type TeamRefusal = Refusal;

function ensureTeamsOpen(event: Event): void {
  const refusal = teamChangesRefusal(event.status, event, new Date());
  if (refusal) refuse(refusal);
}

function teamPageLink(event: Event): string {
  return `${publicOrigin()}/events/${event.slug}/team`;
}

async function membershipOf(db: Queryable, eventId: string, userId: string): Promise<Membership> {
  const [registration] = await db
    .select({ status: registrations.status })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.userId, userId)));
  const [member] = await db
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(and(eq(teamMembers.eventId, eventId), eq(teamMembers.userId, userId)));
  return { registered: registration?.status === "registered", currentTeamId: member?.teamId ?? null };
}

async function teamSize(db: Queryable, teamId: string): Promise<number> {
  const [row] = await db.select({ size: count() }).from(teamMembers).where(eq(teamMembers.teamId, teamId));
  return row?.size ?? 0;
}

async function personOf(db: Queryable, userId: string): Promise<{ name: string; email: string } | null> {
  const [person] = await db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, userId));
  return person ?? null;
}

/**
 * The team's row, locked until the transaction ends. Every change to a team's members takes this
 * lock first, so changes at the same moment queue and each sees the one before: the count of
 * members a join checks is the count it inserts into.
 */
async function lockTeam(tx: Transaction, event: Event, teamId: string): Promise<Team> {
  const [team] = await tx
    .select()
    .from(teams)
    .where(and(eq(teams.id, teamId), eq(teams.eventId, event.id)))
    .for("update");
  if (!team) refuse("That team no longer exists");
  return team;
}

/** The team this person captains at the event, locked; refused with `message` when there is none. */
async function lockCaptainsTeam(tx: Transaction, event: Event, userId: string, message: string): Promise<Team> {
  const [team] = await tx
    .select()
    .from(teams)
    .where(and(eq(teams.eventId, event.id), eq(teams.captainUserId, userId)))
    .for("update");
  if (!team) refuse(message);
  return team;
}

function teamsOfEvent(db: Queryable, eventId: string) {
  return db.select({ id: teams.id }).from(teams).where(eq(teams.eventId, eventId));
}

/** Someone in a team has no more use for their other requests and invitations at the event. */
async function closePendingRequests(tx: Transaction, eventId: string, userId: string): Promise<void> {
  await tx
    .update(teamRequests)
    .set({ status: "withdrawn", decidedAt: new Date() })
    .where(
      and(
        eq(teamRequests.userId, userId),
        eq(teamRequests.status, "pending"),
        inArray(teamRequests.teamId, teamsOfEvent(tx, eventId)),
      ),
    );
}

async function isPending(
  db: Queryable,
  teamId: string,
  userId: string,
  kind: "join_request" | "invitation",
): Promise<boolean> {
  const rows = await db
    .select({ id: teamRequests.id })
    .from(teamRequests)
    .where(
      and(
        eq(teamRequests.teamId, teamId),
        eq(teamRequests.userId, userId),
        eq(teamRequests.kind, kind),
        eq(teamRequests.status, "pending"),
      ),
    );
  return rows.length > 0;
}

/** Answers a pending request; false when someone answered or withdrew it first. */
async function claimRequest(tx: Transaction, requestId: string, status: "accepted" | "declined"): Promise<boolean> {
  const claimed = await tx
    .update(teamRequests)
    .set({ status, decidedAt: new Date() })
    .where(and(eq(teamRequests.id, requestId), eq(teamRequests.status, "pending")))
    .returning({ id: teamRequests.id });
  return claimed.length > 0;
}

/**
 * Locks the person's registration. Whatever puts someone in a team takes this lock before the
 * team's (the order withdrawing a registration takes them in): one person's joins at the same
 * moment then run one at a time, and two captains accepting the same person cannot deadlock over
 * the requests that joining closes.
 */
async function lockPerson(tx: Transaction, eventId: string, userId: string): Promise<void> {
  await tx
    .select({ id: registrations.id })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.userId, userId)))
    .for("update");
}

/** Puts a person in a team, within its maximum size and the one-team-per-event rule. */
async function addMember(tx: Transaction, event: Event, teamId: string, userId: string, who: Who): Promise<Team> {
  await lockPerson(tx, event.id, userId);
  const team = await lockTeam(tx, event, teamId);
  const size = await teamSize(tx, team.id);
  const refusal = joinRefusal(
    await membershipOf(tx, event.id, userId),
    { id: team.id, size, max: event.teamSizeMax },
    who,
  );
  if (refusal) refuse(refusal);
  // The unique index on (event, person) has the last word on one team per event.
  const added = await tx
    .insert(teamMembers)
    .values({ teamId: team.id, eventId: event.id, userId })
    .onConflictDoNothing()
    .returning({ userId: teamMembers.userId });
  if (added.length === 0) refuse(alreadyInATeam(who));
  await closePendingRequests(tx, event.id, userId);
  return team;
}

export interface TeamInput {
  name: string;
  themeId: string | null;
  pitch: string;
  rolesWanted: ProfessionalRole[];
}

/** Creates a team with its creator as captain and first member. */
export async function createTeam(user: User, event: Event, input: TeamInput): Promise<{ team: Team } | TeamRefusal> {
  return refusable(async (tx) => {
    ensureTeamsOpen(event);
    await lockPerson(tx, event.id, user.id);
    const refusal = createRefusal(await membershipOf(tx, event.id, user.id));
    if (refusal) refuse(refusal);
    await ensureThemeAt(tx, event, input.themeId);
    // The unique index on (event, lower(name)) decides, so two teams named at once cannot share a name.
    const [team] = await tx
      .insert(teams)
      .values({ ...input, eventId: event.id, captainUserId: user.id, inviteCode: generateSecureRandomString() })
      .onConflictDoNothing()
      .returning();
    if (!team) refuse(TEAM_NAME_TAKEN, "name");
    const added = await tx
      .insert(teamMembers)
      .values({ teamId: team.id, eventId: event.id, userId: user.id })
      .onConflictDoNothing()
      .returning({ userId: teamMembers.userId });
    if (added.length === 0) refuse(alreadyInATeam("you"));
    await closePendingRequests(tx, event.id, user.id);
    return { team };
  });
}

async function ensureThemeAt(tx: Transaction, event: Event, themeId: string | null): Promise<void> {
  if (!themeId) return;
  const [theme] = await tx
    .select({ id: themes.id })
    .from(themes)
    .where(and(eq(themes.id, themeId), eq(themes.eventId, event.id)));
  if (!theme) refuse("Select a theme from the list", "themeId");
}

/** The captain changes the team's name, theme, pitch or the roles it wants. */
export async function updateTeamDetails(
  captain: User,
  event: Event,
  input: TeamInput,
): Promise<{ team: Team } | TeamRefusal> {
  // Two teams renamed to one name at the same moment: the unique index refuses the second.
  return refusable(async (tx) => {
    ensureTeamsOpen(event);
    const team = await lockCaptainsTeam(tx, event, captain.id, "Only the team's captain can change its details");
    await ensureThemeAt(tx, event, input.themeId);
    const [taken] = await tx
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.eventId, event.id), sql`lower(${teams.name}) = lower(${input.name})`, ne(teams.id, team.id)));
    if (taken) refuse(TEAM_NAME_TAKEN, "name");
    const [updated] = await tx.update(teams).set(input).where(eq(teams.id, team.id)).returning();
    return { team: updated! };
  }).catch((error: unknown) => {
    if (error instanceof Error && /teams_event_name_key/.test(`${error.message} ${String(error.cause ?? "")}`)) {
      return { error: TEAM_NAME_TAKEN, field: "name" };
    }
    throw error;
  });
}

/** Joins the team whose invite link carries this code. A renewed or made-up code finds no team. */
export async function joinByInviteCode(user: User, event: Event, code: string): Promise<{ team: Team } | TeamRefusal> {
  return refusable(async (tx) => {
    ensureTeamsOpen(event);
    const [found] = await tx
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.inviteCode, code), eq(teams.eventId, event.id)));
    if (!found) refuse(INVITE_LINK_WRONG);
    return { team: await addMember(tx, event, found.id, user.id, "you") };
  });
}

/** What the invite link's page shows before joining, with why joining would be refused; null for a wrong code. */
export async function inviteLinkPreview(event: Event, code: string, userId: string) {
  const db = getDb();
  const [team] = await db
    .select({ id: teams.id, name: teams.name, pitch: teams.pitch, themeTitle: themes.title })
    .from(teams)
    .leftJoin(themes, eq(themes.id, teams.themeId))
    .where(and(eq(teams.inviteCode, code), eq(teams.eventId, event.id)));
  if (!team) return null;
  const size = await teamSize(db, team.id);
  const refusal =
    teamChangesRefusal(event.status, event, new Date()) ??
    joinRefusal(await membershipOf(db, event.id, userId), { id: team.id, size, max: event.teamSizeMax }, "you");
  return { team: { ...team, size, max: event.teamSizeMax }, refusal };
}

/** Makes a new invite link for the captain's team; the old one stops working. */
export async function renewInviteLink(captain: User, event: Event): Promise<{ inviteCode: string } | TeamRefusal> {
  return refusable(async (tx) => {
    const team = await lockCaptainsTeam(tx, event, captain.id, "Only the team's captain can renew the invite link");
    const inviteCode = generateSecureRandomString();
    await tx.update(teams).set({ inviteCode }).where(eq(teams.id, team.id));
    return { inviteCode };
  });
}

/** Asks to join a team, with an optional message; the captain is emailed. */
export async function askToJoin(
  user: User,
  event: Event,
  teamId: string,
  message: string,
): Promise<{ team: Team } | TeamRefusal> {
  return refusable(async (tx) => {
    ensureTeamsOpen(event);
    const [team] = await tx
      .select()
      .from(teams)
      .where(and(eq(teams.id, teamId), eq(teams.eventId, event.id)));
    if (!team) refuse("That team no longer exists");
    if (!team.captainUserId) refuse("This team was imported with its entry and does not take requests to join");
    const refusal = joinRefusal(
      await membershipOf(tx, event.id, user.id),
      { id: team.id, size: await teamSize(tx, team.id), max: event.teamSizeMax },
      "you",
    );
    if (refusal) refuse(refusal);
    if (await isPending(tx, team.id, user.id, "invitation")) {
      refuse("This team has already invited you. Accept the invitation on your team page");
    }
    const [request] = await tx
      .insert(teamRequests)
      .values({ teamId: team.id, userId: user.id, kind: "join_request", message })
      .onConflictDoNothing()
      .returning({ id: teamRequests.id });
    if (!request) refuse("You have already asked to join this team");
    const captain = (await personOf(tx, team.captainUserId))!;
    const said = message ? `\n\nThey say: ${message}` : "";
    await enqueueEmail(tx, {
      to: captain.email,
      subject: `${user.name} has asked to join ${team.name}`,
      text: `Hello ${captain.name},\n\n${user.name} has asked to join your team ${team.name} at ${event.title}.${said}\n\nAccept or decline on your team page: ${teamPageLink(event)}`,
    });
    return { team };
  });
}

/** Withdraws one's own join request that the captain has not answered yet. */
export async function withdrawJoinRequest(
  user: User,
  event: Event,
  requestId: string,
): Promise<{ withdrawn: true } | TeamRefusal> {
  const db = getDb();
  const withdrawn = await db
    .update(teamRequests)
    .set({ status: "withdrawn", decidedAt: new Date() })
    .where(
      and(
        eq(teamRequests.id, requestId),
        eq(teamRequests.userId, user.id),
        eq(teamRequests.kind, "join_request"),
        eq(teamRequests.status, "pending"),
        inArray(teamRequests.teamId, teamsOfEvent(db, event.id)),
      ),
    )
    .returning({ id: teamRequests.id });
  return withdrawn.length > 0 ? { withdrawn: true } : { error: "This request has already been answered or withdrawn" };
}

/** The captain accepts (the requester joins) or declines a request to join; the requester is emailed. */
export async function answerJoinRequest(
  captain: User,
  event: Event,
  requestId: string,
  accept: boolean,
): Promise<{ requesterName: string } | TeamRefusal> {
  return refusable(async (tx) => {
    const [request] = await tx
      .select({ id: teamRequests.id, teamId: teamRequests.teamId, userId: teamRequests.userId })
      .from(teamRequests)
      .innerJoin(teams, eq(teams.id, teamRequests.teamId))
      .where(and(eq(teamRequests.id, requestId), eq(teamRequests.kind, "join_request"), eq(teams.eventId, event.id)));
    if (!request) refuse("This request has already been answered or withdrawn");
    // Person, then team, then request: the order every change takes them in, so none deadlock.
    await lockPerson(tx, event.id, request.userId);
    const team = await lockTeam(tx, event, request.teamId);
    if (team.captainUserId !== captain.id) refuse("Only the team's captain can accept or decline requests to join");
    if (accept) ensureTeamsOpen(event);
    if (!(await claimRequest(tx, request.id, accept ? "accepted" : "declined"))) {
      refuse("This request has already been answered or withdrawn");
    }
    if (accept) await addMember(tx, event, team.id, request.userId, "they");
    const requester = (await personOf(tx, request.userId))!;
    await enqueueEmail(
      tx,
      accept
        ? {
            to: requester.email,
            subject: `You have joined ${team.name}`,
            text: `Hello ${requester.name},\n\n${captain.name} has accepted your request: you are now in ${team.name} at ${event.title}.\n\nSee your team: ${teamPageLink(event)}`,
          }
        : {
            to: requester.email,
            subject: `Your request to join ${team.name}`,
            text: `Hello ${requester.name},\n\n${captain.name} has declined your request to join ${team.name} at ${event.title}.\n\nOther teams are looking for members: ${publicOrigin()}/events/${event.slug}/teams`,
          },
    );
    return { requesterName: requester.name };
  });
}

/** A captain invites a person looking for a team; the person is emailed and answers on their team page. */
export async function inviteToTeam(
  captain: User,
  event: Event,
  userId: string,
): Promise<{ inviteeName: string } | TeamRefusal> {
  return refusable(async (tx) => {
    const team = await lockCaptainsTeam(tx, event, captain.id, "Only a team's captain can invite people to it");
    ensureTeamsOpen(event);
    const [invitee] = await tx
      .select({
        name: users.name,
        email: users.email,
        lookingForTeam: registrations.lookingForTeam,
        showProfile: registrations.showProfile,
      })
      .from(registrations)
      .innerJoin(users, eq(users.id, registrations.userId))
      .where(and(eq(registrations.eventId, event.id), eq(registrations.userId, userId)));
    // Only people who show themselves on the board as looking, so a posted id reaches nobody else.
    if (!invitee?.lookingForTeam || !invitee.showProfile) refuse("That person is not looking for a team");
    const refusal = joinRefusal(
      await membershipOf(tx, event.id, userId),
      { id: team.id, size: await teamSize(tx, team.id), max: event.teamSizeMax },
      "they",
    );
    if (refusal) refuse(refusal);
    if (await isPending(tx, team.id, userId, "join_request")) {
      refuse("They have already asked to join your team. Accept their request on your team page");
    }
    const [invitation] = await tx
      .insert(teamRequests)
      .values({ teamId: team.id, userId, kind: "invitation" })
      .onConflictDoNothing()
      .returning({ id: teamRequests.id });
    if (!invitation) refuse("You have already invited them");
    await enqueueEmail(tx, {
      to: invitee.email,
      subject: `${captain.name} has invited you to join ${team.name}`,
      text: `Hello ${invitee.name},\n\n${captain.name} has invited you to join their team ${team.name} at ${event.title}.\n\nAccept or decline on your team page: ${teamPageLink(event)}`,
    });
    return { inviteeName: invitee.name };
  });
}

/** The invited person accepts (and joins) or declines an invitation to a team. */
export async function answerInvitation(
  user: User,
  event: Event,
  requestId: string,
  accept: boolean,
): Promise<{ team: Team } | TeamRefusal> {
  return refusable(async (tx) => {
    const [invitation] = await tx
      .select({ id: teamRequests.id, teamId: teamRequests.teamId })
      .from(teamRequests)
      .innerJoin(teams, eq(teams.id, teamRequests.teamId))
      .where(
        and(
          eq(teamRequests.id, requestId),
          eq(teamRequests.userId, user.id),
          eq(teamRequests.kind, "invitation"),
          eq(teams.eventId, event.id),
        ),
      );
    if (!invitation) refuse("This invitation has been withdrawn or already answered");
    await lockPerson(tx, event.id, user.id);
    const team = await lockTeam(tx, event, invitation.teamId);
    if (accept) ensureTeamsOpen(event);
    if (!(await claimRequest(tx, invitation.id, accept ? "accepted" : "declined"))) {
      refuse("This invitation has been withdrawn or already answered");
    }
    if (accept) await addMember(tx, event, team.id, user.id, "you");
    return { team };
  });
}

/** The captain makes another member captain. Teams keep their members, so this is allowed once locked. */
export async function handOverCaptain(
  captain: User,
  event: Event,
  userId: string,
): Promise<{ newCaptainName: string } | TeamRefusal> {
  return refusable(async (tx) => {
    const team = await lockCaptainsTeam(
      tx,
      event,
      captain.id,
      "Only the team's captain can hand over the captain role",
    );
    if (userId === captain.id) refuse("You are already the captain");
    const [member] = await tx
      .select({ name: users.name })
      .from(teamMembers)
      .innerJoin(users, eq(users.id, teamMembers.userId))
      .where(and(eq(teamMembers.teamId, team.id), eq(teamMembers.userId, userId)));
    if (!member) refuse("They are not in your team");
    await tx.update(teams).set({ captainUserId: userId }).where(eq(teams.id, team.id));
    return { newCaptainName: member.name };
  });
}

/** The captain removes a member, who is emailed. */
export async function removeMember(
  captain: User,
  event: Event,
  userId: string,
): Promise<{ removedName: string } | TeamRefusal> {
  return refusable(async (tx) => {
    const team = await lockCaptainsTeam(tx, event, captain.id, "Only the team's captain can remove members");
    ensureTeamsOpen(event);
    if (userId === captain.id) refuse("You cannot remove yourself. Hand over the captain role or leave the team");
    const [member] = await tx
      .select({ name: users.name, email: users.email })
      .from(teamMembers)
      .innerJoin(users, eq(users.id, teamMembers.userId))
      .where(and(eq(teamMembers.teamId, team.id), eq(teamMembers.userId, userId)));
    if (!member) refuse("They are not in your team");
    await leaveTeamAtEvent(tx, event.id, userId);
    await enqueueEmail(tx, {
      to: member.email,
      subject: `You have been removed from ${team.name}`,
      text: `Hello ${member.name},\n\n${captain.name}, the captain of ${team.name}, has removed you from the team at ${event.title}.\n\nYou can create a team or find another: ${teamPageLink(event)}`,
    });
    return { removedName: member.name };
  });
}

/** Leaves one's team; the longest-standing member takes over as captain, and an empty team goes. */
export async function leaveTeam(user: User, event: Event): Promise<LeftTeam | TeamRefusal> {
  return refusable(async (tx) => {
    ensureTeamsOpen(event);
    const left = await leaveTeamAtEvent(tx, event.id, user.id);
    if (!left) refuse("You are not in a team at this event");
    return left;
  });
}

interface MemberRow {
  teamId: string;
  userId: string;
  name: string;
  email: string;
  role: ProfessionalRole;
  skills: string[];
}

/** Members of the event's teams (or of one team), longest-standing first, with their registered role. */
async function membersAt(db: Queryable, eventId: string, teamId?: string): Promise<MemberRow[]> {
  const rows = await db
    .select({
      teamId: teamMembers.teamId,
      userId: teamMembers.userId,
      name: users.name,
      email: users.email,
      role: registrations.professionalRole,
      skills: registrations.skills,
    })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .leftJoin(
      registrations,
      and(eq(registrations.eventId, teamMembers.eventId), eq(registrations.userId, teamMembers.userId)),
    )
    .where(teamId ? eq(teamMembers.teamId, teamId) : eq(teamMembers.eventId, eventId))
    .orderBy(asc(teamMembers.joinedAt), asc(users.name));
  return rows.map((row) => ({ ...row, role: row.role ?? "other", skills: row.skills ?? [] }));
}

function groupByTeam(members: MemberRow[]): Map<string, MemberRow[]> {
  const byTeam = new Map<string, MemberRow[]>();
  for (const member of members) byTeam.set(member.teamId, [...(byTeam.get(member.teamId) ?? []), member]);
  return byTeam;
}

/**
 * Everything a person's team page shows: their team (with the join requests waiting, for its
 * captain) or, when they are in none, the invitations to them and their own requests.
 */
export async function teamPage(event: Event, userId: string) {
  const db = getDb();
  const membership = await membershipOf(db, event.id, userId);
  if (membership.currentTeamId) {
    const [team] = await db
      .select({
        id: teams.id,
        name: teams.name,
        pitch: teams.pitch,
        rolesWanted: teams.rolesWanted,
        captainUserId: teams.captainUserId,
        inviteCode: teams.inviteCode,
        themeId: teams.themeId,
        themeTitle: themes.title,
      })
      .from(teams)
      .leftJoin(themes, eq(themes.id, teams.themeId))
      .where(eq(teams.id, membership.currentTeamId));
    const members = await membersAt(db, event.id, team!.id);
    const isCaptain = team!.captainUserId === userId;
    const joinRequests = isCaptain
      ? await db
          .select({
            id: teamRequests.id,
            name: users.name,
            role: registrations.professionalRole,
            message: teamRequests.message,
          })
          .from(teamRequests)
          .innerJoin(users, eq(users.id, teamRequests.userId))
          .leftJoin(
            registrations,
            and(eq(registrations.eventId, event.id), eq(registrations.userId, teamRequests.userId)),
          )
          .where(
            and(
              eq(teamRequests.teamId, team!.id),
              eq(teamRequests.kind, "join_request"),
              eq(teamRequests.status, "pending"),
            ),
          )
          .orderBy(asc(teamRequests.createdAt))
      : [];
    return {
      membership,
      team: {
        ...team!,
        isCaptain,
        size: members.length,
        max: event.teamSizeMax,
        members: members.map(({ userId: memberId, name, email, role }) => ({
          userId: memberId,
          name,
          email,
          role,
          isCaptain: memberId === team!.captainUserId,
        })),
        joinRequests: joinRequests.map((request) => ({ ...request, role: request.role ?? "other" })),
      },
      invitations: [],
      requests: [],
    };
  }
  const pending = await db
    .select({
      id: teamRequests.id,
      kind: teamRequests.kind,
      teamName: teams.name,
      pitch: teams.pitch,
      captainName: users.name,
    })
    .from(teamRequests)
    .innerJoin(teams, eq(teams.id, teamRequests.teamId))
    .innerJoin(users, eq(users.id, teams.captainUserId))
    .where(and(eq(teamRequests.userId, userId), eq(teamRequests.status, "pending"), eq(teams.eventId, event.id)))
    .orderBy(asc(teamRequests.createdAt));
  return {
    membership,
    team: null,
    invitations: pending.filter((request) => request.kind === "invitation"),
    requests: pending.filter((request) => request.kind === "join_request"),
  };
}

/**
 * The board: people looking for a team who show their profile, and teams with room, each
 * filtered. Only what a person chose to show: never an email address or access needs.
 */
export async function teamBoard(event: Event, viewerId: string, filter: BoardFilter) {
  const db = getDb();
  const [membership, people, teamRows, members, viewerRequests] = await Promise.all([
    membershipOf(db, event.id, viewerId),
    db
      .select({
        userId: registrations.userId,
        name: users.name,
        role: registrations.professionalRole,
        organisation: registrations.organisation,
        skills: registrations.skills,
        bio: registrations.bio,
      })
      .from(registrations)
      .innerJoin(users, eq(users.id, registrations.userId))
      .where(
        and(
          eq(registrations.eventId, event.id),
          eq(registrations.status, "registered"),
          eq(registrations.lookingForTeam, true),
          eq(registrations.showProfile, true),
          notExists(
            db
              .select({ userId: teamMembers.userId })
              .from(teamMembers)
              .where(and(eq(teamMembers.eventId, event.id), eq(teamMembers.userId, registrations.userId))),
          ),
        ),
      )
      .orderBy(asc(users.name)),
    db
      .select({
        id: teams.id,
        name: teams.name,
        pitch: teams.pitch,
        rolesWanted: teams.rolesWanted,
        captainUserId: teams.captainUserId,
        themeTitle: themes.title,
      })
      .from(teams)
      .leftJoin(themes, eq(themes.id, teams.themeId))
      .where(eq(teams.eventId, event.id))
      .orderBy(asc(teams.name)),
    membersAt(db, event.id),
    db
      .select({ teamId: teamRequests.teamId, userId: teamRequests.userId, kind: teamRequests.kind })
      .from(teamRequests)
      .innerJoin(teams, eq(teams.id, teamRequests.teamId))
      .where(and(eq(teams.eventId, event.id), eq(teamRequests.status, "pending"))),
  ]);
  const byTeam = groupByTeam(members);
  const captainOf = teamRows.find((team) => team.captainUserId === viewerId)?.id ?? null;
  const invited = new Set(
    viewerRequests
      .filter((request) => request.kind === "invitation" && request.teamId === captainOf)
      .map((request) => request.userId),
  );
  const asked = new Set(
    viewerRequests
      .filter((request) => request.kind === "join_request" && request.userId === viewerId)
      .map((request) => request.teamId),
  );
  return {
    viewer: { ...membership, captainOf },
    // Not the viewer's own card: there is nothing they can do with it.
    people: people
      .filter((person) => person.userId !== viewerId && personMatches(person, filter))
      .map((person) => ({ ...person, invited: invited.has(person.userId) })),
    teams: teamRows.flatMap((team) => {
      const here = byTeam.get(team.id) ?? [];
      const memberSkills = here.flatMap((member) => member.skills);
      if (isFull(here.length, event.teamSizeMax) || !teamMatches({ ...team, memberSkills }, filter)) return [];
      const roles = here.map((member) => member.role);
      return [
        {
          id: team.id,
          name: team.name,
          pitch: team.pitch,
          themeTitle: team.themeTitle,
          rolesWanted: team.rolesWanted,
          size: here.length,
          max: event.teamSizeMax,
          mix: mixSummary(roles),
          tags: mixTags(roles),
          asked: asked.has(team.id),
        },
      ];
    }),
  };
}

/** The organisers' list of teams, searched by team or member name, and the people they can place. */
export async function teamsForOrganisers(event: Event, query: string) {
  const db = getDb();
  const [teamRows, members, people] = await Promise.all([
    db
      .select({ id: teams.id, name: teams.name, captainUserId: teams.captainUserId, themeTitle: themes.title })
      .from(teams)
      .leftJoin(themes, eq(themes.id, teams.themeId))
      .where(eq(teams.eventId, event.id))
      .orderBy(asc(teams.name)),
    membersAt(db, event.id),
    db
      .select({ userId: registrations.userId, name: users.name, email: users.email, teamName: teams.name })
      .from(registrations)
      .innerJoin(users, eq(users.id, registrations.userId))
      .leftJoin(
        teamMembers,
        and(eq(teamMembers.eventId, registrations.eventId), eq(teamMembers.userId, registrations.userId)),
      )
      .leftJoin(teams, eq(teams.id, teamMembers.teamId))
      .where(and(eq(registrations.eventId, event.id), eq(registrations.status, "registered")))
      .orderBy(asc(users.name), asc(users.email)),
  ]);
  const byTeam = groupByTeam(members);
  const all = teamRows.map((team) => {
    const teamMembersHere = byTeam.get(team.id) ?? [];
    const roles = teamMembersHere.map((member) => member.role);
    return {
      ...team,
      size: teamMembersHere.length,
      max: event.teamSizeMax,
      mix: mixSummary(roles),
      tags: mixTags(roles),
      members: teamMembersHere.map(({ userId, name, role }) => ({
        userId,
        name,
        role,
        isCaptain: userId === team.captainUserId,
      })),
    };
  });
  return {
    allTeams: all.map(({ id, name, size, max }) => ({ id, name, size, max })),
    teams: all.filter((team) =>
      teamMatchesSearch({ name: team.name, memberNames: team.members.map((member) => member.name) }, query),
    ),
    people,
  };
}

/** An organiser moves a person into a team (out of their current one, if any); audited and emailed. */
export async function moveToTeam(
  organiser: User,
  event: Event,
  userId: string,
  teamId: string,
): Promise<{ personName: string; teamName: string } | TeamRefusal> {
  return refusable(async (tx) => {
    ensureTeamsOpen(event);
    const person = await personOf(tx, userId);
    if (!person) refuse("Select a person from the list", "userId");
    const [target] = await tx
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.id, teamId), eq(teams.eventId, event.id)));
    if (!target) refuse("Select a team from the list", "teamId");
    await lockPerson(tx, event.id, userId);
    const { currentTeamId } = await membershipOf(tx, event.id, userId);
    if (currentTeamId === target.id) refuse("They are already in that team", "teamId");
    // Both teams in one order, so two moves in opposite directions at once cannot deadlock.
    for (const id of [target.id, currentTeamId].filter((id): id is string => id !== null).sort()) {
      await lockTeam(tx, event, id);
    }
    const left = currentTeamId ? await leaveTeamAtEvent(tx, event.id, userId) : null;
    const team = await addMember(tx, event, target.id, userId, "they");
    await recordAudit(tx, {
      actorUserId: organiser.id,
      action: "team.member_moved",
      subjectType: "team",
      subjectId: team.id,
      before: left ? { teamId: left.teamId, teamName: left.teamName, teamRemoved: left.dissolved } : null,
      after: { userId, name: person.name, teamId: team.id, teamName: team.name },
    });
    await enqueueEmail(tx, {
      to: person.email,
      subject: `You have been moved to ${team.name}`,
      text: `Hello ${person.name},\n\nThe organisers of ${event.title} have ${left ? `moved you from ${left.teamName} to` : "put you in"} the team ${team.name}.\n\nSee your team: ${teamPageLink(event)}`,
    });
    return { personName: person.name, teamName: team.name };
  });
}

/** An organiser dissolves a team: its members become teamless and are emailed; audited. */
export async function dissolveTeam(
  organiser: User,
  event: Event,
  teamId: string,
): Promise<{ teamName: string } | TeamRefusal> {
  return refusable(async (tx) => {
    ensureTeamsOpen(event);
    const team = await lockTeam(tx, event, teamId);
    const members = await membersAt(tx, event.id, team.id);
    // Members and requests go with the team (on delete cascade).
    await tx.delete(teams).where(eq(teams.id, team.id));
    await recordAudit(tx, {
      actorUserId: organiser.id,
      action: "team.dissolved",
      subjectType: "team",
      subjectId: team.id,
      before: {
        name: team.name,
        captainUserId: team.captainUserId,
        members: members.map(({ userId, name }) => ({ userId, name })),
      },
    });
    for (const member of members) {
      await enqueueEmail(tx, {
        to: member.email,
        subject: `${team.name} has been dissolved`,
        text: `Hello ${member.name},\n\nThe organisers of ${event.title} have dissolved the team ${team.name}, so you are no longer in a team.\n\nYou can create a team or find another: ${teamPageLink(event)}`,
      });
    }
    return { teamName: team.name };
  });
}
