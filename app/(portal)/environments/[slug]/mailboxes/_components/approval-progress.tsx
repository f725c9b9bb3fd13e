"use client";

import Link from "@/components/ui/link";
import { useEffect, useState } from "react";
import type { JobView } from "@/lib/services/jobs/runner";
import { announce } from "@/components/ui/announce";
import { approvalJobAction } from "../actions";

const POLL_MS = 1000;
const isActive = (job: JobView | null) => !job || job.isActive;

/** The finished run in one sentence, shown and said through the live region (announce). */
function summaryOf(job: JobView, doneWord: string): string {
  const counts = job.result.counts ?? {};
  return [
    `${counts.changed ?? 0} ${doneWord}, ${counts.unchanged ?? 0} unchanged, ${counts.refused ?? 0} refused.`,
    job.status === "completed_with_refusals" ? " Completed with refusals." : "",
    job.status === "cancelled" ? " The run was cancelled; the rest were not touched." : "",
    job.isComplete || job.status === "cancelled" ? "" : " The run did not finish.",
  ].join("");
}

/**
 * A background approval run in the dialog: a progress bar read from the server every second, then
 * its summary and refused rows. Closing the dialog stops only the polling; the run goes on.
 */
export function ApprovalProgress({ slug, jobId, doneWord }: { slug: string; jobId: number; doneWord: string }) {
  const [job, setJob] = useState<JobView | null>(null);
  const [isGone, setIsGone] = useState(false);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let isMounted = true;
    const poll = async () => {
      const next = await approvalJobAction({ slug, jobId });
      if (!isMounted) return;
      if (!next) return setIsGone(true);
      setJob(next);
      if (isActive(next)) timer = setTimeout(() => void poll(), POLL_MS);
      else announce(summaryOf(next, doneWord));
    };
    void poll();
    return () => {
      isMounted = false;
      clearTimeout(timer);
    };
  }, [slug, jobId, doneWord]);

  const href = `/environments/${slug}/jobs/${jobId}`;
  if (isGone) return <p role="alert">This run is no longer visible to you.</p>;
  return (
    <div className="space-y-3">
      <p role="status" aria-label="Run progress">
        {!job ? "Starting…" : `${job.done.toLocaleString("en-US")} of ${job.total.toLocaleString("en-US")} done`}
      </p>
      <progress
        aria-label="Approval progress"
        value={job?.done ?? 0}
        max={Math.max(job?.total ?? 1, 1)}
        className="h-2 w-full accent-[var(--brand)]"
      />
      {isActive(job) ? (
        <p className="text-sm text-muted">
          You can close this dialog: the run keeps going, and its result stays on the{" "}
          <Link className="text-brand hover:underline" href={href}>
            job page
          </Link>
          .
        </p>
      ) : (
        <>
          <p data-testid="run-summary">{job && summaryOf(job, doneWord)}</p>
          <p className="text-sm">
            <Link className="text-brand hover:underline" href={href}>
              Open the job page
            </Link>{" "}
            for every refused row and its reason.
          </p>
        </>
      )}
    </div>
  );
}
