// Assignment at scale: how long the domain's judge assignment (one minimum-cost flow, see
// app/domain/assignment.ts) takes for a very large event — 2,000 entries, 400 judges, 3 judges per
// entry, 5% of judge–entry pairs in conflict (seeded) — and whether the answer still keeps its promises:
// every entry gets k judges, loads differ by at most one, and no conflicted pair is assigned. Called as
// refillRound in app/models/judging.server.ts calls it (a fresh round: nothing existing, no rooms).
// The solver is synchronous, so each size runs in a child process that is stopped after a time limit
// (BENCH_ASSIGNMENT_LIMIT_S, default 60 s); smaller events are timed too, to show how it grows.
import { spawn } from "node:child_process";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { assignJudges, conflictKey, loadSpread, type AssignmentJudge } from "../app/domain/assignment";
import type { Benchmark, BenchFigure } from "./result";
import { count, duration, seeded } from "./support";

const PER_ENTRY = 3;
const CONFLICT_SHARE = 0.05;
const EXPERTISE: AssignmentJudge["expertise"][] = ["clinical", "technical", "other"];
/** Entries and judges: the target size last; smaller ones for context, one judge per five entries. */
const SIZES = [
  [250, 50],
  [500, 100],
  [1_000, 200],
  [2_000, 400],
] as const;
const LIMIT_MS = Number(process.env.BENCH_ASSIGNMENT_LIMIT_S ?? 60) * 1000;

interface Outcome {
  ms: number;
  conflicts: number;
  short: number;
  spread: number;
  conflicted: number;
  mixMissing: number;
}

/** Builds the seeded event, assigns, and checks the answer. */
function measure(entryCount: number, judgeCount: number): Outcome {
  const random = seeded(7);
  const judges = Array.from({ length: judgeCount }, (_, i) => ({
    id: `judge-${i}`,
    expertise: EXPERTISE[i % EXPERTISE.length]!,
    room: null,
  }));
  const entries = Array.from({ length: entryCount }, (_, i) => ({ id: `entry-${i}`, room: null }));
  const conflicts = new Set<string>();
  for (const judge of judges)
    for (const entry of entries) if (random() < CONFLICT_SHARE) conflicts.add(conflictKey(judge.id, entry.id));

  const start = performance.now();
  const result = assignJudges({ judges, entries, perEntry: PER_ENTRY, conflicts, existing: [], seed: 1 });
  const ms = performance.now() - start;

  const perEntry = new Map<string, Set<string>>();
  for (const pair of result.assignments) {
    const judgesOf = perEntry.get(pair.entryId) ?? new Set<string>();
    judgesOf.add(pair.judgeId);
    perEntry.set(pair.entryId, judgesOf);
  }
  return {
    ms,
    conflicts: conflicts.size,
    short: entries.filter((entry) => (perEntry.get(entry.id)?.size ?? 0) !== PER_ENTRY).length,
    spread: loadSpread(
      result.assignments,
      judges.map((judge) => judge.id),
    ),
    conflicted: result.assignments.filter((pair) => conflicts.has(conflictKey(pair.judgeId, pair.entryId))).length,
    mixMissing: result.mixMissing.length,
  };
}

const self = fileURLToPath(import.meta.url);

/** Runs measure in a child process; null if it takes longer than the limit. */
function measureInChild(entryCount: number, judgeCount: number): Promise<Outcome | null> {
  return new Promise((resolve, reject) => {
    // Its own process group, so the time limit stops tsx's node process as well as tsx.
    const child = spawn(
      path.resolve("node_modules/.bin/tsx"),
      [self, "--measure", String(entryCount), String(judgeCount)],
      {
        stdio: ["ignore", "pipe", "inherit"],
        detached: true,
      },
    );
    let out = "";
    let timedOut = false;
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    }, LIMIT_MS);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (timedOut) resolve(null);
      else if (code !== 0) reject(new Error(`The assignment child process exited with ${code}`));
      else resolve(JSON.parse(out.trim().split("\n").pop()!) as Outcome);
    });
  });
}

if (process.argv[1] === self && process.argv[2] === "--measure") {
  console.log(JSON.stringify(measure(Number(process.argv[3]), Number(process.argv[4]))));
}

export const assignmentAtScale: Benchmark = {
  title: "Assignment at scale",
  async run(): Promise<BenchFigure[]> {
    const figures: BenchFigure[] = [];
    const context: BenchFigure[] = [];
    let stopped = false;
    for (const [entries, judges] of SIZES) {
      const target = entries === 2_000;
      // Once a smaller event hits the limit, a larger one would too.
      const outcome = stopped ? null : await measureInChild(entries, judges);
      if (!outcome) stopped = true;
      const setup = `${count(entries)} entries, ${count(judges)} judges, k = ${PER_ENTRY}, ${CONFLICT_SHARE * 100}% of pairs in conflict`;
      const value = outcome ? duration(outcome.ms) : `over ${duration(LIMIT_MS)} (stopped)`;
      if (!target) {
        context.push({ name: `Assignment time (${setup})`, value, target: "", met: null });
        continue;
      }
      figures.push({
        name: `Assignment time (${setup})`,
        value,
        target: "under 2 s",
        met: !!outcome && outcome.ms < 2000,
      });
      if (!outcome) {
        figures.push({
          name: "Checks of the answer (k judges each, even loads, no conflicts)",
          value: "not reached",
          target: "all pass",
          met: false,
        });
        continue;
      }
      figures.push(
        {
          name: `Entries without exactly ${PER_ENTRY} distinct judges`,
          value: count(outcome.short),
          target: "none",
          met: outcome.short === 0,
        },
        {
          name: "Load spread (largest load − smallest)",
          value: String(outcome.spread),
          target: "at most 1",
          met: outcome.spread <= 1,
        },
        {
          name: `Conflicted pairs assigned (of ${count(outcome.conflicts)} conflicts)`,
          value: count(outcome.conflicted),
          target: "none",
          met: outcome.conflicted === 0,
        },
        {
          name: "Entries lacking a clinical or technical judge",
          value: count(outcome.mixMissing),
          target: "",
          met: null,
        },
      );
    }
    return [...figures, ...context];
  },
};
