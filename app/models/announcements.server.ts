// Announcing the results: published now or at a set time once judging is closed and the prize
// money approved; the public results page; and the emails to winners (what they won, what
// happens next) and to every other entrant (thanks, and where their judges' feedback is).
import { and, asc, eq, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import { publicOrigin } from "~/config.server";
import { getDb, type Transaction } from "~/db/client.server";
import {
  events,
  judgingRounds,
  prizeCategories,
  submissions,
  teamMembers,
  teams,
  users,
  type Event,
  type User,
} from "~/db/schema";
import { ordinal } from "~/domain/calls";
import { formatPence } from "~/domain/money";
import { phaseFlags } from "~/domain/phases";
import { formatInstant } from "~/domain/time";
import { roundResults } from "~/models/judging.server";
import { allocationSettled, awardsByCategory, judgingClosed, payouts } from "~/models/prizes.server";
import { refusable, refuse, type Refusal } from "~/models/refusals.server";
import { grantSupportWindows } from "~/models/support.server";
import { recordAudit } from "~/services/audit.server";
import { enqueueEmail } from "~/services/email.server";

/** How far ahead an announcement can be set: far enough for any event, near enough to catch a typo in the year. */
const MAX_SCHEDULE_DAYS = 366;

export interface AnnounceInput {
  /** Null: now. */
  at: Date | null;
  /** Also show this round's full ranking on the public page. */
  rankingRoundId: string | null;
}

/**
 * Publishes the results now or at a set time. Refused until every judging round is locked and the
 * prize money is approved. Published now, the emails go in the same transaction; set for later,
 * the minute job sends them when the time comes.
 */
export async function announceResults(
  actor: User,
  event: Event,
  input: AnnounceInput,
  now: Date = new Date(),
): Promise<{ announced: "now" | "scheduled" } | Refusal> {
  return refusable(async (tx) => {
    const [current] = await tx.select().from(events).where(eq(events.id, event.id)).for("update");
    if (!current) refuse("This event no longer exists");
    if (current.status !== "published") refuse("Only a published event can announce results");
    if (current.resultsAnnouncedAt && current.resultsAnnouncedAt <= now) refuse("The results are already published");
    if (!(await judgingClosed(tx, current))) {
      refuse("Judging is not closed. Lock every judging round before announcing the results");
    }
    if (!(await allocationSettled(tx, current))) {
      refuse(
        "The prize money is not approved yet. A second person must approve the allocation before the results are announced",
      );
    }
    if (input.at) {
      if (input.at.getTime() <= now.getTime()) refuse("The time to publish must be in the future", "at");
      if (input.at.getTime() > now.getTime() + MAX_SCHEDULE_DAYS * 86_400_000) {
        refuse("The time to publish must be within a year", "at");
      }
    }
    if (input.rankingRoundId) {
      const [round] = await tx
        .select({ id: judgingRounds.id })
        .from(judgingRounds)
        .where(and(eq(judgingRounds.id, input.rankingRoundId), eq(judgingRounds.eventId, event.id)));
      if (!round) refuse("Choose a judging round of this event for the full ranking", "rankingRoundId");
    }
    const at = input.at ?? now;
    await tx
      .update(events)
      .set({ resultsAnnouncedAt: at, resultsRankingRoundId: input.rankingRoundId, updatedAt: now })
      .where(eq(events.id, event.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: input.at ? "event.results_scheduled" : "event.results_announced",
      subjectType: "event",
      subjectId: event.id,
      before: { resultsAnnouncedAt: current.resultsAnnouncedAt?.toISOString() ?? null },
      after: { resultsAnnouncedAt: at.toISOString(), rankingRoundId: input.rankingRoundId },
    });
    if (!input.at) await sendAnnouncement(tx, { ...current, resultsAnnouncedAt: at }, now);
    return { announced: input.at ? ("scheduled" as const) : ("now" as const) };
  });
}

/** Calls off an announcement set for later. Audited. */
export async function cancelScheduledAnnouncement(
  actor: User,
  event: Event,
  now: Date = new Date(),
): Promise<{ cancelled: true } | Refusal> {
  return refusable(async (tx) => {
    const [current] = await tx.select().from(events).where(eq(events.id, event.id)).for("update");
    if (!current?.resultsAnnouncedAt) refuse("No announcement is set");
    if (current.resultsAnnouncedAt <= now) refuse("The results are already published");
    await tx
      .update(events)
      .set({ resultsAnnouncedAt: null, resultsRankingRoundId: null, updatedAt: now })
      .where(eq(events.id, event.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "event.results_schedule_cancelled",
      subjectType: "event",
      subjectId: event.id,
      before: { resultsAnnouncedAt: current.resultsAnnouncedAt.toISOString() },
      after: { resultsAnnouncedAt: null },
    });
    return { cancelled: true as const };
  });
}

/**
 * Sends the announcements that are due: claims each event (skipping any another instance holds),
 * publishes its rounds' feedback, emails everyone, and marks it sent, all in one transaction.
 */
export async function deliverDueAnnouncements(now: Date = new Date()): Promise<number> {
  let delivered = 0;
  for (;;) {
    const sent = await getDb().transaction(async (tx) => {
      const [due] = await tx
        .select()
        .from(events)
        .where(
          and(
            eq(events.status, "published"),
            isNotNull(events.resultsAnnouncedAt),
            lte(events.resultsAnnouncedAt, sql`${now.toISOString()}::timestamptz`),
            isNull(events.announcementEmailsSentAt),
          ),
        )
        .limit(1)
        .for("update", { skipLocked: true });
      if (!due) return false;
      await sendAnnouncement(tx, due, now);
      return true;
    });
    if (!sent) return delivered;
    delivered += 1;
  }
}

async function entrantsOf(tx: Transaction, eventId: string) {
  return tx
    .select({ teamId: teams.id, teamName: teams.name, userId: users.id, name: users.name, email: users.email })
    .from(submissions)
    .innerJoin(teams, eq(teams.id, submissions.teamId))
    .innerJoin(teamMembers, eq(teamMembers.teamId, teams.id))
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(and(eq(submissions.eventId, eventId), eq(submissions.status, "submitted")))
    .orderBy(asc(teams.name), asc(users.name));
}

/** Publishes the rounds' feedback to teams and emails winners and every other entrant. Once per event. */
async function sendAnnouncement(tx: Transaction, event: Event, now: Date): Promise<void> {
  const origin = publicOrigin();
  const resultsLink = `${origin}/events/${event.slug}/results`;
  const unpublished = await tx
    .select({ id: judgingRounds.id })
    .from(judgingRounds)
    .where(
      and(
        eq(judgingRounds.eventId, event.id),
        eq(judgingRounds.status, "locked"),
        isNull(judgingRounds.resultsPublishedAt),
      ),
    );
  if (unpublished.length > 0) {
    await tx
      .update(judgingRounds)
      .set({ resultsPublishedAt: now })
      .where(
        inArray(
          judgingRounds.id,
          unpublished.map((round) => round.id),
        ),
      );
    for (const round of unpublished) {
      await recordAudit(tx, {
        actorUserId: null,
        action: "judging_round.results_published",
        subjectType: "judging_round",
        subjectId: round.id,
        before: { resultsPublishedAt: null },
        after: { resultsPublishedAt: now.toISOString() },
        reason: "Published with the event's results",
      });
    }
  }

  const shares = await payouts(event, tx);
  const categories = await tx
    .select({ id: prizeCategories.id, name: prizeCategories.name, supportMonths: prizeCategories.supportMonths })
    .from(prizeCategories)
    .where(eq(prizeCategories.eventId, event.id));
  const supportByName = new Map(categories.map((category) => [category.name, category.supportMonths]));
  const winnersByUser = new Map<string, typeof shares>();
  for (const share of shares) {
    if (share.userId) winnersByUser.set(share.userId, [...(winnersByUser.get(share.userId) ?? []), share]);
  }
  const prizesLink = `${origin}/events/${event.slug}/prizes`;
  const feedbackLink = `${origin}/events/${event.slug}/submission`;
  for (const person of await entrantsOf(tx, event.id)) {
    const won = winnersByUser.get(person.userId);
    if (won) {
      const lines = won.map(
        (share) =>
          `- ${person.teamName}: ${ordinal(share.place)} place in ${share.categoryName}. Your share is ${formatPence(share.amountPence)}.`,
      );
      const supportMonths = Math.max(...won.map((share) => supportByName.get(share.categoryName) ?? 0));
      const support =
        supportMonths > 0
          ? `\n\nYour team also has ${supportMonths} months of follow-on support to help turn your prototype into something used in the NHS. The organisers will be in touch to start it.`
          : "";
      await enqueueEmail(tx, {
        to: person.email,
        subject: `Congratulations: your team won at ${event.title}`,
        text: `Hello ${person.name},\n\nThe results of ${event.title} are out, and your team has won:\n\n${lines.join("\n")}\n\nWhat happens next: the organisers' finance team will contact you to collect your payment details through their own process (we never ask for bank details here). If you would rather your share went to an organisation, such as your trust's charity or your department, say so here before it is paid: ${prizesLink}${support}\n\nThe full results: ${resultsLink}\nYour judges' feedback: ${feedbackLink}`,
      });
    } else {
      await enqueueEmail(tx, {
        to: person.email,
        subject: `Thank you for taking part in ${event.title}`,
        text: `Hello ${person.name},\n\nThank you for entering ${person.teamName}'s project in ${event.title}. The results are out: ${resultsLink}\n\nYour judges' feedback is waiting for you: ${feedbackLink}\n\nWe hope to see you at the next one.`,
      });
    }
  }
  await grantSupportWindows(tx, event, event.resultsAnnouncedAt ?? now);
  await tx.update(events).set({ announcementEmailsSentAt: now }).where(eq(events.id, event.id));
}

// ---------------------------------------------------------------------------------------------
// The public results page

export interface PublicResults {
  announcedAt: string;
  categories: {
    id: string;
    name: string;
    sponsor: string;
    themeTitle: string | null;
    winners: { place: number; teamName: string; title: string; submissionId: string | null; amountPence: number }[];
  }[];
  ranking: {
    roundName: string;
    entries: { rank: number; title: string; teamName: string; submissionId: string }[];
  } | null;
}

/** The results as the public sees them, or null before they are published. */
export async function publicResults(event: Event, now: Date = new Date()): Promise<PublicResults | null> {
  if (!event.resultsAnnouncedAt || !phaseFlags(event.status, event, now).resultsPublished) return null;
  const categories = await awardsByCategory(event);
  let ranking: PublicResults["ranking"] = null;
  if (event.resultsRankingRoundId) {
    const results = await roundResults(event, event.resultsRankingRoundId);
    if (results) {
      ranking = {
        roundName: results.round.name,
        entries: results.ranked.map((entry) => ({
          rank: entry.rank,
          title: entry.title,
          teamName: entry.teamName,
          submissionId: entry.submissionId,
        })),
      };
    }
  }
  return {
    announcedAt: formatInstant(event.resultsAnnouncedAt, event.timeZone),
    categories: categories.map((category) => ({
      id: category.id,
      name: category.name,
      sponsor: category.sponsor,
      themeTitle: category.themeTitle,
      winners: category.awards.map((award) => ({
        place: award.place,
        teamName: award.teamName,
        title: award.title,
        submissionId: award.submissionId,
        amountPence: award.amountPence,
      })),
    })),
    ranking,
  };
}

// ---------------------------------------------------------------------------------------------
// For the organisers' announcing page

export interface AnnouncementReadiness {
  /** The event has judging rounds and every one is locked. */
  judgingClosed: boolean;
  /** The prize money is approved, or the event has none to give. */
  prizeMoneySettled: boolean;
  /** The event's rounds, for the choice of a full ranking to publish. */
  rounds: { id: string; name: string; kind: string; status: string }[];
}

/** What stands between the event and announcing its results. */
export async function announcementReadiness(event: Event): Promise<AnnouncementReadiness> {
  const db = getDb();
  const rounds = await db
    .select({ id: judgingRounds.id, name: judgingRounds.name, kind: judgingRounds.kind, status: judgingRounds.status })
    .from(judgingRounds)
    .where(eq(judgingRounds.eventId, event.id))
    .orderBy(asc(judgingRounds.position));
  return {
    judgingClosed: await judgingClosed(db, event),
    prizeMoneySettled: await allocationSettled(db, event),
    rounds,
  };
}
