import { withTransaction } from "@/db/transaction";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { writeCheckpointSync } from "./anchor";
import { legacyHash, canonicalOfRaw } from "./chain";
import { describeVerdict } from "./verdict";
import { verifyAuditLog } from "./verify";
import { appendAuditEvent } from "./log";
import { append, appendBlank, copyDatabase, event, forgedAppend, rowAt, tamper } from "./testing";

let db: Db;
let file: string;
let dispose: () => Promise<void>;
beforeEach(async () => {
  ({ db, dispose } = await createTestDb());
  file = db.$client.name;
});
afterEach(() => dispose());

const appendFive = async () => {
  for (const a of ["A", "B", "C", "D", "E"]) await append(db, a);
};
const verify = (opts = {}) => verifyAuditLog(file, opts);
const checkpoint = () => expect(writeCheckpointSync(file)).toMatchObject({ status: "written" });

describe("verifying the audit log against its key", () => {
  it("an empty log is intact, and says it has no checkpoint yet", async () => {
    const v = await verify();
    expect(v).toMatchObject({ intact: true, events: 0, problems: [], anchor: null });
    expect(v.notes.join(" ")).toMatch(/No checkpoint yet/);
  });

  it("a sequence of events verifies", async () => {
    await appendFive();
    checkpoint();
    expect(await verify()).toMatchObject({
      intact: true,
      events: 5,
      whole: true,
      lastTrustworthySeq: 5,
      anchor: { seq: 5 },
    });
    expect(describeVerdict(await verify())).toBe("Intact, 5 events");
  });

  it("a long chain verifies through its own snapshot while the app keeps writing", async () => {
    await append(db, "Bulk", 6_000);
    const verdict = verify();
    // The walk pauses part-way; the app's connection is free to write meanwhile.
    await appendBlank(db, "DuringVerify");
    expect(await verdict).toMatchObject({ intact: true, events: 6_000 });
    expect(await verify()).toMatchObject({ intact: true, events: 6_001 });
  }, 30_000);

  it("an edited field is reported at that event", async () => {
    await appendFive();
    tamper(file, ["UPDATE audit_events SET reason = 'nothing to see' WHERE seq = 3"]);
    expect(await verify()).toMatchObject({
      intact: false,
      lastTrustworthySeq: 2,
      problems: [{ kind: "edited", seq: 3 }],
    });
  });

  it("an event made with an API token carries the token in its hash: intact as written, edited when renamed", async () => {
    await append(db, "A");
    const viaToken = {
      ...event("MailboxApproved"),
      origin: { clientIp: null, userAgent: "curl", token: { id: 4, name: "CI" } },
    };
    await withTransaction(db, (tx) => appendAuditEvent(tx, viaToken));
    await append(db, "C");
    checkpoint();
    expect(rowAt(file, 2)).toMatchObject({ token_id: 4, token_name: "CI" });
    expect(await verify({ full: true })).toMatchObject({ intact: true, events: 3 });
    tamper(file, ["UPDATE audit_events SET token_name = 'Someone else' WHERE seq = 2"]);
    expect(await verify({ full: true })).toMatchObject({ intact: false, problems: [{ kind: "edited", seq: 2 }] });
  });

  it("an edited time is reported at that event", async () => {
    await appendFive();
    tamper(file, ["UPDATE audit_events SET at = at - 86400000 WHERE seq = 2"]);
    expect(await verify()).toMatchObject({ intact: false, problems: [{ kind: "edited", seq: 2 }] });
  });

  it("an edit whose hash was recomputed without the key (plain SHA-256) is still reported at that event", async () => {
    await appendFive();
    tamper(file, ["UPDATE audit_events SET reason = 'nothing to see' WHERE seq = 3"]);
    const row = Object.values(rowAt(file, 3));
    tamper(file, [
      "UPDATE audit_events SET hash = ? WHERE seq = 3",
      legacyHash(row[14] as string, canonicalOfRaw(row)),
    ]);
    expect(await verify()).toMatchObject({ intact: false, problems: [{ kind: "edited", seq: 3 }] });
  });

  it("a deleted event is reported where the gap is", async () => {
    await appendFive();
    tamper(file, ["DELETE FROM audit_events WHERE seq = 3"]);
    expect(await verify()).toMatchObject({ intact: false, lastTrustworthySeq: 2, problems: [{ kind: "gap", seq: 3 }] });
  });

  it("deleting the first event is found too", async () => {
    await appendFive();
    tamper(file, ["DELETE FROM audit_events WHERE seq = 1"]);
    expect(await verify()).toMatchObject({ intact: false, lastTrustworthySeq: 0, problems: [{ kind: "gap", seq: 1 }] });
    expect(describeVerdict(await verify())).toMatch(/No event can be trusted\.$/);
  });

  it("an event appended by hand with a correctly computed unkeyed hash is reported as forged", async () => {
    await appendFive();
    const forged = {
      seq: 6,
      at: Date.now(),
      actorId: 1,
      actorUpn: "mallory@contoso.com",
      action: "MailboxApproved",
      environmentId: 1,
      targetType: "mailbox",
      targetId: "9",
      targetLabel: "Forged",
    };
    tamper(file, forgedAppend(forged, rowAt(file, 5).hash as string));
    expect(await verify()).toMatchObject({
      intact: false,
      lastTrustworthySeq: 5,
      problems: [{ kind: "edited", seq: 6 }],
    });
  });
});

describe("verifying against signed checkpoints", () => {
  it("deleting checkpointed events from the end is reported as a truncation, with what is missing", async () => {
    await append(db, "Bulk", 20);
    checkpoint();
    tamper(file, ["DELETE FROM audit_events WHERE seq > 17"]);
    const v = await verify();
    expect(v).toMatchObject({
      intact: false,
      lacks: 3,
      lastTrustworthySeq: 17,
      problems: [{ kind: "truncated", seq: 18 }],
    });
    expect(v.problems[0]!.message).toMatch(/ends at event 17, but it was checkpointed up to event 20/);
  });

  it("an older copy of the database is reported as a rollback to the checkpoint it matches", async () => {
    await append(db, "Bulk", 10);
    checkpoint();
    const older = copyDatabase(file, path.join(path.dirname(file), "older"));
    await append(db, "Later", 5);
    checkpoint();
    db.$client.close();
    fs.copyFileSync(older, file);
    for (const suffix of ["-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
    expect(await verify()).toMatchObject({
      intact: false,
      lacks: 5,
      lastTrustworthySeq: 10,
      problems: [{ kind: "rolled back", seq: 11 }],
    });
  });

  it("an edit re-chained with the key itself (an insider) is caught by the checkpoint it contradicts", async () => {
    await append(db, "Bulk", 10);
    checkpoint();
    // Rewrites event 4 and re-hashes 4..10 with the real key, as someone holding it could.
    const { keyedHash } = await import("./chain");
    const { chainKey } = await import("./keys");
    tamper(file, ["UPDATE audit_events SET reason = 'rewritten' WHERE seq = 4"]);
    let prev = rowAt(file, 3).hash as string;
    for (let seq = 4; seq <= 10; seq++) {
      const row = Object.values(rowAt(file, seq));
      const hash = keyedHash(chainKey(), prev, canonicalOfRaw(row));
      tamper(file, ["UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?", prev, hash, seq]);
      prev = hash;
    }
    expect(await verify()).toMatchObject({
      intact: false,
      lastTrustworthySeq: 0,
      problems: [{ kind: "rewritten", seq: 10 }],
    });
  });

  it("a deleted event before the checkpoint is found even when only the events after it are re-read", async () => {
    await append(db, "Bulk", 30);
    checkpoint();
    await append(db, "After", 2);
    tamper(file, ["DELETE FROM audit_events WHERE seq = 7"]);
    // A deletion without renumbering leaves the checkpoint's event as it was; the count gives it away.
    expect(await verify({ wholeWalkUpTo: 0 })).toMatchObject({
      intact: false,
      whole: false,
      problems: [{ kind: "gap", seq: 7 }],
    });
  });

  it("the quick check re-reads only what follows the checkpoint; --full re-reads everything", async () => {
    await append(db, "Bulk", 30);
    checkpoint();
    await append(db, "After", 2);
    tamper(file, ["UPDATE audit_events SET reason = 'old edit' WHERE seq = 5"]);
    const quick = await verify({ wholeWalkUpTo: 0 });
    expect(quick).toMatchObject({ intact: true, whole: false, checkedFrom: 31 });
    expect(quick.notes.join(" ")).toMatch(/Events 1–30 were not re-read/);
    expect(await verify({ full: true })).toMatchObject({
      intact: false,
      whole: true,
      problems: [{ kind: "edited", seq: 5 }],
    });
  });

  it("a checkpoint not signed by the key, or edited, is reported", async () => {
    await append(db, "A", 8);
    checkpoint();
    const dir = path.join(path.dirname(file), "audit-digests");
    const [digestFile] = fs.readdirSync(dir).filter((f) => f.endsWith(".jsonl"));
    const line = JSON.parse(fs.readFileSync(path.join(dir, digestFile!), "utf8").trim());
    // An older record edited: only the full check reads every record's signature.
    fs.appendFileSync(path.join(dir, digestFile!), `${JSON.stringify({ ...line, seq: 3, count: 3 })}\n`);
    expect(await verify()).toMatchObject({ intact: true });
    expect(await verify({ full: true })).toMatchObject({
      intact: false,
      problems: [{ kind: "bad checkpoint", seq: 3 }],
    });
    // A newer one, as if to vouch for events added by hand: the quick check reads it, and refuses it.
    await append(db, "B", 2);
    fs.appendFileSync(path.join(dir, digestFile!), `${JSON.stringify({ ...line, seq: 10, count: 10 })}\n`);
    const v = await verify();
    expect(v).toMatchObject({ intact: false, anchor: { seq: 8 }, problems: [{ kind: "bad checkpoint", seq: 10 }] });
    expect(v.problems[0]!.message).toMatch(/signature does not verify/);
  });

  it("moving the keyed-from mark is reported", async () => {
    await appendFive();
    checkpoint();
    tamper(file, ["UPDATE audit_chain SET keyed_from = 6"]);
    const v = await verify();
    expect(v.intact).toBe(false);
    expect(v.problems.map((p) => p.kind)).toContain("keyed-from changed");
  });

  it("a checkpoint writer refuses to seal a broken chain", async () => {
    await appendFive();
    tamper(file, ["UPDATE audit_events SET reason = 'x' WHERE seq = 4"]);
    expect(writeCheckpointSync(file)).toMatchObject({
      status: "refused",
      message: expect.stringMatching(/broken at event 4/),
    });
  });
});
