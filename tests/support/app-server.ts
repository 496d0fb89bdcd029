// The real app over HTTP, for tests and benchmarks that must go through the whole stack (Express,
// its protections, Remix, the database): a scratch PostgreSQL database of its own, and the
// production build served by the compiled server (build/express) in a child process. Needs `npm run build` first.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The app's build and the compiled server that runs it (`npm run build` makes both). */
export const SERVER_ENTRY = "build/express/index.js";

/**
 * node's arguments to run the server as `npm run serve` does: its node flags, read from that
 * script so that tests and benchmarks cannot drift from production, then the entry.
 */
export function serverArgs(): string[] {
  const { scripts } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  const words = (scripts.serve ?? "").split(/\s+/);
  return [...words.slice(words.indexOf("node") + 1).filter((word) => word.startsWith("--")), SERVER_ENTRY];
}

export function buildExists(): boolean {
  return existsSync(path.join(ROOT, "build/server/index.js")) && existsSync(path.join(ROOT, SERVER_ENTRY));
}

/** A port nobody is listening on, on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database beside `base` (the server's `test` database by default), dropped by drop(). */
export async function scratchDatabase(
  name: string,
  base = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test",
): Promise<ScratchDatabase> {
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      try {
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
}

export interface AppServer {
  origin: string;
  child: ChildProcess;
  /** The last 20,000 characters the server printed. */
  log(): string;
  /** SIGTERM, then SIGKILL after 15 s. */
  stop(): Promise<void>;
  /** SIGKILL at once, as a crash would. */
  kill(): Promise<void>;
}

export interface StartOptions {
  databaseUrl: string;
  port?: number;
  /** Added to (and overriding) the environment; NODE_ENV is "production" unless given. */
  env?: NodeJS.ProcessEnv;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** Starts the production build on loopback and resolves once /healthz answers 200. */
export async function startAppServer(options: StartOptions): Promise<AppServer> {
  if (!buildExists()) throw new Error("The app has not been built: run `npm run build` first.");
  const port = options.port ?? (await freePort());
  const origin = `http://127.0.0.1:${port}`;
  let output = "";
  // node itself, as `npm run serve` runs it, so the pid is the server's own (for its memory, and
  // for SIGKILL to reach the server rather than a wrapper).
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...serverArgs()], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: origin,
      ...options.env,
      DATABASE_URL: options.databaseUrl,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const server: AppServer = {
    origin,
    child,
    log: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const done = exited(child);
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await done;
      clearTimeout(timer);
    },
    async kill() {
      const done = exited(child);
      child.kill("SIGKILL");
      await done;
    },
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) return server;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await server.kill();
  throw new Error(`The server did not answer /healthz within 90 s:\n${output}`);
}
