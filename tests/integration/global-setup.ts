// On PostgreSQL each vitest worker gets a database of its own (see setup.ts), named after this
// run so that runs sharing a server (a developer's and CI's) never drop each other's.
import postgres from "postgres";

export default async function globalSetup() {
  const run = `${process.pid}`;
  process.env.HACKDAY_TEST_RUN = run;
  return async () => {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) return;
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql<
        { datname: string }[]
      >`select datname from pg_database where datname like ${`hackday_it_${run}_%`}`;
      for (const { datname } of rows) await sql.unsafe(`drop database if exists "${datname}" with (force)`);
    } finally {
      await sql.end();
    }
  };
}
