// Test & Enable of 10,000 mailboxes through the server-profile job the UI starts: seconds until done.
// Usage: tsx bench/test-enable.ts <out.json>
import fs from "node:fs";
import { loadActor } from "@/lib/services/identity/actor";
import { NO_ORIGIN } from "@/lib/services/audit/log";
import { getJob, jobRunner } from "@/lib/services/jobs/app-runner";
import { startTestAndEnableProfileJob } from "@/lib/services/mailboxes/test-and-enable-profile";
import { benchProfile, openBenchDb, readFacts } from "./bench-db";

const COUNT = 10_000;

async function main() {
  const out = process.argv[2];
  if (!out) throw new Error("usage: tsx bench/test-enable.ts <out.json>");
  const facts = readFacts();
  const { db, close } = openBenchDb();
  const actor = (await loadActor(db, facts.benchUserId))!;
  const profileId = await benchProfile(db, facts.environmentId, COUNT);

  const started = performance.now();
  const result = await startTestAndEnableProfileJob(
    db,
    actor,
    { environmentId: facts.environmentId, serverProfileId: profileId },
    { origin: NO_ORIGIN, now: new Date() },
  );
  if (!result.ok) throw new Error(`job refused: ${result.message}`);
  // The runner works through batches in this process between event-loop turns; wait for its end.
  await jobRunner().settled(result.jobId);
  const job = (await getJob(db, result.jobId))!;
  const seconds = (performance.now() - started) / 1000;
  await close();
  if (job.status !== "succeeded" || job.done !== COUNT)
    throw new Error(`job ended ${job.status} after ${job.done}/${job.total}`);
  console.log(`  Test & Enable ${COUNT}: ${seconds.toFixed(1)} s (${job.failed} mailboxes failed their checks)`);
  fs.writeFileSync(out, JSON.stringify({ test_enable_10k_s: Math.round(seconds * 10) / 10 }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
