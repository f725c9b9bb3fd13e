import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { EmailStatusBadge } from "@/components/mailbox-status";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { getActor } from "@/lib/auth/current-actor";
import { listOwnMailboxes } from "@/lib/services/mailboxes/my-mailbox";

export const metadata: Metadata = { title: "My mailbox · Mailgate" };

export default async function MyMailboxPage() {
  const actor = await getActor();
  const rows = listOwnMailboxes(getDb(), actor);
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
          { header: "Email address status", cell: (r) => <EmailStatusBadge status={r.emailStatus} /> },
          { header: "Approved by", cell: (r) => r.approvedByName ?? "—" },
          { header: "State", cell: (r) => (r.isActive ? "Active" : "Inactive") },
        ]}
      />
    </>
  );
}
