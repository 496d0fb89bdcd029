// What the HTTP server runs once before it takes requests: the database's migrations, then the
// email worker, the minute jobs (freezing entries' commits at their deadline, sending results
// announced for a set time, the daily digest of overdue support requests and reminders that a
// support window is ending) and the hourly clean-up.
// Exported through the server entry so that it shares the app's one database connection.
import { closeDatabase, databaseDriver, databaseUnavailableCode, migrateDatabase } from "~/db/client.server";
import { startEmailWorker } from "~/services/email.server";
import { startHousekeeping } from "~/services/housekeeping.server";
import { deliverDueAnnouncements } from "~/models/announcements.server";
import { freezeDueEntries, recheckFrozenEntries } from "~/models/submissions.server";
import { sendOverdueDigests, sendWindowEndingReminders } from "~/models/support.server";

/**
 * Runs the tasks in turn every minute, never two rounds at once in this instance. A task that fails
 * is logged and the next minute runs it again, so a database outage costs some minutes' delay,
 * never the process.
 */
function startMinuteJobs(tasks: readonly (() => Promise<unknown>)[], intervalMs = 60_000): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    (async () => {
      for (const task of tasks) {
        await task().catch((error) =>
          databaseUnavailableCode(error)
            ? console.error(
                `[jobs] ${task.name}: database unavailable (${databaseUnavailableCode(error)}), trying again next minute`,
              )
            : console.error(`[jobs] ${task.name} failed`, error),
        );
      }
    })().finally(() => {
      running = false;
    });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

export async function startBackgroundWork(): Promise<{ stop(): Promise<void>; driver: string }> {
  await migrateDatabase();
  const stopEmailWorker = startEmailWorker();
  const stopHousekeeping = startHousekeeping();
  const stopDeadlineJob = startMinuteJobs([
    freezeDueEntries,
    recheckFrozenEntries,
    deliverDueAnnouncements,
    sendOverdueDigests,
    sendWindowEndingReminders,
  ]);
  return {
    driver: databaseDriver(),
    async stop() {
      stopEmailWorker();
      stopHousekeeping();
      stopDeadlineJob();
      await closeDatabase();
    },
  };
}
