import Link from "@/components/ui/link";
import { Notice } from "@/components/ui/notice";
import type { JobView } from "@/lib/services/jobs/runner";

const ENDED: Partial<Record<JobView["status"], string>> = {
  succeeded: "Finished",
  completed_with_refusals: "Completed with refusals",
  cancelled: "Cancelled",
};

/** The signed-in admin's recent background approval runs, so a run's result stays one click away after its dialog closed. */
export function BackgroundRuns({ slug, jobs }: { slug: string; jobs: JobView[] }) {
  if (jobs.length === 0) return null;
  return (
    <div className="mb-3 space-y-2">
      {jobs.map((job) => {
        const { changed = 0, unchanged = 0, refused = 0 } = job.result.counts;
        return (
          <Notice
            key={job.id}
            tone={job.isActive ? "info" : job.status === "succeeded" ? "success" : "warning"}
            title={job.title}
          >
            {job.isActive
              ? `${job.status === "paused" ? "Paused until the server runs again" : "Running in the background"}: ${job.done} of ${job.total} done. `
              : `${ENDED[job.status] ?? "Stopped"}: ${changed} changed, ${unchanged} unchanged, ${refused} refused. `}
            <Link className="text-brand hover:underline" href={`/environments/${slug}/jobs/${job.id}`}>
              View {job.isActive ? "progress" : "results"}
            </Link>
          </Notice>
        );
      })}
    </div>
  );
}
