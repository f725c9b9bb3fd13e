import type { EmailSettingKey } from "@/lib/policy/email-settings";
import { isApprovalSetting } from "@/lib/policy/email-settings";

const DEFAULTS: Record<EmailSettingKey, string> = {
  processApprovedUsersOnly: "On",
  processApprovedQueuesOnly: "On",
  requirePrivilegeToSelfApprove: "Off",
  notifyMailboxOwner: "Off",
  approvalDigestMinutes: "1 hour",
  defaultServerProfileId: "Microsoft Exchange Online",
  defaultIncomingMethod: "Server-Side Synchronization",
  defaultOutgoingMethod: "Server-Side Synchronization",
  defaultActMethod: "Server-Side Synchronization",
};

/** Under each setting: its default, who may change it, and — when the policy refuses you — why. */
export function SettingNote({
  settingKey,
  refusal,
}: {
  settingKey: EmailSettingKey;
  refusal: { code: string | null; reason: string | null; message: string } | null;
}) {
  const who = isApprovalSetting(settingKey)
    ? "people who could approve mailboxes (System Administrator plus Global or Exchange Administrator, or Delegated Mailbox Approver)"
    : "System Administrators";
  return (
    <span>
      Default: {DEFAULTS[settingKey]}. Changed by {who}.
      {refusal && (
        <span className="mt-0.5 block text-danger">
          You cannot change this: {refusal.message}{" "}
          <span className="font-mono">
            (
            {[refusal.code && `Error ${refusal.code}`, refusal.reason && `Reason ${refusal.reason}`]
              .filter(Boolean)
              .join(" · ")}
            )
          </span>
        </span>
      )}
    </span>
  );
}
