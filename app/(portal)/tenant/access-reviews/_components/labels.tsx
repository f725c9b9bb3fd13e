import { Badge } from "@/components/ui/badge";
import type { ItemOutcome, ReviewStatus } from "@/lib/policy/access-review";
import { OUTCOME_LABELS } from "@/lib/policy/access-review";

export function StatusBadge({ status, isOverdue = false }: { status: ReviewStatus; isOverdue?: boolean }) {
  if (status === "applied") return <Badge tone="neutral">Applied</Badge>;
  return <Badge tone={isOverdue ? "warning" : "info"}>{isOverdue ? "Open — due" : "Open"}</Badge>;
}

const OUTCOME_TONES = { kept: "success", removed: "danger", flagged: "warning", gone: "neutral" } as const;

export function OutcomeBadge({ outcome }: { outcome: ItemOutcome }) {
  return <Badge tone={OUTCOME_TONES[outcome]}>{OUTCOME_LABELS[outcome]}</Badge>;
}

export const recurrenceLabel = (days: number | null) => (days ? `Every ${days} days` : "Does not repeat");
