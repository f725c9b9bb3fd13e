// Bulk approve of 10,000 pending mailboxes through the service the UI uses, against one set-based
// UPDATE of the same rows (rolled back, so the service then finds them still pending).
// Usage: tsx bench/bulk.ts <out.json>
import fs from "node:fs";
import { openDb } from "@/db/client";
import { loadActor } from "@/lib/services/actor";
import { setApproval } from "@/lib/services/approvals";
import { NO_ORIGIN } from "@/lib/services/audit-log";
import { benchDbPath, readFacts } from "./bench-db";

const COUNT = 10_000;

function main() {
  const out = process.argv[2];
  if (!out) throw new Error("usage: tsx bench/bulk.ts <out.json>");
  const facts = readFacts();
  const db = openDb(benchDbPath());
  const actor = loadActor(db, facts.benchUserId)!;
  // What "select all matching" in the Pending view would send: ids in grid order, no versions.
  const ids = db.$client
    .prepare("select id from mailboxes where environment_id = ? and is_active = 1 and email_status = 2 order by name, id limit ?")
    .pluck()
    .all(facts.environmentId, COUNT) as number[];
  if (ids.length !== COUNT) throw new Error(`only ${ids.length} pending mailboxes`);

  const setBased = db.$client.prepare(
    `update mailboxes set email_status = 1, approved_by_id = ?, approved_by_name = ?, approved_on = ?, is_approved_by_tenant_admin = 1, version = version + 1
     where id in (select value from json_each(?))`,
  );
  const runSetBased = () => {
    db.$client.exec("begin immediate");
    const started = performance.now();
    const { changes } = setBased.run(actor.id, actor.displayName, Date.now(), JSON.stringify(ids));
    const ms = performance.now() - started;
    db.$client.exec("rollback");
    if (changes !== COUNT) throw new Error(`set-based update changed ${changes} rows`);
    return ms;
  };
  runSetBased(); // warms the same pages the service will read
  const samples = [runSetBased(), runSetBased(), runSetBased()].sort((a, b) => a - b);
  const setBasedMs = samples[1]!;

  const started = performance.now();
  const outcomes = setApproval(db, actor, { environmentId: facts.environmentId, items: ids.map((id) => ({ id, version: null })), operation: "approve" }, { origin: NO_ORIGIN, now: new Date() });
  const serviceMs = performance.now() - started;
  const changed = outcomes.filter((o) => o.outcome === "changed").length;
  db.$client.close();
  if (changed !== COUNT) throw new Error(`the service changed ${changed} of ${COUNT} mailboxes: ${JSON.stringify(outcomes.find((o) => o.outcome !== "changed"))}`);

  const result = { bulk_approve_10k_ms: Math.round(serviceMs * 10) / 10, bulk_approve_set_based_ms: Math.round(setBasedMs * 10) / 10 };
  console.log(`  bulk approve ${COUNT}: service ${result.bulk_approve_10k_ms} ms, set-based UPDATE ${result.bulk_approve_set_based_ms} ms (median of 3, rolled back)`);
  fs.writeFileSync(out, JSON.stringify(result));
}

main();
