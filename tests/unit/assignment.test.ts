import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assignJudges,
  type AssignmentEntry,
  type AssignmentInput,
  type AssignmentJudge,
  type AssignmentResult,
  conflictKey,
  type Expertise,
  loadSpread,
} from "~/domain/assignment";

type Pair = { judgeId: string; entryId: string };

const judge = (id: string, expertise: Expertise = "other", room: string | null = null): AssignmentJudge => ({
  id,
  expertise,
  room,
});
const entry = (id: string, room: string | null = null): AssignmentEntry => ({ id, room });
const judgesOf = (n: number, expertise: (i: number) => Expertise = () => "other") =>
  Array.from({ length: n }, (_, i) => judge(`j${String(i).padStart(2, "0")}`, expertise(i)));
const entriesOf = (n: number) => Array.from({ length: n }, (_, i) => entry(`e${String(i).padStart(2, "0")}`));

const keys = (pairs: readonly Pair[]) => new Set(pairs.map((p) => conflictKey(p.judgeId, p.entryId)));
const sortedKeys = (pairs: readonly Pair[]) => [...keys(pairs)].sort();
const panel = (result: AssignmentResult, entryId: string) =>
  result.assignments.filter((a) => a.entryId === entryId).map((a) => a.judgeId);
const loadsOf = (pairs: readonly Pair[], judgeIds: readonly string[]) =>
  judgeIds.map((id) => pairs.filter((p) => p.judgeId === id).length);
const ids = (items: readonly { id: string }[]) => items.map((item) => item.id);

// The hard rules every assignment keeps, whatever the pool: k distinct judges per entry (or all the
// judges without a conflict, when fewer), none conflicted, a shortfall exactly where k was not met.
function expectValid(input: AssignmentInput, result: AssignmentResult): void {
  const seen = new Set<string>();
  for (const pair of result.assignments) {
    const key = conflictKey(pair.judgeId, pair.entryId);
    expect(seen.has(key), `duplicate ${key}`).toBe(false);
    seen.add(key);
    expect(input.conflicts.has(key), `conflicted ${key}`).toBe(false);
    expect(input.judges.some((j) => j.id === pair.judgeId)).toBe(true);
  }
  for (const e of input.entries) {
    const eligible = input.judges.filter((j) => !input.conflicts.has(conflictKey(j.id, e.id))).length;
    const got = panel(result, e.id).length;
    expect(got).toBe(Math.min(input.perEntry, eligible));
    const shortfall = result.shortfalls.find((s) => s.entryId === e.id);
    if (eligible < input.perEntry) expect(shortfall).toEqual(expect.objectContaining({ wanted: input.perEntry, got }));
    else expect(shortfall).toBeUndefined();
  }
}

describe("conflictKey", () => {
  it("joins the judge and the entry", () => {
    expect(conflictKey("judge-1", "entry-9")).toBe("judge-1:entry-9");
  });
});

describe("loadSpread", () => {
  it("counts judges with no entries as load 0", () => {
    expect(loadSpread([{ judgeId: "a" }, { judgeId: "a" }], ["a", "b"])).toBe(2);
  });

  it("ignores assignments of judges it was not asked about", () => {
    expect(loadSpread([{ judgeId: "a" }, { judgeId: "z" }, { judgeId: "b" }], ["a", "b"])).toBe(0);
  });

  it("is 0 for no judges", () => {
    expect(loadSpread([], [])).toBe(0);
  });
});

describe("assignJudges: the basics", () => {
  it("gives every entry k judges with equal loads when the numbers divide", () => {
    const judges = judgesOf(6);
    const entries = entriesOf(10);
    const input = { judges, entries, perEntry: 3, conflicts: new Set<string>() };
    const result = assignJudges(input);
    expectValid(input, result);
    expect(result.assignments).toHaveLength(30);
    expect(loadsOf(result.assignments, ids(judges))).toEqual([5, 5, 5, 5, 5, 5]);
    expect(result.shortfalls).toEqual([]);
  });

  it("keeps loads within one when they do not divide", () => {
    const judges = judgesOf(7);
    const input = { judges, entries: entriesOf(10), perEntry: 3, conflicts: new Set<string>() };
    const result = assignJudges(input);
    expectValid(input, result);
    expect(loadsOf(result.assignments, ids(judges)).sort()).toEqual([4, 4, 4, 4, 4, 5, 5]);
  });

  it("never gives a judge an entry they conflict with, and still evens the loads", () => {
    const judges = judgesOf(4);
    const entries = entriesOf(4);
    const conflicts = new Set([conflictKey("j00", "e00"), conflictKey("j00", "e01"), conflictKey("j01", "e00")]);
    const input = { judges, entries, perEntry: 2, conflicts };
    const result = assignJudges(input);
    expectValid(input, result);
    expect(panel(result, "e00").sort()).toEqual(["j02", "j03"]);
    expect(loadSpread(result.assignments, ids(judges))).toBe(0);
  });

  it("returns nothing for k = 0 or no entries", () => {
    expect(assignJudges({ judges: judgesOf(3), entries: entriesOf(2), perEntry: 0, conflicts: new Set() })).toEqual({
      assignments: [],
      shortfalls: [],
      mixMissing: [],
    });
    expect(assignJudges({ judges: judgesOf(3), entries: [], perEntry: 2, conflicts: new Set() }).assignments).toEqual(
      [],
    );
  });

  it("refuses a k that is not a whole number of at least 0", () => {
    for (const perEntry of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() =>
        assignJudges({ judges: judgesOf(3), entries: entriesOf(2), perEntry, conflicts: new Set() }),
      ).toThrow(RangeError);
    }
  });

  it("treats a repeated judge or entry as one", () => {
    const result = assignJudges({
      judges: [judge("a"), judge("a"), judge("b")],
      entries: [entry("x"), entry("x")],
      perEntry: 2,
      conflicts: new Set(),
    });
    expect(sortedKeys(result.assignments)).toEqual(["a:x", "b:x"]);
  });

  it("reports the assignments in the caller's order of entries, then judges", () => {
    const judges = [judge("z"), judge("m"), judge("a")];
    const entries = [entry("late"), entry("early")];
    const result = assignJudges({ judges, entries, perEntry: 3, conflicts: new Set() });
    expect(result.assignments).toEqual([
      { judgeId: "z", entryId: "late" },
      { judgeId: "m", entryId: "late" },
      { judgeId: "a", entryId: "late" },
      { judgeId: "z", entryId: "early" },
      { judgeId: "m", entryId: "early" },
      { judgeId: "a", entryId: "early" },
    ]);
  });
});

describe("assignJudges: shortfalls", () => {
  const judges = judgesOf(4);
  const conflictsWith = (entryId: string, judgeIds: string[]) => judgeIds.map((id) => conflictKey(id, entryId));

  it.each([
    { conflicted: ["j00", "j01", "j02", "j03"], got: 0, reason: "Every judge has a conflict with this entry" },
    { conflicted: ["j00", "j01", "j02"], got: 1, reason: "Only 1 judge has no conflict with this entry" },
    { conflicted: ["j00", "j01"], got: 2, reason: "Only 2 judges have no conflict with this entry" },
  ])("explains an entry left with $got judges", ({ conflicted, got, reason }) => {
    const input = { judges, entries: entriesOf(2), perEntry: 3, conflicts: new Set(conflictsWith("e00", conflicted)) };
    const result = assignJudges(input);
    expectValid(input, result);
    expect(result.shortfalls).toEqual([{ entryId: "e00", wanted: 3, got, reason }]);
  });

  it("explains a pool smaller than k", () => {
    const result = assignJudges({ judges: judgesOf(2), entries: entriesOf(1), perEntry: 3, conflicts: new Set() });
    expect(result.shortfalls).toEqual([
      { entryId: "e00", wanted: 3, got: 2, reason: "There are only 2 judges, fewer than the 3 each entry should have" },
    ]);
    const single = assignJudges({ judges: judgesOf(1), entries: entriesOf(1), perEntry: 2, conflicts: new Set() });
    expect(single.shortfalls[0]?.reason).toBe("There is only 1 judge, fewer than the 2 each entry should have");
  });

  it("explains an empty pool", () => {
    const result = assignJudges({ judges: [], entries: entriesOf(2), perEntry: 2, conflicts: new Set() });
    expect(result.shortfalls.map((s) => s.reason)).toEqual([
      "There are no judges to assign",
      "There are no judges to assign",
    ]);
  });
});

describe("assignJudges: clinical and technical mix", () => {
  const expertiseCycle =
    (...cycle: Expertise[]) =>
    (i: number) =>
      cycle[i % cycle.length] ?? "other";

  it("gives every entry a clinical and a technical judge when loads allow it", () => {
    const judges = judgesOf(6, expertiseCycle("clinical", "technical", "other"));
    const entries = entriesOf(6);
    const result = assignJudges({ judges, entries, perEntry: 3, conflicts: new Set() });
    expect(result.mixMissing).toEqual([]);
    for (const e of entries) {
      const expertise = panel(result, e.id).map((id) => judges.find((j) => j.id === id)?.expertise);
      expect(expertise).toContain("clinical");
      expect(expertise).toContain("technical");
    }
  });

  it("pairs a clinician with a technologist when k = 2 and the groups are equal", () => {
    const judges = judgesOf(6, expertiseCycle("clinical", "technical"));
    const result = assignJudges({ judges, entries: entriesOf(9), perEntry: 2, conflicts: new Set() });
    expect(result.mixMissing).toEqual([]);
  });

  it("lets even loads win over the mix, and names the entries that miss out", () => {
    // Two clinicians and two technologists with two entries each have four places apiece for six
    // entries, so four clinical-or-technical gaps are the fewest possible.
    const judges = judgesOf(6, expertiseCycle("clinical", "technical", "other"));
    const input = { judges, entries: entriesOf(6), perEntry: 2, conflicts: new Set<string>() };
    const result = assignJudges(input);
    expectValid(input, result);
    expect(loadSpread(result.assignments, ids(judges))).toBe(0);
    const panels = input.entries.map((e) => judges.filter((j) => panel(result, e.id).includes(j.id)));
    expect(panels.reduce((sum, p) => sum + missingGroups(p), 0)).toBe(4);
    expect(result.mixMissing).toEqual(
      input.entries.filter((_, i) => missingGroups(panels[i] ?? []) > 0).map((e) => e.id),
    );
  });

  it("finds the mix around conflicts", () => {
    const judges = [
      judge("c1", "clinical"),
      judge("c2", "clinical"),
      judge("t1", "technical"),
      judge("t2", "technical"),
    ];
    const conflicts = new Set([conflictKey("c1", "e00"), conflictKey("t2", "e00")]);
    const result = assignJudges({ judges, entries: entriesOf(2), perEntry: 2, conflicts });
    expect(panel(result, "e00").sort()).toEqual(["c2", "t1"]);
    expect(panel(result, "e01").sort()).toEqual(["c1", "t2"]);
    expect(result.mixMissing).toEqual([]);
  });

  it("reports an entry whose only clinician has a conflict", () => {
    const judges = [judge("c1", "clinical"), judge("t1", "technical"), judge("t2", "technical")];
    const result = assignJudges({
      judges,
      entries: entriesOf(2),
      perEntry: 2,
      conflicts: new Set([conflictKey("c1", "e01")]),
    });
    expect(result.mixMissing).toEqual(["e01"]);
  });

  it("does not ask for the mix when k = 1 or the pool lacks a group", () => {
    const mixed = judgesOf(4, expertiseCycle("clinical", "technical"));
    expect(
      assignJudges({ judges: mixed, entries: entriesOf(4), perEntry: 1, conflicts: new Set() }).mixMissing,
    ).toEqual([]);
    const clinicians = judgesOf(4, () => "clinical");
    expect(
      assignJudges({ judges: clinicians, entries: entriesOf(4), perEntry: 2, conflicts: new Set() }).mixMissing,
    ).toEqual([]);
  });
});

describe("assignJudges: rooms", () => {
  it("keeps judges in their entries' rooms when the rooms are staffed", () => {
    const judges = [
      judge("a1", "other", "A"),
      judge("a2", "other", "A"),
      judge("b1", "other", "B"),
      judge("b2", "other", "B"),
    ];
    const entries = [entry("x1", "A"), entry("x2", "A"), entry("y1", "B"), entry("y2", "B")];
    const result = assignJudges({ judges, entries, perEntry: 2, conflicts: new Set() });
    for (const pair of result.assignments) expect(pair.judgeId[0]).toBe(pair.entryId.startsWith("x") ? "a" : "b");
  });

  it("compares rooms without regard to case or surrounding spaces", () => {
    const judges = [judge("a", "other", " Room 1 "), judge("b", "other", "room 2")];
    const entries = [entry("x", "ROOM 1"), entry("y", "Room 2")];
    const result = assignJudges({ judges, entries, perEntry: 1, conflicts: new Set() });
    expect(sortedKeys(result.assignments)).toEqual(["a:x", "b:y"]);
  });

  it("prefers a roaming judge to one from another room", () => {
    const judges = [judge("a", "other", "A"), judge("b", "other", "B"), judge("roam")];
    const entries = [entry("x", "A"), entry("y", "A"), entry("z", "B")];
    const result = assignJudges({ judges, entries, perEntry: 1, conflicts: new Set() });
    // Room B's judge stays home; room A's two entries go to A's judge and the roaming one.
    expect(panel(result, "z")).toEqual(["b"]);
    expect([...panel(result, "x"), ...panel(result, "y")].sort()).toEqual(["a", "roam"]);
  });

  it("falls back to judges from other rooms when a room has none", () => {
    const judges = [judge("a1", "other", "A"), judge("a2", "other", "A"), judge("a3", "other", "A")];
    const entries = [entry("x", "A"), entry("y", "B")];
    const input = { judges, entries, perEntry: 2, conflicts: new Set<string>() };
    const result = assignJudges(input);
    expectValid(input, result);
    expect(panel(result, "y")).toHaveLength(2);
  });

  it("puts even loads before rooms", () => {
    const judges = [judge("a1", "other", "A"), judge("b1", "other", "B"), judge("b2", "other", "B")];
    const entries = [entry("x1", "A"), entry("x2", "A"), entry("x3", "A")];
    const result = assignJudges({ judges, entries, perEntry: 1, conflicts: new Set() });
    expect(loadsOf(result.assignments, ids(judges))).toEqual([1, 1, 1]);
  });
});

describe("assignJudges: keeping an existing assignment", () => {
  const judges = judgesOf(4);
  const entries = entriesOf(5);

  it("keeps a valid assignment exactly", () => {
    const first = assignJudges({ judges, entries, perEntry: 2, conflicts: new Set(), seed: 1 });
    // Another seed, so that any pair kept is kept because it existed rather than by the same ties.
    const again = assignJudges({
      judges,
      entries,
      perEntry: 2,
      conflicts: new Set(),
      seed: 99,
      existing: first.assignments,
    });
    expect(sortedKeys(again.assignments)).toEqual(sortedKeys(first.assignments));
  });

  it("moves only the conflicted pair after a late conflict, when loads allow", () => {
    // 10 places over 4 judges: loads 3, 3, 2, 2. Take a pair from a judge with 3 whose entry lacks a
    // judge with 2: moving it to that judge keeps the loads within one with no other change.
    const first = assignJudges({ judges, entries, perEntry: 2, conflicts: new Set() });
    const loads = new Map(ids(judges).map((id, i) => [id, loadsOf(first.assignments, ids(judges))[i] ?? 0]));
    const light = ids(judges).filter((id) => loads.get(id) === 2);
    const moved = first.assignments.find(
      (p) => loads.get(p.judgeId) === 3 && light.some((id) => !panel(first, p.entryId).includes(id)),
    );
    if (!moved) throw new Error("the scenario needs such a pair");
    const conflicts = new Set([conflictKey(moved.judgeId, moved.entryId)]);
    const second = assignJudges({ judges, entries, perEntry: 2, conflicts, existing: first.assignments });
    const before = keys(first.assignments);
    const after = keys(second.assignments);
    expect([...before].filter((k) => !after.has(k))).toEqual([conflictKey(moved.judgeId, moved.entryId)]);
    const added = [...after].filter((k) => !before.has(k));
    expect(added).toHaveLength(1);
    expect(light.map((id) => conflictKey(id, moved.entryId))).toContain(added[0]);
  });

  it("drops pairs whose judge, entry or freedom from conflict has gone", () => {
    const existing = [
      { judgeId: "gone", entryId: "e00" },
      { judgeId: "j00", entryId: "withdrawn" },
      { judgeId: "j01", entryId: "e01" },
    ];
    const input = {
      judges,
      entries,
      perEntry: 2,
      conflicts: new Set([conflictKey("j01", "e01")]),
      existing,
    };
    const result = assignJudges(input);
    expectValid(input, result);
    expect(keys(result.assignments).has("j01:e01")).toBe(false);
  });

  it("keeps no more judges on an entry than k", () => {
    const existing = ids(judges).map((judgeId) => ({ judgeId, entryId: "e00" }));
    const result = assignJudges({ judges, entries: entriesOf(1), perEntry: 2, conflicts: new Set(), existing });
    expect(panel(result, "e00")).toHaveLength(2);
  });
});

describe("assignJudges: determinism", () => {
  const judges = judgesOf(8, (i) => (["clinical", "technical", "other"] as const)[i % 3] ?? "other");
  const entries = entriesOf(12);

  it("gives the same answer for the same seed", () => {
    const input = { judges, entries, perEntry: 3, conflicts: new Set([conflictKey("j01", "e02")]), seed: 42 };
    expect(assignJudges(input)).toEqual(assignJudges(input));
  });

  it("spreads the choice across seeds", () => {
    const answers = new Set(
      [1, 2, 3, 4, 5].map((seed) =>
        sortedKeys(assignJudges({ judges, entries, perEntry: 3, conflicts: new Set(), seed }).assignments).join(),
      ),
    );
    expect(answers.size).toBeGreaterThan(1);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over random pools.

const EXPERTISE: readonly Expertise[] = ["clinical", "technical", "other"];

interface Pool {
  judges: AssignmentJudge[];
  entries: AssignmentEntry[];
  perEntry: number;
}

// Judges 3..30, entries 1..60, k 1..4 with k < judges; expertise and rooms at random.
const poolArb: fc.Arbitrary<Pool> = fc
  .record({ judgeCount: fc.integer({ min: 3, max: 30 }), entryCount: fc.integer({ min: 1, max: 60 }) })
  .chain(({ judgeCount, entryCount }) =>
    fc.record({
      judges: fc.tuple(
        ...Array.from({ length: judgeCount }, (_, i) =>
          fc.record({
            id: fc.constant(`j${i}`),
            expertise: fc.constantFrom(...EXPERTISE),
            room: fc.option(fc.constantFrom("A", "B", "C"), { nil: null }),
          }),
        ),
      ),
      entries: fc.tuple(
        ...Array.from({ length: entryCount }, (_, i) =>
          fc.record({ id: fc.constant(`e${i}`), room: fc.option(fc.constantFrom("A", "B", "C"), { nil: null }) }),
        ),
      ),
      perEntry: fc.integer({ min: 1, max: Math.min(4, judgeCount - 1) }),
    }),
  );

// Sparse conflicts: each judge conflicts with at most a tenth of the entries.
const sparseConflictsArb = (pool: Pool): fc.Arbitrary<Set<string>> =>
  fc
    .array(fc.tuple(fc.nat({ max: pool.judges.length - 1 }), fc.nat({ max: pool.entries.length - 1 })), {
      maxLength: pool.judges.length * Math.floor(pool.entries.length / 10),
    })
    .map((pairs) => {
      const perJudge = new Map<number, Set<number>>();
      for (const [j, e] of pairs) {
        const mine = perJudge.get(j) ?? new Set<number>();
        if (mine.size < Math.floor(pool.entries.length / 10)) mine.add(e);
        perJudge.set(j, mine);
      }
      return new Set([...perJudge].flatMap(([j, es]) => [...es].map((e) => conflictKey(`j${j}`, `e${e}`))));
    });

const poolWithConflictsArb = poolArb.chain((pool) =>
  fc.record({ pool: fc.constant(pool), conflicts: sparseConflictsArb(pool), seed: fc.integer() }),
);

describe("assignJudges: properties", () => {
  it("gives k judges per entry with loads within one, for random pools without conflicts", () => {
    fc.assert(
      fc.property(poolArb, fc.integer(), (pool, seed) => {
        const input = { ...pool, conflicts: new Set<string>(), seed };
        const result = assignJudges(input);
        expectValid(input, result);
        expect(result.assignments).toHaveLength(pool.entries.length * pool.perEntry);
        expect(loadSpread(result.assignments, ids(pool.judges))).toBeLessThanOrEqual(1);
      }),
      { numRuns: 60 },
    );
  });

  it("keeps loads within one around sparse conflicts, never assigning a conflicted pair", () => {
    fc.assert(
      fc.property(poolWithConflictsArb, ({ pool, conflicts, seed }) => {
        const input = { ...pool, conflicts, seed };
        const result = assignJudges(input);
        expectValid(input, result);
        // The algorithm minimises the spread exactly (see the brute-force check below), so this
        // fails only if no assignment at all has loads within one.
        if (pool.judges.length >= pool.perEntry + 2) {
          expect(loadSpread(result.assignments, ids(pool.judges))).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("mixes clinical and technical judges whenever every group can be spread evenly", () => {
    fc.assert(
      fc.property(poolArb, fc.integer(), (pool, seed) => {
        const count = (x: Expertise) => pool.judges.filter((j) => j.expertise === x).length;
        const [clinical, technical, other] = [count("clinical"), count("technical"), count("other")];
        const places = pool.entries.length * pool.perEntry;
        const floorLoad = Math.floor(places / pool.judges.length);
        // Enough clinical and technical places at the lowest even load to give every entry one of
        // each, and few enough other judges that they need not crowd out either.
        fc.pre(pool.perEntry >= 2 && clinical * floorLoad >= pool.entries.length);
        fc.pre(technical * floorLoad >= pool.entries.length);
        fc.pre(other * (floorLoad + 1) <= pool.entries.length * (pool.perEntry - 2));
        const result = assignJudges({ ...pool, conflicts: new Set(), seed });
        expect(result.mixMissing).toEqual([]);
        expect(loadSpread(result.assignments, ids(pool.judges))).toBeLessThanOrEqual(1);
      }),
      { numRuns: 40 },
    );
  });

  it("is deterministic for a seed and does not depend on the order of the input", () => {
    fc.assert(
      fc.property(poolWithConflictsArb, ({ pool, conflicts, seed }) => {
        const input = { ...pool, conflicts, seed };
        const reversed = { ...input, judges: [...pool.judges].reverse(), entries: [...pool.entries].reverse() };
        const result = assignJudges(input);
        expect(assignJudges(input)).toEqual(result);
        expect(sortedKeys(assignJudges(reversed).assignments)).toEqual(sortedKeys(result.assignments));
      }),
      { numRuns: 30 },
    );
  });

  it("keeps an existing assignment that is still valid, pair for pair", () => {
    fc.assert(
      fc.property(poolWithConflictsArb, fc.integer(), ({ pool, conflicts, seed }, otherSeed) => {
        const first = assignJudges({ ...pool, conflicts, seed });
        const again = assignJudges({ ...pool, conflicts, seed: otherSeed, existing: first.assignments });
        expect(sortedKeys(again.assignments)).toEqual(sortedKeys(first.assignments));
      }),
      { numRuns: 30 },
    );
  });

  it("after a late conflict, moves the conflicted pair and at most two more", () => {
    fc.assert(
      fc.property(poolWithConflictsArb, fc.nat(), ({ pool, conflicts, seed }, pick) => {
        fc.pre(pool.judges.length >= pool.perEntry + 2);
        const first = assignJudges({ ...pool, conflicts, seed });
        const late = first.assignments[pick % first.assignments.length];
        if (!late) return;
        const lateKey = conflictKey(late.judgeId, late.entryId);
        const input = { ...pool, conflicts: new Set([...conflicts, lateKey]), seed, existing: first.assignments };
        const second = assignJudges(input);
        expectValid(input, second);
        expect(loadSpread(second.assignments, ids(pool.judges))).toBeLessThanOrEqual(1);
        const after = keys(second.assignments);
        const dropped = [...keys(first.assignments)].filter((k) => !after.has(k));
        expect(dropped).toContain(lateKey);
        // The late pair itself, plus at most two handovers to bring the loads back within one.
        expect(dropped.length).toBeLessThanOrEqual(3);
      }),
      { numRuns: 60 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Exactness: for pools small enough to try every assignment, none beats ours on the rules in their
// order (sum of squared loads, then pairs kept, then missing clinical or technical places, then
// judges out of their room), and none has a smaller spread.

function bruteForceBest(input: AssignmentInput) {
  const { judges, entries, perEntry, conflicts } = input;
  const mixApplies =
    perEntry >= 2 && judges.some((j) => j.expertise === "clinical") && judges.some((j) => j.expertise === "technical");
  const existing = keys(input.existing ?? []);
  const panels = entries.map((e) => {
    const eligible = judges.filter((j) => !conflicts.has(conflictKey(j.id, e.id)));
    return subsets(eligible, Math.min(perEntry, eligible.length));
  });
  let bestScore: number[] | null = null;
  let bestSpread = Number.POSITIVE_INFINITY;
  const choose = (e: number, chosen: AssignmentJudge[][]): void => {
    if (e === entries.length) {
      const pairs = chosen.flatMap((p, i) => p.map((j) => ({ judgeId: j.id, entryId: entries[i]?.id ?? "" })));
      const loads = loadsOf(pairs, ids(judges));
      const score = [
        loads.reduce((sum, l) => sum + l * l, 0),
        -pairs.filter((p) => existing.has(conflictKey(p.judgeId, p.entryId))).length,
        mixApplies ? chosen.reduce((sum, p) => sum + missingGroups(p), 0) : 0,
        pairs.filter((p) => outOfRoom(judges, entries, p)).length,
      ];
      if (bestScore === null || lexCompare(score, bestScore) < 0) bestScore = score;
      bestSpread = Math.min(bestSpread, loadSpread(pairs, ids(judges)));
      return;
    }
    for (const p of panels[e] ?? []) choose(e + 1, [...chosen, p]);
  };
  choose(0, []);
  return { bestScore, bestSpread, mixApplies };
}

function subsets<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  return items.flatMap((item, i) => subsets(items.slice(i + 1), size - 1).map((rest) => [item, ...rest]));
}

function missingGroups(panel: readonly AssignmentJudge[]): number {
  return (
    (panel.some((j) => j.expertise === "clinical") ? 0 : 1) + (panel.some((j) => j.expertise === "technical") ? 0 : 1)
  );
}

function outOfRoom(judges: readonly AssignmentJudge[], entries: readonly AssignmentEntry[], pair: Pair): boolean {
  const judgeRoom = judges.find((j) => j.id === pair.judgeId)?.room ?? null;
  const entryRoom = entries.find((e) => e.id === pair.entryId)?.room ?? null;
  return judgeRoom !== null && entryRoom !== null && judgeRoom !== entryRoom;
}

function lexCompare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

describe("assignJudges: exact on small pools", () => {
  const smallArb = fc
    .record({
      judgeCount: fc.integer({ min: 1, max: 5 }),
      entryCount: fc.integer({ min: 1, max: 3 }),
      perEntry: fc.integer({ min: 1, max: 3 }),
    })
    .chain(({ judgeCount, entryCount, perEntry }) =>
      fc.record({
        judges: fc.tuple(
          ...Array.from({ length: judgeCount }, (_, i) =>
            fc.record({
              id: fc.constant(`j${i}`),
              expertise: fc.constantFrom(...EXPERTISE),
              room: fc.option(fc.constantFrom("A", "B"), { nil: null }),
            }),
          ),
        ),
        entries: fc.tuple(
          ...Array.from({ length: entryCount }, (_, i) =>
            fc.record({ id: fc.constant(`e${i}`), room: fc.option(fc.constantFrom("A", "B"), { nil: null }) }),
          ),
        ),
        perEntry: fc.constant(perEntry),
        // Dense conflicts on purpose: small pools where even loads are often out of reach.
        conflicts: fc
          .subarray(Array.from({ length: judgeCount * entryCount }, (_, n) => n))
          .map((ns) => new Set(ns.map((n) => conflictKey(`j${n % judgeCount}`, `e${Math.floor(n / judgeCount)}`)))),
        existing: fc
          .subarray(Array.from({ length: judgeCount * entryCount }, (_, n) => n))
          .map((ns) => ns.map((n) => ({ judgeId: `j${n % judgeCount}`, entryId: `e${Math.floor(n / judgeCount)}` }))),
        seed: fc.integer(),
      }),
    );

  it("matches an exhaustive search", () => {
    fc.assert(
      fc.property(smallArb, (input) => {
        const result = assignJudges(input);
        expectValid(input, result);
        const { bestScore, bestSpread, mixApplies } = bruteForceBest(input);
        const pairs = result.assignments;
        const panels = input.entries.map((e) =>
          input.judges.filter((j) => pairs.some((p) => p.judgeId === j.id && p.entryId === e.id)),
        );
        const existing = keys(input.existing);
        const score = [
          loadsOf(pairs, ids(input.judges)).reduce((sum, l) => sum + l * l, 0),
          -pairs.filter((p) => existing.has(conflictKey(p.judgeId, p.entryId))).length,
          mixApplies ? panels.reduce((sum, p) => sum + missingGroups(p), 0) : 0,
          pairs.filter((p) => outOfRoom(input.judges, input.entries, p)).length,
        ];
        expect(score).toEqual(bestScore);
        expect(loadSpread(pairs, ids(input.judges))).toBe(bestSpread);
      }),
      { numRuns: 300 },
    );
  });
});
