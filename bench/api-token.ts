// A personal access token for the bench approver, made through the service as /me/tokens makes
// one, and 10,000 mailboxes not yet approved for the API to approve: none of the first 20,000
// pending ones by name, which bench/bulk.ts approves through the service.
// Usage: tsx bench/api-token.ts <out.json>
import fs from "node:fs";
import { openDb } from "@/db/client";
import { API_SCOPES } from "@/lib/policy/api-tokens";
import { EmailStatus } from "@/lib/policy/catalog";
import { createApiToken } from "@/lib/services/identity/api-tokens";
import { loadActor } from "@/lib/services/identity/actor";
import { NO_ORIGIN } from "@/lib/services/audit/log";
import { benchDbPath, readFacts } from "./bench-db";

export const API_APPROVE_COUNT = 10_000;

async function main() {
  const out = process.argv[2];
  if (!out) throw new Error("usage: tsx bench/api-token.ts <out.json>");
  const facts = readFacts();
  const db = openDb(benchDbPath());
  const now = new Date();
  const made = await createApiToken(
    db,
    (await loadActor(db, facts.benchUserId))!,
    { name: "bench", scopes: [...API_SCOPES], expiresAt: new Date(now.getTime() + 86_400_000) },
    { origin: NO_ORIGIN, now },
  );
  if (!made.ok) throw new Error(made.message);
  // Not yet approved, and none of the 20,000 pending ones bench/bulk.ts takes (the first by name).
  const ids = db.$client
    .prepare(
      `select id from mailboxes where environment_id = :env and is_active = 1 and email_status != :approved
         and id not in (select id from mailboxes where environment_id = :env and is_active = 1 and email_status = :pending
                        order by name, id limit 20000)
       order by name, id limit :count`,
    )
    .pluck()
    .all({
      env: facts.environmentId,
      approved: EmailStatus.Approved,
      pending: EmailStatus.PendingApproval,
      count: API_APPROVE_COUNT,
    }) as number[];
  // Fewer on a reused dataset whose rows earlier runs approved: only the approval step needs them all (bench/api.mjs).
  db.$client.close();
  fs.writeFileSync(out, JSON.stringify({ secret: made.secret, approveIds: ids }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
