import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Unit tests, then the integration suite twice: on PGlite, and on PostgreSQL when
// TEST_DATABASE_URL is set (as .ci/run sets it).
const integration = (name: string, driver: "pglite" | "postgres") => ({
  extends: true as const,
  test: {
    name,
    include: ["tests/integration/**/*.test.ts"],
    setupFiles: ["tests/integration/setup.ts"],
    globalSetup: ["tests/integration/global-setup.ts"],
    // Repositories in these tests are served over http on loopback (tests/support/git-server.ts).
    env: {
      TEST_DB_DRIVER: driver,
      NODE_ENV: "test" as const,
      REPOSITORY_ALLOW_PRIVATE_HOSTS: "true",
      REPOSITORY_CHECK_TIMEOUT_SECONDS: "5",
    },
    // One database per worker process, shared by its test files; tests start from emptied
    // tables. PGlite takes seconds to start, so its run keeps a single worker.
    pool: "forks" as const,
    poolOptions: { forks: { isolate: false, singleFork: driver === "pglite" } },
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
});

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    setupFiles: ["tests/fail-on-console-error.ts"],
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      integration("integration-pglite", "pglite"),
      ...(process.env.TEST_DATABASE_URL ? [integration("integration-postgres", "postgres")] : []),
    ],
  },
});
