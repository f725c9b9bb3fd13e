// Vitest's global setup: builds, once per run, the database files unit tests start from — one
// migrated and empty, one migrated with the Contoso demo seeded — so a test copies a file
// (milliseconds) instead of migrating and seeding its own (an argon2 hash and ~300 inserts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDb } from "./client";
import { seedDemo } from "./seed/demo";

/** When the template's demo was seeded: fixed, so no test depends on the hour it runs. */
export const DEMO_SEEDED_AT = new Date("2026-11-01T00:00:00Z");

declare module "vitest" {
  export interface ProvidedContext {
    emptyDatabase: string;
    demoDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  // The audit key the tests run with (vitest.config.mts): the seed's event is hashed with it.
  for (const [name, value] of Object.entries(project.config.env)) process.env[name] ??= String(value);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailgate-templates-"));
  const build = async (name: string, seed: boolean) => {
    const file = path.join(dir, name);
    const db = openDb(file);
    if (seed) await seedDemo(db, DEMO_SEEDED_AT);
    // Closing the only connection checkpoints the WAL into the file: one file to copy.
    db.$client.close();
    return file;
  };
  project.provide("emptyDatabase", await build("empty.db", false));
  project.provide("demoDatabase", await build("demo.db", true));
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
