// Proves that a submission's repository is public and reads the commit its default branch points
// at, by running the system's `git ls-remote` against it. The address comes from an entrant, so
// the check must not become a way to reach into the network the server runs in: the host's
// addresses are checked before git runs, git is held to exactly those addresses, and git gets no
// shell, no credentials, no prompts, no redirects and no protocol other than https.
import { spawn } from "node:child_process";
import dns from "node:dns";
import { rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { getConfig } from "~/config.server";
import { isPublicAddress, normaliseRepositoryUrl, type Repository } from "~/domain/repositories";

export type RepositoryCheck =
  | { ok: true; url: string; defaultBranch: string | null; headCommit: string; checkedAt: Date }
  | {
      ok: false;
      url: string;
      reason: "invalid" | "refused_address" | "not_found" | "timeout" | "unreachable";
      message: string;
      checkedAt: Date;
    };

type Failure = Extract<RepositoryCheck, { ok: false }>;

const MESSAGES = {
  refusedAddress:
    "The repository's address points to a private network. Use a public repository host such as GitHub or GitLab",
  notFound:
    "We could not find a public repository at this address. Check the address, and that the repository is public (not private)",
  empty: "The repository is empty. Push your code, then save again",
  redirected:
    "This address sends visitors on to a different one. Open it in your browser, then enter the address you end up at",
  unreachable: "We could not reach the repository. Check the address",
} as const;

// HEAD and a symref are a few hundred bytes; anything near this much is not a git server talking.
const MAX_STDOUT_BYTES = 1024 * 1024;
// Enough for git's error lines, which are all the classification and the log need.
const MAX_STDERR_CHARS = 16 * 1024;

/**
 * Whether the repository at `input` (as an entrant typed it) is public, and the commit at its
 * HEAD. Never throws: every failure comes back with a message to show the entrant.
 */
export async function checkRepository(
  input: string,
  options: { timeoutMs?: number; allowPrivateHosts?: boolean } = {},
): Promise<RepositoryCheck> {
  const timeoutMs = options.timeoutMs ?? getConfig().REPOSITORY_CHECK_TIMEOUT_SECONDS * 1000;
  const allowPrivateHosts = options.allowPrivateHosts ?? getConfig().REPOSITORY_ALLOW_PRIVATE_HOSTS;
  // One budget for the whole check: a slow DNS answer leaves less time for git, not more.
  const deadline = Date.now() + timeoutMs;

  const normalised = normaliseRepositoryUrl(input, { allowHttp: allowPrivateHosts });
  if (!normalised.ok) {
    // Not logged: a typing mistake is not news, and the input might hold a password.
    return { ok: false, url: input.trim(), reason: "invalid", message: normalised.message, checkedAt: new Date() };
  }
  const repository = normalised.repository;
  const url = repository.url;
  const fail = (reason: Failure["reason"], message: string, detail?: string): RepositoryCheck => {
    console.warn(`Repository check failed: ${url} ${reason}${detail ? ` (${oneLine(detail)})` : ""}`);
    return { ok: false, url, reason, message, checkedAt: new Date() };
  };
  const timedOut = () => fail("timeout", timeoutMessage(timeoutMs));

  const target = new URL(url);
  // The URL parser keeps IPv6 literals in brackets; lookups and address checks want them bare.
  const hostname = target.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = target.port || (target.protocol === "http:" ? "80" : "443");
  const isLiteral = net.isIP(hostname) !== 0;

  let addresses: string[];
  if (isLiteral) {
    addresses = [hostname];
  } else {
    let resolved: { address: string }[] | "timeout";
    try {
      resolved = await beforeDeadline(dns.promises.lookup(hostname, { all: true, verbatim: true }), deadline);
    } catch (error) {
      return fail("unreachable", MESSAGES.unreachable, `lookup: ${errorCode(error)}`);
    }
    if (resolved === "timeout") return timedOut();
    addresses = [...new Set(resolved.map((entry) => entry.address))];
    if (addresses.length === 0) return fail("unreachable", MESSAGES.unreachable, "lookup: no addresses");
  }
  // Any one private address is enough to refuse: we cannot tell which of them git would use.
  if (!allowPrivateHosts) {
    const refused = addresses.filter((address) => !isPublicAddress(address));
    if (refused.length > 0) return fail("refused_address", MESSAGES.refusedAddress, refused.join(" "));
  }

  const args = [
    "-c",
    "credential.helper=",
    "-c",
    "core.askPass=",
    "-c",
    "http.followRedirects=false",
    "-c",
    "protocol.allow=never",
    "-c",
    "protocol.https.allow=always",
    ...(allowPrivateHosts ? ["-c", "protocol.http.allow=always"] : []),
    // Holds git (libcurl) to the addresses we checked, so that a DNS answer that changes between
    // our lookup and git's own cannot send it somewhere else. A literal address needs no lookup.
    ...(isLiteral ? [] : ["-c", `http.curloptResolve=${hostname}:${port}:${addresses.map(curlAddress).join(",")}`]),
    "ls-remote",
    "--symref",
    "--",
    gitUrl(repository),
    "HEAD",
  ];
  const remaining = deadline - Date.now();
  if (remaining <= 0) return timedOut();

  let run: GitRun;
  try {
    run = await runGit(args, remaining);
  } catch (error) {
    return fail("unreachable", MESSAGES.unreachable, `git did not start: ${errorCode(error)}`);
  }
  if (run.outcome === "timeout") return timedOut();
  if (run.outcome === "overflow") return fail("unreachable", MESSAGES.unreachable, "too much output");
  if (run.exitCode !== 0) {
    const detail = lastErrorLine(run.stderr) ?? `git exited with ${run.exitCode ?? run.signal}`;
    const { reason, message } = classifyGitError(run.stderr);
    return fail(reason, message, detail);
  }

  const head = parseHead(run.stdout);
  if (head.headCommit === null) {
    // A git server answers an empty repository with a smart-protocol reply listing nothing; a web
    // page that is not a repository at all also leaves git with nothing, but never speaks the
    // protocol. Telling them apart saves someone who pasted a project's homepage a false lead.
    return run.spokeGitProtocol
      ? fail("not_found", MESSAGES.empty, "no HEAD")
      : fail("not_found", MESSAGES.notFound, "not a git server");
  }
  return { ok: true, url, defaultBranch: head.defaultBranch, headCommit: head.headCommit, checkedAt: new Date() };
}

// The canonical address of a repository on a known host has no .git, and GitLab answers git's
// first request for such an address with a redirect, which git may not follow here. All four
// known hosts serve a repository at its address with .git added; other hosts get what was typed.
function gitUrl(repository: Repository): string {
  if (repository.kind === "other" || repository.url.endsWith(".git")) return repository.url;
  return `${repository.url}.git`;
}

function curlAddress(address: string): string {
  return address.includes(":") ? `[${address}]` : address;
}

function timeoutMessage(timeoutMs: number): string {
  const seconds = timeoutMs / 1000;
  const shown = Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(1);
  return `The repository host did not answer within ${shown} ${seconds === 1 ? "second" : "seconds"}. Try again, or check the address`;
}

function classifyGitError(stderr: string): { reason: Failure["reason"]; message: string } {
  // A private repository asks for a user name (GitHub, GitLab) or answers 401/403; to anyone
  // without access it is the same as not being there, and the entrant can fix both the same way.
  if (
    /could not read (username|password)|terminal prompts disabled|authentication failed|returned error: 40[13]\b/i.test(
      stderr,
    )
  ) {
    return { reason: "not_found", message: MESSAGES.notFound };
  }
  if (/not found|returned error: 410\b|does not appear to be a git repository|is this a git repository/i.test(stderr)) {
    return { reason: "not_found", message: MESSAGES.notFound };
  }
  // A renamed repository or a web page that forwards elsewhere; git is not allowed to follow it.
  if (/returned error: 30[12378]\b/i.test(stderr)) return { reason: "not_found", message: MESSAGES.redirected };
  return { reason: "unreachable", message: MESSAGES.unreachable };
}

function parseHead(stdout: string): { defaultBranch: string | null; headCommit: string | null } {
  let defaultBranch: string | null = null;
  let headCommit: string | null = null;
  // `ls-remote ... HEAD` matches any ref ending in /HEAD (refs/remotes/origin/HEAD), so only the
  // lines naming HEAD itself count.
  for (const line of stdout.split("\n")) {
    const symref = /^ref: (\S+)\tHEAD$/.exec(line);
    if (symref) {
      const ref = symref[1]!;
      defaultBranch = ref.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : null;
      continue;
    }
    const commit = /^([0-9a-f]{40}|[0-9a-f]{64})\tHEAD$/.exec(line);
    if (commit) headCommit = commit[1]!;
  }
  return { defaultBranch, headCommit };
}

type GitRun =
  | { outcome: "timeout" }
  | { outcome: "overflow" }
  | {
      outcome: "exited";
      exitCode: number | null;
      signal: NodeJS.Signals | null;
      stdout: string;
      stderr: string;
      spokeGitProtocol: boolean;
    };

let emptyHome: Promise<string> | undefined;

// git and libcurl read files from HOME (a .netrc could hand a password to any host that asks), so
// git runs with an empty HOME and working folder of its own rather than the server's.
function gitHome(): Promise<string> {
  emptyHome ??= mkdtemp(path.join(os.tmpdir(), "hackday-git-home-")).then(
    (home) => {
      // One empty folder a process, removed as the process ends so that none pile up.
      process.once("exit", () => rmSync(home, { recursive: true, force: true }));
      return home;
    },
    (error: unknown) => {
      emptyHome = undefined;
      throw error;
    },
  );
  return emptyHome;
}

async function runGit(args: string[], timeoutMs: number): Promise<GitRun> {
  const home = await gitHome();
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, {
      cwd: home,
      env: childEnvironment({
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: home,
        GIT_TERMINAL_PROMPT: "0",
        GIT_ASKPASS: "",
        SSH_ASKPASS: "",
        GIT_CONFIG_NOSYSTEM: "1",
        GIT_CONFIG_GLOBAL: "/dev/null",
        // Stops git looking for a repository (and its config) above the empty working folder.
        GIT_CEILING_DIRECTORIES: path.dirname(home),
        // Traces pkt-lines to stderr: the only way to see that the server spoke git's protocol.
        GIT_TRACE_PACKET: "1",
        LANG: "C",
        LC_ALL: "C",
      }),
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group, so that a time-out kills git-remote-https along with git.
      detached: true,
      shell: false,
    });

    let finished = false;
    let stopped: "timeout" | "overflow" | undefined;
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = "";
    let partialLine = "";
    let spokeGitProtocol = false;

    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    };
    const timer = setTimeout(() => {
      stopped ??= "timeout";
      killGroup();
    }, timeoutMs);

    child.stdout.on("data", (chunk: Buffer) => {
      if (stopped) return;
      stdoutBytes += chunk.length;
      if (stdoutBytes > MAX_STDOUT_BYTES) {
        stopped = "overflow";
        killGroup();
        return;
      }
      stdout.push(chunk);
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      const lines = (partialLine + chunk).split("\n");
      partialLine = (lines.pop() ?? "").slice(0, MAX_STDERR_CHARS);
      for (const line of lines) keepStderrLine(line);
    });
    const keepStderrLine = (line: string) => {
      // Packet traces are the protocol itself, possibly thousands of refs: note them, keep none.
      if (/^[\d:.]+ +\S+:\d+ +packet: /.test(line)) {
        spokeGitProtocol = true;
        return;
      }
      if (stderr.length < MAX_STDERR_CHARS) stderr += `${line}\n`;
    };

    child.on("error", (error) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (exitCode, signal) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      if (partialLine !== "") keepStderrLine(partialLine);
      if (stopped) {
        resolve({ outcome: stopped });
        return;
      }
      resolve({
        outcome: "exited",
        exitCode,
        signal,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr,
        spokeGitProtocol,
      });
    });
  });
}

// Remix's types declare NODE_ENV on every ProcessEnv, but git's environment is built from nothing
// on purpose, so that none of the server's secrets in its environment reach it.
function childEnvironment(variables: Record<string, string>): NodeJS.ProcessEnv {
  return variables as unknown as NodeJS.ProcessEnv;
}

async function beforeDeadline<T>(promise: Promise<T>, deadline: number): Promise<T | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

function lastErrorLine(stderr: string): string | undefined {
  const lines = stderr.split("\n").filter((line) => line.trim() !== "");
  return lines.findLast((line) => /^(fatal|error):/.test(line)) ?? lines.at(-1);
}

function errorCode(error: unknown): string {
  if (error && typeof error === "object" && "code" in error && typeof error.code === "string") return error.code;
  return error instanceof Error ? error.message : String(error);
}

// For the log only: a server's error text must not be able to start a line of its own there.
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, " ").slice(0, 300);
}
