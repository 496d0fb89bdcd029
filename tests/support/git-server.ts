// A real git server for tests: bare repositories in a temporary folder, served over smart HTTP by
// the system's `git http-backend` run as CGI, so the repository check talks to the same protocol
// as GitHub does, with no internet. Also a server that accepts connections and never answers,
// for time-outs.
import { execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface GitTestServer {
  /** e.g. http://127.0.0.1:PORT */
  baseUrl: string;
  /**
   * Makes a bare repository with `commits` commits (default 1; 0 makes an empty repository, whose
   * headCommit is "") on `branch` (default "main"), served at `${baseUrl}/${name}.git`.
   */
  createRepository(
    name: string,
    options?: { commits?: number; branch?: string },
  ): Promise<{ url: string; headCommit: string; bareDir: string }>;
  /** Adds a commit to the repository's branch and returns the new head. */
  pushCommit(name: string, message?: string): Promise<string>;
  close(): Promise<void>;
}

export interface SilentServer {
  /** A repository URL on the server, e.g. http://127.0.0.1:PORT/silent.git */
  url: string;
  /** How many TCP connections it has accepted, to prove that nothing tried to connect. */
  connections(): number;
  close(): Promise<void>;
}

// Fixed identities and dates make the helper independent of the machine's git configuration.
const gitEnv = environment({
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: os.tmpdir(),
  LANG: "C",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_TERMINAL_PROMPT: "0",
  GIT_AUTHOR_NAME: "Test Author",
  GIT_AUTHOR_EMAIL: "author@example.org",
  GIT_AUTHOR_DATE: "2025-01-01T09:00:00Z",
  GIT_COMMITTER_NAME: "Test Author",
  GIT_COMMITTER_EMAIL: "author@example.org",
  GIT_COMMITTER_DATE: "2025-01-01T09:00:00Z",
});

// Remix's types declare NODE_ENV on every ProcessEnv; these environments are built from nothing
// so that the developer's git configuration and credentials play no part.
function environment(variables: Record<string, string>): NodeJS.ProcessEnv {
  return variables as unknown as NodeJS.ProcessEnv;
}

function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("git", args, { cwd, env: gitEnv }, (error, stdout, stderr) => {
      if (error) reject(new Error(`git ${args.join(" ")} failed: ${stderr || error.message}`));
      else resolve(stdout.trim());
    });
  });
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port));
  });
}

// Runs one request through `git http-backend` (CGI/1.1): request headers become environment
// variables, the body goes to its stdin, and its output is CGI headers, a blank line, then the body.
function serveWithHttpBackend(projectRoot: string, request: http.IncomingMessage, response: http.ServerResponse) {
  const url = new URL(request.url ?? "/", "http://localhost");
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(", ") : (value ?? "");
  };
  const backend = spawn("git", ["http-backend"], {
    env: environment({
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: os.tmpdir(),
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_CONFIG_GLOBAL: "/dev/null",
      GIT_PROJECT_ROOT: projectRoot,
      GIT_HTTP_EXPORT_ALL: "1",
      GATEWAY_INTERFACE: "CGI/1.1",
      SERVER_PROTOCOL: "HTTP/1.1",
      REQUEST_METHOD: request.method ?? "GET",
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.replace(/^\?/, ""),
      CONTENT_TYPE: header("content-type"),
      CONTENT_LENGTH: header("content-length"),
      HTTP_CONTENT_ENCODING: header("content-encoding"),
      REMOTE_ADDR: request.socket.remoteAddress ?? "",
      GIT_PROTOCOL: header("git-protocol"),
    }),
    stdio: ["pipe", "pipe", "pipe"],
  });

  let head = Buffer.alloc(0);
  let headersDone = false;
  backend.stdout.on("data", (chunk: Buffer) => {
    if (headersDone) {
      response.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    // http-backend ends its headers with "\r\n\r\n"; a CGI program may also use bare "\n\n".
    const crlf = head.indexOf("\r\n\r\n");
    const lf = head.indexOf("\n\n");
    const end = crlf !== -1 && (lf === -1 || crlf < lf) ? crlf : lf;
    if (end === -1) return;
    const separatorLength = end === crlf ? 4 : 2;
    let status = 200;
    for (const line of head.subarray(0, end).toString("latin1").split(/\r?\n/)) {
      const colon = line.indexOf(":");
      if (colon === -1) continue;
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === "status") status = Number.parseInt(value, 10) || 500;
      else response.setHeader(name, value);
    }
    response.statusCode = status;
    headersDone = true;
    const rest = head.subarray(end + separatorLength);
    if (rest.length > 0) response.write(rest);
  });
  backend.stderr.resume();
  backend.on("error", () => {
    if (!response.headersSent) response.statusCode = 500;
    response.end();
  });
  backend.on("close", () => {
    if (!headersDone && !response.headersSent) response.statusCode = 502;
    response.end();
  });
  backend.stdin.on("error", () => {
    // The backend may exit before reading the whole body (for instance on a 404): not our concern.
  });
  request.pipe(backend.stdin);
  // A client that goes away must not leave a backend waiting on its stdin.
  response.on("close", () => {
    if (backend.exitCode === null && backend.signalCode === null) backend.kill("SIGKILL");
  });
}

export async function startGitServer(): Promise<GitTestServer> {
  const root = await mkdtemp(path.join(os.tmpdir(), "hackday-git-"));
  const projectRoot = path.join(root, "repositories");
  const workRoot = path.join(root, "work");
  await mkdir(projectRoot);
  await mkdir(workRoot);

  const server = http.createServer((request, response) => serveWithHttpBackend(projectRoot, request, response));
  const port = await listen(server);
  const baseUrl = `http://127.0.0.1:${port}`;
  const repositories = new Map<string, { workDir: string; branch: string; commits: number }>();

  async function commitAndPush(name: string, message: string): Promise<string> {
    const repository = repositories.get(name);
    if (!repository) throw new Error(`No test repository named ${name}`);
    repository.commits++;
    // Each commit changes a file, so that commits made at the same fixed date still differ.
    await writeFile(path.join(repository.workDir, "README.md"), `# ${name}\n\nCommit ${repository.commits}\n`);
    await git(repository.workDir, ["add", "README.md"]);
    await git(repository.workDir, ["commit", "--quiet", "-m", message]);
    await git(repository.workDir, ["push", "--quiet", "origin", `HEAD:refs/heads/${repository.branch}`]);
    return git(repository.workDir, ["rev-parse", "HEAD"]);
  }

  return {
    baseUrl,
    async createRepository(name, options = {}) {
      // The name becomes a folder and a URL path, so keep it to characters that are safe in both.
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) || name.endsWith(".git")) {
        throw new Error(`Unsuitable test repository name: ${name}`);
      }
      if (repositories.has(name)) throw new Error(`Test repository ${name} exists already`);
      const branch = options.branch ?? "main";
      const commits = options.commits ?? 1;
      const bareDir = path.join(projectRoot, `${name}.git`);
      const workDir = path.join(workRoot, name);
      await git(root, ["init", "--quiet", "--bare", `--initial-branch=${branch}`, bareDir]);
      await git(root, ["init", "--quiet", `--initial-branch=${branch}`, workDir]);
      await git(workDir, ["remote", "add", "origin", bareDir]);
      repositories.set(name, { workDir, branch, commits: 0 });
      let headCommit = "";
      for (let index = 1; index <= commits; index++) headCommit = await commitAndPush(name, `Commit ${index}`);
      return { url: `${baseUrl}/${name}.git`, headCommit, bareDir };
    },
    pushCommit(name, message = "Another commit") {
      return commitAndPush(name, message);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(root, { recursive: true, force: true });
    },
  };
}

export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
    // Reads and discards whatever the client sends, and never answers.
    socket.resume();
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}/silent.git`,
    connections: () => accepted,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
