// Bulk approve of 10,000 pending mailboxes as the UI runs it: the dialog's pre-check fixes the
// selection in a snapshot (not timed: the approver reads it before pressing OK), then OK claims the
// snapshot and runs it (from 1,000 rows: the background job, batch by batch until done), exactly as
// runApprovalAction does. Against one set-based UPDATE of the same rows (rolled back, so the service
// then finds them still pending). Also 10,000 other pending rows in the one transaction smaller
// selections use, for comparison.
// Usage: tsx bench/bulk.ts <out.json>
import fs from "node:fs";
import { sql } from "drizzle-orm";
import { rawRows } from "@/db/query";
import { flag, inJsonIds, instant } from "@/db/sql";
import { withTransaction } from "@/db/transaction";
import { startWalCheckpointer } from "@/db/wal-checkpointer";
import { loadActor } from "@/lib/services/identity/actor";
import { setApproval } from "@/lib/services/mailboxes/approvals";
import { claimApprovalSnapshot, precheckWithSnapshot } from "@/lib/services/mailboxes/approval-snapshots";
import { jobRunner } from "@/lib/services/jobs/app-runner";
import { runApproval } from "@/lib/services/mailboxes/run-approval";
import { NO_ORIGIN } from "@/lib/services/audit/log";
import { EmailStatus } from "@/lib/policy/catalog";
import { openBenchDb, readFacts, runSql } from "./bench-db";

const COUNT = 10_000;
const WARM_UP = 100;

async function main() {
  const out = process.argv[2];
  if (!out) throw new Error("usage: tsx bench/bulk.ts <out.json>");
  const facts = readFacts();
  const { db, close } = openBenchDb();
  // As the server runs it (instrumentation.ts): the WAL checkpointed by its own thread, not in the commits.
  const stopCheckpointer = await startWalCheckpointer(db);
  const actor = (await loadActor(db, facts.benchUserId))!;
  // What "select all matching" in the Pending view would send: ids in grid order, no versions.
  const ids = (
    await rawRows<{ id: number }>(
      db,
      sql`select id from mailboxes where environment_id = ${facts.environmentId} and is_active = ${flag(true)} and email_status = ${EmailStatus.PendingApproval} order by name, id limit ${2 * COUNT + WARM_UP}`,
    )
  ).map((r) => r.id);
  if (ids.length !== 2 * COUNT + WARM_UP) throw new Error(`only ${ids.length} pending mailboxes`);
  const [viaJob, inOneTransaction, warmUp] = [ids.slice(0, COUNT), ids.slice(COUNT, 2 * COUNT), ids.slice(2 * COUNT)];

  class RolledBack extends Error {}
  const runSetBased = async () => {
    let ms = 0;
    let changes = 0;
    await withTransaction(db, async (tx) => {
      const started = performance.now();
      changes = await runSql(
        tx,
        sql`update mailboxes set email_status = ${EmailStatus.Approved}, approved_by_id = ${actor.id}, approved_by_name = ${actor.displayName}, approved_on = ${instant(new Date())}, is_approved_by_tenant_admin = ${flag(true)}, version = version + 1
            where ${inJsonIds(sql`id`, JSON.stringify(viaJob))}`,
      );
      ms = performance.now() - started;
      throw new RolledBack();
    }).catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
    if (changes !== COUNT) throw new Error(`set-based update changed ${changes} rows`);
    return ms;
  };
  await runSetBased(); // warms the same pages the service will read
  const samples = [await runSetBased(), await runSetBased(), await runSetBased()].sort((a, b) => a - b);
  const setBasedMs = samples[1]!;

  const items = (chosen: number[]) => chosen.map((id) => ({ id, version: null }));
  const ctx = () => ({ origin: NO_ORIGIN, now: new Date() });
  // As on a server that has served approvals before: the code compiled and the statements prepared
  // by one small approval (in a fresh process they made the job's first batch of 200 take 300 ms).
  const warmed = await runApproval(
    db,
    actor,
    { environmentId: facts.environmentId, items: items(warmUp), operation: "approve" },
    ctx(),
  );
  if (!warmed.ok || warmed.jobId !== null)
    throw new Error(`the warm-up did not run at once: ${JSON.stringify(warmed)}`);
  // The dialog: what "select all matching" sends (ids, no versions), pre-checked and pinned.
  const selection = { environmentId: facts.environmentId, operation: "approve" as const };
  const startedPrecheck = performance.now();
  const precheck = await precheckWithSnapshot(db, actor, { ...selection, items: items(viaJob) }, new Date());
  const precheckMs = performance.now() - startedPrecheck;
  if (precheck.willChange !== COUNT) throw new Error(`the pre-check says ${precheck.willChange} will change`);
  // OK, as runApprovalAction: the snapshot's rows and versions, then the run.
  const started = performance.now();
  const pinned = await claimApprovalSnapshot(db, actor, { ...selection, id: precheck.snapshotId }, new Date());
  if (!pinned) throw new Error("the pre-check's snapshot was not there at OK");
  const run = await runApproval(db, actor, { ...selection, items: pinned }, ctx());
  if (!run.ok || run.jobId === null) throw new Error(`expected a background job: ${JSON.stringify(run)}`);
  await jobRunner().settled(run.jobId);
  const jobMs = performance.now() - started;
  const job = (await jobRunner().getJob(db, run.jobId))!;
  if (job.status !== "succeeded" || job.result.counts.changed !== COUNT)
    throw new Error(`the job ended ${job.status}: ${JSON.stringify(job.result.counts)}`);

  const startedOne = performance.now();
  const outcomes = await setApproval(
    db,
    actor,
    { environmentId: facts.environmentId, items: items(inOneTransaction), operation: "approve" },
    ctx(),
  );
  const oneTransactionMs = performance.now() - startedOne;
  const changed = outcomes.filter((o) => o.outcome === "changed").length;
  await stopCheckpointer();
  await close();
  if (changed !== COUNT)
    throw new Error(
      `the service changed ${changed} of ${COUNT} mailboxes: ${JSON.stringify(outcomes.find((o) => o.outcome !== "changed"))}`,
    );

  const round = (ms: number) => Math.round(ms * 10) / 10;
  const result = {
    bulk_approve_10k_ms: round(jobMs),
    bulk_approve_set_based_ms: round(setBasedMs),
    bulk_approve_10k_one_transaction_ms: round(oneTransactionMs),
    bulk_approve_precheck_ms: round(precheckMs),
  };
  console.log(
    `  bulk approve ${COUNT}: pre-check ${result.bulk_approve_precheck_ms} ms, then OK to done as a background job ${result.bulk_approve_10k_ms} ms; one transaction ${result.bulk_approve_10k_one_transaction_ms} ms, set-based UPDATE ${result.bulk_approve_set_based_ms} ms (median of 3, rolled back)`,
  );
  fs.writeFileSync(out, JSON.stringify(result));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
