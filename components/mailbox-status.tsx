import { Badge, type Tone } from "@/components/ui/badge";
import { EMAIL_STATUS, EmailStatus, TEST_STATUS, TestStatus } from "@/lib/policy/catalog";

const EMAIL_TONES: Record<EmailStatus, Tone> = {
  [EmailStatus.Empty]: "neutral",
  [EmailStatus.Approved]: "success",
  [EmailStatus.PendingApproval]: "warning",
  [EmailStatus.Rejected]: "danger",
};
const TEST_TONES: Record<TestStatus, Tone> = {
  [TestStatus.NotRun]: "neutral",
  [TestStatus.Success]: "success",
  [TestStatus.Failure]: "danger",
};

export function EmailStatusBadge({ status }: { status: EmailStatus }) {
  return <Badge tone={EMAIL_TONES[status] ?? "neutral"}>{EMAIL_STATUS[status] ?? "Unknown"}</Badge>;
}

export function TestStatusBadge({ status }: { status: TestStatus }) {
  return <Badge tone={TEST_TONES[status] ?? "neutral"}>{TEST_STATUS[status] ?? "Unknown"}</Badge>;
}
