// The floor under bulk approve 10,000 (issue 12): only the writes DOMAIN requires, with no
// application code at all. On a throw-away copy of the bench database, opened with the app's own
// pragmas (synchronous = FULL) and, as on the server, checkpoints outside the commit, one
// transaction sets 10,000 mailboxes approved with one UPDATE, appends their 10,000 audit events
// with one INSERT (chained rows prepared beforehand; the append-only trigger checks each), adds the
// owners' 10,000 notices with one INSERT, and commits.
// Whatever the service adds on top (deciding each row, the keyed hashes, the notices' text, the
// job's batches) can only make it slower. Median of 3 runs on 3 other sets of 10,000 (by name,
// whatever their status: bench/bulk.ts, which runs first, has used the pending ones; a row already
// approved moves no status index entry, so if anything this floor is low).
// Usage: tsx bench/bulk-floor.ts <out.json>
import fs from "node:fs";
import Database from "better-sqlite3";
import { openDb } from "@/db/client";
import { EmailStatus } from "@/lib/policy/catalog";
import { benchDbPath, readFacts } from "./bench-db";

const COUNT = 10_000;
const RUNS = 3;

function copyOfBenchDb(): string {
  const source = benchDbPath();
  const live = new Database(source);
  live.pragma("wal_checkpoint(TRUNCATE)");
  live.close();
  const copy = source.replace(/\.db$/, "-floor.db");
  fs.copyFileSync(source, copy);
  // On the disk before it is measured: the kernel writing the copy back would compete with the commit.
  const fd = fs.openSync(copy, "r+");
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  return copy;
}

/** Stages one run's rows in temp tables, outside the measured time. */
function stage(sqlite: Database.Database, environmentId: number, run: number) {
  sqlite.exec("drop table if exists temp.ids; drop table if exists temp.events; drop table if exists temp.notes");
  sqlite
    .prepare(
      `create temp table ids as select id, owner_id from mailboxes
       where environment_id = ? and is_active = 1 order by name, id limit ? offset ?`,
    )
    .run(environmentId, COUNT, run * COUNT);
  // Real approval events as templates, renumbered after the head and linked to one another.
  sqlite.exec(`
    create temp table events as
      select (select max(seq) from main.audit_events) + row_number() over (order by t.rowid) as seq,
             e.at, e.actor_id, e.actor_upn, e.action, e.environment_id, e.target_type, cast(t.id as text) as target_id,
             e.target_label, e.before, e.after, e.reason, e.client_ip, e.user_agent,
             '' as prev_hash, printf('%064x', t.rowid) || '' as hash, e.token_id, e.token_name
      from temp.ids t, (select * from main.audit_events where action = 'MailboxApproved' order by seq desc limit 1) e;
    update temp.events set prev_hash = case
      when seq = (select min(seq) from temp.events) then (select hash from main.audit_events order by seq desc limit 1)
      else printf('%064x', seq - (select min(seq) from temp.events)) end;
    create temp table notes as
      select coalesce(t.owner_id, n.recipient_id) as recipient_id, n.kind, n.subject_type, cast(t.id as text) as subject_id,
             n.title, n.body, n.href, n.link_label, 'floor:' || t.id as dedupe_key, n.created_at
      from temp.ids t, (select * from main.notifications order by id desc limit 1) n;
  `);
}

function measureOnce(sqlite: Database.Database) {
  const steps = {
    update: sqlite.prepare(
      `update mailboxes set email_status = ${EmailStatus.Approved}, approved_by_id = 1, approved_by_name = 'floor',
       approved_on = 0, is_approved_by_tenant_admin = 1, version = version + 1 where id in (select id from temp.ids)`,
    ),
    audit: sqlite.prepare(
      `insert into audit_events (seq, at, actor_id, actor_upn, action, environment_id, target_type, target_id,
       target_label, before, after, reason, client_ip, user_agent, prev_hash, hash, token_id, token_name)
       select * from temp.events order by seq`,
    ),
    notices: sqlite.prepare(
      `insert into notifications (recipient_id, kind, subject_type, subject_id, title, body, href, link_label,
       dedupe_key, created_at) select * from temp.notes`,
    ),
  };
  const ms: Record<string, number> = {};
  const started = performance.now();
  sqlite.exec("begin immediate");
  for (const [name, statement] of Object.entries(steps)) {
    const at = performance.now();
    const { changes } = statement.run();
    if (changes !== COUNT) throw new Error(`${name} wrote ${changes} rows`);
    ms[name] = performance.now() - at;
  }
  const committing = performance.now();
  sqlite.exec("commit");
  ms.commit = performance.now() - committing;
  ms.total = performance.now() - started;
  return ms;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

function main() {
  const out = process.argv[2];
  if (!out) throw new Error("usage: tsx bench/bulk-floor.ts <out.json>");
  const { environmentId } = readFacts();
  const copy = copyOfBenchDb();
  try {
    const sqlite = openDb(copy).$client;
    // As on the server (db/wal-checkpointer.ts): the commit writes the WAL, a thread checkpoints later.
    sqlite.pragma("wal_autocheckpoint = 0");
    const runs = Array.from({ length: RUNS }, (_, run) => {
      stage(sqlite, environmentId, run);
      return measureOnce(sqlite);
    });
    sqlite.close();
    const median = runs.sort((a, b) => a.total! - b.total!)[Math.floor(RUNS / 2)]!;
    const f = Object.fromEntries(Object.entries(median).map(([k, v]) => [k, round(v)]));
    console.log(
      `  the required writes alone: ${f.total} ms — UPDATE ${f.update}, audit INSERT ${f.audit}, notices INSERT ${f.notices}, COMMIT ${f.commit} (median of ${RUNS})`,
    );
    fs.writeFileSync(out, JSON.stringify({ bulk_approve_floor_ms: f }));
  } finally {
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(copy + suffix, { force: true });
  }
}

main();
