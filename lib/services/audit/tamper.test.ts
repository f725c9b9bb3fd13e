import { withTransaction } from "@/db/transaction";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { openDb } from "@/db/client";
import { appendAuditEvents, type AuditInput } from "./log";
import { writeCheckpointSync } from "./anchor";
import { canonicalOfRaw, legacyHash } from "./chain";
import type { AuditProblemKind } from "./verdict";
import { verifyAuditLog } from "./verify";
import { copyDatabase, forgedAppend, rowAt, tamper } from "./testing";
import { TSX } from "@/scripts/lib.mjs";

/**
 * The tampering, each on a fresh copy of one used database (the demo tenant, 1,800 events
 * of daily work, checkpointed as a server leaves it at shutdown), each found both by
 * `npm run audit:verify` and by the service behind the Verify integrity button.
 */
let root: string;
let used: string;
let older: string;
let head: number;

const work = (i: number): AuditInput => ({
  action: ["MailboxApproved", "SignInSucceeded", "RoleAssigned", "MailboxRejected"][i % 4]!,
  actor: { id: 1 + (i % 5), upn: `admin${i % 5}@contoso.com` },
  environmentId: 1 + (i % 2),
  target: { type: "mailbox", id: i, label: `Person ${i} <p${i}@contoso.com>` },
  before: { emailStatus: "Pending Approval" },
  after: { emailStatus: i % 4 === 3 ? "Rejected" : "Approved" },
  reason: i % 4 === 3 ? "Not a real person" : null,
  origin: { clientIp: `10.0.${i % 7}.${i % 250}`, userAgent: "Mozilla/5.0" },
});

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "mailgate-tamper-"));
  used = path.join(root, "used", "mailgate.db");
  fs.mkdirSync(path.dirname(used));
  fs.copyFileSync(inject("demoDatabase"), used);
  const db = openDb(used);
  for (let day = 0; day < 6; day++)
    await withTransaction(db, (tx) =>
      appendAuditEvents(
        tx,
        Array.from({ length: 250 }, (_, i) => work(day * 250 + i)),
      ),
    );
  db.$client.close();
  writeCheckpointSync(used);
  // A copy of the whole database as it was then, for the rollback case.
  older = copyDatabase(used, path.join(root, "older"));
  const later = openDb(used);
  await withTransaction(later, (tx) =>
    appendAuditEvents(
      tx,
      Array.from({ length: 300 }, (_, i) => work(5_000 + i)),
    ),
  );
  later.$client.close();
  writeCheckpointSync(used);
  const reader = new Database(used, { readonly: true });
  head = reader.prepare("SELECT max(seq) FROM audit_events").pluck().get() as number;
  reader.close();
}, 60_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let copies = 0;
const freshCopy = () => copyDatabase(used, path.join(root, `copy-${++copies}`));

function cliVerify(file: string) {
  const run = spawnSync("node", [...TSX, "db/cli/audit-verify.ts"], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_PATH: file },
  });
  return { status: run.status, stderr: run.stderr, output: run.stdout + run.stderr };
}

const raw = (file: string, text: string, ...params: unknown[]) => {
  const db = new Database(file);
  try {
    return db.prepare(text).run(...params);
  } finally {
    db.close();
  }
};

/** Re-hashes events from..head the old, unkeyed way, as someone without the key would "repair" the chain. */
function rechainUnkeyed(file: string, from: number) {
  let prev = rowAt(file, from - 1).hash as string;
  const db = new Database(file);
  const rows = db.prepare("SELECT * FROM audit_events WHERE seq >= ? ORDER BY seq").raw(true).all(from) as unknown[][];
  db.close();
  const updates: [string, ...unknown[]][] = rows.map((row) => {
    const hash = legacyHash(prev, canonicalOfRaw(row));
    const update: [string, ...unknown[]] = [
      "UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?",
      prev,
      hash,
      row[0],
    ];
    prev = hash;
    return update;
  });
  tamper(file, ...updates);
}

type Case = {
  name: string;
  kind: AuditProblemKind;
  seq: () => number;
  trusted: () => number;
  cli: RegExp;
  apply: (file: string) => void;
};

const CASES: Case[] = [
  {
    name: "edit one event",
    kind: "edited",
    seq: () => 400,
    trusted: () => 399,
    cli: /edited at event 400/,
    apply: (f) => tamper(f, ['UPDATE audit_events SET after = \'{"emailStatus":"Rejected"}\' WHERE seq = 400']),
  },
  {
    name: "delete the last event",
    kind: "truncated",
    seq: () => head,
    trusted: () => head - 1,
    cli: /truncated at event \d+/,
    apply: (f) => tamper(f, ["DELETE FROM audit_events WHERE seq = ?", head]),
  },
  {
    name: "delete the last 50",
    kind: "truncated",
    seq: () => head - 49,
    trusted: () => head - 50,
    cli: /the last 50 events were deleted/,
    apply: (f) => tamper(f, ["DELETE FROM audit_events WHERE seq > ?", head - 50]),
  },
  {
    name: "delete one in the middle",
    kind: "gap",
    seq: () => 777,
    trusted: () => 776,
    cli: /gap at event 777/,
    apply: (f) => tamper(f, ["DELETE FROM audit_events WHERE seq = 777"]),
  },
  {
    name: "delete one in the middle and renumber the rest",
    kind: "broken link",
    seq: () => 777,
    trusted: () => 776,
    cli: /broken link at event 777/,
    apply: (f) =>
      tamper(
        f,
        ["DELETE FROM audit_events WHERE seq = 777"],
        ["UPDATE audit_events SET seq = seq + 100000 WHERE seq > 777"],
        ["UPDATE audit_events SET seq = seq - 100001 WHERE seq > 100000"],
      ),
  },
  {
    name: "append a forged approval with a correctly computed unkeyed hash",
    kind: "edited",
    seq: () => head + 1,
    trusted: () => head,
    cli: /edited at event \d+/,
    apply: (f) => {
      const prev = rowAt(f, head).hash as string;
      const forged = {
        seq: head + 1,
        at: Date.now(),
        actorId: 1,
        actorUpn: "ava@contoso.com",
        action: "MailboxApproved",
        environmentId: 1,
        targetType: "mailbox",
        targetId: "4242",
        targetLabel: "Mallory <mallory@contoso.com>",
        before: '{"emailStatus":"Pending Approval"}',
        after: '{"emailStatus":"Approved"}',
        clientIp: "10.0.0.9",
        userAgent: "Mozilla/5.0",
      };
      // Through the app's own insert path: the insert trigger is satisfied (next seq, linked to the head).
      raw(f, ...forgedAppend(forged, prev));
    },
  },
  {
    name: "edit an event and re-chain every later hash",
    kind: "edited",
    seq: () => 1200,
    trusted: () => 1199,
    cli: /edited at event 1200/,
    apply: (f) => {
      tamper(f, ["UPDATE audit_events SET reason = 'approved by the owner' WHERE seq = 1200"]);
      rechainUnkeyed(f, 1200);
    },
  },
  {
    name: "REPLACE an event once the triggers are dropped",
    kind: "edited",
    seq: () => 900,
    trusted: () => 899,
    cli: /edited at event 900/,
    apply: (f) => {
      const row = Object.values(rowAt(f, 900));
      row[4] = "MailboxRejected";
      tamper(f, [
        "INSERT OR REPLACE INTO audit_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ...row,
      ]);
    },
  },
  {
    name: "restore an older copy of the whole database",
    kind: "rolled back",
    seq: () => head - 299,
    trusted: () => head - 300,
    cli: /rolled back at event \d+: The database was rolled back to an older copy/,
    apply: (f) => {
      fs.copyFileSync(older, f);
      for (const suffix of ["-wal", "-shm"]) fs.rmSync(f + suffix, { force: true });
    },
  },
];

describe("tampering with a copy of a used database", () => {
  it("the used database itself verifies, from both sides", async () => {
    const copy = freshCopy();
    expect(head).toBeGreaterThan(1_800);
    expect(cliVerify(copy)).toMatchObject({
      status: 0,
      output: expect.stringMatching(/^intact: Intact, [\d,]+ events/),
    });
    expect(await verifyAuditLog(copy)).toMatchObject({ intact: true, events: head, anchor: { seq: head } });
  }, 90_000); // it starts the CLI too, like each case below

  it.each(CASES)(
    "$name: found by the Verify service and by npm run audit:verify",
    async ({ kind, seq, trusted, cli, apply }) => {
      const copy = freshCopy();
      apply(copy);
      const verdict = await verifyAuditLog(copy);
      expect(verdict).toMatchObject({ intact: false, lastTrustworthySeq: trusted() });
      expect(verdict.problems[0]).toMatchObject({ kind, seq: seq() });
      const run = cliVerify(copy);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/^NOT INTACT/);
      expect(run.output).toMatch(cli);
      expect(run.output).toContain(`last trustworthy event: ${trusted()}`);
    },
    // Each case starts the CLI in a process of its own (tsx compiles on start): a few seconds on an
    // idle machine, over 30 s on a busy one.
    90_000,
  );

  it("REPLACE with the triggers in place is refused on a connection without recursive_triggers, and changes nothing", async () => {
    const copy = freshCopy();
    const row = Object.values(rowAt(copy, 900));
    const changed = [...row.slice(0, 4), "MailboxRejected", ...row.slice(5)];
    expect(() =>
      raw(
        copy,
        "INSERT OR REPLACE INTO audit_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ...changed,
      ),
    ).toThrow(/append-only/);
    expect(Object.values(rowAt(copy, 900))).toEqual(row);
    expect(await verifyAuditLog(copy)).toMatchObject({ intact: true, events: head });
  });
});
