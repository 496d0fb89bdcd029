// What the HTTP server runs once before it takes requests: the database's migrations, then the
// email worker, the job that freezes entries' commits at their deadline, and the hourly clean-up.
// Exported through the server entry so that it shares the app's one database connection.
import { closeDatabase, databaseDriver, migrateDatabase } from "~/db/client.server";
import { startEmailWorker } from "~/services/email.server";
import { startHousekeeping } from "~/services/housekeeping.server";
import { startDeadlineJob } from "~/models/submissions.server";

export async function startBackgroundWork(): Promise<{ stop(): Promise<void>; driver: string }> {
  await migrateDatabase();
  const stopEmailWorker = startEmailWorker();
  const stopHousekeeping = startHousekeeping();
  const stopDeadlineJob = startDeadlineJob();
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
