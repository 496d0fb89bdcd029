// Prize money: the event's allocation of its prize categories to teams (drafted, proposed by one
// organiser, approved by another who re-enters their password), each award split among the
// team's members, payouts, the finance export and the reconciliation of money. Every change is
// audited in its transaction; the database refuses over-allocation and shares that do not add up
// even if this code were wrong (drizzle/0007_prize_money_constraints.sql).
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { verifyPassword } from "~/auth/passwords.server";
import { publicOrigin } from "~/config.server";
import { getDb, type Queryable, type Transaction } from "~/db/client.server";
import {
  awardShares,
  events,
  judgingRounds,
  prizeAllocations,
  prizeAwards,
  prizeCategories,
  prizePlaces,
  submissions,
  teamMembers,
  teams,
  themes,
  users,
  type Community,
  type Event,
  type PrizeAllocation,
  type User,
} from "~/db/schema";
import {
  allocationError,
  awardPlaces,
  categoryFund,
  placesError,
  samePlaces,
  splitEqually,
  suggestPlaces,
  type PlacedTeam,
  type TieRule,
} from "~/domain/awards";
import { ordinal } from "~/domain/calls";
import { sumPence } from "~/domain/money";
import {
  addReconciliations,
  PAYOUT_STATUS_NAMES,
  payoutChangeErrors,
  reconcile,
  type PayoutChange,
  type PayoutStatus,
  type Reconciliation,
} from "~/domain/payouts";
import { organisersOf } from "~/models/events.server";
import { refusable, refuse, type Refusal } from "~/models/refusals.server";
import { roundResults } from "~/models/judging.server";
import { recordAudit } from "~/services/audit.server";
import { enqueueEmail } from "~/services/email.server";

export const TIE_RULE_NAMES: Record<TieRule, string> = {
  share_place: "Teams tied at a place share that place's money",
  share_places: "Teams tied at a place share the money of the places their tie covers",
};

// ---------------------------------------------------------------------------------------------
// Look-ups

/** The event's allocation, created as a draft the first time anyone looks; locked when asked. */
async function allocationOf(db: Queryable, eventId: string, lock = false): Promise<PrizeAllocation> {
  await db.insert(prizeAllocations).values({ eventId }).onConflictDoNothing();
  const query = db.select().from(prizeAllocations).where(eq(prizeAllocations.eventId, eventId));
  const [row] = lock ? await query.for("update") : await query;
  return row!;
}

interface CategoryRow {
  id: string;
  name: string;
  position: number;
  themeId: string | null;
  themeTitle: string | null;
  sponsor: string;
  supportMonths: number;
  rankingRoundId: string | null;
  awardsReason: string | null;
  placesPence: number[];
}

async function categoriesOf(db: Queryable, eventId: string): Promise<CategoryRow[]> {
  const rows = await db
    .select({
      id: prizeCategories.id,
      name: prizeCategories.name,
      position: prizeCategories.position,
      themeId: prizeCategories.themeId,
      themeTitle: themes.title,
      sponsor: prizeCategories.sponsor,
      supportMonths: prizeCategories.supportMonths,
      rankingRoundId: prizeCategories.rankingRoundId,
      awardsReason: prizeCategories.awardsReason,
    })
    .from(prizeCategories)
    .leftJoin(themes, eq(themes.id, prizeCategories.themeId))
    .where(eq(prizeCategories.eventId, eventId))
    .orderBy(asc(prizeCategories.position));
  const places = rows.length
    ? await db
        .select()
        .from(prizePlaces)
        .where(
          inArray(
            prizePlaces.categoryId,
            rows.map((row) => row.id),
          ),
        )
        .orderBy(asc(prizePlaces.place))
    : [];
  return rows.map((row) => ({
    ...row,
    placesPence: places.filter((place) => place.categoryId === row.id).map((place) => place.amountPence),
  }));
}

/** Entries that can win: submitted and not disqualified, with their team and theme. */
async function eligibleEntries(db: Queryable, eventId: string) {
  return db
    .select({
      submissionId: submissions.id,
      title: submissions.title,
      themeId: submissions.themeId,
      teamId: teams.id,
      teamName: teams.name,
    })
    .from(submissions)
    .innerJoin(teams, eq(teams.id, submissions.teamId))
    .where(
      and(eq(submissions.eventId, eventId), eq(submissions.status, "submitted"), isNull(submissions.disqualifiedAt)),
    )
    .orderBy(asc(sql`lower(${teams.name})`));
}

export interface ShareView {
  id: string;
  userId: string | null;
  /** The member's name, or the team's for a team imported without accounts. */
  name: string;
  email: string;
  amountPence: number;
  payeeKind: "person" | "organisation";
  organisationName: string;
  status: PayoutStatus;
  paidOn: string | null;
  paymentReference: string;
  statusReason: string;
  version: number;
}

export interface AwardView {
  id: string;
  categoryId: string;
  place: number;
  teamId: string;
  teamName: string;
  submissionId: string | null;
  title: string;
  amountPence: number;
  shares: ShareView[];
}

async function awardsOf(db: Queryable, eventId: string, categoryIds?: readonly string[]): Promise<AwardView[]> {
  const rows = await db
    .select({
      id: prizeAwards.id,
      categoryId: prizeAwards.categoryId,
      place: prizeAwards.place,
      teamId: prizeAwards.teamId,
      teamName: teams.name,
      submissionId: submissions.id,
      title: submissions.title,
      amountPence: prizeAwards.amountPence,
    })
    .from(prizeAwards)
    .innerJoin(teams, eq(teams.id, prizeAwards.teamId))
    .leftJoin(submissions, eq(submissions.teamId, teams.id))
    .where(
      categoryIds
        ? and(eq(prizeAwards.eventId, eventId), inArray(prizeAwards.categoryId, [...categoryIds]))
        : eq(prizeAwards.eventId, eventId),
    )
    .orderBy(asc(prizeAwards.place), asc(sql`lower(${teams.name})`));
  const shares = await sharesOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    ...row,
    title: row.title?.trim() ? row.title : `${row.teamName}'s entry`,
    shares: (shares.get(row.id) ?? []).map((share) => ({ ...share, name: share.name || row.teamName })),
  }));
}

/**
 * The shares of these awards by award, in the order the equal split follows. A share with no
 * member (a team imported without accounts) has an empty name: callers show the team's.
 */
export async function sharesOf(db: Queryable, awardIds: readonly string[]): Promise<Map<string, ShareView[]>> {
  const byAward = new Map<string, ShareView[]>();
  if (awardIds.length === 0) return byAward;
  const rows = await db
    .select({ share: awardShares, name: users.name, email: users.email })
    .from(awardShares)
    .leftJoin(users, eq(users.id, awardShares.userId))
    .where(inArray(awardShares.awardId, [...awardIds]))
    .orderBy(asc(awardShares.position));
  for (const { share, name, email } of rows) {
    byAward.set(share.awardId, [
      ...(byAward.get(share.awardId) ?? []),
      {
        id: share.id,
        userId: share.userId,
        name: name ?? "",
        email: email ?? "",
        amountPence: share.amountPence,
        payeeKind: share.payeeKind,
        organisationName: share.organisationName,
        status: share.status,
        paidOn: share.paidOn,
        paymentReference: share.paymentReference,
        statusReason: share.statusReason,
        version: share.version,
      },
    ]);
  }
  return byAward;
}

/**
 * Judging is closed when every round is locked, so no result can move. An event judged without
 * rounds here (on paper, by a panel's decision) closes when its timeline says judging closes.
 */
export async function judgingClosed(
  db: Queryable,
  event: Pick<Event, "id" | "judgingClosesAt">,
  now: Date = new Date(),
): Promise<boolean> {
  const rounds = await db
    .select({ status: judgingRounds.status })
    .from(judgingRounds)
    .where(eq(judgingRounds.eventId, event.id));
  if (rounds.length === 0) return event.judgingClosesAt !== null && event.judgingClosesAt <= now;
  return rounds.every((round) => round.status === "locked");
}

/** The round whose ranking suggests winners when a category names none: the last scored round. */
function defaultRankingRound(rounds: readonly { id: string; kind: string }[]): string | null {
  const scored = rounds.filter((round) => round.kind !== "peoples_choice");
  return (scored.at(-1) ?? rounds.at(-1))?.id ?? null;
}

function snapshot(awards: readonly { teamId: string; place: number; amountPence: number }[]) {
  return awards.map(({ teamId, place, amountPence }) => ({ teamId, place, amountPence }));
}

// ---------------------------------------------------------------------------------------------
// The allocation page

export interface Candidate {
  teamId: string;
  teamName: string;
  submissionId: string;
  title: string;
  /** Rank in the category's ranking round among all entries, null when unranked there. */
  rank: number | null;
  /** Already given another prize, when a team may win only one. */
  awardedElsewhere: string | null;
}

export interface CategoryAllocation {
  id: string;
  name: string;
  themeTitle: string | null;
  sponsor: string;
  supportMonths: number;
  placesPence: number[];
  fundPence: number;
  rankingRoundId: string | null;
  candidates: Candidate[];
  suggestion: PlacedTeam[];
  awards: AwardView[];
  allocatedPence: number;
  followsSuggestion: boolean;
  reason: string | null;
}

export interface AllocationView {
  status: PrizeAllocation["status"];
  version: number;
  proposedBy: { id: string; name: string } | null;
  proposedAt: Date | null;
  approvedBy: { id: string; name: string } | null;
  approvedAt: Date | null;
  tieRule: TieRule;
  teamMayWinSeveral: boolean;
  judgingClosed: boolean;
  rounds: { id: string; name: string; kind: string; status: string }[];
  categories: CategoryAllocation[];
  fundPence: number;
  allocatedPence: number;
}

async function personName(db: Queryable, userId: string | null) {
  if (!userId) return null;
  const [row] = await db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, userId));
  return row ?? null;
}

/** Everything the organisers' allocation page shows: each category with its suggestion and awards. */
export async function allocationView(event: Event): Promise<AllocationView> {
  const db = getDb();
  const allocation = await allocationOf(db, event.id);
  const rounds = await db
    .select({ id: judgingRounds.id, name: judgingRounds.name, kind: judgingRounds.kind, status: judgingRounds.status })
    .from(judgingRounds)
    .where(eq(judgingRounds.eventId, event.id))
    .orderBy(asc(judgingRounds.position));
  const categories = await categoriesOf(db, event.id);
  const entries = await eligibleEntries(db, event.id);
  const awards = await awardsOf(db, event.id);
  const fallback = defaultRankingRound(rounds);

  // Each round's ranking once, as team → rank.
  const rankings = new Map<string, Map<string, number>>();
  const teamOfEntry = new Map(entries.map((entry) => [entry.submissionId, entry.teamId]));
  for (const roundId of new Set(categories.map((category) => category.rankingRoundId ?? fallback))) {
    if (!roundId) continue;
    const results = await roundResults(event, roundId);
    const ranks = new Map<string, number>();
    for (const ranked of results?.ranked ?? []) {
      const teamId = teamOfEntry.get(ranked.submissionId);
      if (teamId) ranks.set(teamId, ranked.rank);
    }
    rankings.set(roundId, ranks);
  }

  const categoryNames = new Map(categories.map((category) => [category.id, category.name]));
  const suggestedEarlier = new Map<string, string>();
  const views: CategoryAllocation[] = categories.map((category) => {
    const roundId = category.rankingRoundId ?? fallback;
    const ranks = (roundId && rankings.get(roundId)) || new Map<string, number>();
    const own = awards.filter((award) => award.categoryId === category.id);
    const elsewhere = (teamId: string): string | null => {
      if (event.teamMayWinSeveral) return null;
      const other = awards.find((award) => award.teamId === teamId && award.categoryId !== category.id);
      if (other) return categoryNames.get(other.categoryId) ?? null;
      return own.length === 0 ? (suggestedEarlier.get(teamId) ?? null) : null;
    };
    const candidates: Candidate[] = entries
      .filter((entry) => category.themeId === null || entry.themeId === category.themeId)
      .map((entry) => ({
        teamId: entry.teamId,
        teamName: entry.teamName,
        submissionId: entry.submissionId,
        title: entry.title.trim() ? entry.title : `${entry.teamName}'s entry`,
        rank: ranks.get(entry.teamId) ?? null,
        awardedElsewhere: elsewhere(entry.teamId),
      }))
      .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.teamName.localeCompare(b.teamName, "en-GB"));
    const suggestion = suggestPlaces(
      candidates
        .filter((candidate) => candidate.rank !== null && candidate.awardedElsewhere === null)
        .map((candidate) => ({ teamId: candidate.teamId, rank: candidate.rank! })),
      category.placesPence.length,
      event.prizeTieRule,
    );
    for (const placed of own.length ? own : suggestion) suggestedEarlier.set(placed.teamId, category.name);
    return {
      id: category.id,
      name: category.name,
      themeTitle: category.themeTitle,
      sponsor: category.sponsor,
      supportMonths: category.supportMonths,
      placesPence: category.placesPence,
      fundPence: categoryFund(category.placesPence),
      rankingRoundId: roundId,
      candidates,
      suggestion,
      awards: own,
      allocatedPence: sumPence(own.map((award) => award.amountPence)),
      followsSuggestion: samePlaces(own, suggestion),
      reason: category.awardsReason,
    };
  });
  return {
    status: allocation.status,
    version: allocation.version,
    proposedBy: await personName(db, allocation.proposedByUserId),
    proposedAt: allocation.proposedAt,
    approvedBy: await personName(db, allocation.approvedByUserId),
    approvedAt: allocation.approvedAt,
    tieRule: event.prizeTieRule,
    teamMayWinSeveral: event.teamMayWinSeveral,
    judgingClosed: await judgingClosed(db, event),
    rounds,
    categories: views,
    fundPence: sumPence(views.map((view) => view.fundPence)),
    allocatedPence: sumPence(views.map((view) => view.allocatedPence)),
  };
}

// ---------------------------------------------------------------------------------------------
// Drafting

function refuseUnlessDraft(allocation: PrizeAllocation): void {
  if (allocation.status === "proposed") {
    refuse("The allocation has been proposed for approval. Return it to draft before you change it");
  }
  if (allocation.status === "approved") {
    refuse("The allocation is approved and frozen. Return it to draft, with a reason, before you change it");
  }
}

function refuseIfStale(allocation: PrizeAllocation, version: number | undefined): void {
  if (version !== undefined && version !== allocation.version) {
    refuse("Someone else has changed the allocation since you opened this page. Check it again before you go on");
  }
}

/** The prize rules: how ties are paid and whether one team may win several prizes. Audited. */
export async function setPrizeRules(
  actor: User,
  event: Event,
  rules: { tieRule: TieRule; teamMayWinSeveral: boolean },
  version: number,
): Promise<{ saved: true } | Refusal> {
  return refusable(async (tx) => {
    const allocation = await allocationOf(tx, event.id, true);
    refuseIfStale(allocation, version);
    const [awarded] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(prizeAwards)
      .where(eq(prizeAwards.eventId, event.id));
    const changing = rules.tieRule !== event.prizeTieRule || rules.teamMayWinSeveral !== event.teamMayWinSeveral;
    if (changing && (awarded?.n ?? 0) > 0) {
      refuseUnlessDraft(allocation);
      refuse("Clear the prizes already given before you change the rules they were given under");
    }
    await tx
      .update(events)
      .set({ prizeTieRule: rules.tieRule, teamMayWinSeveral: rules.teamMayWinSeveral, updatedAt: new Date() })
      .where(eq(events.id, event.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "event.prize_rules_set",
      subjectType: "event",
      subjectId: event.id,
      before: { tieRule: event.prizeTieRule, teamMayWinSeveral: event.teamMayWinSeveral },
      after: rules,
    });
    return { saved: true as const };
  });
}

export interface CategoryAwardsInput {
  /** The round whose ranking suggests the winners. */
  rankingRoundId: string | null;
  places: PlacedTeam[];
  /** Why the choice differs from the suggestion. */
  reason: string;
  version: number;
}

/** A team's members by when they joined: the order the equal split's odd pence follow. */
async function memberIdsByJoining(db: Queryable, teamId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .where(eq(teamMembers.teamId, teamId))
    .orderBy(asc(teamMembers.joinedAt), asc(teamMembers.userId));
  return rows.map((row) => row.userId);
}

/** Inserts an award and its equal shares. */
async function insertAward(
  tx: Transaction,
  eventId: string,
  categoryId: string,
  award: { teamId: string; place: number; amountPence: number },
): Promise<void> {
  const [row] = await tx
    .insert(prizeAwards)
    .values({ eventId, categoryId, ...award })
    .returning({ id: prizeAwards.id });
  const members = await memberIdsByJoining(tx, award.teamId);
  const holders: (string | null)[] = members.length > 0 ? members : [null];
  const amounts = splitEqually(award.amountPence, holders.length);
  await tx
    .insert(awardShares)
    .values(
      holders.map((userId, position) => ({ awardId: row!.id, userId, position, amountPence: amounts[position]! })),
    );
}

/**
 * Fills a category's places with teams. The money each gets follows from the places and the
 * event's tie rule; a choice other than the one the ranking suggests needs a reason. The
 * category is locked while its awards are written, so two organisers cannot over-allocate it.
 */
export async function saveCategoryAwards(
  actor: User,
  event: Event,
  categoryId: string,
  input: CategoryAwardsInput,
): Promise<{ saved: true } | Refusal> {
  // The suggestion reads the results outside the transaction: it is advice, and the results
  // cannot change while every round is locked.
  const view = await allocationView(event);
  const shown = view.categories.find((category) => category.id === categoryId);
  if (!shown) return { error: "That prize no longer exists" };
  const rankingRoundId =
    input.rankingRoundId && view.rounds.some((round) => round.id === input.rankingRoundId)
      ? input.rankingRoundId
      : shown.rankingRoundId;
  const suggestion =
    rankingRoundId === shown.rankingRoundId ? shown.suggestion : await suggestionFrom(event, shown, rankingRoundId);

  return refusable(async (tx) => {
    const allocation = await allocationOf(tx, event.id, true);
    refuseUnlessDraft(allocation);
    refuseIfStale(allocation, input.version);
    const [category] = await tx
      .select()
      .from(prizeCategories)
      .where(and(eq(prizeCategories.id, categoryId), eq(prizeCategories.eventId, event.id)))
      .for("update");
    if (!category) refuse("That prize no longer exists");
    const placesPence = (
      await tx
        .select({ amountPence: prizePlaces.amountPence })
        .from(prizePlaces)
        .where(eq(prizePlaces.categoryId, categoryId))
        .orderBy(asc(prizePlaces.place))
    ).map((row) => row.amountPence);

    const problem = placesError(input.places, placesPence.length, event.prizeTieRule);
    if (problem) refuse(problem, "places");
    const entries = await eligibleEntries(tx, event.id);
    const eligibleTeams = new Map(
      entries
        .filter((entry) => category.themeId === null || entry.themeId === category.themeId)
        .map((entry) => [entry.teamId, entry.teamName]),
    );
    for (const placed of input.places) {
      if (!eligibleTeams.has(placed.teamId)) {
        refuse(
          category.themeId
            ? "Only a submitted entry of this prize's theme can win it"
            : "Only a submitted entry that has not been disqualified can win a prize",
          "places",
        );
      }
    }
    if (!event.teamMayWinSeveral && input.places.length > 0) {
      const elsewhere = await tx
        .select({ teamId: prizeAwards.teamId, category: prizeCategories.name })
        .from(prizeAwards)
        .innerJoin(prizeCategories, eq(prizeCategories.id, prizeAwards.categoryId))
        .where(
          and(
            eq(prizeAwards.eventId, event.id),
            inArray(
              prizeAwards.teamId,
              input.places.map((placed) => placed.teamId),
            ),
            sql`${prizeAwards.categoryId} <> ${categoryId}`,
          ),
        );
      const [clash] = elsewhere;
      if (clash) {
        refuse(
          `${eligibleTeams.get(clash.teamId)} has already won ${clash.category}, and this event gives each team one prize at most`,
          "places",
        );
      }
    }
    const follows = samePlaces(input.places, suggestion);
    const reason = input.reason.trim();
    if (!follows && reason === "") {
      refuse("Enter why these winners differ from the ones the ranking suggests", "reason");
    }

    const amounts = awardPlaces(placesPence, input.places, event.prizeTieRule);
    const overBy = allocationError(
      categoryFund(placesPence),
      amounts.map((award) => award.amountPence),
    );
    if (overBy) refuse(overBy, "places");

    const before = await tx
      .select({
        id: prizeAwards.id,
        teamId: prizeAwards.teamId,
        place: prizeAwards.place,
        amountPence: prizeAwards.amountPence,
      })
      .from(prizeAwards)
      .where(eq(prizeAwards.categoryId, categoryId));
    // Awards that stay exactly as they were keep their shares (and anything the team chose).
    const unchanged = (award: { teamId: string; place: number; amountPence: number }) =>
      before.some(
        (old) => old.teamId === award.teamId && old.place === award.place && old.amountPence === award.amountPence,
      );
    const keep = new Set(
      before
        .filter((old) => amounts.some((award) => unchanged(award) && award.teamId === old.teamId))
        .map((old) => old.id),
    );
    const gone = before.filter((old) => !keep.has(old.id)).map((old) => old.id);
    if (gone.length > 0) await tx.delete(prizeAwards).where(inArray(prizeAwards.id, gone));
    for (const award of amounts.filter((award) => !unchanged(award))) {
      await insertAward(tx, event.id, categoryId, award);
    }
    await tx
      .update(prizeCategories)
      .set({ rankingRoundId, awardsReason: follows ? null : reason })
      .where(eq(prizeCategories.id, categoryId));
    await tx
      .update(prizeAllocations)
      .set({ version: allocation.version + 1, updatedAt: new Date() })
      .where(eq(prizeAllocations.eventId, event.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "prize_awards.saved",
      subjectType: "prize_category",
      subjectId: categoryId,
      before: { awards: snapshot(before), reason: category.awardsReason },
      after: { awards: snapshot(amounts), rankingRoundId, followsSuggestion: follows },
      reason: follows ? undefined : reason,
    });
    return { saved: true as const };
  });
}

async function suggestionFrom(event: Event, category: CategoryAllocation, roundId: string | null) {
  if (!roundId) return [];
  const results = await roundResults(event, roundId);
  const teamOf = new Map(category.candidates.map((candidate) => [candidate.submissionId, candidate]));
  const ranked = (results?.ranked ?? []).flatMap((entry) => {
    const candidate = teamOf.get(entry.submissionId);
    return candidate && candidate.awardedElsewhere === null ? [{ teamId: candidate.teamId, rank: entry.rank }] : [];
  });
  return suggestPlaces(ranked, category.placesPence.length, event.prizeTieRule);
}

// ---------------------------------------------------------------------------------------------
// Two people

async function awardsSnapshot(db: Queryable, eventId: string) {
  return (await awardsOf(db, eventId)).map((award) => ({
    categoryId: award.categoryId,
    teamId: award.teamId,
    place: award.place,
    amountPence: award.amountPence,
  }));
}

/**
 * Puts the draft allocation forward for a second person's approval. Judging must be closed, so
 * the results it rests on cannot move. The other organisers are emailed.
 */
export async function proposeAllocation(
  actor: User,
  event: Event,
  version: number,
): Promise<{ proposed: true } | Refusal> {
  return refusable(async (tx) => {
    const allocation = await allocationOf(tx, event.id, true);
    if (allocation.status !== "draft") refuse("The allocation has already been proposed");
    refuseIfStale(allocation, version);
    if (!(await judgingClosed(tx, event))) {
      refuse("Lock every judging round before proposing the allocation, so the results it rests on cannot change");
    }
    const awards = await awardsSnapshot(tx, event.id);
    if (awards.length === 0) refuse("Give at least one prize before proposing the allocation");
    const now = new Date();
    await tx
      .update(prizeAllocations)
      .set({
        status: "proposed",
        proposedByUserId: actor.id,
        proposedAt: now,
        version: allocation.version + 1,
        updatedAt: now,
      })
      .where(eq(prizeAllocations.eventId, event.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "prize_allocation.proposed",
      subjectType: "prize_allocation",
      subjectId: event.id,
      before: { status: allocation.status },
      after: { status: "proposed", awards },
    });
    const link = `${publicOrigin()}/events/${event.slug}/manage/prize-money`;
    for (const organiser of await organisersOf(tx, event)) {
      if (organiser.id === actor.id) continue;
      await enqueueEmail(tx, {
        to: organiser.email,
        subject: `Prize money for ${event.title} is waiting for your approval`,
        text: `Hello ${organiser.name},\n\n${actor.name} has proposed how the prize money for ${event.title} is allocated. It needs a second person to approve it before the results can be announced.\n\nCheck and approve it here: ${link}\n\nYou will be asked for your password to approve.`,
      });
    }
    return { proposed: true as const };
  });
}

/**
 * Approves the proposed allocation. Only someone other than the proposer can, and only with
 * their password: an organiser of the event or an administrator. Approved, it is frozen.
 */
export async function approveAllocation(
  actor: User,
  event: Event,
  input: { password: string; version: number },
): Promise<{ approved: true } | Refusal> {
  // The password is checked before anything is locked: hashing is slow on purpose.
  if (!input.password) return { error: "Enter your password to approve the allocation", field: "password" };
  if (!(await verifyPassword(actor.passwordHash, input.password))) {
    return { error: "The password is not right. Enter the password you sign in with", field: "password" };
  }
  return refusable(async (tx) => {
    const allocation = await allocationOf(tx, event.id, true);
    if (allocation.status === "draft") refuse("There is no proposed allocation to approve");
    if (allocation.status === "approved") refuse("The allocation is already approved");
    if (allocation.proposedByUserId === actor.id) {
      refuse("You proposed this allocation, so a different organiser or an administrator must approve it");
    }
    refuseIfStale(allocation, input.version);
    if (!actor.isAdmin && !(await organisersOf(tx, event)).some((person) => person.id === actor.id)) {
      refuse("Only an organiser of this event or an administrator can approve its allocation");
    }
    if (!(await judgingClosed(tx, event))) refuse("A judging round has been unlocked. Lock it again before approving");
    const now = new Date();
    await tx
      .update(prizeAllocations)
      .set({
        status: "approved",
        approvedByUserId: actor.id,
        approvedAt: now,
        version: allocation.version + 1,
        updatedAt: now,
      })
      .where(eq(prizeAllocations.eventId, event.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "prize_allocation.approved",
      subjectType: "prize_allocation",
      subjectId: event.id,
      before: { status: "proposed", proposedBy: allocation.proposedByUserId },
      after: { status: "approved", awards: await awardsSnapshot(tx, event.id) },
    });
    return { approved: true as const };
  });
}

/**
 * Takes a proposed or approved allocation back to draft, with a reason, so it can be changed;
 * it then needs proposing and approving again. Not once the results are announced or any money
 * is on its way.
 */
export async function returnAllocationToDraft(
  actor: User,
  event: Event,
  reason: string,
  version: number,
): Promise<{ returned: true } | Refusal> {
  return refusable(async (tx) => {
    const allocation = await allocationOf(tx, event.id, true);
    refuseIfStale(allocation, version);
    if (allocation.status === "draft") refuse("The allocation is already a draft");
    if (reason.trim() === "") refuse("Enter why the allocation goes back to draft", "reason");
    if (allocation.status === "approved") {
      if (event.resultsAnnouncedAt) {
        refuse(
          "The results have been announced with this allocation. Cancel the announcement first if it is still to come",
        );
      }
      const [moving] = await tx
        .select({ id: awardShares.id })
        .from(awardShares)
        .innerJoin(prizeAwards, eq(prizeAwards.id, awardShares.awardId))
        .where(and(eq(prizeAwards.eventId, event.id), sql`${awardShares.status} <> 'awaiting_details'`))
        .limit(1);
      if (moving) refuse("Payouts have started on this allocation, so it cannot go back to draft");
    }
    await tx
      .update(prizeAllocations)
      .set({
        status: "draft",
        proposedByUserId: null,
        proposedAt: null,
        approvedByUserId: null,
        approvedAt: null,
        version: allocation.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(prizeAllocations.eventId, event.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "prize_allocation.returned_to_draft",
      subjectType: "prize_allocation",
      subjectId: event.id,
      before: {
        status: allocation.status,
        proposedBy: allocation.proposedByUserId,
        approvedBy: allocation.approvedByUserId,
      },
      after: { status: "draft" },
      reason: reason.trim(),
    });
    return { returned: true as const };
  });
}

/** Whether the event's prize money is approved (or it has none to give). */
export async function allocationSettled(db: Queryable, event: Event): Promise<boolean> {
  const [places] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(prizePlaces)
    .innerJoin(prizeCategories, eq(prizeCategories.id, prizePlaces.categoryId))
    .where(eq(prizeCategories.eventId, event.id));
  if ((places?.n ?? 0) === 0) return true;
  return (await allocationOf(db, event.id)).status === "approved";
}

// ---------------------------------------------------------------------------------------------
// Payouts

export interface PayoutRow extends ShareView {
  awardId: string;
  categoryName: string;
  place: number;
  teamName: string;
}

/** Every share of the allocation, in prize and place order. */
export async function payouts(event: Event, db: Queryable = getDb()): Promise<PayoutRow[]> {
  const categories = await categoriesOf(db, event.id);
  const order = new Map(categories.map((category, index) => [category.id, index]));
  const names = new Map(categories.map((category) => [category.id, category.name]));
  const awards = (await awardsOf(db, event.id)).sort(
    (a, b) => order.get(a.categoryId)! - order.get(b.categoryId)! || a.place - b.place,
  );
  return awards.flatMap((award) =>
    award.shares.map((share) => ({
      ...share,
      awardId: award.id,
      categoryName: names.get(award.categoryId) ?? "",
      place: award.place,
      teamName: award.teamName,
    })),
  );
}

/** Moves a share's payout on (ready, paid with date and reference, declined or forfeited with a reason). Audited. */
export async function changePayout(
  actor: User,
  event: Event,
  shareId: string,
  change: PayoutChange & { version: number },
  today: string,
): Promise<{ changed: true } | Refusal> {
  return refusable(async (tx) => {
    const allocation = await allocationOf(tx, event.id);
    if (allocation.status !== "approved") refuse("Payouts start once the allocation is approved");
    const [share] = await tx
      .select({ share: awardShares })
      .from(awardShares)
      .innerJoin(prizeAwards, eq(prizeAwards.id, awardShares.awardId))
      .where(and(eq(awardShares.id, shareId), eq(prizeAwards.eventId, event.id)))
      .for("update", { of: awardShares });
    if (!share) refuse("That share no longer exists");
    const current = share.share;
    if (current.version !== change.version) {
      refuse("Someone else has changed this payout since you opened the page. Check it again before you go on");
    }
    const errors = payoutChangeErrors(current.status, change, today);
    const [field, message] = Object.entries(errors)[0] ?? [];
    if (message) refuse(message, field);
    const after = {
      status: change.to,
      paidOn: change.to === "paid" ? change.paidOn!.trim() : current.status === "paid" ? null : current.paidOn,
      paymentReference:
        change.to === "paid" ? change.reference!.trim() : current.status === "paid" ? "" : current.paymentReference,
      statusReason: change.reason?.trim() ?? "",
    };
    await tx
      .update(awardShares)
      .set({ ...after, version: current.version + 1, updatedAt: new Date() })
      .where(eq(awardShares.id, shareId));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "award_share.payout_changed",
      subjectType: "award_share",
      subjectId: shareId,
      before: {
        status: current.status,
        paidOn: current.paidOn,
        paymentReference: current.paymentReference,
        statusReason: current.statusReason,
      },
      after,
      reason: change.reason?.trim() || undefined,
    });
    return { changed: true as const };
  });
}

/** The finance team's file: one row per share. */
export async function financeCsvRows(event: Event): Promise<{ header: string[]; rows: string[][] }> {
  const rows = await payouts(event);
  return {
    header: [
      "Prize",
      "Place",
      "Team",
      "Payee",
      "Organisation or person",
      "Member",
      "Member email",
      "Amount (£)",
      "Status",
      "Payment reference",
      "Paid on",
      "Reason",
    ],
    rows: rows.map((row) => [
      row.categoryName,
      ordinal(row.place),
      row.teamName,
      row.payeeKind === "organisation" ? row.organisationName : row.name,
      row.payeeKind === "organisation" ? "Organisation" : "Person",
      row.name,
      row.email,
      poundsForCsv(row.amountPence),
      PAYOUT_STATUS_NAMES[row.status],
      row.paymentReference,
      row.paidOn ?? "",
      row.statusReason,
    ]),
  };
}

/** Pounds with two decimals and no £ or commas, which every spreadsheet reads as a number. */
function poundsForCsv(pence: number): string {
  const digits = String(pence).padStart(3, "0");
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

export interface EventReconciliation extends Reconciliation {
  eventId: string;
  slug: string;
  title: string;
  status: PrizeAllocation["status"];
}

async function reconcileEvents(db: Queryable, eventRows: readonly { id: string; slug: string; title: string }[]) {
  const result: EventReconciliation[] = [];
  for (const row of eventRows) {
    const categories = await categoriesOf(db, row.id);
    const shares = await db
      .select({ amountPence: awardShares.amountPence, status: awardShares.status })
      .from(awardShares)
      .innerJoin(prizeAwards, eq(prizeAwards.id, awardShares.awardId))
      .where(eq(prizeAwards.eventId, row.id));
    const [allocation] = await db
      .select({ status: prizeAllocations.status })
      .from(prizeAllocations)
      .where(eq(prizeAllocations.eventId, row.id));
    const fund = sumPence(categories.map((category) => categoryFund(category.placesPence)));
    result.push({
      eventId: row.id,
      slug: row.slug,
      title: row.title,
      status: allocation?.status ?? "draft",
      ...reconcile(fund, shares),
    });
  }
  return result;
}

/** Fund, allocated, paid and outstanding for one event. */
export async function eventReconciliation(event: Event): Promise<EventReconciliation> {
  return (await reconcileEvents(getDb(), [event]))[0]!;
}

/** The same for every event of a community, with the community's totals. */
export async function communityReconciliation(
  community: Community,
): Promise<{ events: EventReconciliation[]; total: Reconciliation }> {
  const db = getDb();
  const eventRows = await db
    .select({ id: events.id, slug: events.slug, title: events.title })
    .from(events)
    .where(and(eq(events.communityId, community.id), sql`${events.status} <> 'draft'`))
    .orderBy(asc(events.createdAt));
  const rows = await reconcileEvents(db, eventRows);
  return { events: rows, total: addReconciliations(rows) };
}

/** Each prize category in order with its awards: what the public results page lists. */
export async function awardsByCategory(event: Event, db: Queryable = getDb()) {
  const categories = await categoriesOf(db, event.id);
  const awards = await awardsOf(db, event.id);
  return categories.map((category) => ({
    ...category,
    awards: awards.filter((award) => award.categoryId === category.id),
  }));
}

// ---------------------------------------------------------------------------------------------
// For the organisers' prize money pages

/** The allocation's status and version alone, without the rankings that allocationView reads. */
export async function allocationState(
  event: Event,
): Promise<{ status: PrizeAllocation["status"]; version: number; proposedByUserId: string | null }> {
  const allocation = await allocationOf(getDb(), event.id);
  return { status: allocation.status, version: allocation.version, proposedByUserId: allocation.proposedByUserId };
}

/**
 * One category of the allocation as the page that chooses its winners shows it: its candidates
 * ranked, and its suggestion made, by `roundId` when that is another round of the event (the
 * organiser asked to see that round's ranking), else by the category's own ranking round. Null
 * when the event has no such category.
 */
export async function categoryChoice(
  event: Event,
  categoryId: string,
  roundId: string | null,
): Promise<{ allocation: AllocationView; category: CategoryAllocation } | null> {
  const allocation = await allocationView(event);
  const shown = allocation.categories.find((category) => category.id === categoryId);
  if (!shown) return null;
  if (!roundId || roundId === shown.rankingRoundId || !allocation.rounds.some((round) => round.id === roundId)) {
    return { allocation, category: shown };
  }
  const results = await roundResults(event, roundId);
  const ranks = new Map((results?.ranked ?? []).map((entry) => [entry.submissionId, entry.rank]));
  const candidates = shown.candidates
    .map((candidate) => ({ ...candidate, rank: ranks.get(candidate.submissionId) ?? null }))
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.teamName.localeCompare(b.teamName, "en-GB"));
  const suggestion = await suggestionFrom(event, shown, roundId);
  return {
    allocation,
    category: {
      ...shown,
      rankingRoundId: roundId,
      candidates,
      suggestion,
      followsSuggestion: samePlaces(shown.awards, suggestion),
    },
  };
}
