import type { AuditVerdict } from "@/lib/services/audit";

/** What the Verify integrity button shows: nothing yet, the verdict, or why the viewer may not. */
export type VerifyState =
  | { status: "idle" }
  | { status: "done"; verdict: AuditVerdict; message: string; trusted: string }
  | { status: "refused"; code: string | null; reason: string | null; message: string };

export const VERIFY_IDLE: VerifyState = { status: "idle" };
