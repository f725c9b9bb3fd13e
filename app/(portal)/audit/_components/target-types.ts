/** People's names for the target types events record; an unknown type shows as recorded. */
const LABELS: Record<string, string> = {
  accessReview: "Access review",
  directoryUser: "Directory user",
  environmentUser: "Environment user",
  mailbox: "Mailbox",
  queue: "Queue",
  securityRole: "Security role",
  serverProfile: "Server profile",
  team: "Team",
  tenant: "Tenant",
};

export function targetTypeLabel(type: string): string {
  return LABELS[type] ?? type;
}
