// People's Choice: each registered participant gives one vote, never to their own team, while the
// vote is open; they can change it until the organisers lock the round.
import { and, asc, eq } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import {
  judgingRounds,
  registrations,
  roundEntries,
  submissions,
  teamMembers,
  teams,
  votes,
  type Event,
  type User,
} from "~/db/schema";
import { refusable, refuse, type Refusal } from "~/models/refusals.server";

async function openVote(event: Event) {
  const [round] = await getDb()
    .select()
    .from(judgingRounds)
    .where(
      and(
        eq(judgingRounds.eventId, event.id),
        eq(judgingRounds.kind, "peoples_choice"),
        eq(judgingRounds.status, "open"),
      ),
    )
    .orderBy(asc(judgingRounds.position))
    .limit(1);
  return round ?? null;
}

export async function isVoteOpen(event: Event): Promise<boolean> {
  return (await openVote(event)) !== null;
}

async function ownTeamId(eventId: string, userId: string): Promise<string | null> {
  const [row] = await getDb()
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(and(eq(teamMembers.eventId, eventId), eq(teamMembers.userId, userId)));
  return row?.teamId ?? null;
}

async function isRegistered(eventId: string, userId: string): Promise<boolean> {
  const [row] = await getDb()
    .select({ status: registrations.status })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.userId, userId)));
  return row?.status === "registered";
}

/** The ballot a person sees: the open vote's entries (their own team's marked), and their vote. */
export async function ballot(event: Event, userId: string) {
  const round = await openVote(event);
  if (!round) return null;
  const db = getDb();
  const [entries, [mine], registered, teamId] = await Promise.all([
    db
      .select({
        id: submissions.id,
        title: submissions.title,
        summary: submissions.summary,
        teamId: submissions.teamId,
        teamName: teams.name,
      })
      .from(roundEntries)
      .innerJoin(submissions, eq(submissions.id, roundEntries.submissionId))
      .innerJoin(teams, eq(teams.id, submissions.teamId))
      .where(eq(roundEntries.roundId, round.id))
      .orderBy(asc(submissions.title)),
    db
      .select({ submissionId: votes.submissionId })
      .from(votes)
      .where(and(eq(votes.roundId, round.id), eq(votes.userId, userId))),
    isRegistered(event.id, userId),
    ownTeamId(event.id, userId),
  ]);
  return {
    round: { id: round.id, name: round.name },
    registered,
    votedFor: mine?.submissionId ?? null,
    entries: entries.map(({ teamId: entryTeamId, ...entry }) => ({ ...entry, ownTeam: entryTeamId === teamId })),
  };
}

/** Casts or changes the person's vote in the open People's Choice round. */
export async function castVote(user: User, event: Event, submissionId: string): Promise<{ voted: true } | Refusal> {
  const round = await openVote(event);
  if (!round) return { error: "Voting is not open" };
  if (!(await isRegistered(event.id, user.id))) {
    return { error: "Only people registered for this event can vote" };
  }
  const teamId = await ownTeamId(event.id, user.id);
  return refusable(async (tx) => {
    const [entry] = await tx
      .select({ teamId: submissions.teamId })
      .from(roundEntries)
      .innerJoin(submissions, eq(submissions.id, roundEntries.submissionId))
      .where(and(eq(roundEntries.roundId, round.id), eq(roundEntries.submissionId, submissionId)));
    if (!entry) refuse("Choose an entry from the list", "submissionId");
    if (entry.teamId === teamId) refuse("You cannot vote for your own team. Choose another entry", "submissionId");
    // The primary key (round, person) keeps it to one vote; voting again changes it.
    await tx
      .insert(votes)
      .values({ roundId: round.id, userId: user.id, submissionId })
      .onConflictDoUpdate({ target: [votes.roundId, votes.userId], set: { submissionId, createdAt: new Date() } });
    return { voted: true as const };
  });
}
