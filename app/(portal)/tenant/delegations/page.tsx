import type { Metadata } from "next";
import { viewerTimeZone } from "@/lib/time/viewer-zone";
import Link from "@/components/ui/link";
import { getDb } from "@/db/client";
import { buttonClass } from "@/components/ui/button";
import { CommandBar } from "@/components/ui/command-bar";
import { DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { getActor } from "@/lib/auth/current-actor";
import { decideViewDelegations } from "@/lib/policy/access";
import { canManageDelegations } from "@/lib/policy/role-assignment";
import { decideChangeTenantSettings } from "@/lib/policy/tenant-admin";
import { CANDIDATE_SEARCH_MIN_LENGTH } from "@/lib/services/delegation/candidates";
import { listTenantDelegations } from "@/lib/services/delegation/delegation-list";
import { listVisibleEnvironments } from "@/lib/services/settings/environments";
import { getTenantSettings } from "@/lib/services/settings/tenant-settings";
import { delegationColumns } from "../../_components/delegation/delegation-columns";
import { DelegationFilters } from "./_components/delegation-filters";
import { delegationsHref, parseDelegationsQuery, toServiceQuery } from "./_components/delegations-query";
import { MaxLengthCommand } from "./_components/max-length-command";
import { MultiDelegateCommand } from "./_components/multi-delegate-command";

export const metadata: Metadata = { title: "Delegations · Mailgate" };

const DELEGATE_REFUSAL = "Only Global and Exchange Administrators can delegate, extend, renew or remove.";

export default async function TenantDelegationsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await getActor();
  const now = new Date();
  const decision = decideViewDelegations(actor);
  const header = (
    <PageHeader
      crumbs={[{ label: "Tenant" }, { label: "Delegations" }]}
      title="Delegations"
      description="Every Delegated Mailbox Approver assignment in every environment: who holds it, until when, whether they can approve, and whether they use it."
    />
  );
  if (!decision.allowed) {
    return (
      <>
        {header}
        <Notice tone="warning" title="You cannot see the tenant's delegations">
          {decision.message}
        </Notice>
      </>
    );
  }

  const db = getDb();
  const view = parseDelegationsQuery(await searchParams);
  const environments = await listVisibleEnvironments(db, actor, now);
  // An unknown environment in the address matches nothing rather than everything.
  const environmentId = view.env ? (environments.find((e) => e.slug === view.env)?.id ?? 0) : null;
  const list = (await listTenantDelegations(db, actor, toServiceQuery(view, environmentId), now))!;
  const settings = await getTenantSettings(db);
  const settingsDecision = decideChangeTenantSettings(actor);

  return (
    <>
      {header}
      <CommandBar label="Delegation commands">
        <MultiDelegateCommand
          environments={environments.map(({ id, name }) => ({ id, name }))}
          refusal={canManageDelegations(actor) ? null : DELEGATE_REFUSAL}
          maxDays={settings.maxDelegationDays}
          searchMinLength={CANDIDATE_SEARCH_MIN_LENGTH}
        />
        <MaxLengthCommand
          maxDays={settings.maxDelegationDays}
          version={settings.version}
          refusal={settingsDecision.allowed ? null : settingsDecision.message}
        />
        <Link href={delegationsHref(view, "/tenant/delegations/export")} className={buttonClass("subtle")}>
          Export CSV
        </Link>
      </CommandBar>
      <p className="mb-3 text-sm text-muted" data-testid="max-delegation-length">
        Maximum delegation length: {settings.maxDelegationDays === null ? "none" : `${settings.maxDelegationDays} days`}
        .
      </p>
      <DelegationFilters view={view} environments={environments.map(({ slug, name }) => ({ slug, name }))} />
      <DataTable
        label="Delegations"
        rows={list.rows}
        rowKey={(r) => r.assignmentId}
        empty="No delegation matches these filters."
        columns={delegationColumns({
          actor,
          now,
          maxDays: settings.maxDelegationDays,
          showEnvironment: true,
          zone: await viewerTimeZone(),
        })}
      />
      <Pager
        label="Delegations pages"
        page={list.page}
        pageCount={list.pageCount}
        total={list.total}
        noun={list.total === 1 ? "delegation" : "delegations"}
        hrefFor={(page) => delegationsHref(view, "/tenant/delegations", { page })}
      />
    </>
  );
}
