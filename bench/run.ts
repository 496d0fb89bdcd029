// `npm run bench`: runs every benchmark in turn, prints each figure beside its target as it comes, and
// rewrites docs/benchmarks.md with the results and the machine they were measured on. Page weight and
// start time read the production build, so run `npm run build` first. BENCH_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/test) is the PostgreSQL database for benchmarks that need one;
// start time uses the embedded database in a temporary directory instead. BENCH_SKIP takes a comma-separated
// list of titles to leave out ("judging window" while another load test is running, say).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { assignmentAtScale } from "./assignment-at-scale";
import { pageWeight } from "./page-weight";
import type { Benchmark, BenchFigure } from "./result";
import { resultsAtScale } from "./results-at-scale";
import { startTime } from "./start-time";

process.env.BENCH_DATABASE_URL ??= "postgres://postgres@127.0.0.1:5432/test";

const SKIP = new Set(
  (process.env.BENCH_SKIP ?? "")
    .split(",")
    .map((title) => title.trim().toLowerCase())
    .filter(Boolean),
);
const DOC = path.resolve("docs/benchmarks.md");
const COMMAND = "npm run bench";
const buildPresent = existsSync(path.resolve("build/server/index.js")) && existsSync(path.resolve("build/client"));

interface Section {
  title: string;
  figures: BenchFigure[];
  note?: string;
}

/** The judging window (HTTP load) lives in its own file; a checkout without it runs the rest. */
async function judgingWindow(): Promise<Benchmark | string> {
  const file = path.resolve("bench/judging-window.ts");
  if (!existsSync(file)) return "bench/judging-window.ts is not there, so the judging window was not measured.";
  const loaded = (await import("./judging-window" + ".ts")) as { judgingWindow?: Benchmark };
  if (!loaded.judgingWindow) return "bench/judging-window.ts does not export judgingWindow, so it was skipped.";
  return loaded.judgingWindow;
}

const met = (figure: BenchFigure) => (figure.met === null ? "" : figure.met ? "yes" : "**no**");
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function printFigure(figure: BenchFigure) {
  const verdict = figure.met === null ? "" : figure.met ? "  ✓ met" : "  ✗ NOT MET";
  const target = figure.target ? `  (target ${figure.target})` : "";
  console.log(`  ${figure.name}: ${figure.value}${target}${verdict}`);
}

function machine(): string {
  const cpus = os.cpus();
  const models = [...new Set(cpus.map((cpu) => cpu.model.trim()))].join(", ") || "unknown CPU";
  const memory = (os.totalmem() / 1024 ** 3).toFixed(1);
  return `${cpus.length} cores (${models}), ${memory} GB memory, ${os.type()} ${os.release()} ${os.arch()}`;
}

function londonDate(date: Date): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(date);
}

function document(sections: Section[], started: Date, load: number[]): string {
  const lines = [
    "# Benchmarks",
    "",
    `Written by \`${COMMAND}\` (bench/run.ts); run it again to refresh this page. Each benchmark says what it`,
    "measures and why at the top of its file in `bench/`.",
    "",
    `- Date: ${londonDate(started)}`,
    `- Machine: ${machine()}`,
    `- Node: ${process.version}`,
    `- Load average when it began: ${load
      .map((load) => load.toFixed(2))
      .join(", ")} (1, 5 and 15 minutes; a figure above the core count means other work was competing for the CPU)`,
    `- Command: \`npm run build && ${COMMAND}\``,
    "",
    "Page weight and start time measure the production build, so `npm run build` comes first.",
    "Results at scale and assignment at scale call the domain's code in-process (they are sums, not",
    "requests); the judging window measures load over HTTP only. Whether pages work without",
    "JavaScript is checked by the end-to-end suite (`npm run test:e2e`), not here.",
  ];
  if (!buildPresent) lines.push("", "**build/ was missing: page weight and start time could not be measured.**");
  for (const section of sections) {
    lines.push("", `## ${section.title}`, "");
    if (section.note) lines.push(section.note, "");
    if (section.figures.length === 0) continue;
    lines.push("| Figure | Value | Target | Met |", "| --- | --- | --- | --- |");
    for (const figure of section.figures)
      lines.push(`| ${cell(figure.name)} | ${cell(figure.value)} | ${cell(figure.target)} | ${met(figure)} |`);
  }
  lines.push(
    "",
    "Timings are from one run on a shared machine; a figure near its target may move either way between runs.",
    "",
  );
  return lines.join("\n");
}

/**
 * The page's hand-written part: the profiles, fixes and before-and-after tables below NOTES_MARK,
 * which a new run keeps rather than overwrites.
 */
const NOTES_MARK = "<!-- Written by hand below this line; npm run bench keeps it. -->";

function keptNotes(): string {
  const previous = existsSync(DOC) ? readFileSync(DOC, "utf8") : "";
  const at = previous.indexOf(NOTES_MARK);
  return at === -1 ? `\n${NOTES_MARK}\n` : `\n${previous.slice(at)}`;
}

async function main() {
  const started = new Date();
  const load = os.loadavg();
  console.log(`Benchmarks, ${londonDate(started)}, on ${machine()}, Node ${process.version}`);
  if (!buildPresent)
    console.log("build/ is missing: run `npm run build` first; page weight and start time are skipped.");

  // Not even loaded when skipped, so a half-written file cannot stop the rest.
  const window = SKIP.has("judging window") ? "Skipped this run (BENCH_SKIP)." : await judgingWindow();
  const benchmarks: (Benchmark | { title: string; note: string })[] = [
    resultsAtScale,
    assignmentAtScale,
    buildPresent ? pageWeight : { title: pageWeight.title, note: "Not measured: build/ is missing (`npm run build`)." },
    buildPresent ? startTime : { title: startTime.title, note: "Not measured: build/ is missing (`npm run build`)." },
    typeof window === "string" ? { title: "Judging window", note: window } : window,
  ];

  const sections: Section[] = [];
  let failed = false;
  for (const benchmark of benchmarks) {
    console.log(`\n${benchmark.title}`);
    if (!("note" in benchmark) && SKIP.has(benchmark.title.toLowerCase())) {
      const note = "Skipped this run (BENCH_SKIP).";
      console.log(`  ${note}`);
      sections.push({ title: benchmark.title, figures: [], note });
      continue;
    }
    if ("note" in benchmark) {
      console.log(`  ${benchmark.note}`);
      sections.push({ title: benchmark.title, figures: [], note: benchmark.note });
      continue;
    }
    try {
      const figures = await benchmark.run();
      figures.forEach(printFigure);
      sections.push({ title: benchmark.title, figures });
    } catch (error) {
      failed = true;
      const message = error instanceof Error ? error.message : String(error);
      console.error(`  Failed: ${message}`);
      sections.push({ title: benchmark.title, figures: [], note: `Failed: ${message.split("\n")[0]}` });
    }
  }

  writeFileSync(DOC, document(sections, started, load) + keptNotes());
  const all = sections.flatMap((section) => section.figures).filter((figure) => figure.met !== null);
  const missed = all.filter((figure) => !figure.met).length;
  console.log(`\n${all.length - missed} of ${all.length} targets met. Wrote ${path.relative(process.cwd(), DOC)}.`);
  if (failed) process.exitCode = 1;
}

await main();
