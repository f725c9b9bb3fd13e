import { Badge, type Tone } from "@/components/ui/badge";
import type { JobStatus } from "@/lib/services/jobs/runner";

const STATUS: Record<JobStatus, { label: string; tone: Tone }> = {
  queued: { label: "Queued", tone: "neutral" },
  running: { label: "Running", tone: "info" },
  paused: { label: "Paused", tone: "neutral" },
  succeeded: { label: "Finished", tone: "success" },
  completed_with_refusals: { label: "Completed with refusals", tone: "warning" },
  failed: { label: "Failed", tone: "danger" },
  interrupted: { label: "Interrupted", tone: "warning" },
  cancelled: { label: "Cancelled", tone: "neutral" },
};

export function JobStatusBadge({ status }: { status: JobStatus }) {
  return <Badge tone={STATUS[status].tone}>{STATUS[status].label}</Badge>;
}
