import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { getDb } from "@/db/client";
import { EmailStatusBadge } from "@/components/mailbox-status";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { getActor } from "@/lib/auth/current-actor";
import { Time } from "@/components/time";
import { formatDateTime } from "@/lib/format";
import { viewerTimeZone } from "@/lib/time/viewer-zone";
import { decideRequestApproval } from "@/lib/policy/notifications";
import { listOwnMailboxes } from "@/lib/services/mailboxes/my-mailbox";
import { RequestApproval } from "./_components/request-approval";

export const metadata: Metadata = { title: "My mailbox · Mailgate" };

export default async function MyMailboxPage() {
  const actor = await getActor();
  const zone = await viewerTimeZone();
  const now = new Date();
  const rows = (await listOwnMailboxes(getDb(), actor)).map((row) => ({
    ...row,
    request: decideRequestApproval(
      actor,
      { ...row, isPending: row.emailStatus === 0 || row.emailStatus === 2 },
      row.lastRequestedAt,
      now,
    ),
  }));
  return (
    <>
      <PageHeader
        crumbs={[{ label: "Home", href: "/" }, { label: "My mailbox" }]}
        title="My mailbox"
        description="Your mailbox in each environment you belong to. Where an environment requires approval, mail syncs only once the address is approved."
      />
      <DataTable
        label="My mailboxes"
        rows={rows}
        rowKey={(r) => r.id}
        empty="You have no mailbox in any environment."
        columns={[
          { header: "Environment", cell: (r) => r.environmentName },
          {
            header: "Email address",
            cell: (r) => (
              <Link
                href={`/environments/${r.environmentSlug}/mailboxes/${r.id}`}
                className="font-semibold text-brand hover:underline"
              >
                {r.emailAddress}
              </Link>
            ),
          },
          {
            header: "Email address status",
            cell: (r) => (
              <>
                <EmailStatusBadge status={r.emailStatus} />
                {r.emailStatus === 3 && r.rejectionReason && (
                  <span className="mt-1 block text-xs">Reason: {r.rejectionReason}</span>
                )}
                {r.pendingSince && (
                  <span className="mt-1 block text-xs text-muted">
                    Since <Time value={r.pendingSince} />
                  </span>
                )}
              </>
            ),
          },
          { header: "Approved by", cell: (r) => r.approvedByName ?? "—" },
          { header: "State", cell: (r) => (r.isActive ? "Active" : "Inactive") },
          {
            header: "Approval",
            cell: (r) =>
              r.request.allowed || r.request.reason === "ASKED_TODAY" ? (
                <RequestApproval
                  mailboxId={r.id}
                  address={r.emailAddress}
                  waitNote={
                    r.request.allowed
                      ? null
                      : `Asked ${formatDateTime(r.lastRequestedAt, zone)}; you can ask again after ${formatDateTime(r.request.nextAllowedAt, zone)}.`
                  }
                />
              ) : (
                "—"
              ),
          },
        ]}
      />
    </>
  );
}
