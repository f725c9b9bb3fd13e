import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { getActor } from "@/lib/auth/current-actor";
import type { EnvironmentPage } from "@/lib/policy/access";
import { Time } from "@/components/time";
import { findVisibleJob } from "@/lib/services/jobs/app-runner";
import { environmentHref } from "../../../../_components/environment-pages";
import { JobStatusBadge } from "../_components/job-status-badge";
import { RefreshWhileRunning } from "../_components/refresh-while-running";

export const metadata: Metadata = { title: "Job · Mailgate" };

const COUNT_LABELS: Record<string, string> = {
  succeeded: "Succeeded",
  failed: "Failed",
  notRun: "Not run",
  refused: "Refused",
  changed: "Changed",
  unchanged: "Unchanged",
};

/** Where each kind of job was started: its breadcrumb, and where to start it again. */
const ORIGINS: Partial<
  Record<
    EnvironmentPage,
    {
      label: string;
      path: string;
      item: string;
      restart: string;
      failures: string;
      detail: string;
      empty: string;
      omitted: string;
    }
  >
> = {
  "server-profiles": {
    label: "Server profiles",
    path: "settings/server-profiles",
    item: "mailbox",
    restart: "Start it again from the server profile.",
    failures: "Failures",
    detail: "Alerts or reason",
    empty: "No failures.",
    omitted: "the Test failures view of Mailboxes shows them all.",
  },
  mailboxes: {
    label: "Mailboxes",
    path: "mailboxes",
    item: "row",
    restart: "Select the mailboxes again to finish the run; rows already done report as unchanged.",
    failures: "Refused",
    detail: "Reason",
    empty: "No rows refused.",
    omitted: "open a mailbox's \u201cWhy can\u2019t I approve this?\u201d for its reason.",
  },
};

const refusedOf = (counts: Record<string, number>) => counts.refused ?? 0;

export default async function JobPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const actor = await getActor();
  const found = /^\d{1,15}$/.test(id) ? findVisibleJob(getDb(), actor, slug, Number(id), new Date()) : null;
  if (!found) notFound();
  const { job, environment } = found;
  const origin = ORIGINS[job.page] ?? ORIGINS["server-profiles"]!;
  const counts = Object.entries(job.result.counts);
  const resumes = Math.max(0, (job.result.runs?.length ?? 1) - 1);

  return (
    <>
      <RefreshWhileRunning isRunning={job.isActive} />
      <PageHeader
        crumbs={[
          { label: "Environments", href: "/" },
          { label: environment.name, href: environmentHref(slug) },
          { label: origin.label, href: environmentHref(slug, origin.path) },
          { label: `Job ${job.id}` },
        ]}
        title={job.title}
        description={
          <>
            Started by {job.startedByName ?? "—"} on <Time value={job.createdAt} />
          </>
        }
      />
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
      {job.status === "paused" && (
        <div className="mt-3">
          <Notice tone="info" title="The job is paused">
            The server stopped between two batches. The job resumes where it left off as soon as a server is running
            again.
          </Notice>
        </div>
      )}
      {job.status === "completed_with_refusals" && (
        <div className="mt-3">
          <Notice tone="warning" title="Completed with refusals">
            Every {origin.item} was decided, but {refusedOf(job.result.counts).toLocaleString("en-US")} were refused and
            left unchanged; the reasons are below.
          </Notice>
        </div>
      )}
      {job.result.error && (
        <div className="mt-3">
          <Notice tone="danger" title="The job stopped">
            {job.result.error}
          </Notice>
        </div>
      )}
      {job.result.interruptedReason && (
        <div className="mt-3">
          <Notice tone="warning" title="The job was interrupted">
            {job.result.interruptedReason} {origin.restart}
          </Notice>
        </div>
      )}
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
          { header: origin.detail, cell: (f) => <span className="font-mono text-xs">{f.detail}</span> },
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
