// Shared set-up for the prize money and follow-on support integration tests: reading a model's
// outcome, unique addresses, an event with its organisers, prize categories, entries with their
// teams, a judged round, and an event whose results are announced.
import { eq } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import {
  communities,
  communityOrganisers,
  eventRoles,
  events,
  judgeAssignments,
  prizeCategories,
  prizePlaces,
  roundEntries,
  scores,
  submissions,
  teamMembers,
  teams,
  themes,
  type Community,
  type Event,
  type Theme,
  type User,
} from "~/db/schema";
import { NHS_HACK_DAY_RUBRIC } from "~/domain/rubrics";
import { announceResults } from "~/models/announcements.server";
import { createRound, currentRubric, lockRound, type RoundInput } from "~/models/judging.server";
import { allocationView, approveAllocation, proposeAllocation, saveCategoryAwards } from "~/models/prizes.server";
import type { Refusal } from "~/models/refusals.server";
import { TEST_PASSWORD, makeUser } from "./db";

export function ok<T extends object>(outcome: T): Exclude<T, Refusal> {
  if ("error" in outcome) throw new Error(`Refused: ${String((outcome as Refusal).error)}`);
  return outcome as Exclude<T, Refusal>;
}

export function refused<T extends object>(outcome: T): Refusal {
  if (!("error" in outcome)) throw new Error(`Expected a refusal, got ${JSON.stringify(outcome)}`);
  return outcome as unknown as Refusal;
}

// One counter for addresses, invite codes and category positions, so none repeats in a run.
let counter = 0;

/** An email address no one else in the run has. */
export function ownAddress(): string {
  const n = ++counter;
  return `person${n}@home${n}.example`;
}

export async function freshEvent(id: string): Promise<Event> {
  const [row] = await getDb().select().from(events).where(eq(events.id, id));
  return row!;
}

// ---------------------------------------------------------------------------------------------
// Prize money

interface PrizeEventOptions {
  communitySlug?: string;
  communityName?: string;
  slug?: string;
  title?: string;
}

interface PrizeEvent {
  community: Community;
  event: Event;
  olu: User;
  efe: User;
}

/**
 * A published hack day in its community, with a theme (none when `theme` is null), Olu organising
 * the community and Efe the event.
 */
export async function prizeEvent(
  options?: PrizeEventOptions & { theme?: string },
): Promise<PrizeEvent & { theme: Theme }>;
export async function prizeEvent(options: PrizeEventOptions & { theme: null }): Promise<PrizeEvent>;
export async function prizeEvent(
  options: PrizeEventOptions & { theme?: string | null } = {},
): Promise<PrizeEvent & { theme?: Theme }> {
  const db = getDb();
  const [community] = await db
    .insert(communities)
    .values({ slug: options.communitySlug ?? "leeds-c4h", name: options.communityName ?? "Leeds Code4Health" })
    .returning();
  const [event] = await db
    .insert(events)
    .values({
      communityId: community!.id,
      slug: options.slug ?? "prizes-2030",
      title: options.title ?? "Leeds Hack Day 2030",
      kind: "hackday",
      status: "published",
    })
    .returning();
  const themeTitle = options.theme === undefined ? "Falls" : options.theme;
  const [theme] =
    themeTitle === null
      ? []
      : await db.insert(themes).values({ eventId: event!.id, position: 1, title: themeTitle }).returning();
  const olu = await makeUser({ name: "Olu Organiser", email: ownAddress() });
  const efe = await makeUser({ name: "Efe Organiser", email: ownAddress() });
  await db.insert(communityOrganisers).values({ communityId: community!.id, userId: olu.id });
  await db.insert(eventRoles).values({ eventId: event!.id, userId: efe.id, role: "organiser" });
  return { community: community!, event: event!, ...(theme ? { theme } : {}), olu, efe };
}

/** A prize category with one place per amount, first place first. */
export async function category(
  event: Event,
  name: string,
  placesPence: number[],
  themeId: string | null = null,
  options: { position?: number; sponsor?: string; supportMonths?: number } = {},
) {
  const [row] = await getDb()
    .insert(prizeCategories)
    .values({
      eventId: event.id,
      position: options.position ?? ++counter,
      name,
      themeId,
      supportMonths: options.supportMonths ?? 12,
      ...(options.sponsor === undefined ? {} : { sponsor: options.sponsor }),
    })
    .returning();
  await getDb()
    .insert(prizePlaces)
    .values(placesPence.map((amountPence, index) => ({ categoryId: row!.id, place: index + 1, amountPence })));
  return row!;
}

/** A team of `memberCount` people, joined a minute apart (the first is captain), and its submitted entry. */
export async function entry(
  event: Event,
  title: string,
  memberCount: number,
  themeId: string | null = null,
  options: { joinedYear?: number } = {},
) {
  const db = getDb();
  const members: User[] = [];
  for (let i = 0; i < memberCount; i++)
    members.push(await makeUser({ name: `${title} member ${i + 1}`, email: ownAddress() }));
  const [team] = await db
    .insert(teams)
    .values({
      eventId: event.id,
      name: `${title} team`,
      captainUserId: members[0]!.id,
      inviteCode: `code-${++counter}`,
    })
    .returning();
  for (const [index, member] of members.entries()) {
    await db.insert(teamMembers).values({
      teamId: team!.id,
      eventId: event.id,
      userId: member.id,
      joinedAt: new Date(Date.UTC(options.joinedYear ?? 2030, 0, 1, 0, index)),
    });
  }
  const [submission] = await db
    .insert(submissions)
    .values({ eventId: event.id, teamId: team!.id, title, status: "submitted", themeId })
    .returning();
  return { team: team!, submission: submission!, members };
}

/**
 * A locked shortlist in which each entry's one judge gives every criterion `score`. The judge is
 * Jo Judge, made here, unless one is given; another kind of round, or one left open, on asking.
 */
export async function judgedRound(
  organiser: User,
  event: Event,
  entryScores: [{ submission: { id: string } }, number][],
  options: { judge?: User; kind?: RoundInput["kind"]; name?: string; lock?: boolean } = {},
) {
  const { round } = ok(
    await createRound(organiser, event, {
      kind: options.kind ?? "shortlist",
      name: options.name ?? "Shortlist",
      judgesPerEntry: 1,
    }),
  );
  const rubric = (await currentRubric(round.id))!;
  let judge = options.judge;
  if (!judge) {
    judge = await makeUser({ name: "Jo Judge", email: ownAddress() });
    await getDb().insert(eventRoles).values({ eventId: event.id, userId: judge.id, role: "judge" });
  }
  for (const [{ submission }, score] of entryScores) {
    await getDb().insert(roundEntries).values({ roundId: round.id, submissionId: submission.id }).onConflictDoNothing();
    await getDb()
      .insert(judgeAssignments)
      .values({ roundId: round.id, judgeUserId: judge.id, submissionId: submission.id });
    await getDb()
      .insert(scores)
      .values({
        roundId: round.id,
        judgeUserId: judge.id,
        submissionId: submission.id,
        rubricVersionId: rubric.id,
        criterionScores: Object.fromEntries(NHS_HACK_DAY_RUBRIC.criteria.map((criterion) => [criterion.key, score])),
      });
  }
  if (options.lock ?? true) ok(await lockRound(organiser, event, round.id));
  return round;
}

// ---------------------------------------------------------------------------------------------
// Follow-on support

/** A team of `size` people (the first is captain) and its submitted entry, "<name> app". */
export async function team(event: Event, name: string, size: number) {
  const members: User[] = [];
  for (let i = 0; i < size; i++) members.push(await makeUser({ name: `${name} ${i + 1}`, email: ownAddress() }));
  const [row] = await getDb()
    .insert(teams)
    .values({ eventId: event.id, name, captainUserId: members[0]!.id, inviteCode: `s-${++counter}` })
    .returning();
  for (const member of members)
    await getDb().insert(teamMembers).values({ teamId: row!.id, eventId: event.id, userId: member.id });
  const [submission] = await getDb()
    .insert(submissions)
    .values({
      eventId: event.id,
      teamId: row!.id,
      title: `${name} app`,
      status: "submitted",
      repositoryUrl: "https://github.com/nhs/app",
    })
    .returning();
  return { team: row!, members, submission: submission! };
}

/**
 * An event whose results are announced with one winning team (12 months' support) and one that
 * did not win, with Olu and Efe organising and Sam working its support.
 */
/** Saves the suggested winners of the event's first prize as they stand; the allocation afterwards. */
export async function awardSuggestion(organiser: User, event: Event, categoryId: string) {
  const before = await allocationView(event);
  ok(
    await saveCategoryAwards(organiser, event, categoryId, {
      rankingRoundId: null,
      places: before.categories[0]!.suggestion,
      reason: "",
      version: before.version,
    }),
  );
  return allocationView(event);
}

export async function announcedEvent(
  names: {
    communitySlug?: string;
    communityName?: string;
    eventSlug?: string;
    title?: string;
    winner?: string;
    other?: string;
    timeZone?: string;
  } = {},
) {
  const db = getDb();
  const [community] = await db
    .insert(communities)
    .values({ slug: names.communitySlug ?? "leeds-c4h", name: names.communityName ?? "Leeds Code4Health" })
    .returning();
  const [event] = await db
    .insert(events)
    .values({
      communityId: community!.id,
      slug: names.eventSlug ?? "support-2030",
      title: names.title ?? "Leeds Challenge",
      kind: "challenge",
      status: "published",
      timeZone: names.timeZone ?? "Europe/London",
    })
    .returning();
  const olu = await makeUser({ name: "Olu Organiser", email: ownAddress() });
  const efe = await makeUser({ name: "Efe Organiser", email: ownAddress() });
  const sam = await makeUser({ name: "Sam Support", email: ownAddress() });
  await db.insert(communityOrganisers).values({ communityId: community!.id, userId: olu.id });
  await db.insert(eventRoles).values([
    { eventId: event!.id, userId: efe.id, role: "organiser" },
    { eventId: event!.id, userId: sam.id, role: "support" },
  ]);
  const winners = await team(event!, names.winner ?? "Breathe Easy", 2);
  const others = await team(event!, names.other ?? "Wound Watch", 1);
  const prize = await category(event!, "Best in show", [50_000], null, { position: 0 });
  const { round } = ok(await createRound(olu, event!, { kind: "shortlist", name: "Shortlist", judgesPerEntry: 1 }));
  ok(await lockRound(olu, event!, round.id));
  let view = await allocationView(event!);
  ok(
    await saveCategoryAwards(olu, event!, prize.id, {
      rankingRoundId: null,
      places: [{ teamId: winners.team.id, place: 1 }],
      reason: "The panel's choice",
      version: view.version,
    }),
  );
  view = await allocationView(event!);
  ok(await proposeAllocation(olu, event!, view.version));
  ok(
    await approveAllocation(efe, event!, { password: TEST_PASSWORD, version: (await allocationView(event!)).version }),
  );
  ok(await announceResults(olu, event!, { at: null, rankingRoundId: null }));
  return { community: community!, event: await freshEvent(event!.id), olu, efe, sam, winners, others };
}
