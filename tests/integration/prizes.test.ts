// Prize money from allocation to announcement: awards suggested from the ranking, exact money
// checked by the model and again by the database, two-person approval with a password, payouts,
// the team's shares, and publishing the results with the emails to winners and entrants.
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import {
  auditEvents,
  awardShares,
  communities,
  communityOrganisers,
  emailOutbox,
  eventRoles,
  events,
  prizeAllocations,
  prizeAwards,
  prizeCategories,
  prizePlaces,
  submissions,
  teamMembers,
  teams,
  themes,
  type Event,
  type User,
} from "~/db/schema";
import { NHS_HACK_DAY_RUBRIC } from "~/domain/rubrics";
import { announceResults, deliverDueAnnouncements, publicResults } from "~/models/announcements.server";
import { answerShareProposal, directShare, proposeShares, teamPrizes } from "~/models/award-shares.server";
import { createRound, currentRubric, lockRound } from "~/models/judging.server";
import {
  allocationView,
  approveAllocation,
  changePayout,
  communityReconciliation,
  eventReconciliation,
  financeCsvRows,
  proposeAllocation,
  returnAllocationToDraft,
  saveCategoryAwards,
} from "~/models/prizes.server";
import type { Refusal } from "~/models/refusals.server";
import { scores, roundEntries, judgeAssignments } from "~/db/schema";
import { TEST_PASSWORD, makeUser } from "./db";

let counter = 0;
const ownAddress = () => `person${++counter}@home${counter}.example`;

function ok<T extends object>(outcome: T): Exclude<T, Refusal> {
  if ("error" in outcome) throw new Error(`Refused: ${String((outcome as Refusal).error)}`);
  return outcome as Exclude<T, Refusal>;
}

function refused<T extends object>(outcome: T): Refusal {
  if (!("error" in outcome)) throw new Error(`Expected a refusal, got ${JSON.stringify(outcome)}`);
  return outcome as unknown as Refusal;
}

async function setUp() {
  const db = getDb();
  const [community] = await db.insert(communities).values({ slug: "leeds-c4h", name: "Leeds Code4Health" }).returning();
  const [event] = await db
    .insert(events)
    .values({
      communityId: community!.id,
      slug: "prizes-2030",
      title: "Leeds Hack Day 2030",
      kind: "hackday",
      status: "published",
    })
    .returning();
  const [theme] = await db.insert(themes).values({ eventId: event!.id, position: 1, title: "Falls" }).returning();
  const olu = await makeUser({ name: "Olu Organiser", email: ownAddress() });
  const efe = await makeUser({ name: "Efe Organiser", email: ownAddress() });
  await db.insert(communityOrganisers).values({ communityId: community!.id, userId: olu.id });
  await db.insert(eventRoles).values({ eventId: event!.id, userId: efe.id, role: "organiser" });
  return { community: community!, event: event!, theme: theme!, olu, efe };
}

async function category(event: Event, name: string, placesPence: number[], themeId: string | null = null) {
  const [row] = await getDb()
    .insert(prizeCategories)
    .values({ eventId: event.id, position: ++counter, name, themeId, supportMonths: 12 })
    .returning();
  await getDb()
    .insert(prizePlaces)
    .values(placesPence.map((amountPence, index) => ({ categoryId: row!.id, place: index + 1, amountPence })));
  return row!;
}

async function entry(event: Event, title: string, memberCount: number, themeId: string | null = null) {
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
    await db
      .insert(teamMembers)
      .values({
        teamId: team!.id,
        eventId: event.id,
        userId: member.id,
        joinedAt: new Date(Date.UTC(2030, 0, 1, 0, index)),
      });
  }
  const [submission] = await db
    .insert(submissions)
    .values({ eventId: event.id, teamId: team!.id, title, status: "submitted", themeId })
    .returning();
  return { team: team!, submission: submission!, members };
}

/** A locked shortlist in which each entry's one judge gives every criterion `score`. */
async function judgedRound(organiser: User, event: Event, entryScores: [{ submission: { id: string } }, number][]) {
  const { round } = ok(
    await createRound(organiser, event, { kind: "shortlist", name: "Shortlist", judgesPerEntry: 1 }),
  );
  const rubric = (await currentRubric(round.id))!;
  const judge = await makeUser({ name: "Jo Judge", email: ownAddress() });
  await getDb().insert(eventRoles).values({ eventId: event.id, userId: judge.id, role: "judge" });
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
  ok(await lockRound(organiser, event, round.id));
  return round;
}

async function freshEvent(id: string) {
  const [row] = await getDb().select().from(events).where(eq(events.id, id));
  return row!;
}

describe("prize money from allocation to announcement", () => {
  it("suggests winners from the ranking, needs two people to approve, and announces to everyone", async () => {
    const { event, olu, efe, community } = await setUp();
    const main = await category(event, "Best in show", [100_000, 50_000]);
    const breathe = await entry(event, "Breathe Easy", 3);
    const wound = await entry(event, "Wound Watch", 2);
    const falls = await entry(event, "Falls Finder", 1);
    await judgedRound(olu, event, [
      [breathe, 5],
      [wound, 4],
      [falls, 2],
    ]);

    const view = await allocationView(event);
    const suggested = view.categories[0]!.suggestion;
    expect(suggested).toEqual([
      { teamId: breathe.team.id, place: 1 },
      { teamId: wound.team.id, place: 2 },
    ]);
    ok(
      await saveCategoryAwards(olu, event, main.id, {
        rankingRoundId: null,
        places: suggested,
        reason: "",
        version: view.version,
      }),
    );

    const awards = await getDb().select().from(prizeAwards).where(eq(prizeAwards.categoryId, main.id));
    expect(awards.map((award) => award.amountPence).sort()).toEqual([100_000, 50_000].sort());
    const breatheShares = await getDb()
      .select()
      .from(awardShares)
      .innerJoin(prizeAwards, eq(prizeAwards.id, awardShares.awardId))
      .where(eq(prizeAwards.teamId, breathe.team.id));
    // £1,000 among three: the odd penny goes to the first to join.
    expect(breatheShares.map((row) => row.award_shares.amountPence)).toEqual([33_334, 33_333, 33_333]);

    const drafted = await allocationView(event);
    ok(await proposeAllocation(olu, event, drafted.version));
    const proposed = await allocationView(event);
    expect(
      refused(await approveAllocation(olu, event, { password: TEST_PASSWORD, version: proposed.version })).error,
    ).toMatch(/different organiser/);
    expect(refused(await approveAllocation(efe, event, { password: "", version: proposed.version })).field).toBe(
      "password",
    );
    expect(
      refused(await approveAllocation(efe, event, { password: "wrong one", version: proposed.version })).field,
    ).toBe("password");
    expect(
      refused(await announceResults(olu, await freshEvent(event.id), { at: null, rankingRoundId: null })).error,
    ).toMatch(/not approved/);
    ok(await approveAllocation(efe, event, { password: TEST_PASSWORD, version: proposed.version }));
    const [allocation] = await getDb().select().from(prizeAllocations).where(eq(prizeAllocations.eventId, event.id));
    expect(allocation).toMatchObject({ status: "approved", proposedByUserId: olu.id, approvedByUserId: efe.id });

    // Frozen once approved.
    expect(
      refused(
        await saveCategoryAwards(olu, event, main.id, {
          rankingRoundId: null,
          places: [],
          reason: "x",
          version: allocation!.version,
        }),
      ).error,
    ).toMatch(/approved and frozen/);

    ok(await announceResults(olu, await freshEvent(event.id), { at: null, rankingRoundId: null }));
    const announced = await freshEvent(event.id);
    expect(announced.announcementEmailsSentAt).not.toBeNull();
    const emails = await getDb().select().from(emailOutbox);
    const congratulations = emails.filter((email) => email.subject.startsWith("Congratulations"));
    const thanks = emails.filter((email) => email.subject.startsWith("Thank you"));
    expect(congratulations).toHaveLength(5);
    expect(thanks.map((email) => email.toAddress)).toEqual([falls.members[0]!.email]);
    expect(congratulations.find((email) => email.toAddress === breathe.members[0]!.email)!.textBody).toContain(
      "£333.34",
    );

    const results = (await publicResults(announced))!;
    expect(results.categories[0]!.winners.map((winner) => winner.teamName)).toEqual([
      "Breathe Easy team",
      "Wound Watch team",
    ]);

    // The team's side: a member gives their share to a charity; the captain proposes custom shares.
    const prizes = (await teamPrizes(wound.members[1]!, announced))!;
    const share = prizes.awards[0]!.shares.find((candidate) => candidate.userId === wound.members[1]!.id)!;
    ok(
      await directShare(wound.members[1]!, announced, share.id, {
        payeeKind: "organisation",
        organisationName: "Leeds Hospitals Charity",
      }),
    );
    const awardId = prizes.awards[0]!.id;
    const custom = { [wound.members[0]!.id]: 30_000, [wound.members[1]!.id]: 20_000 };
    expect(refused(await proposeShares(wound.members[1]!, announced, awardId, custom)).error).toMatch(/captain/);
    expect(
      refused(await proposeShares(wound.members[0]!, announced, awardId, { ...custom, [wound.members[1]!.id]: 19_999 }))
        .error,
    ).toMatch(/£0.01 less/);
    ok(await proposeShares(wound.members[0]!, announced, awardId, custom));
    const open = (await teamPrizes(wound.members[1]!, announced))!.awards[0]!.proposal!;
    expect(ok(await answerShareProposal(wound.members[1]!, announced, open.id, true)).agreed).toBe(true);
    const after = (await teamPrizes(wound.members[0]!, announced))!.awards[0]!.shares;
    expect(after.map((row) => row.amountPence)).toEqual([30_000, 20_000]);

    // Payouts: ready, then paid with date and reference.
    const first = after[0]!;
    // Not straight from awaiting details to paid: finance needs the payee's details first.
    expect(
      refused(await changePayout(olu, announced, first.id, { to: "paid", version: first.version }, "2030-07-01")).field,
    ).toBe("to");
    ok(await changePayout(olu, announced, first.id, { to: "ready", version: first.version }, "2030-07-01"));
    ok(
      await changePayout(
        olu,
        announced,
        first.id,
        { to: "paid", paidOn: "2030-06-30", reference: "BACS-0042", version: first.version + 1 },
        "2030-07-01",
      ),
    );
    const money = await eventReconciliation(announced);
    expect(money).toMatchObject({
      fundPence: 150_000,
      allocatedPence: 150_000,
      paidPence: 30_000,
      outstandingPence: 120_000,
    });
    expect((await communityReconciliation(community)).total.paidPence).toBe(30_000);
    const csv = await financeCsvRows(announced);
    expect(csv.rows.find((row) => row[9] === "BACS-0042")).toEqual([
      "Best in show",
      "2nd",
      "Wound Watch team",
      wound.members[0]!.name,
      "Person",
      wound.members[0]!.name,
      wound.members[0]!.email,
      "300.00",
      "Paid",
      "BACS-0042",
      "2030-06-30",
      "",
    ]);
    expect(csv.rows.find((row) => row[3] === "Leeds Hospitals Charity")?.[4]).toBe("Organisation");

    // Payouts started: the allocation cannot go back to draft.
    const audit = await getDb().select().from(auditEvents).where(eq(auditEvents.subjectId, event.id));
    expect(audit.map((row) => row.action)).toEqual(
      expect.arrayContaining(["prize_allocation.proposed", "prize_allocation.approved", "event.results_announced"]),
    );
    void returnAllocationToDraft;
  });

  it("lets the database refuse awards over the fund and shares that do not add up", async () => {
    const { event } = await setUp();
    const main = await category(event, "Best in show", [10_000]);
    const breathe = await entry(event, "Breathe Easy", 2);
    const db = getDb();
    await expect(
      db.transaction(async (tx) => {
        await tx
          .insert(prizeAwards)
          .values({ eventId: event.id, categoryId: main.id, place: 1, teamId: breathe.team.id, amountPence: 10_001 });
      }),
    ).rejects.toThrow();
    await expect(
      db.transaction(async (tx) => {
        const [award] = await tx
          .insert(prizeAwards)
          .values({ eventId: event.id, categoryId: main.id, place: 1, teamId: breathe.team.id, amountPence: 10_000 })
          .returning();
        await tx.insert(awardShares).values([
          { awardId: award!.id, userId: breathe.members[0]!.id, position: 0, amountPence: 5_000 },
          { awardId: award!.id, userId: breathe.members[1]!.id, position: 1, amountPence: 4_999 },
        ]);
      }),
    ).rejects.toThrow();
    expect(await db.select().from(prizeAwards)).toHaveLength(0);
    void and;
    void sql;
  });

  it("schedules an announcement and sends it when the minute job finds it due", async () => {
    const { event, olu } = await setUp();
    const breathe = await entry(event, "Breathe Easy", 1);
    await judgedRound(olu, event, [[breathe, 5]]);
    // No prize categories: nothing to approve.
    const at = new Date(Date.now() + 3_600_000);
    expect(ok(await announceResults(olu, event, { at, rankingRoundId: null })).announced).toBe("scheduled");
    expect(await deliverDueAnnouncements()).toBe(0);
    expect(await publicResults(await freshEvent(event.id))).toBeNull();
    expect(await deliverDueAnnouncements(new Date(at.getTime() + 1000))).toBe(1);
    expect(await deliverDueAnnouncements(new Date(at.getTime() + 2000))).toBe(0);
    const emails = await getDb().select().from(emailOutbox);
    expect(emails.map((email) => email.subject)).toEqual(["Thank you for taking part in Leeds Hack Day 2030"]);
  });
});
