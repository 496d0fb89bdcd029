// Points the app at this worker's test database before any app module reads the configuration:
// PGlite in memory, or a fresh PostgreSQL database per worker. Tables are emptied before each test.
import postgres from "postgres";
import { beforeAll, beforeEach } from "vitest";

const state = globalThis as unknown as { __hackdayTestDbReady?: Promise<void> };

async function prepare() {
  if (process.env.TEST_DB_DRIVER === "postgres") {
    const baseUrl = process.env.TEST_DATABASE_URL;
    if (!baseUrl) throw new Error("TEST_DATABASE_URL is needed for the PostgreSQL integration run");
    const name = `hackday_it_${process.env.HACKDAY_TEST_RUN ?? "solo"}_${process.pid}`;
    const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.unsafe(`create database "${name}"`);
    } finally {
      await admin.end();
    }
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    process.env.DATABASE_URL = url.toString();
  } else {
    delete process.env.DATABASE_URL;
    process.env.DATA_DIR = "memory://";
  }
  const { migrateDatabase } = await import("~/db/client.server");
  await migrateDatabase();
}

beforeAll(async () => {
  state.__hackdayTestDbReady ??= prepare();
  await state.__hackdayTestDbReady;
});

beforeEach(async () => {
  const { resetDatabase } = await import("./db");
  await resetDatabase();
});
