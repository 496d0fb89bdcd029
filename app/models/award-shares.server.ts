// A winning team's side of its prize money, once the results are announced: each member's share,
// giving a share to an organisation instead, and custom shares that the captain proposes and
// every member accepts. Until then an award is split equally (app/domain/awards.ts).
import { and, asc, eq, inArray } from "drizzle-orm";
import { getDb, type Transaction } from "~/db/client.server";
import {
  awardShares,
  prizeAllocations,
  prizeAwards,
  prizeCategories,
  shareProposalAcceptances,
  shareProposals,
  teamMembers,
  teams,
  users,
  type Event,
  type User,
} from "~/db/schema";
import { customSharesError } from "~/domain/awards";
import { refusable, refuse, type Refusal } from "~/models/refusals.server";
import { sharesOf, type ShareView } from "~/models/prizes.server";
import { recordAudit } from "~/services/audit.server";
import { enqueueEmail } from "~/services/email.server";
import { publicOrigin } from "~/config.server";

export const MAX_ORGANISATION_NAME_LENGTH = 200;

export interface TeamAward {
  id: string;
  categoryName: string;
  place: number;
  amountPence: number;
  supportMonths: number;
  shares: ShareView[];
  /** Custom shares can still be agreed: no share has moved past awaiting details. */
  splitOpen: boolean;
  proposal: {
    id: string;
    proposedBy: string;
    amounts: Record<string, number>;
    acceptedBy: string[];
  } | null;
}

export interface TeamPrizes {
  teamId: string;
  teamName: string;
  isCaptain: boolean;
  awards: TeamAward[];
}

function resultsOut(event: Event, now: Date): boolean {
  return event.resultsAnnouncedAt !== null && event.resultsAnnouncedAt <= now;
}

/** The viewer's team's awards, once the results are out; null when they have none to see. */
export async function teamPrizes(user: User, event: Event, now: Date = new Date()): Promise<TeamPrizes | null> {
  if (!resultsOut(event, now)) return null;
  const db = getDb();
  const [team] = await db
    .select({ id: teams.id, name: teams.name, captainUserId: teams.captainUserId })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(and(eq(teamMembers.eventId, event.id), eq(teamMembers.userId, user.id)));
  if (!team) return null;
  const [allocation] = await db.select().from(prizeAllocations).where(eq(prizeAllocations.eventId, event.id));
  if (allocation?.status !== "approved") return null;
  const awardRows = await db
    .select({
      id: prizeAwards.id,
      categoryName: prizeCategories.name,
      place: prizeAwards.place,
      amountPence: prizeAwards.amountPence,
      supportMonths: prizeCategories.supportMonths,
    })
    .from(prizeAwards)
    .innerJoin(prizeCategories, eq(prizeCategories.id, prizeAwards.categoryId))
    .where(and(eq(prizeAwards.eventId, event.id), eq(prizeAwards.teamId, team.id)))
    .orderBy(asc(prizeCategories.position));
  if (awardRows.length === 0)
    return { teamId: team.id, teamName: team.name, isCaptain: team.captainUserId === user.id, awards: [] };
  const ids = awardRows.map((award) => award.id);
  const sharesByAward = await sharesOf(db, ids);
  const proposals = await db
    .select({ proposal: shareProposals, proposerName: users.name })
    .from(shareProposals)
    .leftJoin(users, eq(users.id, shareProposals.proposedByUserId))
    .where(and(inArray(shareProposals.awardId, ids), eq(shareProposals.status, "open")));
  const acceptances = proposals.length
    ? await db
        .select()
        .from(shareProposalAcceptances)
        .where(
          inArray(
            shareProposalAcceptances.proposalId,
            proposals.map(({ proposal }) => proposal.id),
          ),
        )
    : [];
  return {
    teamId: team.id,
    teamName: team.name,
    isCaptain: team.captainUserId === user.id,
    awards: awardRows.map((award) => {
      const shares = (sharesByAward.get(award.id) ?? []).map((share) => ({ ...share, name: share.name || team.name }));
      const open = proposals.find(({ proposal }) => proposal.awardId === award.id);
      return {
        ...award,
        shares,
        splitOpen: shares.every((share) => share.status === "awaiting_details"),
        proposal: open
          ? {
              id: open.proposal.id,
              proposedBy: open.proposerName ?? "A former member",
              amounts: open.proposal.amounts,
              acceptedBy: acceptances
                .filter((acceptance) => acceptance.proposalId === open.proposal.id)
                .map((acceptance) => acceptance.userId),
            }
          : null,
      };
    }),
  };
}

/** The award, checked to be the actor's team's at this event, with the results out. */
async function ownAward(tx: Transaction, actor: User, event: Event, awardId: string, now: Date) {
  if (!resultsOut(event, now)) refuse("The results have not been announced yet");
  const [row] = await tx
    .select({ award: prizeAwards, captainUserId: teams.captainUserId, teamName: teams.name })
    .from(prizeAwards)
    .innerJoin(teams, eq(teams.id, prizeAwards.teamId))
    .innerJoin(teamMembers, and(eq(teamMembers.teamId, teams.id), eq(teamMembers.userId, actor.id)))
    .where(and(eq(prizeAwards.id, awardId), eq(prizeAwards.eventId, event.id)))
    .for("update", { of: prizeAwards });
  if (!row) refuse("That prize is not your team's");
  const shares = await tx
    .select()
    .from(awardShares)
    .where(eq(awardShares.awardId, awardId))
    .orderBy(asc(awardShares.position));
  return { ...row, shares };
}

/**
 * Where the actor's own share goes: to them, or to an organisation they name (their trust's
 * charity, say). Not once it is paid. Audited.
 */
export async function directShare(
  actor: User,
  event: Event,
  shareId: string,
  choice: { payeeKind: "person" | "organisation"; organisationName: string },
  now: Date = new Date(),
): Promise<{ saved: true } | Refusal> {
  return refusable(async (tx) => {
    if (!resultsOut(event, now)) refuse("The results have not been announced yet");
    const [row] = await tx
      .select({ share: awardShares })
      .from(awardShares)
      .innerJoin(prizeAwards, eq(prizeAwards.id, awardShares.awardId))
      .where(and(eq(awardShares.id, shareId), eq(prizeAwards.eventId, event.id), eq(awardShares.userId, actor.id)))
      .for("update", { of: awardShares });
    if (!row) refuse("That share is not yours");
    const share = row.share;
    if (share.status === "paid") refuse("This share has been paid, so where it goes can no longer change");
    const organisationName = choice.payeeKind === "organisation" ? choice.organisationName.trim() : "";
    if (choice.payeeKind === "organisation" && organisationName === "") {
      refuse("Enter the name of the organisation to receive your share", "organisationName");
    }
    if (organisationName.length > MAX_ORGANISATION_NAME_LENGTH) {
      refuse(`The organisation's name must be ${MAX_ORGANISATION_NAME_LENGTH} characters or fewer`, "organisationName");
    }
    await tx
      .update(awardShares)
      .set({ payeeKind: choice.payeeKind, organisationName, version: share.version + 1, updatedAt: now })
      .where(eq(awardShares.id, shareId));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "award_share.payee_changed",
      subjectType: "award_share",
      subjectId: shareId,
      before: { payeeKind: share.payeeKind, organisationName: share.organisationName },
      after: { payeeKind: choice.payeeKind, organisationName },
    });
    return { saved: true as const };
  });
}

/**
 * The captain proposes custom shares of an award (pence per member, adding up exactly). It
 * replaces any open proposal, counts as the captain's acceptance, and waits for every other
 * member's. Only while no share of the award has moved past awaiting details.
 */
export async function proposeShares(
  actor: User,
  event: Event,
  awardId: string,
  amounts: Record<string, number>,
  now: Date = new Date(),
): Promise<{ proposed: true; agreed: boolean } | Refusal> {
  return refusable(async (tx) => {
    const { award, captainUserId, teamName, shares } = await ownAward(tx, actor, event, awardId, now);
    if (captainUserId !== actor.id) refuse("Only the team's captain can propose how the prize is shared");
    if (!shares.every((share) => share.status === "awaiting_details")) {
      refuse("Payment of this prize has started, so its shares can no longer change");
    }
    const holders = shares.flatMap((share) => (share.userId ? [share.userId] : []));
    if (holders.length < 2) refuse("Only a team of two or more can share a prize differently");
    const problem = customSharesError(award.amountPence, holders, amounts);
    if (problem) refuse(problem, "amounts");
    await tx
      .update(shareProposals)
      .set({ status: "withdrawn", settledAt: now })
      .where(and(eq(shareProposals.awardId, awardId), eq(shareProposals.status, "open")));
    const [proposal] = await tx
      .insert(shareProposals)
      .values({ awardId, proposedByUserId: actor.id, amounts })
      .returning({ id: shareProposals.id });
    await tx.insert(shareProposalAcceptances).values({ proposalId: proposal!.id, userId: actor.id });
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "award_shares.proposed",
      subjectType: "prize_award",
      subjectId: awardId,
      before: Object.fromEntries(shares.map((share) => [share.userId, share.amountPence])),
      after: amounts,
    });
    const others = await tx
      .select({ name: users.name, email: users.email })
      .from(users)
      .where(
        inArray(
          users.id,
          holders.filter((id) => id !== actor.id),
        ),
      );
    for (const person of others) {
      await enqueueEmail(tx, {
        to: person.email,
        subject: `${actor.name} has proposed how ${teamName} shares its prize`,
        text: `Hello ${person.name},\n\n${actor.name} has proposed a different split of ${teamName}'s prize money at ${event.title}. It takes effect only when every member has accepted it.\n\nSee it and accept or decline it here: ${publicOrigin()}/events/${event.slug}/prizes`,
      });
    }
    const agreed = await settleIfAgreed(tx, actor, proposal!.id, awardId, holders, amounts, now);
    return { proposed: true as const, agreed };
  });
}

/** When every holder has accepted, the proposal's amounts replace the shares. */
async function settleIfAgreed(
  tx: Transaction,
  actor: User,
  proposalId: string,
  awardId: string,
  holders: readonly string[],
  amounts: Record<string, number>,
  now: Date,
): Promise<boolean> {
  const accepted = await tx
    .select({ userId: shareProposalAcceptances.userId })
    .from(shareProposalAcceptances)
    .where(eq(shareProposalAcceptances.proposalId, proposalId));
  const acceptedIds = new Set(accepted.map((row) => row.userId));
  if (!holders.every((id) => acceptedIds.has(id))) return false;
  const before = await tx.select().from(awardShares).where(eq(awardShares.awardId, awardId));
  for (const share of before) {
    if (!share.userId) continue;
    await tx
      .update(awardShares)
      .set({ amountPence: amounts[share.userId]!, version: share.version + 1, updatedAt: now })
      .where(eq(awardShares.id, share.id));
  }
  await tx.update(shareProposals).set({ status: "agreed", settledAt: now }).where(eq(shareProposals.id, proposalId));
  await recordAudit(tx, {
    actorUserId: actor.id,
    action: "award_shares.agreed",
    subjectType: "prize_award",
    subjectId: awardId,
    before: Object.fromEntries(before.map((share) => [share.userId, share.amountPence])),
    after: amounts,
  });
  return true;
}

/** A member accepts or declines the open proposal. Declined, the shares stay as they are. */
export async function answerShareProposal(
  actor: User,
  event: Event,
  proposalId: string,
  accept: boolean,
  now: Date = new Date(),
): Promise<{ answered: true; agreed: boolean } | Refusal> {
  return refusable(async (tx) => {
    const [proposal] = await tx.select().from(shareProposals).where(eq(shareProposals.id, proposalId)).for("update");
    if (!proposal) refuse("That proposal no longer exists");
    const { shares } = await ownAward(tx, actor, event, proposal.awardId, now);
    if (proposal.status !== "open") refuse("That proposal has already been settled or replaced");
    const holders = shares.flatMap((share) => (share.userId ? [share.userId] : []));
    if (!holders.includes(actor.id)) refuse("Only a member who shares this prize can answer");
    if (!shares.every((share) => share.status === "awaiting_details")) {
      refuse("Payment of this prize has started, so its shares can no longer change");
    }
    if (!accept) {
      await tx
        .update(shareProposals)
        .set({ status: "declined", declinedByUserId: actor.id, settledAt: now })
        .where(eq(shareProposals.id, proposalId));
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "award_shares.declined",
        subjectType: "prize_award",
        subjectId: proposal.awardId,
        after: { proposalId },
      });
      return { answered: true as const, agreed: false };
    }
    await tx.insert(shareProposalAcceptances).values({ proposalId, userId: actor.id }).onConflictDoNothing();
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "award_shares.accepted",
      subjectType: "prize_award",
      subjectId: proposal.awardId,
      after: { proposalId },
    });
    const agreed = await settleIfAgreed(tx, actor, proposalId, proposal.awardId, holders, proposal.amounts, now);
    return { answered: true as const, agreed };
  });
}

/**
 * Whether the user's team has prize money to see: the results out, the allocation approved and
 * at least one award. One query, for the links on the team's pages.
 */
export async function teamWonPrizes(user: User, event: Event, now: Date = new Date()): Promise<boolean> {
  if (!resultsOut(event, now)) return false;
  const rows = await getDb()
    .select({ id: prizeAwards.id })
    .from(teamMembers)
    .innerJoin(prizeAwards, and(eq(prizeAwards.teamId, teamMembers.teamId), eq(prizeAwards.eventId, event.id)))
    .innerJoin(prizeAllocations, and(eq(prizeAllocations.eventId, event.id), eq(prizeAllocations.status, "approved")))
    .where(and(eq(teamMembers.eventId, event.id), eq(teamMembers.userId, user.id)))
    .limit(1);
  return rows.length > 0;
}
