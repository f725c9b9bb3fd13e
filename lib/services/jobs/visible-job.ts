import "server-only";
import { first } from "@/db/query";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { environments } from "@/db/schema";
import type { Actor } from "@/lib/policy/actor";
import { findVisibleJob, getJob } from "./app-runner";

/**
 * A job by its id alone (the REST API's /jobs/{id}), for someone who may follow it: the same rule
 * as the job's page in its environment, asked through findVisibleJob. Null otherwise.
 */
export async function findVisibleJobById(db: Db, actor: Actor, jobId: number, now: Date) {
  const job = await getJob(db, jobId);
  const environment =
    job &&
    (await first(
      db.select({ slug: environments.slug }).from(environments).where(eq(environments.id, job.environmentId)).limit(1),
    ));
  return environment ? await findVisibleJob(db, actor, environment.slug, jobId, now) : null;
}
