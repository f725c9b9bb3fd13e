// The "services on postgresql" project's global setup (vitest.config.mts): one throw-away cluster
// for the run, and in it the template databases createTestDb (db/testing.ts) creates each test's
// database from — one migrated and empty, one with the Contoso demo seeded at DEMO_SEEDED_AT —
// so a test's database is a CREATE DATABASE … TEMPLATE (milliseconds), not a migration and a seed.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startCluster } from "@/scripts/pg-cluster.mjs";
import { TSX } from "@/scripts/lib.mjs";
import { openPgDb } from "./client";

declare module "vitest" {
  export interface ProvidedContext {
    pgTemplates: { url: string; emptyTemplate: string; demoTemplate: string; digestRoot: string };
  }
}

const EMPTY = "template_empty";
const DEMO = "template_demo";

export default async function setup(project: TestProject) {
  const cluster = await startCluster();
  // The test processes' checkpoint folders go in here, removed with the cluster: a worker's own exit
  // handler does not run when Vitest ends it, and left one folder behind per process and run.
  const digestRoot = fs.mkdtempSync(path.join(os.tmpdir(), "mailgate-pg-digests-"));
  const teardown = async () => {
    await cluster.stop();
    fs.rmSync(digestRoot, { recursive: true, force: true });
  };
  try {
    const urlOf = (name: string) => cluster.url.replace(/\/[^/]*$/, `/${name}`);
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    try {
      await admin.query(`create database ${EMPTY}`);
      await (await openPgDb(urlOf(EMPTY), { max: 1 })).$client.end();
      await admin.query(`create database ${DEMO} template ${EMPTY}`);
    } finally {
      await admin.end();
    }
    await seedInItsOwnProcess(urlOf(DEMO), project.config.env);
    project.provide("pgTemplates", { url: cluster.url, emptyTemplate: EMPTY, demoTemplate: DEMO, digestRoot });
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

/** The seed runs the services, which must load with DATABASE_URL set (db/dialect.ts): in a child process. */
async function seedInItsOwnProcess(url: string, env: Record<string, unknown>) {
  const digests = fs.mkdtempSync(path.join(os.tmpdir(), "mailgate-pg-seed-"));
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [...(TSX as string[]), "db/pg/seed-template.ts"], {
        env: { ...process.env, ...env, DATABASE_URL: url, MAILGATE_DIGEST_DIR: digests },
        stdio: ["ignore", "inherit", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (chunk) => (stderr += chunk));
      child.on("error", reject);
      child.on("close", (code) =>
        code === 0 ? resolve() : reject(new Error(`Seeding the demo template failed (exit ${code}):\n${stderr}`)),
      );
    });
  } finally {
    fs.rmSync(digests, { recursive: true, force: true });
  }
}
