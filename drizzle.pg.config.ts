import { defineConfig } from "drizzle-kit";

// PostgreSQL's migrations (issue 19), generated from the tables db/pg/schema.ts derives from db/schema.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/pg/schema.ts",
  out: "./db/pg/migrations",
});
