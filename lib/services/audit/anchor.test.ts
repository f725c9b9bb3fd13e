import { withTransaction } from "@/db/transaction";
import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { CHECKPOINT_EVERY_MS, writeCheckpointSync } from "./anchor";
import { isSignedBy, listDigestFiles, type Checkpoint } from "./checkpoints";
import { requireSigningKey } from "./keys";
import { checkDigestFile } from "./public-check";
import { appendAuditEvent } from "./log";
import { append, event, tamper } from "./testing";
import { TSX } from "@/scripts/lib.mjs";

let db: Db;
let file: string;
let digests: string;
let dispose: () => Promise<void>;
beforeEach(async () => {
  ({ db, dispose } = await createTestDb());
  file = db.$client.name;
  digests = path.join(path.dirname(file), "audit-digests");
});
afterEach(async () => {
  vi.useRealTimers();
  await dispose();
});

const checkpoints = (): Checkpoint[] =>
  listDigestFiles(digests).flatMap((f) =>
    fs
      .readFileSync(f, "utf8")
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Checkpoint),
  );

describe("checkpoints", () => {
  it("are written after the commit that reaches 1,000 events, not inside it", async () => {
    await append(db, "Bulk", 999);
    expect(checkpoints()).toEqual([]);
    await withTransaction(db, async (tx) => {
      await appendAuditEvent(tx, event("Thousandth"));
      // Still inside the transaction: nothing is sealed before it commits.
      expect(checkpoints()).toEqual([]);
    });
    await vi.waitFor(() =>
      expect(checkpoints()).toMatchObject([{ kind: "checkpoint", seq: 1000, count: 1000, keyedFrom: 1 }]),
    );
  });

  it("are written within 5 minutes of an event, however few events there are", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    await append(db, "One");
    expect(checkpoints()).toEqual([]);
    vi.advanceTimersByTime(CHECKPOINT_EVERY_MS);
    await vi.waitFor(() => expect(checkpoints()).toMatchObject([{ seq: 1 }]));
  });

  it("are written when the process exits", () => {
    const script = path.join(path.dirname(file), "append-and-exit.ts");
    fs.writeFileSync(
      script,
      `import { openDb } from ${JSON.stringify(path.resolve("db/client.ts"))};
       import { append } from ${JSON.stringify(path.resolve("lib/services/audit/testing.ts"))};
       const db = openDb(${JSON.stringify(file)});
       void append(db, "BeforeExit", 7).then(() => db.$client.close());`,
    );
    const run = spawnSync("node", [...TSX, script], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(checkpoints()).toMatchObject([{ seq: 7, count: 7 }]);
  }, 30_000);

  it("are signed, continue each other, and publish the public key beside them", async () => {
    await append(db, "A", 3);
    writeCheckpointSync(file);
    await append(db, "B", 2);
    writeCheckpointSync(file);
    expect(writeCheckpointSync(file)).toEqual({ status: "up to date", seq: 5 });
    const [first, second] = checkpoints();
    const key = requireSigningKey();
    expect([first!.seq, second!.seq, second!.count]).toEqual([3, 5, 5]);
    expect(isSignedBy(second!, key.publicKey)).toBe(true);
    expect(isSignedBy({ ...second!, seq: 4 }, key.publicKey)).toBe(false);
    expect(isSignedBy(second!, generateKeyPairSync("ed25519").publicKey)).toBe(false);
    expect(fs.readFileSync(path.join(digests, `public-key-${key.keyId}.pem`), "utf8")).toMatch(
      /^-----BEGIN PUBLIC KEY-----/,
    );
  });
});

describe("checking an exported checkpoint with the public key only", () => {
  it("confirms the signatures and that a copy of the database reproduces them", async () => {
    await append(db, "A", 40);
    writeCheckpointSync(file);
    const [exported] = listDigestFiles(digests);
    await expect(checkDigestFile(exported!, requireSigningKey().publicKey, file)).resolves.toMatchObject({
      signed: [{ seq: 40 }],
      bad: [],
      database: { head: 40, matched: 1, mismatch: null, lacks: 0 },
    });
  });

  it("finds an edited event without the chain's key, through the public digest", async () => {
    await append(db, "A", 40);
    writeCheckpointSync(file);
    tamper(file, ["UPDATE audit_events SET reason = 'edited' WHERE seq = 12"]);
    const [exported] = listDigestFiles(digests);
    expect((await checkDigestFile(exported!, requireSigningKey().publicKey, file)).database).toMatchObject({
      matched: 0,
      mismatch: { seq: 40 },
    });
  });

  it("refuses records signed by another key", async () => {
    await append(db, "A", 2);
    writeCheckpointSync(file);
    const [exported] = listDigestFiles(digests);
    await expect(checkDigestFile(exported!, generateKeyPairSync("ed25519").publicKey, null)).resolves.toMatchObject({
      signed: [],
      bad: [{ seq: 2, why: expect.stringMatching(/another key/) }],
    });
  });
});
