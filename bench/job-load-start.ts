// Queues a Test & Enable of 100,000 mailboxes for the running bench server to take (its runner's
// heartbeat claims free jobs within a second), exactly as the job the UI starts. Prints {"jobId", "total"}.
// Usage: tsx bench/job-load-start.ts
import { openDb } from "@/db/client";
import { loadActor } from "@/lib/services/identity/actor";
import { NO_ORIGIN } from "@/lib/services/audit/log";
import { enqueueJob } from "@/lib/services/jobs/app-runner";
import { planTestAndEnableProfileJob } from "@/lib/services/mailboxes/test-and-enable-job";
import { benchDbPath, benchProfile, readFacts } from "./bench-db";

const COUNT = 100_000;

async function main() {
  const facts = readFacts();
  const db = openDb(benchDbPath());
  const actor = (await loadActor(db, facts.benchUserId))!;
  const profileId = await benchProfile(db, facts.environmentId, COUNT, { activeOnly: false });
  const planned = await planTestAndEnableProfileJob(
    db,
    actor,
    { environmentId: facts.environmentId, serverProfileId: profileId },
    { origin: NO_ORIGIN, now: new Date() },
  );
  if (!planned.ok) throw new Error(`job refused: ${planned.message}`);
  if (planned.plan.itemIds.length !== COUNT)
    throw new Error(`the profile holds ${planned.plan.itemIds.length} mailboxes, not ${COUNT}`);
  const jobId = await enqueueJob(db, planned.plan);
  db.$client.close();
  console.log(JSON.stringify({ jobId, total: COUNT }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
