import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER, openDb } from "@/db/client";
import { writeCheckpointSync } from "./anchor";
import { GENESIS_HASH } from "./chain";
import { verifyAuditLog } from "./verify";
import { append, forgedAppend, rowAt, tamper, unkeyedHash } from "./testing";

/**
 * A log written before keyed hashes keeps its old events as they are (re-hashing them would
 * launder history): the migration marks where keyed hashes begin, old events are checked unkeyed.
 */
let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailgate-upgrade-"));
  file = path.join(dir, "old.db");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A database as issue 11 left it: migrations up to 0006, events hashed with plain SHA-256. */
function oldDatabase(events: number) {
  const folder = path.join(dir, "migrations");
  fs.cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journal = JSON.parse(fs.readFileSync(path.join(folder, "meta", "_journal.json"), "utf8"));
  journal.entries = journal.entries.filter((e: { tag: string }) => e.tag < "0007");
  fs.writeFileSync(path.join(folder, "meta", "_journal.json"), JSON.stringify(journal));
  const raw = new Database(file);
  raw.pragma("journal_mode = WAL");
  migrate(drizzle(raw), { migrationsFolder: folder });
  const insert = raw.prepare(
    "INSERT INTO audit_events (seq, at, action, actor_upn, prev_hash, hash) VALUES (?, ?, 'Old', 'sam@contoso.com', ?, ?)",
  );
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= events; seq++) {
    const hash = unkeyedHash(prev, { seq, at: 1_700_000_000_000 + seq, actorUpn: "sam@contoso.com", action: "Old" });
    insert.run(seq, 1_700_000_000_000 + seq, prev, hash);
    prev = hash;
  }
  raw.close();
}

describe("upgrading a log written before keyed hashes", () => {
  it("marks the first keyed event, checks older ones unkeyed, and keys everything after", async () => {
    oldDatabase(4);
    const db = openDb(file);
    expect(db.$client.prepare("SELECT keyed_from FROM audit_chain").pluck().get()).toBe(5);
    await append(db, "New", 3);
    db.$client.close();
    expect(writeCheckpointSync(file)).toMatchObject({ status: "written", checkpoint: { seq: 7, keyedFrom: 5 } });
    const v = await verifyAuditLog(file);
    expect(v).toMatchObject({ intact: true, events: 7 });
    expect(v.notes.join(" ")).toMatch(/Events 1–4 were written before hashes were keyed/);
  });

  it("an event after the mark with a correct unkeyed hash is a forgery", async () => {
    oldDatabase(4);
    openDb(file).$client.close();
    const head = rowAt(file, 4).hash as string;
    const forged = { seq: 5, at: 1_800_000_000_000, actorUpn: "mallory@contoso.com", action: "MailboxApproved" };
    tamper(file, forgedAppend(forged, head));
    expect(await verifyAuditLog(file)).toMatchObject({
      intact: false,
      lastTrustworthySeq: 4,
      problems: [{ kind: "edited", seq: 5 }],
    });
  });

  it("an old, unmigrated copy verifies the old way", async () => {
    oldDatabase(3);
    const v = await verifyAuditLog(file);
    expect(v).toMatchObject({ intact: true, events: 3 });
    expect(v.notes.join(" ")).toMatch(/not been migrated/);
  });
});
