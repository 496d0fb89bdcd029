// The database: postgres.js when DATABASE_URL is set, otherwise PGlite (Postgres in WASM,
// in-process) with its files under DATA_DIR. Both speak the same SQL and the same schema.
import path from "node:path";
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { is, type ExtractTablesWithRelations } from "drizzle-orm";
import { PgTransaction, type PgDatabase, type PgQueryResultHKT } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { getConfig } from "~/config.server";
import * as schema from "./schema";

type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: models take this so callers can compose them. */
export type Queryable = Database | Transaction;

export interface Connection {
  db: Database;
  migrate(): Promise<void>;
  close(): Promise<void>;
  driver: "pglite" | "postgres";
}

const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "drizzle");
// Any fixed number: several instances starting at once take turns to migrate.
const MIGRATION_LOCK_ID = 727_001;

/** Where a database lives: a PostgreSQL server's URL, or the directory the embedded database keeps its files in. */
export type DatabaseLocation = { url: string; poolSize?: number } | { dataDir: string };

/**
 * Opens a database without making it the app's: the app's own comes from the configuration (see
 * connection()); tests and tools open others, such as a restored backup, and hand them to withDatabase.
 */
export function openDatabase(location: DatabaseLocation): Connection {
  if ("url" in location) {
    const url = location.url;
    // postgres.js drops a connection that breaks and opens a new one for the next query, so after a
    // database outage the app reconnects by itself, with no restart (tests/integration/outage.test.ts).
    // max_pipeline: postgres.js skips reserving a transaction's connection when its BEGIN is the
    // statement that fills a connection's pipeline (porsager/postgres#823, #1189), and the transaction's
    // statements then run wherever the pool sends them. No request here queues anywhere near this many
    // statements on one connection, so BEGIN never fills a pipeline (decision 016). postgres.js reads
    // the option but its types leave it out, hence the spread.
    const pipeline = { max_pipeline: 100_000 };
    const client = postgres(url, { max: location.poolSize ?? 10, onnotice: () => {}, ...pipeline });
    return {
      driver: "postgres",
      db: drizzlePostgres(preparingStatements(client), { schema }) as unknown as Database,
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
  const inMemory = location.dataDir.startsWith("memory://");
  const pgliteDir = inMemory ? location.dataDir : path.resolve(location.dataDir, "pglite");
  if (!inMemory) mkdirSync(pgliteDir, { recursive: true });
  const client = new PGlite(pgliteDir);
  return {
    driver: "pglite",
    db: drizzlePglite(client, { schema }) as unknown as Database,
    async migrate() {
      await migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_FOLDER });
    },
    close: () => client.close(),
  };
}

/**
 * The client with every statement prepared once per connection and run by name after that. drizzle asks
 * postgres.js for unnamed statements unless a query is given a name, so PostgreSQL would parse and plan
 * each statement again on every request, and each statement's whole text would be sent again (a write of
 * its own when over 1 KB). A prepared statement is sent as a few bytes that postgres.js batches with the
 * connection's other writes. Statements are kept per connection, which postgres.js replaces within an hour
 * (max_lifetime). A plan made stale by a migration is prepared again by postgres.js for a lone statement,
 * but fails once inside a transaction: migrate with the instances stopped (decision 016).
 */
function preparingStatements(client: postgres.Sql): postgres.Sql {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (query: string, parameters?: unknown[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, parameters as postgres.ParameterOrJSON<never>[], { ...options, prepare: true });
      }
      if (property === "begin" || property === "savepoint") {
        // A transaction's statements go through a client of its own, which postgres.js hands to the callback.
        return (...args: unknown[]) => {
          const callback = args.pop() as (transaction: postgres.TransactionSql) => unknown;
          return (Reflect.get(target, property) as (...rest: unknown[]) => Promise<unknown>)(
            ...args,
            (transaction: postgres.TransactionSql) =>
              callback(
                preparingStatements(transaction as unknown as postgres.Sql) as unknown as postgres.TransactionSql,
              ),
          );
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

function connect(): Connection {
  const config = getConfig();
  return config.DATABASE_URL
    ? openDatabase({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE })
    : openDatabase({ dataDir: config.DATA_DIR });
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

/**
 * A statement built once for each database and run again with its placeholders (`sql.placeholder`) filled
 * in: for the statements nearly every request makes (the session, the event at an address, a person's
 * roles there) and those of a score save, as drizzle takes longer to build a statement's SQL than
 * PostgreSQL takes to run it. Kept per database because a prepared statement belongs to the database it
 * was built on (tests and tools swap the app's database with withDatabase). Given an open transaction (of
 * the app's database, as every transaction here is), it is sent on that transaction's connection.
 */
export function preparedStatement<T extends object>(build: (db: Database) => T): (on?: Queryable) => T {
  const built = new WeakMap<Database, T>();
  const forDatabase = (db: Database) => {
    let statement = built.get(db);
    if (!statement) built.set(db, (statement = build(db)));
    return statement;
  };
  return (on = getDb()) =>
    is(on, PgTransaction) ? inside(forDatabase(getDb()), on as Transaction) : forDatabase(on as Database);
}

/**
 * The prepared statement, sent on the transaction's connection. drizzle has no way to say so: a prepared
 * statement of either driver runs on the `client` it was built with, and a transaction keeps its own
 * client (the transaction's connection) on its session, so the statement is lent that client.
 * tests/integration/prepared-statements.test.ts holds drizzle to this.
 */
function inside<T extends object>(statement: T, tx: Transaction): T {
  const { client } = (tx as unknown as { session: { client: unknown } }).session;
  return Object.create(statement, { client: { value: client } }) as T;
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

/**
 * Runs `work` with `connection` as the app's database, then puts the one before back: for tests and
 * tools that drive the models against a database of their own (a backup being restored). Not for
 * concurrent use: every model in the process sees the swap while `work` runs.
 */
export async function withDatabase<T>(connection: Connection, work: () => Promise<T>): Promise<T> {
  const previous = globalForDb.__hackdayDb;
  globalForDb.__hackdayDb = connection;
  try {
    return await work();
  } finally {
    globalForDb.__hackdayDb = previous;
  }
}

// ---------------------------------------------------------------------------------------------
// Errors: what to run again, and what means the database cannot be reached

/** The error and its causes: drizzle wraps the driver's error in a DrizzleQueryError's `cause`. */
function chainOf(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && current !== null && chain.length < 8;) {
    chain.push(current);
    current = typeof current === "object" && "cause" in current ? current.cause : undefined;
  }
  return chain;
}

function codesOf(error: unknown): string[] {
  return chainOf(error).flatMap((link) =>
    typeof link === "object" && link !== null && "code" in link && typeof link.code === "string" ? [link.code] : [],
  );
}

// serialization_failure and deadlock_detected: PostgreSQL rolled the transaction back and asks for
// it to be run again; nothing of it was written.
const RETRYABLE_CODES = new Set(["40001", "40P01"]);

/** True for a transaction that lost a race (serialisation failure, deadlock) and may simply be run again. */
export function isRetryableConflict(error: unknown): boolean {
  return codesOf(error).some((code) => RETRYABLE_CODES.has(code));
}

// The socket's errors and postgres.js's own connection errors; PostgreSQL's shutting down (57P01,
// 57P02), starting up (57P03), too many connections (53300) and connection exceptions (class 08).
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "57P01",
  "57P02",
  "57P03",
  "53300",
]);

/**
 * The code that says the database could not be reached or went away (the request may work again
 * later), or null for any other error. Logged instead of the error, whose message would carry the
 * failed query's parameters (addresses, names) into the log.
 */
export function databaseUnavailableCode(error: unknown): string | null {
  return codesOf(error).find((code) => UNAVAILABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) ?? null;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return databaseUnavailableCode(error) !== null;
}

export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts?: number;
  /** The longest first wait; each later wait may be up to twice the one before. */
  baseDelayMs?: number;
}

export const TRANSACTION_ATTEMPTS = 4;

/**
 * Runs `work` again when it fails with a serialisation failure or a deadlock, at most `attempts`
 * times in all, waiting a random moment (that doubles each time) so that the racers do not meet
 * again; any other error, and the last conflict, is thrown to the caller. `work` must be safe to
 * run again: a whole transaction, whose writes PostgreSQL has already undone.
 */
export async function withRetry<T>(work: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? TRANSACTION_ATTEMPTS;
  const baseDelayMs = options.baseDelayMs ?? 20;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isRetryableConflict(error)) throw error;
      const delay = Math.random() * baseDelayMs * 2 ** (attempt - 1);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

export type IsolationLevel = "read committed" | "repeatable read" | "serializable";

/**
 * The one way for a model to run a transaction: on the app's database, run again as a whole when
 * PostgreSQL reports a serialisation failure or a deadlock (see withRetry).
 */
export function inTransaction<T>(
  work: (tx: Transaction) => Promise<T>,
  options: RetryOptions & { isolationLevel?: IsolationLevel } = {},
): Promise<T> {
  const config = options.isolationLevel ? { isolationLevel: options.isolationLevel } : undefined;
  return withRetry(() => getDb().transaction(work, config), options);
}
