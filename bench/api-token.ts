// A personal access token for the bench approver, made through the service as /me/tokens makes
// one, and the 10,000 pending mailboxes the API approves: after the first 20,000 by name, which
// bench/bulk.ts approves through the service. Usage: tsx bench/api-token.ts <out.json>
import fs from "node:fs";
import { openDb } from "@/db/client";
import { API_SCOPES } from "@/lib/policy/api-tokens";
import { EmailStatus } from "@/lib/policy/catalog";
import { createApiToken } from "@/lib/services/identity/api-tokens";
import { loadActor } from "@/lib/services/identity/actor";
import { NO_ORIGIN } from "@/lib/services/audit/log";
import { benchDbPath, readFacts } from "./bench-db";

export const API_APPROVE_COUNT = 10_000;

function main() {
  const out = process.argv[2];
  if (!out) throw new Error("usage: tsx bench/api-token.ts <out.json>");
  const facts = readFacts();
  const db = openDb(benchDbPath());
  const now = new Date();
  const made = createApiToken(
    db,
    loadActor(db, facts.benchUserId)!,
    { name: "bench", scopes: [...API_SCOPES], expiresAt: new Date(now.getTime() + 86_400_000) },
    { origin: NO_ORIGIN, now },
  );
  if (!made.ok) throw new Error(made.message);
  const ids = db.$client
    .prepare(
      "select id from mailboxes where environment_id = ? and is_active = 1 and email_status = ? order by name, id limit ? offset 20000",
    )
    .pluck()
    .all(facts.environmentId, EmailStatus.PendingApproval, API_APPROVE_COUNT) as number[];
  if (ids.length !== API_APPROVE_COUNT) throw new Error(`only ${ids.length} pending mailboxes for the API`);
  db.$client.close();
  fs.writeFileSync(out, JSON.stringify({ secret: made.secret, approveIds: ids }));
}

main();
