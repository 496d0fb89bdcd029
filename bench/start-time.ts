// Start time: how long from launching the production server (as `npm run serve` does: NODE_ENV=production,
// node build/express/index.js) on a fresh embedded database to its first 200 from /healthz. That covers loading the
// build, starting PGlite, applying every migration to an empty database and the first query: what an
// organiser waits for on a first `npm start`, and what a restart costs during an event. Each run gets a new
// temporary DATA_DIR and a free port; the median of 3 is reported. Needs `npm run build` first.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { serverArgs, freePort } from "../tests/support/app-server";
import type { Benchmark, BenchFigure } from "./result";
import { duration, median } from "./support";

const RUNS = 3;
const GIVE_UP_MS = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Milliseconds from spawn to the first 200 from /healthz; the server is stopped afterwards. */
async function startOnce(): Promise<number> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "bench-start-"));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    APP_URL: `http://127.0.0.1:${port}`,
  };
  delete env.DATABASE_URL; // the embedded database, as on a first `npm start`
  const started = performance.now();
  const child = spawn(process.execPath, serverArgs(), {
    env,
    stdio: ["ignore", "ignore", "pipe"],
    detached: true, // its own process group, so stopping it stops anything it started
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  let exited = false;
  child.on("exit", () => (exited = true));
  try {
    while (performance.now() - started < GIVE_UP_MS) {
      if (exited) throw new Error(`The server exited before answering:\n${stderr.slice(-2000)}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/healthz`);
        await response.arrayBuffer();
        if (response.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await sleep(20);
    }
    throw new Error(`No 200 from /healthz within ${GIVE_UP_MS / 1000} s`);
  } finally {
    if (!exited && child.pid !== undefined) {
      const gone = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      await Promise.race([gone, sleep(5000)]);
      if (!exited) process.kill(-child.pid, "SIGKILL");
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const startTime: Benchmark = {
  title: "Start time",
  async run(): Promise<BenchFigure[]> {
    const runs: number[] = [];
    for (let run = 0; run < RUNS; run++) runs.push(await startOnce());
    const middle = median(runs);
    return [
      {
        name: `Production server to first 200 from /healthz, fresh embedded database (median of ${RUNS})`,
        value: duration(middle),
        target: "under 5 s",
        met: middle < 5000,
      },
      { name: "Each run", value: runs.map(duration).join(", "), target: "", met: null },
    ];
  },
};
