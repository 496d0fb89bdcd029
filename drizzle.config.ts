import { defineConfig } from "drizzle-kit";

// Migrations are generated from the one schema module and applied by the app at start.
export default defineConfig({
  dialect: "postgresql",
  schema: "./app/db/schema.ts",
  out: "./drizzle",
});
