import type { Metadata } from "next";
import { viewerTimeZone } from "@/lib/time/viewer-zone";
import Link from "@/components/ui/link";
import { z } from "zod";
import { getDb } from "@/db/client";
import { DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { requireEnvironmentPage } from "@/lib/auth/page-access";
import { decideViewDelegations } from "@/lib/policy/access";
import { decideRoleAssignment } from "@/lib/policy/role-assignment";
import { CANDIDATE_SEARCH_MIN_LENGTH } from "@/lib/services/delegation/candidates";
import { EVERY_DELEGATION, listEnvironmentDelegations } from "@/lib/services/delegation/delegation-list";
import { loadEnvironmentRoles } from "@/lib/services/delegation/role-facts";
import { getTenantSettings } from "@/lib/services/settings/tenant-settings";
import { delegationColumns } from "../../../../_components/delegation/delegation-columns";
import { environmentHref } from "../../../../_components/environment-pages";
import { DelegateCommand } from "./_components/delegate-command";

export const metadata: Metadata = { title: "Delegated Mailbox Approver · Mailgate" };

const Query = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
  // The overview's Delegate opens this page with the Delegate panel open.
  delegate: z.literal("1").optional().catch(undefined),
});

export default async function DelegatedMailboxApproverPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const { actor, environment, now } = await requireEnvironmentPage(slug, "roles");
  const { page, delegate } = Query.parse(await searchParams);
  const db = getDb();
  const roles = await loadEnvironmentRoles(db, environment.id);
  const dma = roles.find((r) => r.key === "delegated_mailbox_approver")!;
  const sysAdmin = roles.find((r) => r.key === "system_administrator")!;
  const decide = (role: typeof dma) =>
    decideRoleAssignment(
      actor,
      { environmentId: environment.id, role, target: { kind: "user", isEnabled: true }, operation: "assign" },
      now,
    );
  const canDelegate = decide(dma);
  const canAssignSysAdmin = decide(sysAdmin);
  const { maxDelegationDays } = await getTenantSettings(db);
  const list = await listEnvironmentDelegations(db, environment, { ...EVERY_DELEGATION, page }, now);

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
        environmentName={environment.name}
        slug={slug}
        refusal={
          canDelegate.allowed
            ? null
            : { code: canDelegate.code, reason: canDelegate.reason, message: canDelegate.message }
        }
        sysAdminRefusal={canAssignSysAdmin.allowed ? null : canAssignSysAdmin.message}
        sysAdminGrants={sysAdmin.description}
        maxDays={maxDelegationDays}
        searchMinLength={CANDIDATE_SEARCH_MIN_LENGTH}
        isInitiallyOpen={delegate === "1"}
      />
      {list.rows.some((h) => h.state === "active" && !h.canApprove.allowed) && (
        <div className="mb-3">
          <Notice tone="warning" title="Some holders cannot approve yet">
            A Delegated Mailbox Approver also needs System Administrator in this environment (directly or through a
            team) before they can approve mailboxes. Each row says what is missing.
          </Notice>
        </div>
      )}
      {decideViewDelegations(actor).allowed && (
        <p className="mb-2 text-sm">
          <Link href={`/tenant/delegations?env=${slug}`} className="text-brand hover:underline">
            See every environment&apos;s delegations
          </Link>
        </p>
      )}
      <DataTable
        label="Delegated Mailbox Approvers"
        rows={list.rows}
        rowKey={(h) => h.assignmentId}
        empty="Nobody holds Delegated Mailbox Approver in this environment."
        columns={delegationColumns({
          actor,
          now,
          maxDays: maxDelegationDays,
          showEnvironment: false,
          zone: await viewerTimeZone(),
        })}
      />
      {list.pageCount > 1 && (
        <Pager
          label="Delegated Mailbox Approvers pages"
          page={list.page}
          pageCount={list.pageCount}
          total={list.total}
          noun="holders"
          hrefFor={(p) => environmentHref(slug, `roles/delegated-mailbox-approver?page=${p}`)}
        />
      )}
    </>
  );
}
