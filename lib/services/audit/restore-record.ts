import "server-only";
import path from "node:path";
import { appendCheckpoint, signCheckpoint, type Checkpoint } from "./checkpoints";
import { requireSigningKey } from "./keys";
import type { AuditVerdict } from "./verdict";

/** What `npm run restore` shares on both dialects: its refusal, its outcome, and its signed record. */
export class DatabaseInUse extends Error {}

export type RestoreOutcome =
  | { ok: true; verdict: AuditVerdict; previous: string | null; record: Checkpoint }
  | { ok: false; verdict: AuditVerdict; message: string };

/**
 * The signed "restore" record appended to the digest folder once a verified backup is in place:
 * the checkpointed events the backup lacks are given up in the open, and verification goes on from
 * the restored head instead of reporting a rollback. `verdict` is the backup's, read with its digest.
 */
export function recordRestore(input: {
  verdict: AuditVerdict & { head: { digest: string } };
  keyedFrom: number;
  backup: string;
  at: Date;
  dir: string | undefined;
}): Checkpoint {
  const { verdict, at, dir } = input;
  const key = requireSigningKey();
  const record = signCheckpoint(
    {
      kind: "restore",
      seq: verdict.head.seq,
      headHash: verdict.head.hash,
      count: verdict.events,
      keyedFrom: input.keyedFrom,
      digest: verdict.head.digest,
      at: at.toISOString(),
      lacks: verdict.lacks,
      backup: path.basename(input.backup),
    },
    key,
  );
  if (dir) appendCheckpoint(dir, record, key);
  return record;
}

/** A verdict a backup may be restored from: intact, with the public digest of its head. */
export const isRestorable = (verdict: AuditVerdict): verdict is AuditVerdict & { head: { digest: string } } =>
  verdict.intact && verdict.head.digest !== null;
