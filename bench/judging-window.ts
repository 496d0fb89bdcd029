// The judging window: the busiest minutes the platform has, when every judge in the room saves scores at
// once. It starts the real production server (build/, served by the compiled server/index.ts) on a fresh PostgreSQL database,
// seeds one event in judging with a shortlist on the NHS Hack Day rubric, 400 entries and 200 judges with
// 10 entries each and a session each, then has 200 connections (one per judge, with their cookie) post the
// scoring form for 30 s, each judge going round their entries with a sheet that changes on every save, so
// every request writes a new version and its audit row. 10 s of /healthz at the same concurrency gives the
// ceiling of the stack (Express, Remix, one query) to compare with. The server's resident memory is sampled
// every 250 ms during the scoring load; one judge saving alone for 5 s gives the cost of a save without
// queueing. Run alone with `npx tsx bench/judging-window.ts` (BENCH_JUDGING_SECONDS shortens the load).
import autocannon from "autocannon";
import { readFileSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { createSession } from "~/auth/session.server";
import { sessionCookieName } from "~/auth/tokens";
import * as schema from "~/db/schema";
import { NHS_HACK_DAY_RUBRIC } from "~/domain/rubrics";
import { buildExists, scratchDatabase, startAppServer, type AppServer } from "../tests/support/app-server";
import type { BenchFigure, Benchmark } from "./result";

const JUDGES = 200;
const ENTRIES = 400;
const ENTRIES_PER_JUDGE = 10;
const SAVE_SECONDS = Number(process.env.BENCH_JUDGING_SECONDS ?? 30);
const HEALTH_SECONDS = 10;
const WARM_UP_SECONDS = 5;
const ALONE_SECONDS = 5;
const SLUG = "bench-judging-window";
const CRITERIA = NHS_HACK_DAY_RUBRIC.criteria;

interface Judge {
  userId: string;
  cookie: string;
  entries: string[];
  /** The version of each entry's sheet as this judge last saved it (0: not saved yet). */
  versions: number[];
}

const format = {
  ms: (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString("en-GB")} ms`,
  rate: (value: number) => `${Math.round(value).toLocaleString("en-GB")} req/s`,
  mb: (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(0)} MB`,
};

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The event, the round, the entries, the judges with their assignments and sessions, straight into the database. */
async function seed(url: string): Promise<{ slug: string; roundId: string; judges: Judge[] }> {
  const client = postgres(url, { max: 4, onnotice: () => {} });
  const db = drizzle(client, { schema });
  try {
    const passwordHash = "bench-not-a-real-hash";
    const [community] = await db.insert(schema.communities).values({ slug: "bench", name: "Bench" }).returning();
    const [organiser] = await db
      .insert(schema.users)
      .values({ email: "organiser@bench-organiser.example", name: "Bench Organiser", passwordHash })
      .returning();
    const day = 24 * 60 * 60 * 1000;
    const now = Date.now();
    const [event] = await db
      .insert(schema.events)
      .values({
        communityId: community!.id,
        slug: SLUG,
        title: "Bench Hack Day",
        kind: "hackday",
        status: "published",
        publishedAt: new Date(now - 30 * day),
        registrationOpensAt: new Date(now - 30 * day),
        registrationClosesAt: new Date(now - 3 * day),
        submissionsOpenAt: new Date(now - 2 * day),
        submissionDeadlineAt: new Date(now - 1 * day),
        judgingOpensAt: new Date(now - day / 2),
        judgingClosesAt: new Date(now + day),
      })
      .returning();
    const eventId = event!.id;

    // Every person has an address at a domain of their own, so no judge conflicts with any team.
    const members = await db
      .insert(schema.users)
      .values(
        Array.from({ length: ENTRIES }, (_, i) => ({
          email: `member${i}@team${i}.example`,
          name: `Member ${i}`,
          passwordHash,
        })),
      )
      .returning({ id: schema.users.id });
    await db.insert(schema.registrations).values(members.map(({ id }) => ({ eventId, userId: id })));
    const teams = await db
      .insert(schema.teams)
      .values(members.map(({ id }, i) => ({ eventId, name: `Team ${i}`, captainUserId: id, inviteCode: `bench-${i}` })))
      .returning({ id: schema.teams.id });
    await db
      .insert(schema.teamMembers)
      .values(teams.map(({ id }, i) => ({ teamId: id, eventId, userId: members[i]!.id })));
    const entries = await db
      .insert(schema.submissions)
      .values(
        teams.map(({ id }, i) => ({
          eventId,
          teamId: id,
          title: `Entry ${String(i).padStart(3, "0")}`,
          summary: "A tool that helps clinicians see what matters sooner.",
          description: "Built at the bench hack day. ".repeat(20),
          status: "submitted" as const,
        })),
      )
      .returning({ id: schema.submissions.id });

    // What createRound does for a shortlist: the round, the NHS Hack Day rubric as version 1, every entry.
    const k = (JUDGES * ENTRIES_PER_JUDGE) / ENTRIES;
    const [round] = await db
      .insert(schema.judgingRounds)
      .values({ eventId, kind: "shortlist", name: "Shortlist", position: 0, judgesPerEntry: k })
      .returning();
    await db
      .insert(schema.rubricVersions)
      .values({ roundId: round!.id, version: 1, criteria: CRITERIA, createdByUserId: organiser!.id });
    await db.insert(schema.roundEntries).values(entries.map(({ id }) => ({ roundId: round!.id, submissionId: id })));

    const judgeUsers = await db
      .insert(schema.users)
      .values(
        Array.from({ length: JUDGES }, (_, i) => ({
          email: `judge${i}@judge${i}.example`,
          name: `Judge ${i}`,
          passwordHash,
          emailVerifiedAt: new Date(),
        })),
      )
      .returning({ id: schema.users.id });
    await db
      .insert(schema.eventRoles)
      .values(judgeUsers.map(({ id }) => ({ eventId, userId: id, role: "judge" as const })));
    await db.insert(schema.judges).values(judgeUsers.map(({ id }) => ({ eventId, userId: id })));
    // Judge j scores entries (j*10 .. j*10+9) mod 400: each entry gets k = 5 judges.
    const assignments = judgeUsers.flatMap(({ id }, j) =>
      Array.from({ length: ENTRIES_PER_JUDGE }, (_, n) => ({
        roundId: round!.id,
        judgeUserId: id,
        submissionId: entries[(j * ENTRIES_PER_JUDGE + n) % ENTRIES]!.id,
      })),
    );
    for (let start = 0; start < assignments.length; start += 500) {
      await db.insert(schema.judgeAssignments).values(assignments.slice(start, start + 500));
    }

    const judges: Judge[] = [];
    for (const [j, { id }] of judgeUsers.entries()) {
      const { token } = await createSession(id, { userAgent: "bench/judging-window", ipAddress: "127.0.0.1" }, db);
      judges.push({
        userId: id,
        cookie: `${sessionCookieName(false)}=${token}`,
        entries: assignments.slice(j * ENTRIES_PER_JUDGE, (j + 1) * ENTRIES_PER_JUDGE).map((a) => a.submissionId),
        versions: Array.from({ length: ENTRIES_PER_JUDGE }, () => 0),
      });
    }
    return { slug: SLUG, roundId: round!.id, judges };
  } finally {
    await client.end();
  }
}

interface LoadResult {
  requests: number;
  seconds: number;
  latencies: number[];
  statuses: Map<number, number>;
  /** Connection errors and timeouts. */
  failures: number;
}

async function load(options: autocannon.Options): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const start = performance.now();
  let instance: autocannon.Instance | undefined;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(options, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
    });
  });
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, seconds, latencies, statuses, failures: result.errors + result.timeouts };
}

function errorsOf(result: LoadResult): number {
  let errors = result.failures;
  for (const [status, n] of result.statuses) if (status < 200 || status >= 400) errors += n;
  return errors;
}

/**
 * Reads the sheets' versions back from the database: a load stopped at its deadline leaves saves in flight
 * whose answers nobody read, so the judges' own counts can be behind.
 */
async function resyncVersions(url: string, roundId: string, judges: Judge[]): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await client<{ judge: string; entry: string; version: number }[]>`
      select judge_user_id as judge, submission_id as entry, version from scores where round_id = ${roundId}`;
    const byKey = new Map(rows.map((row) => [`${row.judge}:${row.entry}`, row.version]));
    for (const judge of judges) {
      judge.versions = judge.entries.map((entry) => byKey.get(`${judge.userId}:${entry}`) ?? 0);
    }
  } finally {
    await client.end();
  }
}

/** Transactions committed in the database so far (each statement outside a transaction is one). */
async function transactions(admin: postgres.Sql, name: string): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 1500)); // statistics are flushed about once a second
  const [row] = await admin<
    { n: string }[]
  >`select xact_commit + xact_rollback as n from pg_stat_database where datname = ${name}`;
  return Number(row?.n ?? 0);
}

/**
 * Autocannon options for judges saving scores: each connection is one judge going round their entries. The
 * judge is bound in setupClient, as autocannon's per-request context is reset after every request.
 */
function scoringLoad(
  origin: string,
  slug: string,
  roundId: string,
  judges: Judge[],
  seconds: number,
): autocannon.Options {
  let nextJudge = 0;
  const feedback = "Clear problem statement and a working demo. Talk to the trust's clinical safety officer next.";
  const headersOf = (judge: Judge) => ({
    "content-type": "application/x-www-form-urlencoded",
    cookie: judge.cookie,
    origin,
  });
  const requestFor = (judge: Judge, index: number): autocannon.Request => {
    const version = judge.versions[index]!;
    // A sheet that differs from the saved one on every save, all criteria scored: a complete save.
    const body = new URLSearchParams({ version: String(version), feedback, privateNote: "" });
    for (const criterion of CRITERIA) body.set(`score-${criterion.key}`, String(3 + (version % 2)));
    return {
      method: "POST",
      path: `/events/${slug}/judge/${judge.entries[index]}?round=${roundId}`,
      headers: headersOf(judge),
      body: body.toString(),
    };
  };
  return {
    url: origin,
    connections: judges.length,
    duration: seconds,
    timeout: 20,
    setupClient: (client) => {
      const judge = judges[nextJudge++ % judges.length]!;
      let index = 0;
      client.setRequests([requestFor(judge, index)]);
      // Emitted before the client sends its next request, so that request is the next entry.
      client.on("response", (status: number) => {
        if (status >= 300 && status < 400) judge.versions[index]!++;
        index = (index + 1) % judge.entries.length;
        client.setRequests([requestFor(judge, index)]);
      });
    },
  };
}

function sampleMemory(pid: number): { stop(): number } {
  let peak = 0;
  const read = () => {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (match) peak = Math.max(peak, Number(match[1]) * 1024);
    } catch {
      // The process has gone; keep the peak so far.
    }
  };
  read();
  const timer = setInterval(read, 250);
  return {
    stop() {
      clearInterval(timer);
      read();
      return peak;
    },
  };
}

async function run(): Promise<BenchFigure[]> {
  if (!buildExists()) {
    throw new Error("The judging window benchmark needs a production build: run `npm run build` first.");
  }
  const database = await scratchDatabase(
    `hackday_bench_${process.pid}`,
    process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test",
  );
  const admin = postgres(database.url, { max: 1, onnotice: () => {} });
  let server: AppServer | undefined;
  try {
    const url = database.url;
    const profileDir = process.env.BENCH_CPU_PROF;
    server = await startAppServer({
      databaseUrl: url,
      nodeArgs: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
    });
    const { origin, child } = server;
    const { slug, roundId, judges } = await seed(url);
    const idleRss = sampleMemory(child.pid!).stop();

    // Warm the server up on the same path (not counted), then the ceiling, then the measured saves.
    const warm = await load(scoringLoad(origin, slug, roundId, judges, WARM_UP_SECONDS));
    if (errorsOf(warm) === warm.requests && warm.requests > 0) {
      throw new Error(`Every score save failed while warming up (${[...warm.statuses].join("; ")}):\n${server.log()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await resyncVersions(url, roundId, judges);
    // One judge alone: what a save costs without waiting behind anyone (for context).
    const alone = await load(scoringLoad(origin, slug, roundId, judges.slice(0, 1), ALONE_SECONDS));
    await new Promise((resolve) => setTimeout(resolve, 500));
    await resyncVersions(url, roundId, judges);
    const health = await load({ url: `${origin}/healthz`, connections: JUDGES, duration: HEALTH_SECONDS, timeout: 20 });
    const before = await transactions(admin, database.name);
    const memory = sampleMemory(child.pid!);
    const saves = await load(scoringLoad(origin, slug, roundId, judges, SAVE_SECONDS));
    const peakRss = memory.stop();
    const perSave = (await transactions(admin, database.name)) - before;

    const saveRate = saves.requests / saves.seconds;
    const healthRate = health.requests / health.seconds;
    const p50 = percentile(saves.latencies, 50);
    const p95 = percentile(saves.latencies, 95);
    const p99 = percentile(saves.latencies, 99);
    const errors = errorsOf(saves);
    const ratio = saveRate / healthRate;
    const statusText = [...saves.statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, n]) => `${status}: ${n.toLocaleString("en-GB")}`)
      .join(", ");
    const prefix = "Judging window:";
    return [
      {
        name: `${prefix} score saves (200 judges, ${SAVE_SECONDS} s)`,
        value: format.rate(saveRate),
        target: "",
        met: null,
      },
      { name: `${prefix} p50 of score saves`, value: format.ms(p50), target: "", met: null },
      {
        name: `${prefix} p50 of one judge saving alone`,
        value: format.ms(percentile(alone.latencies, 50)),
        target: "",
        met: null,
      },
      { name: `${prefix} p95 of score saves`, value: format.ms(p95), target: "under 150 ms", met: p95 < 150 },
      { name: `${prefix} p99 of score saves`, value: format.ms(p99), target: "under 400 ms", met: p99 < 400 },
      {
        name: `${prefix} errors (${statusText || "no responses"})`,
        value: errors.toLocaleString("en-GB"),
        target: "0",
        met: errors === 0,
      },
      {
        name: `${prefix} database transactions per score save (each lone statement is one)`,
        value: saves.requests > 0 ? (perSave / saves.requests).toFixed(1) : "n/a",
        target: "",
        met: null,
      },
      { name: `${prefix} /healthz ceiling`, value: format.rate(healthRate), target: "", met: null },
      {
        name: `${prefix} saves as a share of the /healthz ceiling`,
        value: `${(ratio * 100).toFixed(0)}%`,
        target: "at least 40%",
        met: ratio >= 0.4,
      },
      { name: `${prefix} server's resident memory before the load`, value: format.mb(idleRss), target: "", met: null },
      {
        name: `${prefix} server's peak resident memory`,
        value: format.mb(peakRss),
        target: "under 300 MB",
        met: peakRss > 0 && peakRss < 300 * 1024 * 1024,
      },
    ];
  } finally {
    // The server's output, to find what a failed save met (BENCH_SERVER_LOG=file).
    if (process.env.BENCH_SERVER_LOG && server) writeFileSync(process.env.BENCH_SERVER_LOG, server.log());
    await server?.stop();
    await admin.end();
    await database.drop();
  }
}

export const judgingWindow: Benchmark = { title: "Judging window", run };

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await judgingWindow.run();
  for (const figure of figures) {
    const verdict = figure.met === null ? "" : figure.met ? "  met" : "  MISSED";
    console.log(`${figure.name}: ${figure.value}${figure.target ? ` (target ${figure.target})` : ""}${verdict}`);
  }
}
