// `npm run demo`: loads the demo hack day (app/demo) into the app's database, the embedded one
// under DATA_DIR or PostgreSQL at DATABASE_URL, after applying its migrations, then prints one
// sign-in per role. Run it again and it prints them again; it refuses a database with other events.
import { existsSync } from "node:fs";
import path from "node:path";
import { ConfigError, getConfig } from "~/config.server";
import { closeDatabase, getDb, migrateDatabase } from "~/db/client.server";
import { loadDemo, type SignIn } from "~/demo/demo.server";

/** A reason to stop, printed without a stack trace. */
class Stop extends Error {}

/**
 * PGlite takes no lock on its files, so a second process opening them while the app runs would
 * corrupt the database. It keeps a postmaster.pid there while it is open and removes it on close,
 * which is the sign that the app (or an app that did not stop cleanly) has it.
 */
function embeddedDatabaseInUse(dataDir: string): string | null {
  if (dataDir.startsWith("memory://")) return null;
  const directory = path.resolve(dataDir, "pglite");
  return existsSync(path.join(directory, "postmaster.pid")) ? directory : null;
}

function printSignIns(heading: string, signIns: SignIn[]): void {
  const origin = `http://localhost:${getConfig().PORT}`;
  console.info(`${heading}\n\nEvery demo account's password is: ${signIns[0]?.password ?? ""}\n`);
  for (const signIn of signIns) {
    console.info(`${signIn.role}\n  ${signIn.name} <${signIn.email}>\n  start at ${origin}${signIn.startPath}\n`);
  }
  console.info("Start the app on the same database (npm start, or npm run dev) and sign in at /login.");
}

async function main(): Promise<void> {
  const config = getConfig();
  const where = config.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : `the embedded database in ${config.DATA_DIR}`;
  if (!config.DATABASE_URL) {
    const busy = embeddedDatabaseInUse(config.DATA_DIR);
    if (busy) {
      throw new Stop(
        `The embedded database in ${busy} is open in another process: is the app running (npm start or npm run dev)? Stop it, then run npm run demo again. If the app is not running, it did not stop cleanly last time: start it and stop it once with Ctrl+C.`,
      );
    }
  }
  console.info(`Loading the demo into ${where}...`);
  await migrateDatabase();
  const outcome = await loadDemo(getDb());
  if (outcome.status === "refused") throw new Stop(`The demo was not loaded: ${outcome.message}`);
  printSignIns(
    outcome.status === "loaded" ? "The demo is loaded." : "The demo was already loaded: nothing has changed.",
    outcome.signIns,
  );
}

let exitCode = 0;
try {
  await main();
} catch (error) {
  if (!(error instanceof Stop || error instanceof ConfigError)) throw error;
  console.error(error.message);
  exitCode = 1;
} finally {
  // Closed before leaving, so that the embedded database is never left marked as open.
  await closeDatabase();
}
process.exit(exitCode);
