// Prize money, exactly in pence: a category's places given to teams (ties sharing money), and each
// award split among the team's members. Every function returns amounts that sum exactly to what
// was split, and no amount differs from its exact fraction by a penny or more.
import { sumPence } from "./money";

function isAmount(pence: number): boolean {
  return Number.isSafeInteger(pence) && pence >= 0;
}

/**
 * Splits `total` pence in proportion to `weights` (largest remainder method). Each part is the
 * exact fraction rounded down, and the pence left over go one each to the parts with the largest
 * remainders; equal remainders go to the earlier part, so the result depends only on the order
 * the caller gives. All weights zero: split equally.
 */
export function splitByWeights(total: number, weights: readonly number[]): number[] {
  if (!isAmount(total)) throw new RangeError(`Not an amount of pence: ${total}`);
  if (weights.length === 0) {
    if (total === 0) return [];
    throw new RangeError("Cannot split money among nobody");
  }
  if (weights.some((weight) => !Number.isSafeInteger(weight) || weight < 0)) {
    throw new RangeError("Weights must be whole numbers, zero or more");
  }
  const sum = weights.reduce((a, b) => a + b, 0);
  const effective = sum === 0 ? weights.map(() => 1) : weights;
  const effectiveSum = sum === 0 ? weights.length : sum;
  // BigInt keeps total × weight exact however large both are.
  const parts = effective.map((weight, index) => {
    const numerator = BigInt(total) * BigInt(weight);
    const floor = numerator / BigInt(effectiveSum);
    return { index, floor: Number(floor), remainder: numerator % BigInt(effectiveSum) };
  });
  let left = total - parts.reduce((a, part) => a + part.floor, 0);
  const byRemainder = [...parts].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  const amounts = parts.map((part) => part.floor);
  for (const part of byRemainder) {
    if (left === 0) break;
    amounts[part.index]! += 1;
    left -= 1;
  }
  return amounts;
}

/**
 * An award split equally among `count` people. The pence that do not divide go one each to the
 * first people in the order given: callers list members by when they joined the team, so the
 * rule is the same one every time and can be explained to the team.
 */
export function splitEqually(total: number, count: number): number[] {
  return splitByWeights(
    total,
    Array.from({ length: count }, () => 1),
  );
}

/** How teams tied at a place are paid. */
export type TieRule =
  /** They share that place's money. */
  | "share_place"
  /** They share the money of that place and of the places they also fill (1st and 2nd for two tied 1st). */
  | "share_places";

export interface PlacedTeam {
  teamId: string;
  /** Standard competition ranking: two teams at 1 are followed by a team at 3. */
  place: number;
}

export interface PlaceAward {
  teamId: string;
  place: number;
  amountPence: number;
}

/**
 * Gives a category's places (amounts in pence for 1st, 2nd …) to the teams placed in them. Teams
 * tied at a place share its money (or, under "share_places", the money of every place their tie
 * covers), split equally in the order given. Places beyond the category's are not paid. The
 * awards never add up to more than the category's fund.
 */
export function awardPlaces(placesPence: readonly number[], teams: readonly PlacedTeam[], rule: TieRule): PlaceAward[] {
  if (!placesPence.every(isAmount)) throw new RangeError("Place amounts must be pence");
  const byPlace = new Map<number, string[]>();
  for (const team of teams) {
    if (!Number.isInteger(team.place) || team.place < 1) throw new RangeError(`Not a place: ${team.place}`);
    byPlace.set(team.place, [...(byPlace.get(team.place) ?? []), team.teamId]);
  }
  const awards: PlaceAward[] = [];
  for (const [place, tied] of [...byPlace.entries()].sort((a, b) => a[0] - b[0])) {
    if (place > placesPence.length) continue;
    const covered =
      rule === "share_places" ? placesPence.slice(place - 1, place - 1 + tied.length) : [placesPence[place - 1]!];
    const pot = sumPence(covered);
    splitEqually(pot, tied.length).forEach((amountPence, index) =>
      awards.push({ teamId: tied[index]!, place, amountPence }),
    );
  }
  return awards;
}

/** The category's fund: the sum of its places' amounts. */
export function categoryFund(placesPence: readonly number[]): number {
  return sumPence(placesPence);
}

/** Why these awards cannot stand in a category with this fund, or null when they fit. */
export function allocationError(fundPence: number, awardsPence: readonly number[]): string | null {
  if (!awardsPence.every(isAmount)) return "Each award must be a whole number of pence";
  const total = sumPence(awardsPence);
  if (total > fundPence) {
    return `The awards add up to more than the category's fund (${total - fundPence} pence over)`;
  }
  return null;
}
