// Results at scale: how long the judging maths (weighted scores, per-judge normalisation, bootstrap
// intervals and ranking) takes for a large round, and whether it grows no faster than linearly with
// the number of entries. It calls the domain's rankEntries exactly as roundResults does (the round's
// default normalised basis, 2,000 bootstrap iterations, seed 1) on synthetic sheets: N entries ×
// 5 judges × 6 criteria (the NHS Hack Day rubric's five and one more, so 2,000 entries make 60,000
// scores). In-process by nature: no HTTP is involved in the sum itself, and the HTTP-only
// rule is for load.
import { rankEntries, type ScoreSheet } from "../app/domain/judging";
import { NHS_HACK_DAY_RUBRIC, type Rubric } from "../app/domain/rubrics";
import type { Benchmark, BenchFigure } from "./result";
import { count, duration, median, seeded, timeMs } from "./support";

const SIZES = [500, 1_000, 2_000, 5_000, 10_000] as const;
/** Six criteria: the default rubric's five and a sixth on the same 1 to 5 scale. */
const RUBRIC: Rubric = {
  criteria: [
    ...NHS_HACK_DAY_RUBRIC.criteria,
    {
      key: "patient-involvement",
      name: "Patient and public involvement",
      guidance: "Were patients or carers involved in shaping the idea?",
      weight: 10,
      scaleMin: 1,
      scaleMax: 5,
      descriptors: [],
    },
  ],
};
const JUDGES_PER_ENTRY = 5;
const RUNS = 3;
/** As RESULTS_BOOTSTRAP in app/models/judging.server.ts. */
const BOOTSTRAP = { iterations: 2000, seed: 1 } as const;
/** Time per entry at 10,000 over that at 1,000: 1 is linear; up to 1.5 allows for cache and GC noise. */
const GROWTH_TOLERANCE = 1.5;

/** N entries, each scored by 5 of a pool of N/5 judges (so every judge scores about 25), harsh and lenient. */
export function syntheticSheets(entries: number, seed = 42): ScoreSheet[] {
  const random = seeded(seed);
  const judges = Math.max(JUDGES_PER_ENTRY, Math.round(entries / 5));
  const harshness = Array.from({ length: judges }, () => (random() - 0.5) * 1.5);
  const sheets: ScoreSheet[] = [];
  for (let e = 0; e < entries; e++) {
    const quality = random() * 4;
    const first = Math.floor(random() * judges);
    for (let j = 0; j < JUDGES_PER_ENTRY; j++) {
      const judge = (first + j * Math.max(1, Math.floor(judges / JUDGES_PER_ENTRY))) % judges;
      const scores: Record<string, number> = {};
      for (const criterion of RUBRIC.criteria) {
        const span = criterion.scaleMax - criterion.scaleMin;
        const value = criterion.scaleMin + (quality / 4) * span + harshness[judge]! + (random() - 0.5) * 2;
        scores[criterion.key] = Math.min(criterion.scaleMax, Math.max(criterion.scaleMin, Math.round(value)));
      }
      sheets.push({ judgeId: `judge-${judge}`, entryId: `entry-${e}`, scores });
    }
  }
  return sheets;
}

function rank(sheets: readonly ScoreSheet[]) {
  const first = RUBRIC.criteria[0]!;
  return rankEntries({
    rubric: RUBRIC,
    sheets,
    basis: "normalised",
    bootstrap: BOOTSTRAP,
    displayScale: { min: first.scaleMin, max: first.scaleMax },
  });
}

export const resultsAtScale: Benchmark = {
  title: "Results at scale",
  async run(): Promise<BenchFigure[]> {
    // One small warm-up so the first timed size does not pay for JIT compilation.
    rank(syntheticSheets(100));
    const times = new Map<number, number>();
    for (const size of SIZES) {
      const sheets = syntheticSheets(size);
      const runs: number[] = [];
      for (let run = 0; run < RUNS; run++) runs.push(await timeMs(() => rank(sheets)));
      times.set(size, median(runs));
    }
    const at2000 = times.get(2_000)!;
    const growth = times.get(10_000)! / 10_000 / (times.get(1_000)! / 1_000);
    return [
      {
        name: `Ranking 2,000 entries (${JUDGES_PER_ENTRY} judges each, ${RUBRIC.criteria.length} criteria, ${count(BOOTSTRAP.iterations)} bootstrap iterations)`,
        value: duration(at2000),
        target: "under 300 ms",
        met: at2000 < 300,
      },
      {
        name: "Growth: time per entry at 10,000 over time per entry at 1,000",
        value: `${growth.toFixed(2)}×`,
        target: `no faster than linear (at most ${GROWTH_TOLERANCE}×, allowing for noise)`,
        met: growth <= GROWTH_TOLERANCE,
      },
      ...SIZES.map((size) => ({
        name: `Ranking ${count(size)} entries (median of ${RUNS})`,
        value: duration(times.get(size)!),
        target: "",
        met: null,
      })),
    ];
  },
};
