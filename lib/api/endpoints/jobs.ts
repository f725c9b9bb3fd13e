import { z } from "zod";
import { JOB_STATUSES } from "@/lib/policy/catalog";
import { findVisibleJobById } from "@/lib/services/jobs/visible-job";
import { defineEndpoint, json } from "../endpoint";
import { notFound } from "../errors";
import { idParam } from "../params";

const Job = z
  .object({
    id: z.int(),
    environment: z.string().meta({ description: "The environment's slug." }),
    kind: z.string(),
    title: z.string(),
    status: z.enum(JOB_STATUSES),
    isActive: z.boolean().meta({ description: "Still going: queued, running, or paused by a restart." }),
    isComplete: z.boolean().meta({ description: "Every mailbox was decided." }),
    total: z.int(),
    done: z.int(),
    failed: z.int(),
    counts: z.record(z.string(), z.int()).meta({ description: "Mailboxes by outcome: changed, unchanged, refused." }),
    failures: z
      .array(z.object({ id: z.int(), name: z.string(), detail: z.string() }))
      .meta({ description: "Each refused mailbox and why (the first 1,000)." }),
    failuresOmitted: z.int(),
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "Job" });

export const getJobEndpoint = defineEndpoint({
  method: "GET",
  path: "/jobs/{id}",
  operationId: "getJob",
  summary: "A background run's progress and results",
  description: "For whoever may open the page the run belongs to (the mailboxes grid for approvals).",
  tag: "Approval",
  scopes: ["mailboxes.approve", "mailboxes.read"],
  params: z.object({ id: idParam("The job's id, from the 202 answer.") }),
  responses: { 200: { description: "The job.", schema: Job } },
  errors: [404],
  run: async ({ params }, { db, actor, now }) => {
    const found = await findVisibleJobById(db, actor, params.id, now);
    if (!found) throw notFound();
    const { job, environment } = found;
    return json(200, {
      id: job.id,
      environment: environment.slug,
      kind: job.kind,
      title: job.title,
      status: job.status,
      isActive: job.isActive,
      isComplete: job.isComplete,
      total: job.total,
      done: job.done,
      failed: job.failed,
      counts: job.result.counts,
      failures: job.result.failures,
      failuresOmitted: job.result.failuresOmitted,
      createdAt: job.createdAt.toISOString(),
      finishedAt: job.finishedAt?.toISOString() ?? null,
    } satisfies z.input<typeof Job>);
  },
});
