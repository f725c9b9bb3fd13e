import { Badge, type Tone } from "@/components/ui/badge";
import { EMAIL_STATUS, TEST_STATUS, type EmailStatus } from "@/lib/policy/catalog";

const EMAIL_TONES: Record<EmailStatus, Tone> = { 0: "neutral", 1: "success", 2: "warning", 3: "danger" };

export function EmailStatusBadge({ status }: { status: number }) {
  const s = status as EmailStatus;
  return <Badge tone={EMAIL_TONES[s] ?? "neutral"}>{EMAIL_STATUS[s] ?? "Unknown"}</Badge>;
}

export function TestStatusBadge({ status }: { status: number }) {
  const label = TEST_STATUS[status as keyof typeof TEST_STATUS] ?? "Unknown";
  return <Badge tone={status === 1 ? "success" : status === 2 ? "danger" : "neutral"}>{label}</Badge>;
}
