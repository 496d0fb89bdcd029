// Prize money from allocation to announcement: awards suggested from the ranking, exact money
// checked by the model and again by the database, two-person approval with a password, payouts,
// the team's shares, and publishing the results with the emails to winners and entrants.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { auditEvents, awardShares, emailOutbox, eventRoles, events, prizeAllocations, prizeAwards } from "~/db/schema";
import { announceResults, deliverDueAnnouncements, publicResults } from "~/models/announcements.server";
import { answerShareProposal, directShare, proposeShares, teamPrizes } from "~/models/award-shares.server";
import { lockRound } from "~/models/judging.server";
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
import { TEST_PASSWORD, makeUser } from "./db";
import {
  category,
  entry,
  freshEvent,
  judgedRound,
  ok,
  ownAddress,
  prizeEvent,
  refused,
  awardSuggestion,
} from "./fixtures";

describe("prize money from allocation to announcement", () => {
  it("suggests winners from the ranking, needs two people to approve, and announces to everyone", async () => {
    const { event, olu, efe, community } = await prizeEvent();
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
    expect(
      refused(
        await returnAllocationToDraft(olu, announced, "A late correction", (await allocationView(announced)).version),
      ).error,
    ).toMatch(/announced/);
  });

  it("lets the database refuse awards over the fund and shares that do not add up", async () => {
    const { event } = await prizeEvent();
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
  });

  it("keeps two people apart in the database too: the proposer cannot be recorded as the approver", async () => {
    const { event, olu } = await prizeEvent();
    await expect(
      getDb().insert(prizeAllocations).values({
        eventId: event.id,
        status: "approved",
        proposedByUserId: olu.id,
        proposedAt: new Date(),
        approvedByUserId: olu.id,
        approvedAt: new Date(),
      }),
    ).rejects.toThrow();
  });

  it("schedules an announcement and sends it when the minute job finds it due", async () => {
    const { event, olu } = await prizeEvent();
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

describe("choosing winners", () => {
  it("suggests a theme prize from that theme's entries and gives each team one prize unless the event allows more", async () => {
    const { event, olu, theme } = await prizeEvent();
    const main = await category(event, "Best in show", [100_000]);
    const themed = await category(event, "Best falls project", [20_000], theme.id);
    const breathe = await entry(event, "Breathe Easy", 1, theme.id);
    const wound = await entry(event, "Wound Watch", 1);
    const falls = await entry(event, "Falls Finder", 1, theme.id);
    await judgedRound(olu, event, [
      [breathe, 5],
      [wound, 4],
      [falls, 3],
    ]);
    let view = await allocationView(event);
    expect(view.categories.map((c) => c.suggestion)).toEqual([
      [{ teamId: breathe.team.id, place: 1 }],
      // Breathe Easy is suggested for the main prize, so the theme prize goes to the next falls entry.
      [{ teamId: falls.team.id, place: 1 }],
    ]);
    expect(view.categories[1]!.candidates.map((c) => c.teamId)).toEqual([breathe.team.id, falls.team.id]);
    ok(
      await saveCategoryAwards(olu, event, main.id, {
        rankingRoundId: null,
        places: view.categories[0]!.suggestion,
        reason: "",
        version: view.version,
      }),
    );
    view = await allocationView(event);
    const twice = await saveCategoryAwards(olu, event, themed.id, {
      rankingRoundId: null,
      places: [{ teamId: breathe.team.id, place: 1 }],
      reason: "Best on falls by far",
      version: view.version,
    });
    expect(refused(twice).error).toMatch(/already won Best in show/);
    expect(
      refused(
        await saveCategoryAwards(olu, event, themed.id, {
          rankingRoundId: null,
          places: [{ teamId: wound.team.id, place: 1 }],
          reason: "x",
          version: view.version,
        }),
      ).error,
    ).toMatch(/theme/);
  });

  it("needs a reason to differ from the ranking, and refuses a stale page", async () => {
    const { event, olu } = await prizeEvent();
    const main = await category(event, "Best in show", [100_000, 50_000]);
    const breathe = await entry(event, "Breathe Easy", 1);
    const wound = await entry(event, "Wound Watch", 1);
    await judgedRound(olu, event, [
      [breathe, 5],
      [wound, 4],
    ]);
    const view = await allocationView(event);
    const swapped = [
      { teamId: wound.team.id, place: 1 },
      { teamId: breathe.team.id, place: 2 },
    ];
    expect(
      refused(
        await saveCategoryAwards(olu, event, main.id, {
          rankingRoundId: null,
          places: swapped,
          reason: " ",
          version: view.version,
        }),
      ).field,
    ).toBe("reason");
    ok(
      await saveCategoryAwards(olu, event, main.id, {
        rankingRoundId: null,
        places: swapped,
        reason: "Breathe Easy's demo used real patient data",
        version: view.version,
      }),
    );
    expect(
      refused(
        await saveCategoryAwards(olu, event, main.id, {
          rankingRoundId: null,
          places: [],
          reason: "x",
          version: view.version,
        }),
      ).error,
    ).toMatch(/changed the allocation/);
    const [audit] = await getDb().select().from(auditEvents).where(eq(auditEvents.subjectId, main.id));
    expect(audit).toMatchObject({ action: "prize_awards.saved", reason: "Breathe Easy's demo used real patient data" });
    expect((await allocationView(event)).categories[0]!.followsSuggestion).toBe(false);
  });

  it("pays teams tied at a place that place's money, or the places their tie covers, exactly", async () => {
    const { event, olu, efe } = await prizeEvent();
    const main = await category(event, "Best in show", [100_001, 50_000, 10_000]);
    const a = await entry(event, "Alpha", 1);
    const b = await entry(event, "Bravo", 1);
    const c = await entry(event, "Charlie", 1);
    await judgedRound(olu, event, [
      [a, 5],
      [b, 5],
      [c, 3],
    ]);
    let view = await awardSuggestion(olu, event, main.id);
    expect(view.categories[0]!.awards.map((award) => [award.teamName, award.place, award.amountPence])).toEqual([
      ["Alpha team", 1, 50_001],
      ["Bravo team", 1, 50_000],
      ["Charlie team", 2, 50_000],
    ]);
    ok(
      await saveCategoryAwards(olu, event, main.id, {
        rankingRoundId: null,
        places: [],
        reason: "Changing the rules",
        version: view.version,
      }),
    );
    ok(
      await (
        await import("~/models/prizes.server")
      ).setPrizeRules(
        efe,
        event,
        { tieRule: "share_places", teamMayWinSeveral: false },
        (await allocationView(event)).version,
      ),
    );
    const ruled = await freshEvent(event.id);
    view = await awardSuggestion(olu, ruled, main.id);
    expect(view.categories[0]!.awards.map((award) => [award.teamName, award.place, award.amountPence])).toEqual([
      ["Alpha team", 1, 75_001],
      ["Bravo team", 1, 75_000],
      ["Charlie team", 3, 10_000],
    ]);
    expect(view.allocatedPence).toBe(view.fundPence);
  });

  it("proposes only when judging is closed, and goes back to draft with a reason before payouts start", async () => {
    const { event, olu, efe } = await prizeEvent();
    const main = await category(event, "Best in show", [10_000]);
    const breathe = await entry(event, "Breathe Easy", 2);
    const round = await judgedRound(olu, event, [[breathe, 5]]);
    let view = await allocationView(event);
    ok(
      await saveCategoryAwards(olu, event, main.id, {
        rankingRoundId: null,
        places: view.categories[0]!.suggestion,
        reason: "",
        version: view.version,
      }),
    );
    const { unlockRound } = await import("~/models/judging.server");
    ok(await unlockRound(olu, event, round.id));
    view = await allocationView(event);
    expect(refused(await proposeAllocation(olu, event, view.version)).error).toMatch(/Lock every judging round/);
    ok(await lockRound(olu, event, round.id));
    ok(await proposeAllocation(olu, event, view.version));
    expect(refused(await returnAllocationToDraft(efe, event, "", (await allocationView(event)).version)).field).toBe(
      "reason",
    );
    ok(await returnAllocationToDraft(efe, event, "Second place is missing", (await allocationView(event)).version));
    view = await allocationView(event);
    expect(view.status).toBe("draft");
    ok(await proposeAllocation(efe, event, view.version));
    view = await allocationView(event);
    ok(await approveAllocation(olu, event, { password: TEST_PASSWORD, version: view.version }));
    // Changing the prize's money now is refused: winners rest on it.
    const { savePrizeCategory, removePrizeCategory } = await import("~/models/events.server");
    const input = { name: "Best in show", description: "", themeId: null, sponsor: "", supportMonths: 12 };
    expect(refused(await savePrizeCategory(olu, event, { ...input, placesPence: [20_000] }, main.id)).error).toMatch(
      /Winners have been chosen/,
    );
    ok(await savePrizeCategory(olu, event, { ...input, sponsor: "NHS Charities", placesPence: [10_000] }, main.id));
    expect(refused(await removePrizeCategory(olu, event, main.id)).error).toMatch(/Winners have been chosen/);
    ok(
      await returnAllocationToDraft(efe, event, "The sponsor doubled the prize", (await allocationView(event)).version),
    );
    const audit = await getDb().select().from(auditEvents).where(eq(auditEvents.subjectId, event.id));
    expect(audit.filter((row) => row.action === "prize_allocation.returned_to_draft").map((row) => row.reason)).toEqual(
      ["Second place is missing", "The sponsor doubled the prize"],
    );
  });
});

describe("an event judged without rounds here", () => {
  it("can propose its prize money once the timeline's judging has closed", async () => {
    const { event, olu } = await prizeEvent();
    const main = await category(event, "Best in show", [10_000]);
    const breathe = await entry(event, "Breathe Easy", 1);
    let view = await allocationView(event);
    ok(
      await saveCategoryAwards(olu, event, main.id, {
        rankingRoundId: null,
        places: [{ teamId: breathe.team.id, place: 1 }],
        reason: "The panel's decision on the day",
        version: view.version,
      }),
    );
    view = await allocationView(event);
    expect(refused(await proposeAllocation(olu, event, view.version)).error).toMatch(/Lock every judging round/);
    await getDb()
      .update(events)
      .set({ judgingClosesAt: new Date(Date.now() - 60_000) })
      .where(eq(events.id, event.id));
    ok(await proposeAllocation(olu, await freshEvent(event.id), view.version));
  });
});

describe.runIf(process.env.TEST_DB_DRIVER === "postgres")("prize money under concurrency (PostgreSQL)", () => {
  it("never lets two allocations at once exceed a category's fund", async () => {
    const { event, olu, efe } = await prizeEvent();
    const main = await category(event, "Best in show", [10_000]);
    const teamsAtEvent = [
      await entry(event, "Alpha", 1),
      await entry(event, "Bravo", 1),
      await entry(event, "Charlie", 1),
    ];
    // Straight to the database, past the model: each award fits the fund alone, not together.
    const award = (team: (typeof teamsAtEvent)[number]) =>
      getDb().transaction(async (tx) => {
        const [row] = await tx
          .insert(prizeAwards)
          .values({ eventId: event.id, categoryId: main.id, place: 1, teamId: team.team.id, amountPence: 6_000 })
          .returning();
        await tx
          .insert(awardShares)
          .values({ awardId: row!.id, userId: team.members[0]!.id, position: 0, amountPence: 6_000 });
        await new Promise((resolve) => setTimeout(resolve, 50));
      });
    const outcomes = await Promise.allSettled(teamsAtEvent.map(award));
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const [total] = await getDb()
      .select({ sum: sql<number>`coalesce(sum(${prizeAwards.amountPence}), 0)::int` })
      .from(prizeAwards);
    expect(total!.sum).toBe(6_000);
    await getDb().delete(prizeAwards);

    // Through the model: two organisers choosing winners from the same page at the same moment.
    await judgedRound(
      olu,
      event,
      teamsAtEvent.map((team, index) => [team, 5 - index] as [typeof team, number]),
    );
    const view = await allocationView(event);
    const choices = [olu, efe].map((actor, index) =>
      saveCategoryAwards(actor, event, main.id, {
        rankingRoundId: null,
        places: [{ teamId: teamsAtEvent[index]!.team.id, place: 1 }],
        reason: "Chosen on the day",
        version: view.version,
      }),
    );
    const saved = await Promise.all(choices);
    expect(saved.filter((outcome) => !("error" in outcome))).toHaveLength(1);
    const awards = await getDb().select().from(prizeAwards);
    expect(awards).toHaveLength(1);
    expect(awards[0]!.amountPence).toBe(10_000);
  });

  it("approves once when two people approve at the same moment", async () => {
    const { event, olu, efe } = await prizeEvent();
    const third = await makeUser({ name: "Tam Organiser", email: ownAddress() });
    await getDb().insert(eventRoles).values({ eventId: event.id, userId: third.id, role: "organiser" });
    const main = await category(event, "Best in show", [10_000]);
    const breathe = await entry(event, "Breathe Easy", 1);
    await judgedRound(olu, event, [[breathe, 5]]);
    let view = await awardSuggestion(olu, event, main.id);
    ok(await proposeAllocation(olu, event, view.version));
    view = await allocationView(event);
    const outcomes = await Promise.all(
      [efe, third].map((actor) => approveAllocation(actor, event, { password: TEST_PASSWORD, version: view.version })),
    );
    expect(outcomes.filter((outcome) => !("error" in outcome))).toHaveLength(1);
    const approvals = await getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "prize_allocation.approved"));
    expect(approvals).toHaveLength(1);
  });
});
