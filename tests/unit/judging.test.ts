import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type EntryResult,
  mulberry32,
  normaliseScores,
  rankEntries,
  type ScoreSheet,
  type TieBreakStep,
  weightedScore,
  zScoresByJudge,
} from "~/domain/judging";
import { type Criterion, NHS_HACK_DAY_RUBRIC, type Rubric } from "~/domain/rubrics";

const criterion = (key: string, overrides: Partial<Criterion> = {}): Criterion => ({
  key,
  name: key,
  guidance: "",
  weight: 1,
  scaleMin: 1,
  scaleMax: 5,
  descriptors: [],
  ...overrides,
});

// One criterion on 0..100 so a sheet's weighted score is simply score / 100: lets the property tests below
// set weighted values directly, including shifted and stretched ones that fall between whole scores.
const CONTINUOUS: Rubric = { criteria: [criterion("q", { scaleMin: 0, scaleMax: 100 })] };

interface ValueSheet {
  judgeId: string;
  entryId: string;
  value: number;
}

const toScoreSheets = (sheets: readonly ValueSheet[]): ScoreSheet[] =>
  sheets.map(({ judgeId, entryId, value }) => ({ judgeId, entryId, scores: { q: value * 100 } }));

/**
 * A round: 3-6 entries, 2-4 judges who each score some of them, with weighted scores on a grid of 0.3..0.7 so
 * that shifting or stretching one judge usually keeps everything inside 0..1.
 */
const roundOfValues = fc
  .record({ entries: fc.integer({ min: 3, max: 6 }), judges: fc.integer({ min: 2, max: 4 }) })
  .chain(({ entries, judges }) =>
    fc.array(
      fc.array(fc.option(fc.integer({ min: 30, max: 70 }), { nil: undefined, freq: 4 }), {
        minLength: entries,
        maxLength: entries,
      }),
      { minLength: judges, maxLength: judges },
    ),
  )
  .map((matrix) =>
    matrix.flatMap((row, j) =>
      row.flatMap((score, e) =>
        score === undefined ? [] : [{ judgeId: `j${j}`, entryId: `e${e}`, value: score / 100 }],
      ),
    ),
  )
  .filter((sheets) => sheets.length >= 2);

/** Whether any normalised value sits at (or within a hair of) the clamp, where the maths stops being affine. */
const touchesClamp = (sheets: readonly ValueSheet[]) =>
  normaliseScores(sheets).some(({ normalised }) => normalised < 1e-6 || normalised > 1 - 1e-6);

const byEntry = (results: readonly EntryResult[]) => new Map(results.map((result) => [result.entryId, result]));

/** Pairs of entries clearly ordered one way in `before` keep that order in `after`, and the other way round. */
function expectSameOrder(before: readonly EntryResult[], after: readonly EntryResult[]) {
  const a = byEntry(before);
  const b = byEntry(after);
  expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
  for (const x of a.keys()) {
    for (const y of a.keys()) {
      const beforeDiff = a.get(x)!.normalised - a.get(y)!.normalised;
      const afterDiff = b.get(x)!.normalised - b.get(y)!.normalised;
      if (beforeDiff > 1e-7) expect(afterDiff).toBeGreaterThan(0);
      if (afterDiff > 1e-7) expect(beforeDiff).toBeGreaterThan(0);
    }
  }
}

const meanZByEntry = (sheets: readonly ValueSheet[], shrinkage?: number) => {
  const sums = new Map<string, { total: number; count: number }>();
  for (const { entryId, z } of zScoresByJudge(sheets, shrinkage)) {
    const sum = sums.get(entryId) ?? { total: 0, count: 0 };
    sums.set(entryId, { total: sum.total + z, count: sum.count + 1 });
  }
  return new Map([...sums].map(([entryId, { total, count }]) => [entryId, total / count]));
};

describe("weightedScore", () => {
  const scores = (...values: number[]) =>
    Object.fromEntries(NHS_HACK_DAY_RUBRIC.criteria.map((c, i) => [c.key, values[i]!] as const));

  it("maps the top and bottom of every scale to 1 and 0", () => {
    expect(weightedScore(NHS_HACK_DAY_RUBRIC, scores(5, 5, 5, 5, 5))).toBe(1);
    expect(weightedScore(NHS_HACK_DAY_RUBRIC, scores(1, 1, 1, 1, 1))).toBe(0);
    expect(weightedScore(NHS_HACK_DAY_RUBRIC, scores(3, 3, 3, 3, 3))).toBeCloseTo(0.5, 12);
  });

  it("weights each criterion", () => {
    // Clinical need (30%) at the top, everything else at the bottom.
    expect(weightedScore(NHS_HACK_DAY_RUBRIC, scores(5, 1, 1, 1, 1))).toBeCloseTo(0.3, 12);
    // Presentation (15%) at the top, everything else at the bottom.
    expect(weightedScore(NHS_HACK_DAY_RUBRIC, scores(1, 1, 1, 1, 5))).toBeCloseTo(0.15, 12);
  });

  it("leaves out missing criteria and renormalises the remaining weights", () => {
    // Clinical need 5 (weight 30) and presentation 1 (weight 15): 30 / 45.
    expect(weightedScore(NHS_HACK_DAY_RUBRIC, { "clinical-need": 5, presentation: 1 })).toBeCloseTo(2 / 3, 12);
    expect(weightedScore(NHS_HACK_DAY_RUBRIC, { "technical-execution": 4 })).toBeCloseTo(0.75, 12);
  });

  it("combines criteria on different scales fairly", () => {
    const rubric: Rubric = {
      criteria: [criterion("a", { scaleMin: 0, scaleMax: 10, weight: 1 }), criterion("b", { weight: 3 })],
    };
    // a: 5 of 0..10 is 0.5; b: 2 of 1..5 is 0.25; (0.5 + 3 * 0.25) / 4.
    expect(weightedScore(rubric, { a: 5, b: 2 })).toBeCloseTo(0.3125, 12);
  });

  it("is null when nothing on the rubric was scored, and ignores unknown keys", () => {
    expect(weightedScore(NHS_HACK_DAY_RUBRIC, {})).toBeNull();
    expect(weightedScore(NHS_HACK_DAY_RUBRIC, { originality: 5 })).toBeNull();
    expect(weightedScore(NHS_HACK_DAY_RUBRIC, { originality: 1, presentation: 5 })).toBe(1);
    expect(weightedScore(NHS_HACK_DAY_RUBRIC, { presentation: Number.NaN })).toBeNull();
  });

  it("counts a score off the scale as the nearest end of it", () => {
    expect(weightedScore(NHS_HACK_DAY_RUBRIC, { presentation: 7 })).toBe(1);
    expect(weightedScore(NHS_HACK_DAY_RUBRIC, { presentation: 0 })).toBe(0);
  });

  it("is always within 0..1 for scores on the scale", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 5, maxLength: 5 }), (values) => {
        const value = weightedScore(NHS_HACK_DAY_RUBRIC, scores(...values))!;
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe("mulberry32", () => {
  it("repeats for a seed, differs between seeds and stays in [0, 1)", () => {
    const take = (seed: number) => {
      const random = mulberry32(seed);
      return Array.from({ length: 1000 }, () => random());
    };
    expect(take(42)).toEqual(take(42));
    expect(take(42)).not.toEqual(take(43));
    for (const value of take(7)) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
    const values = take(1);
    const average = values.reduce((a, b) => a + b, 0) / values.length;
    expect(average).toBeGreaterThan(0.45);
    expect(average).toBeLessThan(0.55);
  });
});

describe("normaliseScores", () => {
  it("puts a harsh and a generous judge who agree on the order on the same footing", () => {
    const sheets = [
      { judgeId: "harsh", entryId: "a", value: 0.2 },
      { judgeId: "harsh", entryId: "b", value: 0.4 },
      { judgeId: "harsh", entryId: "c", value: 0.6 },
      { judgeId: "kind", entryId: "a", value: 0.6 },
      { judgeId: "kind", entryId: "b", value: 0.8 },
      { judgeId: "kind", entryId: "c", value: 1.0 },
    ];
    const result = normaliseScores(sheets);
    const of = (judgeId: string, entryId: string) =>
      result.find((r) => r.judgeId === judgeId && r.entryId === entryId)!.normalised;
    for (const entryId of ["a", "b", "c"]) expect(of("harsh", entryId)).toBeCloseTo(of("kind", entryId), 12);
    // The middle entry sits on the round's mean; z of +-1 shrunk by 3 / (3 + 3) moves half a round sd.
    const mean = 0.6;
    const sd = Math.sqrt([0.2, 0.4, 0.6, 0.6, 0.8, 1].reduce((s, v) => s + (v - mean) ** 2, 0) / 5);
    expect(of("harsh", "b")).toBeCloseTo(mean, 12);
    expect(of("harsh", "c")).toBeCloseTo(mean + sd / 2, 12);
    expect(of("harsh", "a")).toBeCloseTo(mean - sd / 2, 12);
    expect(result.map((r) => r.value)).toEqual(sheets.map((s) => s.value));
  });

  it("gives a judge with one entry, or the same score for everything, the round's mean", () => {
    const result = normaliseScores([
      { judgeId: "flat", entryId: "a", value: 0.5 },
      { judgeId: "flat", entryId: "b", value: 0.5 },
      { judgeId: "solo", entryId: "c", value: 1 },
      { judgeId: "other", entryId: "a", value: 0.1 },
      { judgeId: "other", entryId: "c", value: 0.9 },
    ]);
    const mean = (0.5 + 0.5 + 1 + 0.1 + 0.9) / 5;
    expect(result[0]!.normalised).toBeCloseTo(mean, 12);
    expect(result[1]!.normalised).toBeCloseTo(mean, 12);
    expect(result[2]!.normalised).toBeCloseTo(mean, 12);
  });

  it("shrinks less as a judge scores more entries, and not at all with no shrinkage", () => {
    const judge = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ judgeId: "j", entryId: `e${i}`, value: i / (n - 1) }));
    const top = (n: number, shrinkage?: number) => zScoresByJudge(judge(n), shrinkage).at(-1)!.z;
    const unshrunk = (n: number) => top(n, 0);
    expect(top(2) / unshrunk(2)).toBeCloseTo(2 / 5, 12);
    expect(top(12) / unshrunk(12)).toBeCloseTo(12 / 15, 12);
    expect(unshrunk(2)).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it("clamps to 0..1", () => {
    const sheets = [
      { judgeId: "a", entryId: "x", value: 0 },
      { judgeId: "a", entryId: "y", value: 1 },
      { judgeId: "a", entryId: "z", value: 1 },
    ];
    for (const { normalised } of normaliseScores(sheets, { shrinkage: 0 })) {
      expect(normalised).toBeGreaterThanOrEqual(0);
      expect(normalised).toBeLessThanOrEqual(1);
    }
    expect(normaliseScores([])).toEqual([]);
  });

  it("refuses values that are not numbers and negative shrinkage", () => {
    expect(() => normaliseScores([{ judgeId: "a", entryId: "x", value: Number.NaN }])).toThrow(RangeError);
    expect(() => normaliseScores([], { shrinkage: -1 })).toThrow(RangeError);
  });

  it("does not change a judge's z-scores when all their scores are shifted or stretched", () => {
    fc.assert(
      fc.property(
        roundOfValues,
        fc.nat(),
        fc.oneof(
          fc.integer({ min: -20, max: 20 }).map((c) => (v: number) => v + c / 100),
          fc.integer({ min: 50, max: 140 }).map((f) => (v: number) => (v * f) / 100),
        ),
        (sheets, pick, transform) => {
          const judgeIds = [...new Set(sheets.map((s) => s.judgeId))];
          const target = judgeIds[pick % judgeIds.length];
          const moved = sheets.map((s) => (s.judgeId === target ? { ...s, value: transform(s.value) } : s));
          const before = zScoresByJudge(sheets);
          const after = zScoresByJudge(moved);
          after.forEach((row, i) => expect(row.z).toBeCloseTo(before[i]!.z, 9));
        },
      ),
    );
  });
});

describe("rankEntries: normalised ranking", () => {
  const rank = (sheets: readonly ValueSheet[]) =>
    rankEntries({
      rubric: CONTINUOUS,
      sheets: toScoreSheets(sheets),
      basis: "normalised",
      bootstrap: { iterations: 50 },
    });

  it("does not change when one judge's scores are all shifted by a constant or stretched by a positive factor", () => {
    fc.assert(
      fc.property(
        roundOfValues,
        fc.nat(),
        fc.oneof(
          fc.integer({ min: -20, max: 20 }).map((c) => (v: number) => v + c / 100),
          fc.integer({ min: 50, max: 140 }).map((f) => (v: number) => (v * f) / 100),
        ),
        (sheets, pick, transform) => {
          const judgeIds = [...new Set(sheets.map((s) => s.judgeId))];
          const target = judgeIds[pick % judgeIds.length];
          const moved = sheets.map((s) => (s.judgeId === target ? { ...s, value: transform(s.value) } : s));
          // Clamping at 0 and 1 is the one place the maths is not affine; such rounds say nothing here.
          fc.pre(!touchesClamp(sheets) && !touchesClamp(moved));
          expectSameOrder(rank(sheets), rank(moved));
        },
      ),
    );
  });

  it("lets a judge who scored only one entry move nothing but that entry, and that only towards the middle", () => {
    fc.assert(
      fc.property(
        roundOfValues,
        fc.nat(),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        (sheets, pick, v1, v2) => {
          const entryIds = [...new Set(sheets.map((s) => s.entryId))];
          const entryId = entryIds[pick % entryIds.length]!;
          const withSolo = (value: number) => [...sheets, { judgeId: "solo", entryId, value: value / 100 }];

          // Their own z is 0 whatever they gave, so their score value cannot matter to the ordering.
          const soloZ = zScoresByJudge(withSolo(v1)).filter((row) => row.judgeId === "solo");
          expect(soloZ.map((row) => row.z)).toEqual([0]);

          // Everyone else's z is untouched; the entry they scored has its mean z pulled towards 0 by m / (m + 1).
          const before = meanZByEntry(sheets);
          const after = meanZByEntry(withSolo(v1));
          const judgesOfEntry = sheets.filter((s) => s.entryId === entryId).length;
          for (const [id, z] of before) {
            const expected = id === entryId ? (z * judgesOfEntry) / (judgesOfEntry + 1) : z;
            expect(after.get(id)).toBeCloseTo(expected, 12);
            expect(Math.abs(after.get(id)!)).toBeLessThanOrEqual(Math.abs(z) + 1e-12);
          }

          fc.pre(!touchesClamp(sheets) && !touchesClamp(withSolo(v1)) && !touchesClamp(withSolo(v2)));
          expectSameOrder(rank(withSolo(v1)), rank(withSolo(v2)));
          const others = (results: EntryResult[]) => results.filter((r) => r.entryId !== entryId);
          expectSameOrder(others(rank(sheets)), others(rank(withSolo(v1))));
        },
      ),
    );
  });
});

/** A round on the NHS rubric: 2-6 entries, each scored by 1-5 of 6 judges with whole scores on 1..5. */
const nhsRound = fc
  .array(
    fc.array(
      fc.option(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 5, maxLength: 5 }), { nil: undefined, freq: 3 }),
      { minLength: 6, maxLength: 6 },
    ),
    { minLength: 2, maxLength: 6 },
  )
  .map((entries) =>
    entries.flatMap((judges, e) =>
      judges.flatMap((values, j): ScoreSheet[] =>
        values === undefined
          ? []
          : [
              {
                judgeId: `judge-${j}`,
                entryId: `entry-${e}`,
                scores: Object.fromEntries(NHS_HACK_DAY_RUBRIC.criteria.map((c, i) => [c.key, values[i]!])),
              },
            ],
      ),
    ),
  )
  .filter((sheets) => sheets.length > 0);

const basis = fc.constantFrom("raw" as const, "normalised" as const);

describe("rankEntries: bootstrap intervals", () => {
  it("gives exactly the intervals published before the bootstrap was made faster", () => {
    // Pinned from the earlier implementation (plain arrays, comparator sort): a published interval
    // must never move because the code got quicker.
    const random = mulberry32(42);
    const sheets = [];
    for (let e = 0; e < 300; e++) {
      for (let j = 0; j < 1 + (e % 6); j++) {
        sheets.push({
          judgeId: `j${(e * 7 + j) % 40}`,
          entryId: `e${e}`,
          scores: Object.fromEntries(NHS_HACK_DAY_RUBRIC.criteria.map((c) => [c.key, 1 + Math.floor(random() * 5)])),
        });
      }
    }
    const results = rankEntries({ rubric: NHS_HACK_DAY_RUBRIC, sheets: sheets.slice(0, 20), basis: "raw" });
    expect(results.map((result) => [result.entryId, result.interval])).toEqual([
      ["e0", { low: 3.55, high: 3.55 }],
      ["e5", { low: 2.73, high: 3.8200000000000003 }],
      ["e1", { low: 2.85, high: 3.3 }],
      ["e4", { low: 2.4699999999999998, high: 3.27 }],
      ["e3", { low: 2.45, high: 3 }],
      ["e2", { low: 2.1833333333333336, high: 2.9833333333333334 }],
    ]);
  });

  it("are reproducible with the same seed, whatever order the sheets come in", () => {
    fc.assert(
      fc.property(
        nhsRound.chain((sheets) =>
          fc.tuple(fc.constant(sheets), fc.shuffledSubarray(sheets, { minLength: sheets.length })),
        ),
        basis,
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        ([sheets, shuffled], basis, seed) => {
          const run = (input: ScoreSheet[]) =>
            rankEntries({ rubric: NHS_HACK_DAY_RUBRIC, sheets: input, basis, bootstrap: { iterations: 300, seed } });
          expect(run(shuffled)).toEqual(run(sheets));
        },
      ),
      { numRuns: 50 },
    );
  });

  it("differ between seeds only by resampling noise", () => {
    // Ten judges whose weighted scores are all different, so that resampled means are not stuck on a coarse grid.
    const sheets: ScoreSheet[] = Array.from({ length: 10 }, (_, j) => ({
      judgeId: `j${j}`,
      entryId: "a",
      scores: Object.fromEntries(NHS_HACK_DAY_RUBRIC.criteria.map((c, i) => [c.key, 1 + ((j * (i + 2)) % 5)])),
    }));
    const interval = (seed: number) =>
      rankEntries({ rubric: NHS_HACK_DAY_RUBRIC, sheets, basis: "raw", bootstrap: { seed, iterations: 500 } })[0]!
        .interval;
    expect(interval(1)).toEqual(interval(1));
    expect(interval(1)).not.toEqual(interval(2));
    expect(Math.abs(interval(1).low - interval(2).low)).toBeLessThan(0.25);
    expect(Math.abs(interval(1).high - interval(2).high)).toBeLessThan(0.25);
  });

  it("contain the point estimate for entries with two or more judges, and are a point for one judge", () => {
    fc.assert(
      fc.property(nhsRound, basis, fc.integer({ min: 0, max: 1000 }), (sheets, basis, seed) => {
        for (const result of rankEntries({ rubric: NHS_HACK_DAY_RUBRIC, sheets, basis, bootstrap: { seed } })) {
          const point = basis === "raw" ? result.rawOnScale : result.normalisedOnScale;
          expect(result.interval.low).toBeLessThanOrEqual(result.interval.high);
          if (result.judges >= 2) {
            expect(result.interval.low).toBeLessThanOrEqual(point + 1e-9);
            expect(result.interval.high).toBeGreaterThanOrEqual(point - 1e-9);
          } else {
            expect(result.interval.low).toBeCloseTo(point, 12);
            expect(result.interval.high).toBeCloseTo(point, 12);
          }
          // Shown on the rubric's 1..5 scale.
          expect(result.interval.low).toBeGreaterThanOrEqual(1 - 1e-9);
          expect(result.interval.high).toBeLessThanOrEqual(5 + 1e-9);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("mark neighbours whose intervals overlap", () => {
    fc.assert(
      fc.property(nhsRound, basis, (sheets, basis) => {
        const results = rankEntries({ rubric: NHS_HACK_DAY_RUBRIC, sheets, basis, bootstrap: { iterations: 200 } });
        const overlap = (a: EntryResult, b: EntryResult | undefined) =>
          b !== undefined && a.interval.low <= b.interval.high && b.interval.low <= a.interval.high;
        results.forEach((result, i) => {
          expect(result.overlapsNeighbour).toBe(overlap(result, results[i - 1]) || overlap(result, results[i + 1]));
        });
      }),
      { numRuns: 50 },
    );
  });

  it("shows when first and second cannot be told apart", () => {
    const sheet = (judgeId: string, entryId: string, score: number): ScoreSheet => ({
      judgeId,
      entryId,
      scores: { presentation: score },
    });
    const results = rankEntries({
      rubric: NHS_HACK_DAY_RUBRIC,
      basis: "raw",
      sheets: [
        // a and b: judges split; c: everyone agrees it is weak.
        ...["j1", "j2", "j3", "j4"].map((j, i) => sheet(j, "a", [5, 3, 5, 4][i]!)),
        ...["j1", "j2", "j3", "j4"].map((j, i) => sheet(j, "b", [4, 5, 3, 4][i]!)),
        ...["j1", "j2", "j3", "j4"].map((j) => sheet(j, "c", 1)),
      ],
    });
    expect(results.map((r) => [r.entryId, r.rank, r.overlapsNeighbour])).toEqual([
      ["a", 1, true],
      ["b", 2, true],
      ["c", 3, false],
    ]);
    expect(results[0]!.rawOnScale).toBeCloseTo(4.25, 12);
    expect(results[2]!.interval).toEqual({ low: 1, high: 1 });
  });
});

describe("rankEntries: results", () => {
  it("reports raw and normalised means side by side on the display scale", () => {
    const sheets: ScoreSheet[] = [
      { judgeId: "j1", entryId: "a", scores: { presentation: 5 } },
      { judgeId: "j2", entryId: "a", scores: { presentation: 3 } },
      { judgeId: "j1", entryId: "b", scores: { presentation: 2 } },
      { judgeId: "j2", entryId: "b", scores: {} },
    ];
    const [a, b] = rankEntries({ rubric: NHS_HACK_DAY_RUBRIC, sheets, basis: "raw" });
    expect(a).toMatchObject({ entryId: "a", judges: 2, rank: 1, raw: 0.75, rawOnScale: 4, tieBreak: null });
    // j2's sheet for b scores nothing, so only j1 counts.
    expect(b).toMatchObject({ entryId: "b", judges: 1, rank: 2, raw: 0.25, rawOnScale: 2 });
    expect(a!.normalisedOnScale).toBeCloseTo(1 + 4 * a!.normalised, 12);

    const percent = rankEntries({
      rubric: NHS_HACK_DAY_RUBRIC,
      sheets,
      basis: "raw",
      displayScale: { min: 0, max: 100 },
    });
    expect(percent[0]!.rawOnScale).toBe(75);
  });

  it("ranks on the basis the organiser picks", () => {
    // x is the generous judge's weakest entry and y the harsh judge's best: raw favours x, normalised y.
    const sheet = (judgeId: string, entryId: string, score: number): ScoreSheet => ({
      judgeId,
      entryId,
      scores: { presentation: score },
    });
    const sheets = [
      sheet("generous", "x", 4),
      sheet("generous", "c", 5),
      sheet("generous", "d", 5),
      sheet("harsh", "y", 3),
      sheet("harsh", "a", 1),
      sheet("harsh", "b", 1),
    ];
    const order = (basis: "raw" | "normalised") =>
      rankEntries({ rubric: NHS_HACK_DAY_RUBRIC, sheets, basis }).map((r) => [r.entryId, r.rank]);
    expect(order("raw")).toEqual([
      ["c", 1],
      ["d", 1],
      ["x", 3],
      ["y", 4],
      ["a", 5],
      ["b", 5],
    ]);
    expect(order("normalised")).toEqual([
      ["y", 1],
      ["c", 2],
      ["d", 2],
      ["a", 4],
      ["b", 4],
      ["x", 6],
    ]);
  });

  it("uses standard competition ranking, ordering by the basis", () => {
    fc.assert(
      fc.property(nhsRound, basis, (sheets, basis) => {
        const results = rankEntries({ rubric: NHS_HACK_DAY_RUBRIC, sheets, basis, bootstrap: { iterations: 20 } });
        const value = (r: EntryResult) => (basis === "raw" ? r.raw : r.normalised);
        results.forEach((result, i) => {
          const ahead = results.filter((other) => value(other) > value(result) + 1e-9).length;
          expect(result.rank).toBe(ahead + 1);
          if (i > 0) expect(value(results[i - 1]!)).toBeGreaterThanOrEqual(value(result) - 1e-9);
        });
      }),
      { numRuns: 100 },
    );
  });

  it("refuses an unusable number of bootstrap iterations", () => {
    for (const iterations of [0, 1.5, 1_000_001]) {
      expect(() =>
        rankEntries({ rubric: NHS_HACK_DAY_RUBRIC, sheets: [], basis: "raw", bootstrap: { iterations } }),
      ).toThrow(RangeError);
    }
    expect(rankEntries({ rubric: NHS_HACK_DAY_RUBRIC, sheets: [], basis: "raw" })).toEqual([]);
  });
});

describe("rankEntries: tie-breaks", () => {
  // Two equally weighted criteria: a + b = 6 always gives a weighted score of exactly 0.5.
  const rubric: Rubric = { criteria: [criterion("a"), criterion("b")] };
  const sheet = (entryId: string, a: number, b: number, judgeId = "j1"): ScoreSheet => ({
    judgeId,
    entryId,
    scores: { a, b },
  });
  const sheets = [
    sheet("u", 5, 5),
    sheet("x", 5, 1),
    sheet("y", 1, 5),
    sheet("z", 3, 3),
    sheet("w", 3, 3),
    sheet("v", 2, 2),
  ];
  const byA: TieBreakStep = { kind: "criterion", criterionKey: "a", label: "Higher score on clinical need" };
  const summary = (tieBreak: TieBreakStep[]) =>
    rankEntries({ rubric, sheets, basis: "raw", tieBreak }).map((r) => [r.entryId, r.rank, r.tieBreak]);

  it("leaves ties sharing a rank when there is no chain", () => {
    expect(summary([])).toEqual([
      ["u", 1, null],
      ["w", 2, null],
      ["x", 2, null],
      ["y", 2, null],
      ["z", 2, null],
      ["v", 6, null],
    ]);
  });

  it("settles by the criterion first, leaving what it cannot settle tied", () => {
    expect(summary([byA])).toEqual([
      ["u", 1, null],
      ["x", 2, "Higher score on clinical need"],
      ["w", 3, null],
      ["z", 3, null],
      ["y", 5, "Higher score on clinical need"],
      ["v", 6, null],
    ]);
  });

  it("then by the other round", () => {
    const final: TieBreakStep = { kind: "round", label: "higher score in the final", scores: { z: 9, w: 8 } };
    expect(summary([byA, final])).toEqual([
      ["u", 1, null],
      ["x", 2, "Higher score on clinical need"],
      ["z", 3, "Higher score on clinical need, then higher score in the final"],
      ["w", 4, "Higher score on clinical need, then higher score in the final"],
      ["y", 5, "Higher score on clinical need"],
      ["v", 6, null],
    ]);
  });

  it("then by the organiser's decision, skipping steps that settle nothing", () => {
    const level: TieBreakStep = { kind: "round", label: "higher score in the final", scores: { z: 7, w: 7 } };
    const decision: TieBreakStep = { kind: "decision", order: ["w", "z"], reason: "organiser's decision" };
    expect(summary([byA, level, decision]).slice(2, 4)).toEqual([
      ["w", 3, "Higher score on clinical need, then organiser's decision"],
      ["z", 4, "Higher score on clinical need, then organiser's decision"],
    ]);
  });

  it("applies the steps in the organiser's order", () => {
    const final: TieBreakStep = { kind: "round", label: "final", scores: { y: 10, x: 2, z: 5, w: 5 } };
    expect(summary([final, byA]).map(([id, rank]) => [id, rank])).toEqual([
      ["u", 1],
      ["y", 2],
      ["w", 3],
      ["z", 3],
      ["x", 5],
      ["v", 6],
    ]);
  });

  it("puts entries missing from a round or a decision after those in it, still tied with each other", () => {
    const final: TieBreakStep = { kind: "round", label: "final", scores: { y: 1 } };
    expect(summary([final]).slice(1, 5)).toEqual([
      ["y", 2, "final"],
      ["w", 3, null],
      ["x", 3, null],
      ["z", 3, null],
    ]);
    const decision: TieBreakStep = { kind: "decision", order: ["z"], reason: "decided" };
    expect(summary([decision]).slice(1, 5)).toEqual([
      ["z", 2, "decided"],
      ["w", 3, null],
      ["x", 3, null],
      ["y", 3, null],
    ]);
  });

  it("settles a criterion by the mean among judges", () => {
    const twoJudges = [sheet("p", 5, 1, "j1"), sheet("p", 1, 5, "j2"), sheet("q", 4, 2, "j1"), sheet("q", 3, 3, "j2")];
    const results = rankEntries({ rubric, sheets: twoJudges, basis: "raw", tieBreak: [byA] });
    expect(results.map((r) => [r.entryId, r.rank])).toEqual([
      ["q", 1],
      ["p", 2],
    ]);
  });

  it("orders any tied group as criterion, then round, then decision, and shares only the ranks left tied", () => {
    const entry = fc.record({
      a: fc.integer({ min: 1, max: 5 }),
      final: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(entry, { minLength: 2, maxLength: 8 }).chain((entries) =>
          fc.tuple(
            fc.constant(entries),
            fc.shuffledSubarray(
              entries.map((_, i) => `e${i}`),
              { minLength: 0 },
            ),
          ),
        ),
        ([entries, decided]) => {
          const ids = entries.map((_, i) => `e${i}`);
          const round: Record<string, number> = {};
          entries.forEach(({ final }, i) => {
            if (final !== undefined) round[ids[i]!] = final;
          });
          const chain: TieBreakStep[] = [
            byA,
            { kind: "round", label: "final", scores: round },
            { kind: "decision", order: decided, reason: "decided" },
          ];
          const results = rankEntries({
            rubric,
            sheets: entries.map(({ a }, i) => sheet(ids[i]!, a, 6 - a)),
            basis: "raw",
            tieBreak: chain,
          });

          // The key each step compares, best first; entries equal on all of it stay tied.
          const key = (id: string) => {
            const i = ids.indexOf(id);
            const position = decided.indexOf(id);
            return [entries[i]!.a, round[id] ?? -Infinity, position === -1 ? -Infinity : -position];
          };
          const compare = (x: string, y: string) => {
            const [kx, ky] = [key(x), key(y)];
            for (let k = 0; k < kx.length; k++) if (kx[k] !== ky[k]) return ky[k]! - kx[k]!;
            return 0;
          };
          results.forEach((result, i) => {
            if (i > 0) expect(compare(results[i - 1]!.entryId, result.entryId)).toBeLessThanOrEqual(0);
            const ahead = results.filter((other) => compare(other.entryId, result.entryId) < 0).length;
            expect(result.rank).toBe(ahead + 1);
            const shared = results.some((other) => other !== result && other.rank === result.rank);
            if (shared) expect(result.tieBreak).toBeNull();
            else expect(result.tieBreak).not.toBeNull();
          });
        },
      ),
    );
  });
});
