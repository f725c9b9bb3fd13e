import { hasTenantRole, type Actor } from "./actor";
import { allow, deny, type Decision } from "./decision";

/**
 * Cancelling a background job (issue 17 item 8): the runner stops after the batch in hand and the
 * job ends "cancelled" with what it did so far. Whoever started it may cancel it, and so may a
 * tenant admin (Global, Exchange, Power Platform or Dynamics 365 Administrator); seeing the job is
 * decided before this, by the page it belongs to.
 */

export type JobCancelFacts = { startedById: number | null; isActive: boolean };

export function decideCancelJob(actor: Actor, job: JobCancelFacts): Decision {
  const isStarter = actor.isEnabled && job.startedById !== null && job.startedById === actor.id;
  const isTenantAdmin = hasTenantRole(
    actor,
    "global_admin",
    "exchange_admin",
    "power_platform_admin",
    "dynamics365_admin",
  );
  const conditions = [
    { id: "job-active", label: "The job is still queued, running or paused", held: job.isActive },
    {
      id: "starter-or-tenant-admin",
      label: "You started the job, or you are a tenant admin",
      held: isStarter || isTenantAdmin,
    },
  ];
  // Rights first: someone who may not cancel is told so whatever state the job is in.
  if (!isStarter && !isTenantAdmin)
    return deny(
      "0x80040220",
      "NOT_STARTER_OR_TENANT_ADMIN",
      "Only whoever started this job, or a tenant admin, can cancel it.",
      conditions,
    );
  // Not a missing right but a state: no privilege code, like a stale version.
  if (!job.isActive)
    return {
      allowed: false,
      code: null,
      reason: "JOB_ENDED",
      message: "This job has already ended; there is nothing to cancel.",
      conditions,
    };
  return allow("The job stops after the batch in hand.", conditions);
}
