// The database: postgres.js when DATABASE_URL is set, otherwise PGlite (Postgres in WASM,
// in-process) with its files under DATA_DIR. Both speak the same SQL and the same schema.
import path from "node:path";
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { getConfig } from "~/config.server";
import * as schema from "./schema";

type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: models take this so callers can compose them. */
export type Queryable = Database | Transaction;

interface Connection {
  db: Database;
  migrate(): Promise<void>;
  close(): Promise<void>;
  driver: "pglite" | "postgres";
}

const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "drizzle");
// Any fixed number: several instances starting at once take turns to migrate.
const MIGRATION_LOCK_ID = 727_001;

function connect(): Connection {
  const config = getConfig();
  if (config.DATABASE_URL) {
    const url = config.DATABASE_URL;
    const client = postgres(url, { max: config.DATABASE_POOL_SIZE, onnotice: () => {} });
    return {
      driver: "postgres",
      db: drizzlePostgres(client, { schema }) as unknown as Database,
      async migrate() {
        const lockClient = postgres(url, { max: 1, onnotice: () => {} });
        try {
          await lockClient`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
          await migratePostgres(drizzlePostgres(lockClient), { migrationsFolder: MIGRATIONS_FOLDER });
          await lockClient`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
        } finally {
          await lockClient.end();
        }
      },
      close: () => client.end(),
    };
  }
  const dataDir = config.DATA_DIR;
  const inMemory = dataDir.startsWith("memory://");
  const pgliteDir = inMemory ? dataDir : path.resolve(dataDir, "pglite");
  if (!inMemory) mkdirSync(pgliteDir, { recursive: true });
  const client = new PGlite(pgliteDir);
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    driver: "pglite",
    db,
    async migrate() {
      await migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_FOLDER });
    },
    close: () => client.close(),
  };
}

// Kept on globalThis so that the dev server's module reloads and test files in one worker
// share one connection: two PGlite instances on one data directory would corrupt it.
const globalForDb = globalThis as unknown as { __hackdayDb?: Connection };

function connection(): Connection {
  globalForDb.__hackdayDb ??= connect();
  return globalForDb.__hackdayDb;
}

export function getDb(): Database {
  return connection().db;
}

export function databaseDriver(): Connection["driver"] {
  return connection().driver;
}

/** Applies the SQL migrations in drizzle/ that this database has not had yet. */
export async function migrateDatabase(): Promise<void> {
  await connection().migrate();
}

export async function closeDatabase(): Promise<void> {
  const current = globalForDb.__hackdayDb;
  globalForDb.__hackdayDb = undefined;
  await current?.close();
}
