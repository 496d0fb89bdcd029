// The web server for the end-to-end suite (Playwright's `webServer` runs it):
// 1. deletes and recreates a fresh database folder, mail folder and state folder;
// 2. starts an SMTP server on loopback that writes each message it receives into the mail
//    folder as JSON ({ to, subject, text }), where the tests' waitForEmail finds it;
// 3. starts a git server on loopback (tests/support/git-server.ts) for the entries' repositories,
//    with a small control endpoint beside it through which the specs make repositories and push
//    commits; both addresses are written to GIT_SERVER_STATE for the specs to read;
// 4. runs the built app (`node build/express/index.js`, NODE_ENV=test) against them, allowed to check
//    repositories on loopback over http, and stops it (and the rest) when this process is told to stop.
// It does not build the app: `npm run test:e2e` builds first.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { serverArgs, buildExists } from "../support/app-server";
import { startGitServer, type GitTestServer } from "../support/git-server";
import { parseRawEmail } from "./mail";
import { DATA_DIR, E2E_HOST, E2E_PORT, MAIL_DIR, STATE_DIR, BASE_URL } from "./paths";

const projectRoot = path.resolve(import.meta.dirname, "../..");

/** The git server's addresses, { baseUrl, controlUrl }; helpers.ts reads the same file. */
const GIT_SERVER_STATE = path.join(STATE_DIR, "git-server.json");

function log(message: string) {
  console.log(`[e2e serve] ${message}`);
}

async function freshFolders() {
  for (const dir of [DATA_DIR, MAIL_DIR, STATE_DIR]) {
    await fs.rm(dir, { recursive: true, force: true });
    await fs.mkdir(dir, { recursive: true });
  }
}

let messageCount = 0;

async function startSmtpServer(): Promise<{ server: SMTPServer; port: number }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    banner: "hackday e2e mail catcher",
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", callback);
      stream.on("end", () => {
        const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address);
        const email = parseRawEmail(Buffer.concat(chunks), recipients);
        const name = `${String(++messageCount).padStart(6, "0")}-${Date.now()}.json`;
        const tmp = path.join(MAIL_DIR, `.${name}.tmp`);
        // Written then renamed, so a reader never sees half a file.
        fs.writeFile(tmp, JSON.stringify(email, null, 2))
          .then(() => fs.rename(tmp, path.join(MAIL_DIR, name)))
          .then(() => callback(), callback);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, E2E_HOST, () => resolve());
  });
  server.on("error", (error) => console.error("[e2e serve] SMTP server error", error));
  const address = server.server.address();
  if (!address || typeof address === "string") throw new Error("the SMTP server has no port");
  return { server, port: address.port };
}

/**
 * The specs run in other processes than this one, so they reach the git server's helpers over
 * HTTP on loopback:
 *   POST /repositories                 {"name", "commits"?, "branch"?} -> {"url", "headCommit"}
 *   POST /repositories/<name>/commits  {"message"?}                    -> {"headCommit"}
 */
async function startGitControl(git: GitTestServer): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer((request, response) => {
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { "Content-Type": "application/json" });
      response.end(JSON.stringify(body));
    };
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      void (async () => {
        try {
          const text = Buffer.concat(chunks).toString("utf8");
          const body = (text ? JSON.parse(text) : {}) as {
            name?: string;
            commits?: number;
            branch?: string;
            message?: string;
          };
          const url = new URL(request.url ?? "/", "http://localhost");
          const pushed = /^\/repositories\/([^/]+)\/commits$/.exec(url.pathname);
          if (request.method === "POST" && url.pathname === "/repositories" && typeof body.name === "string") {
            const repository = await git.createRepository(body.name, { commits: body.commits, branch: body.branch });
            answer(201, { url: repository.url, headCommit: repository.headCommit });
          } else if (request.method === "POST" && pushed) {
            answer(200, { headCommit: await git.pushCommit(decodeURIComponent(pushed[1]!), body.message) });
          } else {
            answer(404, { error: `no such control: ${request.method} ${url.pathname}` });
          }
        } catch (error) {
          answer(500, { error: error instanceof Error ? error.message : String(error) });
        }
      })();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, E2E_HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://${E2E_HOST}:${port}` };
}

function startApp(smtpPort: number): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Only what this script sets: never a developer's real database or mail server.
  delete env.DATABASE_URL;
  Object.assign(env, {
    NODE_ENV: "test",
    PORT: String(E2E_PORT),
    APP_URL: BASE_URL,
    HOST: E2E_HOST,
    DATA_DIR,
    SMTP_URL: `smtp://${E2E_HOST}:${smtpPort}`,
    EMAIL_POLL_SECONDS: "0.2",
    MAIL_FROM: "NHS Hack Day e2e <no-reply@e2e.test>",
    TRUST_PROXY: "false",
    // The entries' repositories are on the loopback git server, over plain http.
    REPOSITORY_ALLOW_PRIVATE_HOSTS: "true",
    REPOSITORY_CHECK_TIMEOUT_SECONDS: "5",
  });
  return spawn(process.execPath, serverArgs(), { cwd: projectRoot, env, stdio: "inherit" });
}

async function main() {
  if (!buildExists()) {
    console.error(`[e2e serve] the build is missing: run \`npm run build\` first (npm run test:e2e does).`);
    process.exit(1);
  }
  await freshFolders();
  const smtp = await startSmtpServer();
  log(`SMTP on ${E2E_HOST}:${smtp.port}, mail in ${MAIL_DIR}, database in ${DATA_DIR}`);
  const git = await startGitServer();
  const gitControl = await startGitControl(git);
  await fs.writeFile(GIT_SERVER_STATE, JSON.stringify({ baseUrl: git.baseUrl, controlUrl: gitControl.url }, null, 2));
  log(`git server on ${git.baseUrl}, its control on ${gitControl.url}`);
  const app = startApp(smtp.port);

  // Stops the servers this script started, then exits.
  const closeAll = (code: number) => {
    gitControl.server.closeAllConnections();
    gitControl.server.close();
    git
      .close()
      .catch((error) => console.error("[e2e serve] the git server did not close cleanly", error))
      .finally(() => smtp.server.close(() => process.exit(code)));
  };

  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    const done = () => closeAll(code);
    if (app.exitCode !== null || app.signalCode !== null) return done();
    const forced = setTimeout(() => app.kill("SIGKILL"), 5_000);
    app.once("exit", () => {
      clearTimeout(forced);
      done();
    });
    app.kill("SIGTERM");
  };
  app.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`[e2e serve] the app stopped by itself (code ${code}, signal ${signal})`);
      stopping = true;
      closeAll(code ?? 1);
    }
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => stop(0));
  process.on("exit", () => {
    if (app.exitCode === null && app.signalCode === null) app.kill("SIGKILL");
  });
}

main().catch((error) => {
  console.error("[e2e serve] could not start", error);
  process.exit(1);
});
