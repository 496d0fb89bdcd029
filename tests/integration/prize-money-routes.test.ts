// The organisers' prize money pages through their loaders and actions: choosing winners (with a
// reason when they differ from the ranking), the prize rules, proposing, approving with a
// password, announcing now or at a set time, payouts, the finance file and a community's
// reconciliation. Bad input answers 400 with messages, never 500; people who are not organisers
// of the event are turned away, and a row of another event answers 404 even to an organiser.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { communities, emailOutbox, eventRoles, events, prizeAllocations, type Community } from "~/db/schema";
import { payouts, saveCategoryAwards } from "~/models/prizes.server";
import {
  action as categoryAction,
  loader as categoryLoader,
} from "~/routes/events.$slug.manage.prize-money.$categoryId";
import { action as indexAction, loader as indexLoader } from "~/routes/events.$slug.manage.prize-money._index";
import { action as approveAction, loader as approveLoader } from "~/routes/events.$slug.manage.prize-money.approve";
import { loader as financeCsvLoader } from "~/routes/events.$slug.manage.prize-money.finance[.]csv";
import {
  action as shareAction,
  loader as shareLoader,
} from "~/routes/events.$slug.manage.prize-money.payouts.$shareId";
import { loader as payoutsLoader } from "~/routes/events.$slug.manage.prize-money.payouts._index";
import { action as resultsAction, loader as resultsLoader } from "~/routes/events.$slug.manage.results";
import { loader as communityLoader } from "~/routes/organise.communities.$slug.prize-money";
import { TEST_PASSWORD, context, formRequest, getRequest, makeUser, run, signedInCookie, type Outcome } from "./db";
import { category, entry, freshEvent, judgedRound, ok, ownAddress, prizeEvent } from "./fixtures";

const SLUG = "prize-money-2030";
const OTHER_SLUG = "other-hack-2030";

type Handler = (args: never) => unknown;
const call = (handler: Handler, params: Record<string, string>) => (args: { request: Request }) =>
  (handler as (args: unknown) => unknown)({ ...args, params, context: context() });

interface Failure {
  errors: Record<string, string>;
  values: Record<string, string>;
}

/** The messages of a form sent back with 400. */
function errorsOf(outcome: Outcome): Record<string, string> {
  expect(outcome.status, JSON.stringify(outcome.data)).toBe(400);
  return (outcome.data as Failure).errors;
}

function redirectOf(outcome: Outcome): string {
  expect(outcome.status, JSON.stringify(outcome.data)).toBe(302);
  return outcome.headers.get("Location") ?? "";
}

// ---------------------------------------------------------------------------------------------
// An event with a locked, judged round, two prize categories (one for a theme) and three entries

async function makeEvent(community: Community, slug: string, title: string) {
  const [event] = await getDb()
    .insert(events)
    .values({ communityId: community.id, slug, title, kind: "hackday", status: "published" })
    .returning();
  return event!;
}

async function setUp() {
  const db = getDb();
  const { community, event, theme, olu, efe } = await prizeEvent({ slug: SLUG });
  const judge = await makeUser({ name: "Jo Judge", email: ownAddress() });
  await db.insert(eventRoles).values({ eventId: event.id, userId: judge.id, role: "judge" });

  const main = await category(event, "Best in show", [100_000, 50_000]);
  const fallsPrize = await category(event, "Falls prize", [30_000], theme.id);
  const breathe = await entry(event, "Breathe Easy", 3);
  const wound = await entry(event, "Wound Watch", 2, theme.id);
  const falls = await entry(event, "Falls Finder", 2, theme.id);
  const round = await judgedRound(
    olu,
    event,
    [
      [breathe, 5],
      [wound, 4],
      [falls, 3],
    ],
    { judge },
  );

  // Another event in another community, with its own organiser and a prize already given.
  const [elsewhere] = await db.insert(communities).values({ slug: "york-c4h", name: "York Code4Health" }).returning();
  const other = await makeEvent(elsewhere!, OTHER_SLUG, "York Hack Day 2030");
  const otherOrganiser = await makeUser({ name: "Oti Organiser", email: ownAddress() });
  await db.insert(eventRoles).values({ eventId: other.id, userId: otherOrganiser.id, role: "organiser" });
  const otherCategory = await category(other, "York prize", [10_000]);
  const otherEntry = await entry(other, "York Entry", 1);
  ok(
    await saveCategoryAwards(otherOrganiser, other, otherCategory.id, {
      rankingRoundId: null,
      places: [{ teamId: otherEntry.team.id, place: 1 }],
      reason: "No judging at this one",
      version: 1,
    }),
  );
  const otherShareId = (await payouts(other))[0]!.id;

  return {
    community,
    event,
    olu,
    efe,
    judge,
    main,
    fallsPrize,
    breathe,
    wound,
    falls,
    round,
    otherCategory,
    otherShareId,
    otherOrganiser,
  };
}

async function allocationVersion(eventId: string) {
  const [row] = await getDb().select().from(prizeAllocations).where(eq(prizeAllocations.eventId, eventId));
  return String(row!.version);
}

const base = `/events/${SLUG}/manage/prize-money`;
const params = { slug: SLUG };

interface CategoryPage {
  version: number;
  roundId: string;
  candidates: { teamId: string; title: string; rank: string; place: string }[];
  suggestion: string[];
}

// ---------------------------------------------------------------------------------------------

describe("the organisers' prize money pages", () => {
  it("take an organiser from choosing winners through approval and announcement to payouts and the finance file", async () => {
    const { event, olu, efe, main, fallsPrize, breathe, wound, falls, round, community } = await setUp();
    const oluCookie = await signedInCookie(olu);
    const efeCookie = await signedInCookie(efe);

    // The allocation page: a draft with both prizes and nothing given yet.
    const overview = await run(call(indexLoader, params), getRequest(base, { cookie: oluCookie }));
    expect(overview.status).toBe(200);
    expect(overview.data).toMatchObject({
      status: "draft",
      judgingClosed: true,
      fund: "£1,800",
      allocated: "£0",
      categories: [
        { name: "Best in show", awards: [] },
        { name: "Falls prize", awards: [] },
      ],
    });

    // Best in show: the suggestion fills the places; accepting it needs no reason.
    const mainParams = { slug: SLUG, categoryId: main.id };
    const mainPage = await run(
      call(categoryLoader, mainParams),
      getRequest(`${base}/${main.id}`, { cookie: oluCookie }),
    );
    expect(mainPage.status).toBe(200);
    const shown = mainPage.data as CategoryPage;
    expect(shown.roundId).toBe(round.id);
    expect(shown.candidates.map((candidate) => [candidate.title, candidate.rank, candidate.place])).toEqual([
      ["Breathe Easy", "1", "1"],
      ["Wound Watch", "2", "2"],
      ["Falls Finder", "3", ""],
    ]);
    const placesForm = (chosen: Record<string, string>, extra: Record<string, string> = {}) => ({
      version: String(shown.version),
      rankingRoundId: round.id,
      reason: "",
      ...Object.fromEntries(
        shown.candidates.map((candidate) => [`place.${candidate.teamId}`, chosen[candidate.teamId] ?? ""]),
      ),
      ...extra,
    });

    // Nonsense places and teams are refused with a message, and what was typed comes back.
    const nonsense = await run(
      call(categoryAction, mainParams),
      formRequest(`${base}/${main.id}`, placesForm({ [breathe.team.id]: "first!" }), { cookie: oluCookie }),
    );
    expect(errorsOf(nonsense).places).toBe("Choose a place from the list for each entry, or No prize");
    expect((nonsense.data as Failure).values[`place.${breathe.team.id}`]).toBe("first!");
    expect(
      errorsOf(
        await run(
          call(categoryAction, mainParams),
          formRequest(`${base}/${main.id}`, placesForm({ [breathe.team.id]: "7" }), { cookie: oluCookie }),
        ),
      ).places,
    ).toMatch(/^This prize has 2 places/);
    expect(
      errorsOf(
        await run(
          call(categoryAction, mainParams),
          formRequest(`${base}/${main.id}`, { ...placesForm({}), "place.not-a-team": "1" }, { cookie: oluCookie }),
        ),
      ).places,
    ).toBe("Choose places only for the entries listed");
    expect(
      errorsOf(
        await run(
          call(categoryAction, mainParams),
          formRequest(
            `${base}/${main.id}`,
            { ...placesForm({}), [`place.${crypto.randomUUID()}`]: "1" },
            { cookie: oluCookie },
          ),
        ),
      ).places,
    ).toMatch(/Only a submitted entry/);

    const savedMain = await run(
      call(categoryAction, mainParams),
      formRequest(`${base}/${main.id}`, placesForm({ [breathe.team.id]: "1", [wound.team.id]: "2" }), {
        cookie: oluCookie,
      }),
    );
    expect(redirectOf(savedMain)).toBe(`${base}?done=winners`);

    // Falls prize: only the theme's entries; choosing other than the ranking needs a reason.
    const fallsParams = { slug: SLUG, categoryId: fallsPrize.id };
    const fallsPage = (
      await run(call(categoryLoader, fallsParams), getRequest(`${base}/${fallsPrize.id}`, { cookie: oluCookie }))
    ).data as CategoryPage;
    expect(fallsPage.candidates.map((candidate) => candidate.title)).toEqual(["Wound Watch", "Falls Finder"]);
    // Wound Watch has won Best in show and a team wins one prize here, so Falls Finder is suggested.
    expect(fallsPage.candidates.map((candidate) => candidate.place)).toEqual(["", "1"]);
    const fallsForm = (reason: string, tied = false) => ({
      version: String(fallsPage.version),
      rankingRoundId: fallsPage.roundId,
      reason,
      [`place.${wound.team.id}`]: "",
      [`place.${falls.team.id}`]: tied ? "1" : "",
    });
    // No prize at all differs from the suggestion: the reason is asked for.
    const noReason = await run(
      call(categoryAction, fallsParams),
      formRequest(`${base}/${fallsPrize.id}`, fallsForm(""), { cookie: oluCookie }),
    );
    expect(errorsOf(noReason)).toEqual({ reason: "Enter why these winners differ from the ones the ranking suggests" });
    // A stale page is refused.
    const stale = await run(
      call(categoryAction, fallsParams),
      formRequest(
        `${base}/${fallsPrize.id}`,
        { ...fallsForm("Not enough entries"), version: "1" },
        { cookie: oluCookie },
      ),
    );
    expect(errorsOf(stale)._form).toMatch(/Someone else has changed the allocation/);
    const withheld = await run(
      call(categoryAction, fallsParams),
      formRequest(
        `${base}/${fallsPrize.id}`,
        {
          ...fallsForm("The panel felt the falls entries were not ready for a prize"),
          version: await allocationVersion(event.id),
        },
        { cookie: oluCookie },
      ),
    );
    expect(redirectOf(withheld)).toBe(`${base}?done=winners`);

    const drafted = await run(call(indexLoader, params), getRequest(base, { cookie: oluCookie }));
    expect(drafted.data).toMatchObject({
      allocated: "£1,500",
      categories: [
        {
          name: "Best in show",
          followsSuggestion: true,
          awards: [
            { place: "1st", teamName: "Breathe Easy team", amount: "£1,000" },
            { place: "2nd", teamName: "Wound Watch team", amount: "£500" },
          ],
        },
        {
          name: "Falls prize",
          followsSuggestion: false,
          reason: "The panel felt the falls entries were not ready for a prize",
        },
      ],
    });
    const breatheShares = (drafted.data as { categories: { awards: { shares: { text: string }[] }[] }[] })
      .categories[0]!.awards[0]!.shares;
    expect(breatheShares.map((share) => share.text)).toEqual([
      "Breathe Easy member 1: £333.34",
      "Breathe Easy member 2: £333.33",
      "Breathe Easy member 3: £333.33",
    ]);

    // Rules: a stale version and a change after prizes are given are both refused.
    const version = await allocationVersion(event.id);
    expect(
      errorsOf(
        await run(
          call(indexAction, params),
          formRequest(base, { intent: "rules", tieRule: "share_places", version: "0" }, { cookie: oluCookie }),
        ),
      )._form,
    ).toMatch(/Someone else has changed/);
    expect(
      errorsOf(
        await run(
          call(indexAction, params),
          formRequest(base, { intent: "rules", tieRule: "share_places", version }, { cookie: oluCookie }),
        ),
      )._form,
    ).toMatch(/Clear the prizes already given/);
    expect(
      errorsOf(
        await run(
          call(indexAction, params),
          formRequest(base, { intent: "rules", tieRule: "coin toss", version }, { cookie: oluCookie }),
        ),
      ).tieRule,
    ).toBe("Choose how tied teams are paid");
    expect(
      redirectOf(
        await run(
          call(indexAction, params),
          formRequest(base, { intent: "rules", tieRule: "share_place", version }, { cookie: oluCookie }),
        ),
      ),
    ).toBe(`${base}?done=rules`);

    // Propose; return to draft needs a reason; propose again.
    expect(
      redirectOf(
        await run(call(indexAction, params), formRequest(base, { intent: "propose", version }, { cookie: oluCookie })),
      ),
    ).toBe(`${base}?done=proposed`);
    expect(
      errorsOf(
        await run(
          call(indexAction, params),
          formRequest(
            base,
            { intent: "return", reason: " ", version: await allocationVersion(event.id) },
            { cookie: efeCookie },
          ),
        ),
      ).reason,
    ).toBe("Enter why the allocation goes back to draft");
    expect(
      redirectOf(
        await run(
          call(indexAction, params),
          formRequest(
            base,
            { intent: "return", reason: "Checking the falls decision", version: await allocationVersion(event.id) },
            { cookie: efeCookie },
          ),
        ),
      ),
    ).toBe(`${base}?done=returned`);
    expect(
      redirectOf(
        await run(
          call(indexAction, params),
          formRequest(base, { intent: "propose", version: await allocationVersion(event.id) }, { cookie: oluCookie }),
        ),
      ),
    ).toBe(`${base}?done=proposed`);
    // The other organisers are emailed to approve.
    const asked = await getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, efe.email));
    expect(asked.map((email) => email.subject)).toContain(
      "Prize money for Leeds Hack Day 2030 is waiting for your approval",
    );

    // Approval: the proposer cannot; no password, a wrong one and a stale page are refused with 400.
    const proposedVersion = await allocationVersion(event.id);
    const approveLoaded = await run(call(approveLoader, params), getRequest(`${base}/approve`, { cookie: efeCookie }));
    expect(approveLoaded.data).toMatchObject({ status: "proposed", isProposer: false, proposedBy: "Olu Organiser" });
    expect(
      (await run(call(approveLoader, params), getRequest(`${base}/approve`, { cookie: oluCookie }))).data,
    ).toMatchObject({ isProposer: true });
    const approve = (cookie: string, form: Record<string, string>) =>
      run(call(approveAction, params), formRequest(`${base}/approve`, form, { cookie }));
    expect(errorsOf(await approve(oluCookie, { password: TEST_PASSWORD, version: proposedVersion }))._form).toMatch(
      /different organiser/,
    );
    expect(errorsOf(await approve(efeCookie, { password: "", version: proposedVersion }))).toEqual({
      password: "Enter your password to approve the allocation",
    });
    expect(errorsOf(await approve(efeCookie, { version: proposedVersion }))).toEqual({
      password: "Enter your password to approve the allocation",
    });
    const wrong = await approve(efeCookie, { password: "not my password", version: proposedVersion });
    expect(errorsOf(wrong).password).toMatch(/The password is not right/);
    // The password never comes back in the page.
    expect((wrong.data as Failure).values.password).toBeUndefined();
    expect(errorsOf(await approve(efeCookie, { password: TEST_PASSWORD, version: "1" }))._form).toMatch(/Someone else/);
    expect(redirectOf(await approve(efeCookie, { password: TEST_PASSWORD, version: proposedVersion }))).toBe(
      `${base}?done=approved`,
    );
    expect((await run(call(indexLoader, params), getRequest(base, { cookie: oluCookie }))).data).toMatchObject({
      status: "approved",
      proposedBy: "Olu Organiser",
      approvedBy: "Efe Organiser",
    });

    // Announcing: ready; bad times are refused; a set time can be cancelled; then publish now.
    const results = `/events/${SLUG}/manage/results`;
    expect((await run(call(resultsLoader, params), getRequest(results, { cookie: oluCookie }))).data).toMatchObject({
      judgingClosed: true,
      prizeMoneySettled: true,
      state: "not-set",
      timeZone: "Europe/London",
    });
    const announce = (form: Record<string, string>) =>
      run(
        call(resultsAction, params),
        formRequest(results, { intent: "announce", rankingRoundId: "", ...form }, { cookie: oluCookie }),
      );
    expect(errorsOf(await announce({}))).toEqual({ when: "Choose when to publish the results" });
    expect(errorsOf(await announce({ when: "later", atDate: "", atTime: "" }))).toEqual({
      atDate: "Enter the date to publish the results",
    });
    expect(errorsOf(await announce({ when: "later", atDate: "2030-02-31", atTime: "18:00" })).atDate).toBe(
      "Time to publish: Enter a real date and time",
    );
    expect(errorsOf(await announce({ when: "later", atDate: "yesterday", atTime: "6pm" })).atDate).toBe(
      "Time to publish: Enter a real date and time",
    );
    const twice = await announce({ when: "later", atDate: "2030-10-27", atTime: "01:30" });
    expect(errorsOf(twice).atChoice).toMatch(/happens twice because the clocks go back/);
    expect((twice.data as { ambiguous: unknown }).ambiguous).toEqual({
      earlierLabel: "01:30 BST (the first time)",
      laterLabel: "01:30 GMT (the second time)",
    });
    expect(errorsOf(await announce({ when: "later", atDate: "2020-06-01", atTime: "18:00" })).atDate).toBe(
      "The time to publish must be in the future",
    );
    expect(errorsOf(await announce({ when: "now", rankingRoundId: "round one" })).rankingRoundId).toBe(
      "Choose a round from the list",
    );
    expect(errorsOf(await announce({ when: "now", rankingRoundId: crypto.randomUUID() })).rankingRoundId).toBe(
      "Choose a judging round of this event for the full ranking",
    );
    const tomorrow = new Date(Date.now() + 86_400_000);
    const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(tomorrow);
    expect(redirectOf(await announce({ when: "later", atDate: day, atTime: "18:00" }))).toBe(
      `${results}?done=scheduled`,
    );
    expect((await run(call(resultsLoader, params), getRequest(results, { cookie: oluCookie }))).data).toMatchObject({
      state: "scheduled",
    });
    expect(
      redirectOf(
        await run(call(resultsAction, params), formRequest(results, { intent: "cancel" }, { cookie: oluCookie })),
      ),
    ).toBe(`${results}?done=cancelled`);
    expect(
      errorsOf(
        await run(call(resultsAction, params), formRequest(results, { intent: "cancel" }, { cookie: oluCookie })),
      )._form,
    ).toBe("No announcement is set");
    expect(redirectOf(await announce({ when: "now", rankingRoundId: round.id }))).toBe(`${results}?done=published`);
    const published = await freshEvent(event.id);
    expect(published.resultsRankingRoundId).toBe(round.id);
    expect(published.announcementEmailsSentAt).not.toBeNull();
    expect((await run(call(resultsLoader, params), getRequest(results, { cookie: oluCookie }))).data).toMatchObject({
      state: "published",
      emailsSent: true,
      rankingRound: "Shortlist",
    });
    expect(errorsOf(await announce({ when: "now" }))._form).toBe("The results are already published");
    const emails = await getDb().select().from(emailOutbox);
    expect(
      emails
        .filter((email) => email.subject.startsWith("Congratulations"))
        .map((email) => email.toAddress)
        .sort(),
    ).toEqual([...breathe.members, ...wound.members].map((member) => member.email).sort());
    expect(
      emails
        .filter((email) => email.subject.startsWith("Thank you"))
        .map((email) => email.toAddress)
        .sort(),
    ).toEqual(falls.members.map((member) => member.email).sort());

    // Payouts: the reconciliation and every share, then one share made ready and paid.
    const payoutsPage = await run(call(payoutsLoader, params), getRequest(`${base}/payouts`, { cookie: oluCookie }));
    expect(payoutsPage.data).toMatchObject({
      approved: true,
      money: {
        fund: "£1,800",
        allocated: "£1,500",
        paid: "£0",
        released: "£0",
        outstanding: "£1,500",
        unspent: "£300",
      },
    });
    const shares = (payoutsPage.data as { shares: { id: string; payee: string; amount: string; status: string }[] })
      .shares;
    expect(shares).toHaveLength(5);
    const first = shares.find((share) => share.payee === "Wound Watch member 1")!;
    expect(first).toMatchObject({ amount: "£250", status: "awaiting_details" });
    const shareParams = { slug: SLUG, shareId: first.id };
    const sharePath = `${base}/payouts/${first.id}`;
    const shareLoaded = await run(call(shareLoader, shareParams), getRequest(sharePath, { cookie: oluCookie }));
    expect(shareLoaded.data).toMatchObject({
      share: { amount: "£250", status: "Awaiting payee details", version: 1 },
      asksPayment: false,
      choices: [{ value: "ready" }, { value: "declined" }, { value: "forfeited" }],
    });
    const change = (form: Record<string, string>) =>
      run(call(shareAction, shareParams), formRequest(sharePath, form, { cookie: oluCookie }));
    expect(errorsOf(await change({ version: "1" }))).toEqual({ to: "Choose what has happened to this share" });
    expect(errorsOf(await change({ to: "sent", version: "1" }))).toEqual({
      to: "Choose what has happened to this share",
    });
    expect(errorsOf(await change({ to: "paid", paidOn: "2030-01-01", reference: "X", version: "1" })).to).toBe(
      "A share that is awaiting payee details cannot be marked paid",
    );
    expect(errorsOf(await change({ to: "declined", version: "1" }))).toEqual({
      reason: "Enter why the share was declined",
    });
    expect(redirectOf(await change({ to: "ready", version: "1" }))).toBe(`${base}/payouts?done=changed`);
    expect(
      errorsOf(await change({ to: "paid", paidOn: "2024-06-30", reference: "BACS-1", version: "1" }))._form,
    ).toMatch(/Someone else has changed this payout/);
    expect(errorsOf(await change({ to: "paid", paidOn: "31/02/2030", reference: "", version: "2" }))).toEqual({
      paidOn: "The payment date must be a real date",
      reference: "Enter the payment reference from finance",
    });
    expect(errorsOf(await change({ to: "paid", paidOn: "2999-01-01", reference: "BACS-1", version: "2" })).paidOn).toBe(
      "The payment date must be today or in the past",
    );
    expect(redirectOf(await change({ to: "paid", paidOn: "2024-06-30", reference: "BACS-0042", version: "2" }))).toBe(
      `${base}/payouts?done=changed`,
    );
    expect(
      (await run(call(payoutsLoader, params), getRequest(`${base}/payouts`, { cookie: oluCookie }))).data,
    ).toMatchObject({ money: { paid: "£250", outstanding: "£1,250" } });

    // The finance file.
    const csv = await run(call(financeCsvLoader, params), getRequest(`${base}/finance.csv`, { cookie: oluCookie }));
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("Content-Disposition")).toBe(`attachment; filename="${SLUG}-prize-money.csv"`);
    const lines = (csv.data as string)
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toBe(
      "Prize,Place,Team,Payee,Organisation or person,Member,Member email,Amount (£),Status,Payment reference,Paid on,Reason",
    );
    expect(lines).toHaveLength(6);
    expect(lines).toContain(
      `Best in show,2nd,Wound Watch team,Wound Watch member 1,Person,Wound Watch member 1,${wound.members[0]!.email},250.00,Paid,BACS-0042,2024-06-30,`,
    );
    expect(lines).toContain(
      `Best in show,1st,Breathe Easy team,Breathe Easy member 1,Person,Breathe Easy member 1,${breathe.members[0]!.email},333.34,Awaiting payee details,,,`,
    );

    // The community's reconciliation, for its organisers: this event and the totals.
    const communityPage = await run(
      call(communityLoader, { slug: community.slug }),
      getRequest(`/organise/communities/${community.slug}/prize-money`, { cookie: oluCookie }),
    );
    expect(communityPage.data).toMatchObject({
      name: "Leeds Code4Health",
      events: [{ slug: SLUG, status: "Approved", fund: "£1,800", paid: "£250" }],
      total: { fund: "£1,800", allocated: "£1,500", paid: "£250", outstanding: "£1,250", unspent: "£300" },
    });
  });

  it("turns away participants, judges and organisers of another event from every page and action", async () => {
    const { breathe, judge, otherOrganiser, main, otherShareId, community, efe } = await setUp();
    const shareId = otherShareId;
    const pages: [string, Handler, Record<string, string>, "get" | Record<string, string>][] = [
      [base, indexLoader, params, "get"],
      [base, indexAction, params, { intent: "propose", version: "1" }],
      [`${base}/${main.id}`, categoryLoader, { slug: SLUG, categoryId: main.id }, "get"],
      [`${base}/${main.id}`, categoryAction, { slug: SLUG, categoryId: main.id }, { version: "1" }],
      [`${base}/approve`, approveLoader, params, "get"],
      [`${base}/approve`, approveAction, params, { password: TEST_PASSWORD, version: "1" }],
      [`${base}/payouts`, payoutsLoader, params, "get"],
      [`${base}/payouts/${shareId}`, shareLoader, { slug: SLUG, shareId }, "get"],
      [`${base}/payouts/${shareId}`, shareAction, { slug: SLUG, shareId }, { to: "ready", version: "1" }],
      [`${base}/finance.csv`, financeCsvLoader, params, "get"],
      [`/events/${SLUG}/manage/results`, resultsLoader, params, "get"],
      [`/events/${SLUG}/manage/results`, resultsAction, params, { intent: "announce", when: "now" }],
    ];
    for (const person of [breathe.members[0]!, judge, otherOrganiser]) {
      const cookie = await signedInCookie(person);
      const statuses: number[] = [];
      for (const [path, handler, routeParams, form] of pages) {
        const request = form === "get" ? getRequest(path, { cookie }) : formRequest(path, form, { cookie });
        statuses.push((await run(call(handler, routeParams), request)).status);
      }
      expect(statuses, person.name).toEqual(Array(pages.length).fill(403));
      // Nor the community's reconciliation.
      const communityPage = await run(
        call(communityLoader, { slug: community.slug }),
        getRequest(`/organise/communities/${community.slug}/prize-money`, { cookie }),
      );
      expect(communityPage.status).toBe(403);
    }
    // An organiser of the event only (not of the community) cannot see the community's page either.
    const efeCookie = await signedInCookie(efe);
    expect(
      (
        await run(
          call(communityLoader, { slug: community.slug }),
          getRequest(`/organise/communities/${community.slug}/prize-money`, { cookie: efeCookie }),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await run(
          call(communityLoader, { slug: "no-such-community" }),
          getRequest(`/organise/communities/no-such-community/prize-money`, { cookie: efeCookie }),
        )
      ).status,
    ).toBe(404);
    // Signed out: to the sign-in page.
    const signedOut = await run(call(indexLoader, params), getRequest(base));
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    // Nothing changed.
    const [allocation] = await getDb().select().from(prizeAllocations);
    expect(allocation?.status ?? "draft").toBe("draft");
  });

  it("answers 404 to an organiser for a prize or share of another event, or an address that is no id", async () => {
    const { olu, otherCategory, otherShareId } = await setUp();
    const cookie = await signedInCookie(olu);
    const cases: [string, Handler, Record<string, string>, "get" | Record<string, string>][] = [];
    for (const categoryId of [otherCategory.id, "not-an-id", crypto.randomUUID()]) {
      const path = `${base}/${categoryId}`;
      cases.push([path, categoryLoader, { slug: SLUG, categoryId }, "get"]);
      cases.push([
        path,
        categoryAction,
        { slug: SLUG, categoryId },
        { version: "1", [`place.${crypto.randomUUID()}`]: "1" },
      ]);
    }
    for (const shareId of [otherShareId, "42", crypto.randomUUID()]) {
      const path = `${base}/payouts/${shareId}`;
      cases.push([path, shareLoader, { slug: SLUG, shareId }, "get"]);
      cases.push([path, shareAction, { slug: SLUG, shareId }, { to: "ready", version: "1" }]);
    }
    const statuses: number[] = [];
    for (const [path, handler, routeParams, form] of cases) {
      const request = form === "get" ? getRequest(path, { cookie }) : formRequest(path, form, { cookie });
      statuses.push((await run(call(handler, routeParams), request)).status);
    }
    expect(statuses).toEqual(Array(cases.length).fill(404));
    // The other event's share did not move.
    const [share] = await getDb().select().from(prizeAllocations).where(eq(prizeAllocations.status, "approved"));
    expect(share).toBeUndefined();
    const otherShare = (
      await payouts((await getDb().select().from(events).where(eq(events.slug, OTHER_SLUG)))[0]!)
    )[0]!;
    expect(otherShare.status).toBe("awaiting_details");
  });

  it("shows another round's ranking and suggestion when asked, and refuses to propose while a round is open", async () => {
    const { event, olu, main, breathe, wound, falls, judge, round } = await setUp();
    const cookie = await signedInCookie(olu);
    // A final in which Falls Finder comes first, left open.
    const final = await judgedRound(
      olu,
      event,
      [
        [falls, 5],
        [breathe, 3],
        [wound, 2],
      ],
      { judge, kind: "final", name: "Final", lock: false },
    );
    const page = await run(
      call(categoryLoader, { slug: SLUG, categoryId: main.id }),
      getRequest(`${base}/${main.id}?round=${final.id}`, { cookie }),
    );
    const shown = page.data as CategoryPage & { judgingClosed: boolean };
    expect(shown.roundId).toBe(final.id);
    expect(shown.judgingClosed).toBe(false);
    expect(shown.candidates.map((candidate) => [candidate.title, candidate.place])).toEqual([
      ["Falls Finder", "1"],
      ["Breathe Easy", "2"],
      ["Wound Watch", ""],
    ]);
    // The category names no round, so it follows the last scored round (the final); a nonsense
    // round falls back to that, and the shortlist can be asked for.
    const fallback = await run(
      call(categoryLoader, { slug: SLUG, categoryId: main.id }),
      getRequest(`${base}/${main.id}?round=nonsense`, { cookie }),
    );
    expect((fallback.data as CategoryPage).roundId).toBe(final.id);
    const shortlist = await run(
      call(categoryLoader, { slug: SLUG, categoryId: main.id }),
      getRequest(`${base}/${main.id}?round=${round.id}`, { cookie }),
    );
    expect((shortlist.data as CategoryPage).candidates.map((candidate) => [candidate.title, candidate.place])).toEqual([
      ["Breathe Easy", "1"],
      ["Wound Watch", "2"],
      ["Falls Finder", ""],
    ]);
    // Saving the final's suggestion follows it: no reason needed.
    const saved = await run(
      call(categoryAction, { slug: SLUG, categoryId: main.id }),
      formRequest(
        `${base}/${main.id}`,
        {
          version: String(shown.version),
          rankingRoundId: final.id,
          reason: "",
          [`place.${falls.team.id}`]: "1",
          [`place.${breathe.team.id}`]: "2",
          [`place.${wound.team.id}`]: "",
        },
        { cookie },
      ),
    );
    expect(saved.status).toBe(302);
    const overview = await run(call(indexLoader, { slug: SLUG }), getRequest(base, { cookie }));
    expect(overview.data).toMatchObject({ judgingClosed: false, openRounds: ["Final"] });
    const proposed = await run(
      call(indexAction, { slug: SLUG }),
      formRequest(base, { intent: "propose", version: await allocationVersion(event.id) }, { cookie }),
    );
    expect(errorsOf(proposed)._form).toMatch(/^Lock every judging round before proposing/);
    // Announcing is refused too.
    const results = `/events/${SLUG}/manage/results`;
    expect((await run(call(resultsLoader, { slug: SLUG }), getRequest(results, { cookie }))).data).toMatchObject({
      judgingClosed: false,
      prizeMoneySettled: false,
    });
    const announced = await run(
      call(resultsAction, { slug: SLUG }),
      formRequest(results, { intent: "announce", when: "now", rankingRoundId: "" }, { cookie }),
    );
    expect(errorsOf(announced)._form).toMatch(/^Judging is not closed/);
  });

  it("limits password attempts at approval per account, as signing in does", async () => {
    const { efe } = await setUp();
    const cookie = await signedInCookie(efe);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt++) {
      const outcome = await run(
        call(approveAction, params),
        formRequest(`${base}/approve`, { password: `guess ${attempt}`, version: "1" }, { cookie }),
      );
      statuses.push(outcome.status);
    }
    expect(statuses).toEqual([...Array(10).fill(400), 429]);
  });
});
