import { Notice } from "@/components/ui/notice";
import type { JobView } from "@/lib/services/jobs/runner";
import type { ORIGINS } from "./job-origins";

type Origin = NonNullable<(typeof ORIGINS)[keyof typeof ORIGINS]>;

const refusedOf = (counts: Record<string, number>) => counts.refused ?? 0;

/** What the job page says about how the job ended (or why it waits), one notice each. */
export function JobNotices({ job, origin }: { job: JobView; origin: Origin }) {
  return (
    <>
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
      {job.status === "cancelled" && (
        <div className="mt-3">
          <Notice tone="neutral" title="The job was cancelled">
            {job.result.cancelledBy ? `${job.result.cancelledBy} cancelled it` : "It was cancelled"} after{" "}
            {job.done.toLocaleString("en-US")} of {job.total.toLocaleString("en-US")}; the rest were not touched.{" "}
            {origin.restart}
          </Notice>
        </div>
      )}
    </>
  );
}
