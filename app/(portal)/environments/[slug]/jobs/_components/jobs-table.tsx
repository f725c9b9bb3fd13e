import Link from "@/components/ui/link";
import { DataTable } from "@/components/ui/data-table";
import { Time } from "@/components/time";
import type { JobView } from "@/lib/services/jobs/runner";
import { JobStatusBadge } from "./job-status-badge";

/** Recent background jobs of an environment, newest first, each linking to its progress page. */
export function JobsTable({ slug, jobs }: { slug: string; jobs: JobView[] }) {
  return (
    <DataTable
      label="Recent jobs"
      rows={jobs}
      rowKey={(j) => j.id}
      empty="No jobs yet."
      columns={[
        {
          header: "Job",
          cell: (j) => (
            <Link href={`/environments/${slug}/jobs/${j.id}`} className="font-semibold text-brand hover:underline">
              {j.title}
            </Link>
          ),
        },
        { header: "Status", cell: (j) => <JobStatusBadge status={j.status} /> },
        { header: "Progress", cell: (j) => `${j.done} / ${j.total}` },
        { header: "Failures", cell: (j) => j.failed },
        { header: "Started by", cell: (j) => j.startedByName ?? "—" },
        { header: "Started", cell: (j) => <Time value={j.createdAt} /> },
      ]}
    />
  );
}
