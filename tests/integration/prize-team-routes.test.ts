// The public results page and a winning team's prize money page, through their loaders and
// actions: nothing shown before the announcement, winners and the ranking after it, a member
// directing only their own share, the captain's split with its errors, acceptance, and no
// access for anyone outside the team. Bad input is answered with a message, never a 500.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { awardShares, events, type Event, type User } from "~/db/schema";
import { announceResults } from "~/models/announcements.server";
import {
  allocationView,
  approveAllocation,
  changePayout,
  proposeAllocation,
  saveCategoryAwards,
} from "~/models/prizes.server";
import { loader as callLoader } from "~/routes/events.$slug._index";
import { action as prizesAction, loader as prizesLoader } from "~/routes/events.$slug.prizes";
import { loader as resultsLoader } from "~/routes/events.$slug.results";
import { loader as submissionLoader } from "~/routes/events.$slug.submission._index";
import { TEST_PASSWORD, at, formRequest, getRequest, makeUser, run, signedInCookie } from "./db";
import { category, entry, freshEvent, judgedRound, ok, ownAddress, prizeEvent } from "./fixtures";

const SLUG = "results-2031";

/**
 * A published event with a locked, judged shortlist (Breathe Easy first, Wound Watch second,
 * Falls Finder third), one prize of £1,000 and £500 given to the first two, the allocation
 * approved by a second organiser, and nothing announced yet.
 */
async function setUp(options: { tieAtFirst?: boolean } = {}) {
  const { event, olu, efe } = await prizeEvent({
    communitySlug: "york-c4h",
    communityName: "York Code4Health",
    slug: SLUG,
    title: "York Hack Day 2031",
    theme: null,
  });

  const prize = await category(event, "Best in show", [100_000, 50_000], null, {
    position: 1,
    sponsor: "Acme Health",
    supportMonths: 6,
  });
  const breathe = await entry(event, "Breathe Easy", 3, null, { joinedYear: 2031 });
  const wound = await entry(event, "Wound Watch", 2, null, { joinedYear: 2031 });
  const falls = await entry(event, "Falls Finder", 1, null, { joinedYear: 2031 });

  const round = await judgedRound(olu, event, [
    [breathe, 5],
    [wound, 4],
    [falls, 2],
  ]);

  const view = await allocationView(event);
  ok(
    await saveCategoryAwards(olu, event, prize.id, {
      rankingRoundId: null,
      places: options.tieAtFirst
        ? [
            { teamId: breathe.team.id, place: 1 },
            { teamId: wound.team.id, place: 1 },
          ]
        : view.categories[0]!.suggestion,
      reason: options.tieAtFirst ? "The panel could not separate them" : "",
      version: view.version,
    }),
  );
  ok(await proposeAllocation(olu, event, (await allocationView(event)).version));
  ok(await approveAllocation(efe, event, { password: TEST_PASSWORD, version: (await allocationView(event)).version }));
  return { event: await freshEvent(event.id), olu, efe, round, breathe, wound, falls, category: prize };
}

async function announce(olu: User, event: Event, rankingRoundId: string | null = null) {
  ok(await announceResults(olu, event, { at: null, rankingRoundId }));
  return freshEvent(event.id);
}

interface Person {
  user: User;
  cookie: string;
}

async function person(user: User): Promise<Person> {
  return { user, cookie: await signedInCookie(user) };
}

const results = (who?: Person) =>
  run(at(resultsLoader, SLUG), getRequest(`/events/${SLUG}/results`, who ? { cookie: who.cookie } : {}));
const prizesPage = (who: Person) =>
  run(at(prizesLoader, SLUG), getRequest(`/events/${SLUG}/prizes`, { cookie: who.cookie }));
const post = (who: Person | null, fields: Record<string, string>) =>
  run(at(prizesAction, SLUG), formRequest(`/events/${SLUG}/prizes`, fields, who ? { cookie: who.cookie } : {}));

type PrizesData = {
  teamName: string;
  awards: {
    id: string;
    heading: string;
    amount: string;
    supportMonths: number;
    canPropose: boolean;
    shares: {
      id: string;
      name: string;
      isViewer: boolean;
      amount: string;
      goesTo: string;
      status: string;
      paid: { on: string; reference: string } | null;
    }[];
    own: { id: string; paid: boolean; payeeKind: string; organisationName: string } | null;
    proposal: {
      id: string;
      proposedBy: string;
      rows: { name: string; proposed: string; accepted: boolean }[];
      viewerCanAnswer: boolean;
    } | null;
  }[];
};
type Failure = { errors: Record<string, string>; values: Record<string, string> };

async function prizesOf(who: Person): Promise<PrizesData> {
  const outcome = await prizesPage(who);
  expect(outcome.status).toBe(200);
  return outcome.data as PrizesData;
}

function failureOf(outcome: { status: number; data: unknown }): Failure {
  expect(outcome.status).toBe(400);
  return outcome.data as Failure;
}

async function shareRows(awardId: string) {
  return getDb().select().from(awardShares).where(eq(awardShares.awardId, awardId)).orderBy(awardShares.position);
}

describe("the public results page", () => {
  it("says when the results are expected and shows no winner before they are out, even when the time is set", async () => {
    const { event, olu, round } = await setUp();
    const nothingSet = await results();
    expect(nothingSet.status).toBe(200);
    expect(nothingSet.data).toMatchObject({ results: null, expected: null });

    // A planned date in the timeline, in the event's zone.
    await getDb()
      .update(events)
      .set({ resultsPublishedAt: new Date("2099-07-01T16:00:00Z") })
      .where(eq(events.id, event.id));
    expect((await results()).data).toMatchObject({
      results: null,
      expected: { kind: "planned", at: "Wednesday 1 July 2099 at 17:00 BST" },
      zone: "UK time",
    });

    // Scheduled for an hour's time: when is public, who is not.
    const soon = new Date(Date.now() + 3_600_000);
    ok(await announceResults(olu, await freshEvent(event.id), { at: soon, rankingRoundId: round.id }));
    const scheduled = await results(await person(olu));
    expect(scheduled.status).toBe(200);
    expect(scheduled.data).toMatchObject({ results: null, expected: { kind: "scheduled" } });
    const text = JSON.stringify(scheduled.data);
    for (const secret of ["Breathe Easy", "Wound Watch", "Falls Finder", "£1,000", "Shortlist"]) {
      expect(text).not.toContain(secret);
    }
    const call = await run(at(callLoader, SLUG), getRequest(`/events/${SLUG}`));
    expect(call.data).toMatchObject({ resultsPublished: false });
  });

  it("shows each prize's winners, linked to their projects, and the full ranking when one was chosen", async () => {
    const { event, olu, round, breathe, wound } = await setUp();
    await announce(olu, event, round.id);
    const outcome = await results();
    expect(outcome.status).toBe(200);
    const data = outcome.data as {
      results: {
        announcedAt: string;
        categories: { name: string; sponsor: string; winners: Record<string, unknown>[] }[];
        ranking: { roundName: string; entries: { rank: string; title: string; teamName: string }[] } | null;
      };
    };
    expect(data.results.announcedAt).toMatch(/\d{4} at \d{2}:\d{2} (GMT|BST)$/);
    expect(data.results.categories).toEqual([
      expect.objectContaining({
        name: "Best in show",
        sponsor: "Acme Health",
        winners: [
          expect.objectContaining({
            place: "1st",
            title: "Breathe Easy",
            teamName: "Breathe Easy team",
            submissionId: breathe.submission.id,
            amount: "£1,000",
          }),
          expect.objectContaining({
            place: "2nd",
            title: "Wound Watch",
            submissionId: wound.submission.id,
            amount: "£500",
          }),
        ],
      }),
    ]);
    expect(data.results.ranking).toEqual({
      roundName: "Shortlist",
      entries: [
        expect.objectContaining({ rank: "1st", title: "Breathe Easy", teamName: "Breathe Easy team" }),
        expect.objectContaining({ rank: "2nd", title: "Wound Watch" }),
        expect.objectContaining({ rank: "3rd", title: "Falls Finder" }),
      ],
    });
    const call = await run(at(callLoader, SLUG), getRequest(`/events/${SLUG}`));
    expect(call.data).toMatchObject({ resultsPublished: true });
  });

  it("leaves the ranking out when none was chosen, and shows teams tied at a place as joint", async () => {
    const { event, olu } = await setUp({ tieAtFirst: true });
    await announce(olu, event);
    const data = (await results()).data as {
      results: { categories: { winners: { place: string; teamName: string; amount: string }[] }[]; ranking: unknown };
    };
    expect(data.results.ranking).toBeNull();
    expect(data.results.categories[0]!.winners.map((winner) => [winner.place, winner.teamName])).toEqual([
      ["Joint 1st", "Breathe Easy team"],
      ["Joint 1st", "Wound Watch team"],
    ]);
  });
});

describe("the team's prize money page", () => {
  it("is not there before the results are out, nor for someone in no team", async () => {
    const { event, olu, breathe } = await setUp();
    const captain = await person(breathe.members[0]!);
    expect((await prizesPage(captain)).status).toBe(404);
    ok(await announceResults(olu, event, { at: new Date(Date.now() + 3_600_000), rankingRoundId: null }));
    const scheduled = await prizesPage(captain);
    expect(scheduled.status).toBe(404);
    expect(JSON.stringify(scheduled.data)).not.toContain("£");
    const nobody = await person(await makeUser({ name: "Nadia Nobody", email: ownAddress() }));
    expect((await prizesPage(nobody)).status).toBe(404);
    expect(
      (await post(nobody, { intent: "answer-proposal", proposalId: crypto.randomUUID(), answer: "accept" })).status,
    ).toBe(404);
    const anonymous = await run(at(prizesLoader, SLUG), getRequest(`/events/${SLUG}/prizes`));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
  });

  it("shows a winning member what the team won, each share, and links to it from the entry page", async () => {
    const { event, olu, breathe, falls } = await setUp();
    await announce(olu, event);
    const member = await person(breathe.members[1]!);
    const data = await prizesOf(member);
    expect(data.teamName).toBe("Breathe Easy team");
    expect(data.awards).toHaveLength(1);
    const award = data.awards[0]!;
    expect(award).toMatchObject({ heading: "1st place: Best in show", amount: "£1,000", supportMonths: 6 });
    expect(award.canPropose).toBe(false);
    // £1,000 among three: the odd penny to the first to join.
    expect(award.shares.map((share) => share.amount)).toEqual(["£333.34", "£333.33", "£333.33"]);
    expect(award.shares.map((share) => share.status)).toEqual([
      "Awaiting payee details",
      "Awaiting payee details",
      "Awaiting payee details",
    ]);
    expect(award.shares.filter((share) => share.isViewer).map((share) => share.name)).toEqual([
      breathe.members[1]!.name,
    ]);
    expect(award.own).toMatchObject({ payeeKind: "person", organisationName: "" });
    expect((await prizesOf(await person(breathe.members[0]!))).awards[0]!.canPropose).toBe(true);

    const entryPage = await run(at(submissionLoader, SLUG), getRequest(`/events/${SLUG}/submission`, member));
    expect(entryPage.data).toMatchObject({ wonPrizes: true });
    const loser = await person(falls.members[0]!);
    const losersPage = await run(at(submissionLoader, SLUG), getRequest(`/events/${SLUG}/submission`, loser));
    expect(losersPage.data).toMatchObject({ wonPrizes: false });
  });

  it("tells a member of a team that won nothing so, and shows them nothing of the winners", async () => {
    const { event, olu, falls } = await setUp();
    await announce(olu, event);
    const outcome = await prizesPage(await person(falls.members[0]!));
    expect(outcome.status).toBe(200);
    expect(outcome.data).toMatchObject({ teamName: "Falls Finder team", awards: [] });
    expect(JSON.stringify(outcome.data)).not.toContain("Breathe Easy");
  });

  it("lets a member give their own share to an organisation, and asks for its name", async () => {
    const { event, olu, wound } = await setUp();
    await announce(olu, event);
    const member = await person(wound.members[1]!);
    const own = (await prizesOf(member)).awards[0]!.own!;

    const empty = failureOf(
      await post(member, {
        intent: "direct-share",
        shareId: own.id,
        [`payeeKind-${own.id}`]: "organisation",
        [`organisationName-${own.id}`]: "   ",
      }),
    );
    expect(empty.errors[`organisationName-${own.id}`]).toBe("Enter the name of the organisation to receive your share");
    expect(empty.values[`payeeKind-${own.id}`]).toBe("organisation");

    const tooLong = failureOf(
      await post(member, {
        intent: "direct-share",
        shareId: own.id,
        [`payeeKind-${own.id}`]: "organisation",
        [`organisationName-${own.id}`]: "x".repeat(201),
      }),
    );
    expect(tooLong.errors[`organisationName-${own.id}`]).toMatch(/200 characters or fewer/);
    expect(tooLong.values[`organisationName-${own.id}`]).toBe("x".repeat(201));

    const nothingChosen = failureOf(await post(member, { intent: "direct-share", shareId: own.id }));
    expect(nothingChosen.errors[`payeeKind-${own.id}`]).toMatch(/Choose whether/);
    const madeUp = failureOf(
      await post(member, { intent: "direct-share", shareId: own.id, [`payeeKind-${own.id}`]: "bank" }),
    );
    expect(madeUp.errors[`payeeKind-${own.id}`]).toMatch(/Choose whether/);

    const saved = await post(member, {
      intent: "direct-share",
      shareId: own.id,
      [`payeeKind-${own.id}`]: "organisation",
      [`organisationName-${own.id}`]: " Leeds Teaching Hospitals Charity ",
    });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe(`/events/${SLUG}/prizes?done=organisation`);
    const after = (await prizesOf(member)).awards[0]!;
    expect(after.own).toMatchObject({
      payeeKind: "organisation",
      organisationName: "Leeds Teaching Hospitals Charity",
    });
    expect(after.shares.find((share) => share.isViewer)!.goesTo).toBe("Leeds Teaching Hospitals Charity");

    // And back to being paid themselves.
    const back = await post(member, { intent: "direct-share", shareId: own.id, [`payeeKind-${own.id}`]: "person" });
    expect(back.status).toBe(302);
    expect((await prizesOf(member)).awards[0]!.own).toMatchObject({ payeeKind: "person", organisationName: "" });
  });

  it("shows a paid share with its date and reference, and no longer lets it be redirected", async () => {
    const { event, olu, wound } = await setUp();
    const announced = await announce(olu, event);
    const member = await person(wound.members[1]!);
    const own = (await prizesOf(member)).awards[0]!.own!;
    const [row] = await getDb().select().from(awardShares).where(eq(awardShares.id, own.id));
    ok(await changePayout(olu, announced, own.id, { to: "ready", version: row!.version }, "2031-07-01"));
    ok(
      await changePayout(
        olu,
        announced,
        own.id,
        { to: "paid", paidOn: "2031-06-30", reference: "BACS-0042", version: row!.version + 1 },
        "2031-07-01",
      ),
    );
    const award = (await prizesOf(member)).awards[0]!;
    expect(award.shares.find((share) => share.isViewer)).toMatchObject({
      status: "Paid",
      paid: { on: "30 June 2031", reference: "BACS-0042" },
    });
    expect(award.own).toMatchObject({ paid: true });
    // Payment has started: the split is closed to the captain too.
    expect(award.canPropose).toBe(false);
    expect((await prizesOf(await person(wound.members[0]!))).awards[0]!.canPropose).toBe(false);
    const refusedChange = failureOf(
      await post(member, {
        intent: "direct-share",
        shareId: own.id,
        [`payeeKind-${own.id}`]: "organisation",
        [`organisationName-${own.id}`]: "A charity",
      }),
    );
    expect(refusedChange.errors._form).toMatch(/has been paid/);
  });

  it("refuses a change to another member's share, or another team's, on the server", async () => {
    const { event, olu, wound, breathe, falls } = await setUp();
    await announce(olu, event);
    const captain = await person(wound.members[0]!);
    const award = (await prizesOf(captain)).awards[0]!;
    const others = award.shares.find((share) => !share.isViewer)!;
    const fields = {
      intent: "direct-share",
      shareId: others.id,
      [`payeeKind-${others.id}`]: "organisation",
      [`organisationName-${others.id}`]: "Captain's favourite charity",
    };
    // Even the captain cannot redirect a team mate's share.
    expect(failureOf(await post(captain, fields)).errors._form).toBe("That share is not yours");
    // Nor can a member of another team, winning or not.
    expect(failureOf(await post(await person(breathe.members[0]!), fields)).errors._form).toBe(
      "That share is not yours",
    );
    expect(failureOf(await post(await person(falls.members[0]!), fields)).errors._form).toBe("That share is not yours");
    expect((await shareRows(award.id)).map((share) => share.payeeKind)).toEqual(["person", "person"]);

    // Another team cannot propose a split of this prize, nor answer its proposal.
    const amounts = Object.fromEntries(award.shares.map((share) => [`amount-${share.id}`, "250"]));
    const outsider = await person(breathe.members[0]!);
    expect(
      failureOf(await post(outsider, { intent: "propose-shares", awardId: award.id, ...amounts })).errors._form,
    ).toBe("That prize is not your team's");
    await post(captain, {
      intent: "propose-shares",
      awardId: award.id,
      ...Object.fromEntries(award.shares.map((share, index) => [`amount-${share.id}`, index === 0 ? "300" : "200"])),
    });
    const proposal = (await prizesOf(captain)).awards[0]!.proposal!;
    expect(
      failureOf(await post(outsider, { intent: "answer-proposal", proposalId: proposal.id, answer: "accept" })).errors
        ._form,
    ).toBe("That prize is not your team's");
    expect((await shareRows(award.id)).map((share) => share.amountPence)).toEqual([25_000, 25_000]);
  });

  it("lets only the captain propose a split, keeps what was typed when it does not add up, and applies it once all accept", async () => {
    const { event, olu, breathe } = await setUp();
    await announce(olu, event);
    const [first, second, third] = await Promise.all(breathe.members.map(person));
    const award = (await prizesOf(first!)).awards[0]!;
    const [a, b, c] = award.shares;
    const typed = { [`amount-${a!.id}`]: "500", [`amount-${b!.id}`]: "£300", [`amount-${c!.id}`]: "199.99" };

    expect(failureOf(await post(second!, { intent: "propose-shares", awardId: award.id, ...typed })).errors._form).toBe(
      "Only the team's captain can propose how the prize is shared",
    );

    const short = failureOf(await post(first!, { intent: "propose-shares", awardId: award.id, ...typed }));
    expect(short.errors[`amounts-${award.id}`]).toBe("The shares add up to £0.01 less than the award of £1,000");
    expect(short.values).toMatchObject(typed);

    const bad = failureOf(
      await post(first!, {
        intent: "propose-shares",
        awardId: award.id,
        [`amount-${a!.id}`]: "lots",
        [`amount-${b!.id}`]: "-5",
        [`amount-${c!.id}`]: "1.234",
      }),
    );
    expect(bad.errors[`amount-${a!.id}`]).toBe(`For ${a!.name}, enter an amount in pounds, like 500 or 1,250.50`);
    expect(bad.errors[`amount-${b!.id}`]).toMatch(/£0 or more/);
    expect(bad.errors[`amount-${c!.id}`]).toMatch(/2 numbers after the decimal point/);
    expect(bad.values[`amount-${a!.id}`]).toBe("lots");

    const missing = failureOf(
      await post(first!, { intent: "propose-shares", awardId: award.id, [`amount-${a!.id}`]: "1000" }),
    );
    expect(Object.keys(missing.errors).sort()).toEqual([`amount-${b!.id}`, `amount-${c!.id}`].sort());

    const proposed = await post(first!, {
      intent: "propose-shares",
      awardId: award.id,
      ...typed,
      [`amount-${c!.id}`]: "200",
    });
    expect(proposed.status).toBe(302);
    expect(proposed.headers.get("Location")).toBe(`/events/${SLUG}/prizes?done=proposed`);

    const seen = (await prizesOf(second!)).awards[0]!.proposal!;
    expect(seen).toMatchObject({ proposedBy: first!.user.name, viewerCanAnswer: true });
    expect(seen.rows.map((row) => [row.proposed, row.accepted])).toEqual([
      ["£500", true],
      ["£300", false],
      ["£200", false],
    ]);
    expect((await prizesOf(first!)).awards[0]!.proposal!.viewerCanAnswer).toBe(false);

    const accepted = await post(second!, { intent: "answer-proposal", proposalId: seen.id, answer: "accept" });
    expect(accepted.headers.get("Location")).toBe(`/events/${SLUG}/prizes?done=accepted`);
    expect((await shareRows(award.id)).map((share) => share.amountPence)).toEqual([33_334, 33_333, 33_333]);
    const last = await post(third!, { intent: "answer-proposal", proposalId: seen.id, answer: "accept" });
    expect(last.headers.get("Location")).toBe(`/events/${SLUG}/prizes?done=agreed`);
    expect((await shareRows(award.id)).map((share) => share.amountPence)).toEqual([50_000, 30_000, 20_000]);
    const after = (await prizesOf(third!)).awards[0]!;
    expect(after.proposal).toBeNull();
    expect(after.shares.map((share) => share.amount)).toEqual(["£500", "£300", "£200"]);

    // Settled: answering it again is refused with a message.
    expect(
      failureOf(await post(second!, { intent: "answer-proposal", proposalId: seen.id, answer: "decline" })).errors
        ._form,
    ).toBe("That proposal has already been settled or replaced");
  });

  it("keeps the shares when a member declines", async () => {
    const { event, olu, wound } = await setUp();
    await announce(olu, event);
    const [captain, member] = await Promise.all(wound.members.map(person));
    const award = (await prizesOf(captain!)).awards[0]!;
    await post(captain!, {
      intent: "propose-shares",
      awardId: award.id,
      [`amount-${award.shares[0]!.id}`]: "400",
      [`amount-${award.shares[1]!.id}`]: "100",
    });
    const proposal = (await prizesOf(member!)).awards[0]!.proposal!;
    const declined = await post(member!, { intent: "answer-proposal", proposalId: proposal.id, answer: "decline" });
    expect(declined.headers.get("Location")).toBe(`/events/${SLUG}/prizes?done=declined`);
    const after = (await prizesOf(member!)).awards[0]!;
    expect(after.proposal).toBeNull();
    expect(after.shares.map((share) => share.amount)).toEqual(["£250", "£250"]);
  });

  it("answers bad input with a message, never a 500", async () => {
    const { event, olu, wound } = await setUp();
    await announce(olu, event);
    const captain = await person(wound.members[0]!);
    const award = (await prizesOf(captain)).awards[0]!;
    const attempts: Record<string, string>[] = [
      {},
      { intent: "something-else" },
      { intent: "direct-share" },
      { intent: "direct-share", shareId: "not-a-uuid", "payeeKind-not-a-uuid": "person" },
      { intent: "direct-share", shareId: crypto.randomUUID(), payeeKind: "person" },
      { intent: "propose-shares" },
      { intent: "propose-shares", awardId: "42" },
      { intent: "propose-shares", awardId: crypto.randomUUID() },
      { intent: "answer-proposal", proposalId: crypto.randomUUID(), answer: "accept" },
      { intent: "answer-proposal", proposalId: "'; drop table users; --", answer: "accept" },
      { intent: "answer-proposal", proposalId: crypto.randomUUID(), answer: "maybe" },
      { intent: "answer-proposal", answer: "accept" },
      { intent: "propose-shares", awardId: award.id, [`amount-${award.shares[0]!.id}`]: "1e3" },
    ];
    for (const fields of attempts) {
      const outcome = await post(captain, fields);
      expect(outcome.status, JSON.stringify(fields)).toBe(400);
      expect(Object.keys((outcome.data as Failure).errors).length, JSON.stringify(fields)).toBeGreaterThan(0);
    }
    const unknown = failureOf(
      await post(captain, { intent: "answer-proposal", proposalId: crypto.randomUUID(), answer: "accept" }),
    );
    expect(unknown.errors._form).toBe("That proposal no longer exists");
    expect((await shareRows(award.id)).map((share) => share.amountPence)).toEqual([25_000, 25_000]);
  });
});
