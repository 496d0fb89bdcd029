// Prize money, exactly in pence: a category's places given to teams (ties sharing money), and each
// award split among the team's members. Every function returns amounts that sum exactly to what
// was split, and no amount differs from its exact fraction by a penny or more.
import { ordinal } from "./calls";
import { formatPence, sumPence } from "./money";

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

export interface RankedTeam {
  teamId: string;
  /** Standard competition ranking from the judging results; teams tied share a rank. */
  rank: number;
}

/**
 * The places the results suggest for a category with `placeCount` places: the eligible teams in
 * ranking order. Teams tied in the ranking are tied at their place. Under "share_place" the team
 * after a tie takes the next place (two tied 1st, then 2nd), since the tie used only one place's
 * money; under "share_places" the tie used the places it covers, so the next team comes after them
 * (two tied 1st, then 3rd). Teams beyond the last place are left out.
 */
export function suggestPlaces(ranked: readonly RankedTeam[], placeCount: number, rule: TieRule): PlacedTeam[] {
  const ordered = [...ranked].sort((a, b) => a.rank - b.rank);
  const placed: PlacedTeam[] = [];
  let place = 0;
  let index = 0;
  while (index < ordered.length) {
    const rank = ordered[index]!.rank;
    const tied = ordered.slice(index).filter((team) => team.rank === rank);
    place = place === 0 ? 1 : place + (rule === "share_places" ? placed.filter((p) => p.place === place).length : 1);
    if (place > placeCount) break;
    for (const team of tied) placed.push({ teamId: team.teamId, place });
    index += tied.length;
  }
  return placed;
}

/**
 * Why these chosen places cannot stand, or null when they can: every place must be one the
 * category has, and under "share_places" a tie takes the places it covers, so no other team may
 * be put in them (two tied 1st leave no 2nd).
 */
export function placesError(placed: readonly PlacedTeam[], placeCount: number, rule: TieRule): string | null {
  const counts = new Map<number, number>();
  for (const team of placed) {
    if (!Number.isInteger(team.place) || team.place < 1 || team.place > placeCount) {
      return `This prize has ${placeCount} ${placeCount === 1 ? "place" : "places"}: choose a place from 1st to ${ordinal(placeCount)}`;
    }
    counts.set(team.place, (counts.get(team.place) ?? 0) + 1);
  }
  if (new Set(placed.map((team) => team.teamId)).size !== placed.length)
    return "A team can take only one place in a prize";
  if (rule === "share_places") {
    for (const [place, count] of counts) {
      for (let covered = place + 1; covered < place + count; covered++) {
        if (counts.has(covered)) {
          return `${count} teams tied at ${ordinal(place)} share the money of ${ordinal(place)} to ${ordinal(place + count - 1)} place, so no team can be ${ordinal(covered)}`;
        }
      }
    }
  }
  return null;
}

/** Whether two choices put the same teams in the same places. */
export function samePlaces(a: readonly PlacedTeam[], b: readonly PlacedTeam[]): boolean {
  const key = (list: readonly PlacedTeam[]) =>
    list
      .map((team) => `${team.teamId}:${team.place}`)
      .sort()
      .join(",");
  return key(a) === key(b);
}

/**
 * Why custom shares of an award cannot stand, or null when they can: one whole, non-negative
 * amount of pence for every member and nobody else, adding up exactly to the award.
 */
export function customSharesError(
  awardPence: number,
  memberIds: readonly string[],
  amounts: Readonly<Record<string, number>>,
): string | null {
  const members = new Set(memberIds);
  if (Object.keys(amounts).some((id) => !members.has(id))) return "Shares can go only to members of the team";
  if (memberIds.some((id) => amounts[id] === undefined)) return "Give every member a share, £0 if they take none";
  const values = memberIds.map((id) => amounts[id]!);
  if (!values.every(isAmount)) return "Each share must be a whole number of pence, £0 or more";
  const total = sumPence(values);
  if (total !== awardPence) {
    const difference = total - awardPence;
    return difference > 0
      ? `The shares add up to ${formatPence(difference)} more than the award of ${formatPence(awardPence)}`
      : `The shares add up to ${formatPence(-difference)} less than the award of ${formatPence(awardPence)}`;
  }
  return null;
}
