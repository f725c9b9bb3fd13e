import { withTransaction } from "@/db/transaction";
// Verify on the bench's 1,000,000+ audit events (issue 12): the quick check the Verify integrity
// button runs (from the newest signed checkpoint on, with events not yet checkpointed, as on a live
// server) and the full walk of `npm run audit:verify -- --full`.
// Usage: tsx bench/audit-verify.ts <out.json>
import fs from "node:fs";
import { appendAuditEvents, NO_ORIGIN } from "@/lib/services/audit/log";
import { verifyAuditLog } from "@/lib/services/audit";
import { openBenchDb } from "./bench-db";

const UNSEALED = 500;

async function main() {
  const out = process.argv[2];
  if (!out) throw new Error("usage: tsx bench/audit-verify.ts <out.json>");
  const { db, location: file, close } = openBenchDb();
  await withTransaction(db, (tx) =>
    appendAuditEvents(
      tx,
      Array.from({ length: UNSEALED }, (_, i) => ({
        action: "SignInSucceeded",
        actor: null,
        target: { type: "directoryUser", id: i, label: `bench-${i}` },
        origin: NO_ORIGIN,
      })),
    ),
  );
  await close();

  const timed = async (full: boolean) => {
    const started = performance.now();
    const verdict = await verifyAuditLog(file, { full });
    const ms = performance.now() - started;
    if (!verdict.intact) throw new Error(`the bench log does not verify: ${JSON.stringify(verdict.problems)}`);
    return { ms, verdict };
  };
  const quick = [await timed(false), await timed(false), await timed(false)].sort((a, b) => a.ms - b.ms)[1]!;
  if (quick.verdict.whole) throw new Error("the quick check walked the whole log");
  const full = await timed(true);
  const result = {
    audit_events: quick.verdict.events,
    verify_incremental_ms: Math.round(quick.ms * 10) / 10,
    verify_incremental_rechecked: quick.verdict.head.seq - quick.verdict.checkedFrom + 1,
    verify_full_s: Math.round(full.ms / 100) / 10,
  };
  console.log(
    `  verify ${result.audit_events} events: quick ${result.verify_incremental_ms} ms (median of 3; ${result.verify_incremental_rechecked} events re-hashed after the newest checkpoint), full walk ${result.verify_full_s} s`,
  );
  fs.writeFileSync(out, JSON.stringify(result));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
