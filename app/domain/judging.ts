// Judging maths: from judges' criterion scores to a ranking that says how sure it is.
//
// 1. Each sheet (one judge, one entry) becomes a weighted score on 0..1, so criteria on different scales and
//    with different weights combine fairly.
// 2. Judges differ in harshness, so each judge's scores are also turned into z-scores within the round,
//    shrunk towards 0 for judges who scored few entries, and mapped back onto 0..1 to read like raw scores.
// 3. Entries are ranked on raw or normalised means (the organiser chooses), each with a bootstrap interval,
//    and exact ties go through the organiser's tie-break chain.
import type { Rubric } from "./rubrics";

export interface ScoreSheet {
  judgeId: string;
  entryId: string;
  /** Criterion key to score on that criterion's scale. */
  scores: Record<string, number>;
}

/** Scores this close are equal: the sums of a few dozen floats differ in the last bits only. */
export const TIE_TOLERANCE = 1e-9;
/** Spread below this is no spread: a judge who gave everything the same score has nothing to standardise. */
const ZERO_SPREAD = 1e-12;

/**
 * A judge's score for an entry: weighted mean of criterion scores mapped to 0..1 ((s-min)/(max-min)); criteria
 * missing from the sheet are left out and the weights renormalised; null if none scored.
 */
export function weightedScore(rubric: Rubric, scores: Record<string, number>): number | null {
  let weightSum = 0;
  let total = 0;
  let counted = 0;
  let unweightedTotal = 0;
  for (const criterion of rubric.criteria) {
    if (!Object.hasOwn(scores, criterion.key)) continue;
    const score = scores[criterion.key];
    const span = criterion.scaleMax - criterion.scaleMin;
    if (typeof score !== "number" || !Number.isFinite(score) || !(span > 0)) continue;
    // A score off the scale (an old score after the scale shrank) counts as the nearest end, not beyond it.
    const mapped = Math.min(1, Math.max(0, (score - criterion.scaleMin) / span));
    const weight = Number.isFinite(criterion.weight) && criterion.weight > 0 ? criterion.weight : 0;
    weightSum += weight;
    total += weight * mapped;
    counted++;
    unweightedTotal += mapped;
  }
  if (counted === 0) return null;
  // Only reachable with a rubric that failed validation; equal weights beat dividing by zero.
  return weightSum > 0 ? total / weightSum : unweightedTotal / counted;
}

export interface NormalisationOptions {
  /** Pseudo-count k: a judge's z-scores are multiplied by n/(n+k), n being how many entries they scored. */
  shrinkage: number;
}

export const DEFAULT_SHRINKAGE = 3;

interface ValueSheet {
  judgeId: string;
  entryId: string;
  value: number;
}

/**
 * Mean taken as the first value plus the mean of the differences from it, so that equal values give exactly
 * that value back and a judge who gave everything the same score has a spread of exactly 0.
 */
function mean(values: readonly number[]): number {
  const first = values[0];
  if (first === undefined) return NaN;
  let offset = 0;
  for (const value of values) offset += value - first;
  return first + offset / values.length;
}

/** Sample standard deviation (n - 1), 0 when there are fewer than two values. */
function sampleSd(values: readonly number[], centre = mean(values)): number {
  if (values.length < 2) return 0;
  let squares = 0;
  for (const value of values) squares += (value - centre) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

function checkShrinkage(shrinkage: number): number {
  if (!Number.isFinite(shrinkage) || shrinkage < 0)
    throw new RangeError(`Shrinkage must be a finite number of 0 or more: ${shrinkage}`);
  return shrinkage;
}

function checkValues(sheets: readonly ValueSheet[]): void {
  for (const sheet of sheets) {
    if (!Number.isFinite(sheet.value))
      throw new RangeError(`Judge ${sheet.judgeId} has a score for entry ${sheet.entryId} that is not a number`);
  }
}

/**
 * Each sheet's z-score within its judge's scores, times n/(n+k). Exposed because it is what the normalised
 * ranking really rests on: it does not change when a judge's scores are all shifted or stretched, and it is
 * 0 for a judge with one entry (no spread to speak of) or the same score for every entry.
 */
export function zScoresByJudge(
  sheets: readonly ValueSheet[],
  shrinkage: number = DEFAULT_SHRINKAGE,
): { judgeId: string; entryId: string; z: number }[] {
  checkShrinkage(shrinkage);
  checkValues(sheets);
  const byJudge = new Map<string, number[]>();
  for (const { judgeId, value } of sheets) {
    const values = byJudge.get(judgeId);
    if (values) values.push(value);
    else byJudge.set(judgeId, [value]);
  }
  const stats = new Map<string, { centre: number; sd: number; shrink: number }>();
  for (const [judgeId, values] of byJudge) {
    const centre = mean(values);
    const n = values.length;
    stats.set(judgeId, { centre, sd: sampleSd(values, centre), shrink: n / (n + shrinkage) });
  }
  return sheets.map(({ judgeId, entryId, value }) => {
    const { centre, sd, shrink } = stats.get(judgeId) ?? { centre: value, sd: 0, shrink: 0 };
    // Scale the threshold by the judge's typical score so that stretching all their scores cannot flip it.
    const z = sd > ZERO_SPREAD * Math.max(1, Math.abs(centre)) ? ((value - centre) / sd) * shrink : 0;
    return { judgeId, entryId, z };
  });
}

/**
 * Per judge z-scores of their weighted scores within the round, shrunk towards 0 by n/(n+k) where n is how many
 * entries the judge scored; a judge with zero spread contributes 0; then mapped back onto 0..1 using the round's
 * overall mean and sd of weighted scores (so the numbers read like raw ones), clamped to 0..1. Returns per sheet,
 * in the order given. Pass one round's sheets, each judge-entry pair once.
 */
export function normaliseScores(
  sheets: readonly ValueSheet[],
  options: Partial<NormalisationOptions> = {},
): { judgeId: string; entryId: string; value: number; normalised: number }[] {
  const z = zScoresByJudge(sheets, options.shrinkage ?? DEFAULT_SHRINKAGE);
  const values = sheets.map((sheet) => sheet.value);
  const centre = mean(values);
  const spread = sampleSd(values, centre);
  return sheets.map((sheet, index) => ({
    judgeId: sheet.judgeId,
    entryId: sheet.entryId,
    value: sheet.value,
    normalised: clamp01(centre + spread * (z[index]?.z ?? 0)),
  }));
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

export interface EntryResult {
  entryId: string;
  /** How many judges' sheets had at least one criterion scored. */
  judges: number;
  /** Mean of judges' weighted scores, 0..1. */
  raw: number;
  /** Mean of the judges' normalised scores, 0..1. */
  normalised: number;
  rawOnScale: number;
  /** Mapped to the display scale: the rubric's first criterion's scale unless another is given. */
  normalisedOnScale: number;
  /** 90% bootstrap interval of the ranking basis, on the display scale. */
  interval: { low: number; high: number };
  /** Standard competition ranking: 1, 2, 2, 4. */
  rank: number;
  /** Its interval overlaps that of the entry ranked directly above or below. */
  overlapsNeighbour: boolean;
  /** What settled its order against an equal neighbour, if anything. */
  tieBreak: string | null;
}

export type RankingBasis = "raw" | "normalised";

export type TieBreakStep =
  | { kind: "criterion"; criterionKey: string; label: string }
  | { kind: "round"; label: string; scores: Record<string, number> }
  | { kind: "decision"; order: string[]; reason: string };

export const DEFAULT_BOOTSTRAP_ITERATIONS = 2000;
export const MAX_BOOTSTRAP_ITERATIONS = 100_000;

/**
 * Mulberry32: a tiny, fast 32-bit PRNG. Good enough for resampling, and seeded so that a published interval can
 * be reproduced exactly. Returns numbers in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a: mixes an entry id into the seed so each entry's interval is independent of which others are ranked. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Linear interpolation between order statistics (the usual "type 7" quantile). */
/**
 * Rearranges `values[from..]` so that values[k] is the value a sort would put there, with nothing
 * larger before it and nothing smaller after it (Hoare's selection, median-of-three pivots): two
 * quantiles need two selections, linear time, rather than a sort of every resampled mean.
 */
function select(values: Float64Array, k: number, from = 0): void {
  let low = from;
  let high = values.length - 1;
  while (high > low) {
    const middle = (low + high) >>> 1;
    const a = values[low]!;
    const b = values[middle]!;
    const c = values[high]!;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i++] = values[j]!;
        values[j--] = swap;
      }
    }
    if (k <= j) high = j;
    else if (k >= i) low = i;
    else return;
  }
}

/** The p-quantile of the values as if sorted (linear between neighbours), by selection; rearranges them, and leaves everything below
 * position `(length - 1) * p` before it, so a higher quantile may then select from there on. */
function selectQuantile(values: Float64Array, p: number, from = 0): { value: number; below: number } {
  const position = (values.length - 1) * p;
  const below = Math.floor(position);
  select(values, below, from);
  const lower = values[below]!;
  let upper = lower;
  if (below + 1 < values.length) {
    upper = values[below + 1]!;
    for (let i = below + 2; i < values.length; i++) if (values[i]! < upper) upper = values[i]!;
  }
  return { value: lower + (upper - lower) * (position - below), below };
}

/**
 * 5th and 95th percentiles of the mean of `values` resampled with replacement, drawing from
 * mulberry32(seed) (written out here: this loop runs iterations × judges times for every entry).
 * The means are the same sums in the same order as mean(), and the quantiles those of the sorted means, so intervals do not change with the speed-ups (a unit test pins them).
 */
function bootstrapInterval(values: readonly number[], iterations: number, seed: number) {
  if (values.length < 2) {
    const only = values[0] ?? NaN;
    return { low: only, high: only };
  }
  const n = values.length;
  const sample = Float64Array.from(values);
  const means = new Float64Array(iterations);
  let state = seed >>> 0;
  for (let i = 0; i < iterations; i++) {
    let start = 0;
    let offset = 0;
    for (let j = 0; j < n; j++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const value = sample[Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n)]!;
      if (j === 0) start = value;
      else offset += value - start;
    }
    means[i] = start + offset / n;
  }
  const low = selectQuantile(means, 0.05);
  const high = selectQuantile(means, 0.95, low.below + 1);
  return { low: low.value, high: high.value };
}

interface Working {
  entryId: string;
  sheets: { judgeId: string; scores: Record<string, number>; raw: number; normalised: number }[];
  raw: number;
  normalised: number;
  basis: number;
  interval: { low: number; high: number };
}

/**
 * Splits a group of tied entries by one step of the tie-break chain, best first. Entries the step cannot tell
 * apart stay together in one subgroup.
 */
function splitByStep(group: readonly Working[], step: TieBreakStep): Working[][] {
  let key: (entry: Working) => number;
  switch (step.kind) {
    case "criterion":
      key = (entry) => {
        const scores = entry.sheets
          .map((sheet) => sheet.scores[step.criterionKey])
          .filter((score): score is number => typeof score === "number" && Number.isFinite(score));
        // An entry nobody scored on the criterion cannot win on it.
        return scores.length === 0 ? -Infinity : mean(scores);
      };
      break;
    case "round":
      key = (entry) => {
        const score = step.scores[entry.entryId];
        return typeof score === "number" && Number.isFinite(score) ? score : -Infinity;
      };
      break;
    case "decision": {
      // Entries the organiser did not place stay tied, after those they did.
      const position = new Map(step.order.map((entryId, index) => [entryId, index] as const));
      key = (entry) => -(position.get(entry.entryId) ?? Infinity);
      break;
    }
  }
  const keyed = group.map((entry) => ({ entry, key: key(entry) }));
  keyed.sort((a, b) => b.key - a.key || (a.entry.entryId < b.entry.entryId ? -1 : 1));
  const groups: Working[][] = [];
  let previous: number | undefined;
  for (const { entry, key: value } of keyed) {
    const last = groups.at(-1);
    if (last && previous !== undefined && sameScore(previous, value)) last.push(entry);
    else groups.push([entry]);
    previous = value;
  }
  return groups;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sameScore(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= TIE_TOLERANCE;
}

function stepLabel(step: TieBreakStep): string {
  return step.kind === "decision" ? step.reason : step.label;
}

/**
 * Orders one group of entries with equal basis scores. Each returned group is still tied; `settledBy` collects,
 * per entry, the labels of the steps that separated it from entries it had been tied with.
 */
function breakTies(
  group: Working[],
  steps: readonly TieBreakStep[],
  settledBy: Map<string, string[]>,
  from = 0,
): Working[][] {
  if (group.length < 2 || from >= steps.length) return [group];
  const step = steps[from] as TieBreakStep;
  const parts = splitByStep(group, step);
  if (parts.length > 1) {
    for (const entry of group) settledBy.get(entry.entryId)?.push(stepLabel(step));
  }
  return parts.flatMap((part) => breakTies(part, steps, settledBy, from + 1));
}

/**
 * Ranks entries. Basis picks raw or normalised. Bootstrap: resample each entry's judges' scores with replacement
 * `iterations` times (default 2000) using a seeded PRNG (mulberry32, seed default 1) to get the 5th and 95th
 * percentiles of the entry mean. Entries with equal basis score (to 1e-9) are ordered by the tie-break chain in
 * order: criterion = higher mean score on that criterion among the tied; round = higher score in the given other
 * round (e.g. the final); decision = the organiser's order. Ties that remain share a rank (standard competition
 * ranking 1,2,2,4) and tieBreak null.
 *
 * Only entries with at least one sheet that scores a criterion appear. Sheets should be one round's, each
 * judge-entry pair once; a repeated pair keeps its last sheet. The normalised basis is resampled as the judges'
 * normalised sheet values (the round's normalisation is not redone per resample).
 */
export function rankEntries(input: {
  rubric: Rubric;
  sheets: readonly ScoreSheet[];
  basis: RankingBasis;
  tieBreak?: readonly TieBreakStep[];
  bootstrap?: { iterations?: number; seed?: number };
  shrinkage?: number;
  /** The scale results are shown on; defaults to the first criterion's. */
  displayScale?: { min: number; max: number };
}): EntryResult[] {
  const iterations = input.bootstrap?.iterations ?? DEFAULT_BOOTSTRAP_ITERATIONS;
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_BOOTSTRAP_ITERATIONS)
    throw new RangeError(`Bootstrap iterations must be a whole number from 1 to ${MAX_BOOTSTRAP_ITERATIONS}`);
  const seed = input.bootstrap?.seed ?? 1;
  const first = input.rubric.criteria[0];
  const display = input.displayScale ?? (first ? { min: first.scaleMin, max: first.scaleMax } : { min: 0, max: 1 });
  const onScale = (value: number) => display.min + value * (display.max - display.min);

  // One sheet per judge and entry, last wins; a sheet with nothing scored says nothing about the entry.
  const latest = new Map<string, ScoreSheet>();
  for (const sheet of input.sheets) latest.set(JSON.stringify([sheet.judgeId, sheet.entryId]), sheet);
  // Sheets in a fixed order before any sums, so that the order they were loaded in cannot move the last bits of
  // a mean and, through them, a tie or an interval.
  const scored = [...latest.values()]
    .sort((a, b) => compareText(a.entryId, b.entryId) || compareText(a.judgeId, b.judgeId))
    .flatMap((sheet) => {
      const value = weightedScore(input.rubric, sheet.scores);
      return value === null ? [] : [{ ...sheet, value }];
    });
  const normalised = normaliseScores(scored, { shrinkage: input.shrinkage ?? DEFAULT_SHRINKAGE });

  const byEntry = new Map<string, Working["sheets"]>();
  scored.forEach((sheet, index) => {
    const row = {
      judgeId: sheet.judgeId,
      scores: sheet.scores,
      raw: sheet.value,
      normalised: normalised[index]?.normalised ?? NaN,
    };
    const rows = byEntry.get(sheet.entryId);
    if (rows) rows.push(row);
    else byEntry.set(sheet.entryId, [row]);
  });

  const entries: Working[] = [...byEntry.entries()].map(([entryId, sheets]) => {
    const raw = mean(sheets.map((sheet) => sheet.raw));
    const norm = mean(sheets.map((sheet) => sheet.normalised));
    const basisValues = sheets.map((sheet) => (input.basis === "raw" ? sheet.raw : sheet.normalised));
    return {
      entryId,
      sheets,
      raw,
      normalised: norm,
      basis: input.basis === "raw" ? raw : norm,
      interval: bootstrapInterval(basisValues, iterations, (seed ^ hashString(entryId)) >>> 0),
    };
  });

  // Highest basis first; runs of equal scores form the groups the tie-break chain works on.
  entries.sort((a, b) => b.basis - a.basis || (a.entryId < b.entryId ? -1 : 1));
  const tiedGroups: Working[][] = [];
  for (const entry of entries) {
    const last = tiedGroups.at(-1);
    const previous = last?.at(-1);
    if (last && previous && sameScore(previous.basis, entry.basis)) last.push(entry);
    else tiedGroups.push([entry]);
  }

  const settledBy = new Map(entries.map((entry) => [entry.entryId, [] as string[]]));
  const finalGroups = tiedGroups.flatMap((group) => breakTies(group, input.tieBreak ?? [], settledBy));

  const ordered: { entry: Working; rank: number; stillTied: boolean }[] = [];
  for (const group of finalGroups) {
    const rank = ordered.length + 1;
    for (const entry of group) ordered.push({ entry, rank, stillTied: group.length > 1 });
  }

  const overlaps = (a: Working["interval"], b: Working["interval"] | undefined) =>
    b !== undefined && a.low <= b.high && b.low <= a.high;

  return ordered.map(({ entry, rank, stillTied }, index) => {
    const labels = settledBy.get(entry.entryId) ?? [];
    return {
      entryId: entry.entryId,
      judges: entry.sheets.length,
      raw: entry.raw,
      normalised: entry.normalised,
      rawOnScale: onScale(entry.raw),
      normalisedOnScale: onScale(entry.normalised),
      interval: { low: onScale(entry.interval.low), high: onScale(entry.interval.high) },
      rank,
      overlapsNeighbour:
        overlaps(entry.interval, ordered[index - 1]?.entry.interval) ||
        overlaps(entry.interval, ordered[index + 1]?.entry.interval),
      // An entry still sharing its rank has no settled order to explain.
      tieBreak: stillTied || labels.length === 0 ? null : labels.join(", then "),
    };
  });
}
