// The web server for the end-to-end suite (Playwright's `webServer` runs it):
// 1. deletes and recreates a fresh database folder, mail folder and state folder;
// 2. starts an SMTP server on loopback that writes each message it receives into the mail
//    folder as JSON ({ to, subject, text }), where the tests' waitForEmail finds it;
// 3. runs the built app (`tsx server/index.ts`, NODE_ENV=test) against them, and stops it when
//    this process is told to stop.
// It does not build the app: `npm run test:e2e` builds first.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import { parseRawEmail } from "./mail";
import { DATA_DIR, E2E_HOST, E2E_PORT, MAIL_DIR, STATE_DIR, BASE_URL } from "./paths";

const projectRoot = path.resolve(import.meta.dirname, "../..");

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
  });
  const tsx = path.join(projectRoot, "node_modules", ".bin", process.platform === "win32" ? "tsx.cmd" : "tsx");
  return spawn(tsx, ["server/index.ts"], { cwd: projectRoot, env, stdio: "inherit" });
}

async function main() {
  if (!existsSync(path.join(projectRoot, "build", "server", "index.js"))) {
    console.error("[e2e serve] build/server/index.js is missing: run `npm run build` first (npm run test:e2e does).");
    process.exit(1);
  }
  await freshFolders();
  const smtp = await startSmtpServer();
  log(`SMTP on ${E2E_HOST}:${smtp.port}, mail in ${MAIL_DIR}, database in ${DATA_DIR}`);
  const app = startApp(smtp.port);

  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    const done = () => smtp.server.close(() => process.exit(code));
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
      smtp.server.close(() => process.exit(code ?? 1));
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
