"use client";

import { Dialog } from "@/components/ui/dialog";
import { Notice } from "@/components/ui/notice";

/** The warning DOMAIN §7 asks for before unapproved addresses may sync. */
export function ApprovalOffDialog({
  values,
  onConfirm,
  onCancel,
}: {
  values: { processApprovedUsersOnly: boolean; processApprovedQueuesOnly: boolean };
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const kinds = [!values.processApprovedUsersOnly && "users", !values.processApprovedQueuesOnly && "queues"]
    .filter(Boolean)
    .join(" and ");
  return (
    <Dialog title="Process email without approval?" isOpen onClose={onCancel}>
      <div className="space-y-3">
        <Notice tone="warning" title="Mail could sync without approval">
          With this off, mail, appointments, contacts and tasks of {kinds} could sync without anyone having approved the
          address. Anyone who can change a mailbox&apos;s address could then read another person&apos;s mail into this
          environment.
        </Notice>
        <div className="flex gap-2">
          <button
            type="button"
            onClick={onConfirm}
            className="rounded-control bg-brand px-4 py-1.5 font-semibold text-brand-fg"
          >
            Turn off and save
          </button>
          <button
            type="button"
            onClick={onCancel}
            className="rounded-control border border-line px-4 py-1.5 font-semibold"
          >
            Cancel
          </button>
        </div>
      </div>
    </Dialog>
  );
}
