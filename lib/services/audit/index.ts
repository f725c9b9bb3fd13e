// The audit log's integrity: keyed hashes, signed checkpoints outside the database, verification,
// backups. Appending events lives in ./log.ts, which every writing service imports.
import "server-only";
export {
  CHECKPOINT_EVERY_EVENTS,
  CHECKPOINT_EVERY_MS,
  noteAuditAppended,
  writeCheckpoint,
  writeCheckpointSync,
  type CheckpointOutcome,
} from "./anchor";
export { assertNotInUse, backupDatabase, restoreDatabase } from "./backup";
export { backupPostgresDatabase } from "./backup-postgres";
export { DatabaseInUse, type RestoreOutcome } from "./restore-record";
export { restorePostgresDatabase } from "./restore-postgres";
export { canonicalEvent, chainHash, GENESIS_HASH, keyedHash, legacyHash, type ChainedFields } from "./chain";
export { listDigestFiles, readDigests, type Checkpoint } from "./checkpoints";
export { AuditKeyMissing, chainKey, digestDirFor, requireSigningKey, signingKey } from "./keys";
export { checkDigestFile, type PublicCheck } from "./public-check";
export {
  describeVerdict,
  span,
  trustedText,
  type AuditProblem,
  type AuditProblemKind,
  type AuditVerdict,
} from "./verdict";
export { verifyAuditLog, verifyAuditLogSync, WHOLE_WALK_UP_TO, type VerifyOptions } from "./verify";
