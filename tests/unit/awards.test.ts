import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allocationError,
  awardPlaces,
  categoryFund,
  customSharesError,
  placesError,
  samePlaces,
  splitByWeights,
  splitEqually,
  suggestPlaces,
  type TieRule,
} from "~/domain/awards";
import { payoutChangeErrors, reconcile, PAYOUT_STATUSES } from "~/domain/payouts";

const RUNS = 10_000;
const pence = fc.integer({ min: 0, max: 100_000_000 });

describe("splitting money", () => {
  it("splits equally with the odd pence going to the first people in order", () => {
    expect(splitEqually(1000, 3)).toEqual([334, 333, 333]);
    expect(splitEqually(1001, 3)).toEqual([334, 334, 333]);
    expect(splitEqually(0, 2)).toEqual([0, 0]);
    expect(splitEqually(5, 1)).toEqual([5]);
  });

  it("splits by weights with the largest remainders rounded up", () => {
    expect(splitByWeights(1000, [1, 1, 2])).toEqual([250, 250, 500]);
    expect(splitByWeights(100, [1, 2])).toEqual([33, 67]);
    expect(splitByWeights(100, [0, 0])).toEqual([50, 50]);
  });

  it("refuses what cannot be money", () => {
    expect(() => splitEqually(10.5, 2)).toThrow(RangeError);
    expect(() => splitEqually(-1, 2)).toThrow(RangeError);
    expect(() => splitEqually(10, 0)).toThrow(RangeError);
    expect(() => splitByWeights(10, [1, -1])).toThrow(RangeError);
  });

  it("always sums exactly, and no part is a penny or more from its exact fraction (10,000 cases)", () => {
    fc.assert(
      fc.property(
        pence,
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 }),
        (total, weights) => {
          const parts = splitByWeights(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0);
          parts.forEach((part, index) => {
            const exact = sum === 0 ? total / weights.length : (total * weights[index]!) / sum;
            expect(Math.abs(part - exact)).toBeLessThan(1);
            expect(Number.isSafeInteger(part)).toBe(true);
          });
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe("awarding a category's places", () => {
  const places = [100_000, 50_000, 25_000];

  it("pays each place to its team", () => {
    expect(
      awardPlaces(
        places,
        [
          { teamId: "a", place: 1 },
          { teamId: "b", place: 2 },
          { teamId: "c", place: 3 },
          { teamId: "d", place: 4 },
        ],
        "share_place",
      ),
    ).toEqual([
      { teamId: "a", place: 1, amountPence: 100_000 },
      { teamId: "b", place: 2, amountPence: 50_000 },
      { teamId: "c", place: 3, amountPence: 25_000 },
    ]);
  });

  it("shares a tied place's money, or that place's and the next's, exactly", () => {
    const tied = [
      { teamId: "a", place: 1 },
      { teamId: "b", place: 1 },
      { teamId: "c", place: 3 },
    ];
    expect(awardPlaces(places, tied, "share_place").map((award) => award.amountPence)).toEqual([
      50_000, 50_000, 25_000,
    ]);
    expect(awardPlaces(places, tied, "share_places").map((award) => award.amountPence)).toEqual([
      75_000, 75_000, 25_000,
    ]);
    expect(
      awardPlaces(
        [100],
        [
          { teamId: "a", place: 1 },
          { teamId: "b", place: 1 },
          { teamId: "c", place: 1 },
        ],
        "share_place",
      ).map((a) => a.amountPence),
    ).toEqual([34, 33, 33]);
  });

  it("never awards more than the fund, whatever the ties (10,000 cases)", () => {
    const standing = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 10 }).map((raw) => {
      // Standard competition ranking from random scores.
      const sorted = [...raw].sort((a, b) => b - a);
      return raw.map((score, i) => ({ teamId: `t${i}`, place: sorted.indexOf(score) + 1 }));
    });
    fc.assert(
      fc.property(
        fc.array(pence, { minLength: 1, maxLength: 5 }),
        standing,
        fc.constantFrom("share_place" as const, "share_places" as const),
        (placesPence, teams, rule) => {
          const awards = awardPlaces(placesPence, teams, rule);
          const total = awards.reduce((a, award) => a + award.amountPence, 0);
          expect(total).toBeLessThanOrEqual(categoryFund(placesPence));
          expect(
            allocationError(
              categoryFund(placesPence),
              awards.map((award) => award.amountPence),
            ),
          ).toBeNull();
          // Teams tied at one place receive amounts within a penny of each other.
          const byPlace = new Map<number, number[]>();
          for (const award of awards)
            byPlace.set(award.place, [...(byPlace.get(award.place) ?? []), award.amountPence]);
          for (const amounts of byPlace.values())
            expect(Math.max(...amounts) - Math.min(...amounts)).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("says by how much awards exceed a fund", () => {
    expect(allocationError(1000, [600, 500])).toBe(
      "The awards add up to more than the category's fund (100 pence over)",
    );
    expect(allocationError(1000, [600, 400])).toBeNull();
    expect(allocationError(1000, [0.5])).toBe("Each award must be a whole number of pence");
  });
});

describe("suggesting winners from the ranking", () => {
  const ranked = (ranks: number[]) => ranks.map((rank, index) => ({ teamId: `t${index}`, rank }));

  it("takes teams in ranking order, one per place", () => {
    expect(suggestPlaces(ranked([2, 1, 3, 4]), 3, "share_place")).toEqual([
      { teamId: "t1", place: 1 },
      { teamId: "t0", place: 2 },
      { teamId: "t2", place: 3 },
    ]);
  });

  it("puts tied teams at one place, and the next team after the places their tie used", () => {
    expect(suggestPlaces(ranked([1, 1, 3]), 3, "share_place")).toEqual([
      { teamId: "t0", place: 1 },
      { teamId: "t1", place: 1 },
      { teamId: "t2", place: 2 },
    ]);
    expect(suggestPlaces(ranked([1, 1, 3]), 3, "share_places")).toEqual([
      { teamId: "t0", place: 1 },
      { teamId: "t1", place: 1 },
      { teamId: "t2", place: 3 },
    ]);
    expect(suggestPlaces(ranked([1, 1, 3]), 2, "share_places")).toEqual([
      { teamId: "t0", place: 1 },
      { teamId: "t1", place: 1 },
    ]);
  });

  it("always suggests places that can stand and money within the fund (10,000 cases)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 8 }), { maxLength: 12 }),
        fc.array(pence, { minLength: 1, maxLength: 5 }),
        fc.constantFrom<TieRule>("share_place", "share_places"),
        (ranks, placesPence, rule) => {
          const placed = suggestPlaces(ranked(ranks), placesPence.length, rule);
          expect(placesError(placed, placesPence.length, rule)).toBeNull();
          const awards = awardPlaces(placesPence, placed, rule);
          expect(
            allocationError(
              categoryFund(placesPence),
              awards.map((award) => award.amountPence),
            ),
          ).toBeNull();
          expect(samePlaces(placed, [...placed].reverse())).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe("checking chosen places", () => {
  it("refuses a place the prize does not have, a team twice, and a place a tie has used", () => {
    expect(placesError([{ teamId: "a", place: 3 }], 2, "share_place")).toMatch(/2 places/);
    expect(
      placesError(
        [
          { teamId: "a", place: 1 },
          { teamId: "a", place: 2 },
        ],
        2,
        "share_place",
      ),
    ).toMatch(/only one place/);
    const tieThenSecond = [
      { teamId: "a", place: 1 },
      { teamId: "b", place: 1 },
      { teamId: "c", place: 2 },
    ];
    expect(placesError(tieThenSecond, 3, "share_places")).toMatch(/no team can be 2nd/);
    expect(placesError(tieThenSecond, 3, "share_place")).toBeNull();
  });
});

describe("custom shares", () => {
  it("needs every member, only members, whole pence, adding up exactly", () => {
    expect(customSharesError(1000, ["a", "b"], { a: 600, b: 400 })).toBeNull();
    expect(customSharesError(1000, ["a", "b"], { a: 1000, b: 0 })).toBeNull();
    expect(customSharesError(1000, ["a", "b"], { a: 600 })).toMatch(/every member/);
    expect(customSharesError(1000, ["a", "b"], { a: 600, b: 400, c: 0 })).toMatch(/only to members/);
    expect(customSharesError(1000, ["a", "b"], { a: 600.5, b: 399.5 })).toMatch(/whole number/);
    expect(customSharesError(1000, ["a", "b"], { a: 600, b: 401 })).toMatch(/£0.01 more than the award of £10/);
    expect(customSharesError(1000, ["a", "b"], { a: 600, b: 300 })).toMatch(/£1 less/);
  });
});

describe("payouts", () => {
  const today = "2030-07-01";

  it("moves through ready to paid with a date and reference, or declined with a reason", () => {
    expect(payoutChangeErrors("awaiting_details", { to: "ready" }, today)).toEqual({});
    expect(payoutChangeErrors("awaiting_details", { to: "paid" }, today).to).toMatch(/cannot be marked paid/);
    expect(payoutChangeErrors("ready", { to: "paid" }, today)).toEqual({
      paidOn: "Enter the date the payment was made",
      reference: "Enter the payment reference from finance",
    });
    expect(payoutChangeErrors("ready", { to: "paid", paidOn: "2030-02-30", reference: "R1" }, today).paidOn).toMatch(
      /real date/,
    );
    expect(payoutChangeErrors("ready", { to: "paid", paidOn: "2030-07-02", reference: "R1" }, today).paidOn).toMatch(
      /past/,
    );
    expect(payoutChangeErrors("ready", { to: "paid", paidOn: "2030-07-01", reference: "R1" }, today)).toEqual({});
    expect(payoutChangeErrors("ready", { to: "declined" }, today).reason).toMatch(/declined/);
    expect(payoutChangeErrors("paid", { to: "ready" }, today).reason).toMatch(/corrected/);
    expect(payoutChangeErrors("paid", { to: "paid" }, today).to).toMatch(/already paid/);
  });

  it("always balances: allocated is paid, released and outstanding (10,000 cases)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ amountPence: pence, status: fc.constantFrom(...PAYOUT_STATUSES) }), { maxLength: 20 }),
        pence,
        (shares, extra) => {
          const allocated = shares.reduce((sum, share) => sum + share.amountPence, 0);
          const money = reconcile(allocated + extra, shares);
          expect(money.allocatedPence).toBe(allocated);
          expect(money.paidPence + money.releasedPence + money.outstandingPence).toBe(allocated);
          expect(money.unspentPence).toBe(extra + money.releasedPence);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
