import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { getActor } from "@/lib/auth/current-actor";
import { Time } from "@/components/time";
import { decideCancelJob } from "@/lib/policy/job-cancel";
import { findVisibleJob } from "@/lib/services/jobs/app-runner";
import { environmentHref } from "../../../../_components/environment-pages";
import { JobStatusBadge } from "../_components/job-status-badge";
import { RefreshWhileRunning } from "../_components/refresh-while-running";
import { CancelJobCommand } from "./_components/cancel-job-command";
import { COUNT_LABELS, ORIGINS } from "./_components/job-origins";
import { JobNotices } from "./_components/job-notices";

export const metadata: Metadata = { title: "Job · Mailgate" };

export default async function JobPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const actor = await getActor();
  const found = /^\d{1,15}$/.test(id) ? await findVisibleJob(getDb(), actor, slug, Number(id), new Date()) : null;
  if (!found) notFound();
  const { job, environment } = found;
  const origin = ORIGINS[job.page] ?? ORIGINS["server-profiles"]!;
  const counts = Object.entries(job.result.counts);
  const cancelDecision = decideCancelJob(actor, job);
  const resumes = Math.max(0, (job.result.runs?.length ?? 1) - 1);

  return (
    <>
      <RefreshWhileRunning isRunning={job.isActive} />
      <PageHeader
        crumbs={[
          { label: "Environments", href: "/" },
          { label: environment.name, href: environmentHref(slug) },
          { label: "Mailboxes", href: environmentHref(slug, "mailboxes") },
          { label: "Background jobs", href: environmentHref(slug, "jobs") },
          { label: `Job ${job.id}` },
        ]}
        title={job.title}
        description={
          <>
            Started by {job.startedByName ?? "—"} on <Time value={job.createdAt} />
          </>
        }
      />
      {job.isActive && (
        <CancelJobCommand slug={slug} jobId={job.id} refusal={cancelDecision.allowed ? null : cancelDecision.message} />
      )}
      <div className="grid grid-cols-2 gap-4">
        <Card title="Progress">
          <p className="mb-2 flex items-center gap-2">
            <JobStatusBadge status={job.status} />{" "}
            <span role="status" aria-label="Job progress">
              {job.done} of {job.total} done · {job.failed} {origin.failures.toLowerCase()}
              {job.isActive ? " so far" : ""}
            </span>
          </p>
          <progress
            aria-label="Done"
            value={job.done}
            max={Math.max(job.total, 1)}
            className="h-2 w-full accent-[var(--brand)]"
          />
          {job.finishedAt && (
            <p className="mt-2 text-sm text-muted">
              Ended <Time value={job.finishedAt} />
            </p>
          )}
          {resumes > 0 && (
            <p className="mt-2 text-sm text-muted">
              Resumed {resumes === 1 ? "once" : `${resumes} times`} after a server stopped; no {origin.item} was done
              twice.
            </p>
          )}
        </Card>
        <Card title="Summary">
          {job.isActive ? (
            <p className="text-muted">
              The summary appears when the job ends. This page updates by itself; you can leave and come back.
            </p>
          ) : (
            <dl aria-label="Job summary" className="space-y-1 text-sm">
              {counts.map(([key, n]) => (
                <div key={key} className="flex justify-between">
                  <dt>{COUNT_LABELS[key] ?? key}</dt>
                  <dd>{n}</dd>
                </div>
              ))}
            </dl>
          )}
        </Card>
      </div>
      <JobNotices job={job} origin={origin} />
      <h2 className="mt-6 mb-2 text-base font-semibold">
        {origin.failures}
        {job.isActive ? " so far" : ""}
      </h2>
      <DataTable
        label={origin.failures}
        rows={job.result.failures}
        rowKey={(f) => f.id}
        empty={origin.empty}
        columns={[
          {
            header: "Mailbox",
            cell: (f) => (
              <Link href={`/environments/${slug}/mailboxes/${f.id}`} className="text-brand hover:underline">
                {f.name}
              </Link>
            ),
          },
          { header: origin.detail, cell: (f) => f.detail },
        ]}
      />
      {job.result.failuresOmitted > 0 && (
        <p className="mt-2 text-sm text-muted">
          {job.result.failuresOmitted} more are not listed; {origin.omitted}
        </p>
      )}
    </>
  );
}
