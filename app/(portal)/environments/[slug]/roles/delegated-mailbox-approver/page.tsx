import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { requireEnvironmentPage } from "@/lib/auth/page-access";
import { formatDate, formatDateTime } from "@/lib/format";
import { decideRoleAssignment } from "@/lib/policy/role-assignment";
import {
  auditExpiredAssignments,
  listDelegationCandidates,
  listDelegations,
} from "@/lib/services/delegation/delegations";
import { loadEnvironmentRoles } from "@/lib/services/delegation/role-facts";
import { environmentHref } from "../../../../_components/environment-pages";
import { DelegateCommand } from "./_components/delegate-command";
import { RemoveDelegation } from "./_components/remove-delegation";

export const metadata: Metadata = { title: "Delegated Mailbox Approver · Mailgate" };

export default async function DelegatedMailboxApproverPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { actor, environment, now } = await requireEnvironmentPage(slug, "roles");
  const db = getDb();
  auditExpiredAssignments(db, now);
  const roles = loadEnvironmentRoles(db, environment.id);
  const dma = roles.find((r) => r.key === "delegated_mailbox_approver")!;
  const sysAdmin = roles.find((r) => r.key === "system_administrator")!;
  const decide = (role: typeof dma, operation: "assign" | "remove") =>
    decideRoleAssignment(
      actor,
      { environmentId: environment.id, role, target: { kind: "user", isEnabled: true }, operation },
      now,
    );
  const canDelegate = decide(dma, "assign");
  const canRemove = decide(dma, "remove");
  const canAssignSysAdmin = decide(sysAdmin, "assign");
  const holders = listDelegations(db, environment.id, now);

  return (
    <>
      <PageHeader
        crumbs={[
          { label: "Environments", href: "/" },
          { label: environment.name, href: environmentHref(slug) },
          { label: "Security roles", href: environmentHref(slug, "roles") },
          { label: "Delegated Mailbox Approver" },
        ]}
        title="Delegated Mailbox Approver"
        description="Holders approve mailbox email addresses in this environment without being tenant admins. They also need System Administrator here."
      />
      <DelegateCommand
        environmentId={environment.id}
        slug={slug}
        refusal={
          canDelegate.allowed
            ? null
            : { code: canDelegate.code, reason: canDelegate.reason, message: canDelegate.message }
        }
        candidates={canDelegate.allowed ? listDelegationCandidates(db, environment.id, now) : []}
        sysAdminRefusal={canAssignSysAdmin.allowed ? null : canAssignSysAdmin.message}
      />
      {holders.some((h) => !h.hasSystemAdministrator && !h.isExpired) && (
        <div className="mb-3">
          <Notice tone="warning" title="Some holders cannot approve yet">
            A Delegated Mailbox Approver also needs System Administrator in this environment before they can approve
            mailboxes.
          </Notice>
        </div>
      )}
      <DataTable
        label="Delegated Mailbox Approvers"
        rows={holders}
        rowKey={(h) => h.environmentUserId}
        empty="Nobody holds Delegated Mailbox Approver in this environment."
        columns={[
          {
            header: "Holder",
            cell: (h) => (
              <Link
                className="font-semibold text-brand hover:underline"
                href={environmentHref(slug, `users/${h.environmentUserId}`)}
              >
                {h.name}
              </Link>
            ),
          },
          {
            header: "System Administrator",
            cell: (h) =>
              h.hasSystemAdministrator ? (
                <Badge tone="success">Yes</Badge>
              ) : (
                <Badge tone="warning">No — cannot approve yet</Badge>
              ),
          },
          { header: "Assigned by", cell: (h) => h.assignedBy ?? "—" },
          { header: "Assigned on", cell: (h) => formatDate(h.assignedAt) },
          { header: "End date", cell: (h) => (h.endsAt ? formatDateTime(h.endsAt) : "No end date") },
          { header: "Justification", cell: (h) => h.justification ?? "—" },
          {
            header: "State",
            cell: (h) => <Badge tone={h.isExpired ? "danger" : "success"}>{h.isExpired ? "Expired" : "Active"}</Badge>,
          },
          {
            header: "Actions",
            cell: (h) => (
              <RemoveDelegation
                environmentId={environment.id}
                slug={slug}
                environmentUserId={h.environmentUserId}
                roleId={dma.id}
                holder={h.name}
                refusal={canRemove.allowed ? null : canRemove.message}
              />
            ),
          },
        ]}
      />
    </>
  );
}
