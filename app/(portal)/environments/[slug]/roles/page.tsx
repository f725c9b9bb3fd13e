import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { getDb } from "@/db/client";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { CommandBar } from "@/components/ui/command-bar";
import { DataTable, type Column } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { requireEnvironmentPage } from "@/lib/auth/page-access";
import { decideCreateRole } from "@/lib/policy/environment-admin";
import { listSecurityRoles, type RoleListRow } from "@/lib/services/directory/security-roles";
import { environmentHref } from "../../../_components/environment-pages";
import { roleHref } from "./_components/role-links";

export const metadata: Metadata = { title: "Security roles · Mailgate" };

const NEW_ROLE_NOTE_ID = "new-role-note";

export default async function SecurityRolesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { actor, environment, now } = await requireEnvironmentPage((await params).slug, "roles");
  const rows = await listSecurityRoles(getDb(), environment);
  const canCreate = decideCreateRole(actor, environment.id, now);
  const columns: Column<RoleListRow>[] = [
    {
      header: "Name",
      cell: (r) => (
        <Link href={roleHref(environment.slug, r)} className="font-semibold text-brand hover:underline">
          {r.name}
        </Link>
      ),
    },
    {
      header: "Type",
      cell: (r) => <Badge tone={r.isCustom ? "info" : "neutral"}>{r.isCustom ? "Custom" : "System"}</Badge>,
    },
    { header: "Assignable", cell: (r) => (r.isAssignable ? "Yes" : "No") },
    { header: "Members", cell: (r) => r.memberCount, className: "tabular-nums" },
  ];

  return (
    <>
      <PageHeader
        crumbs={[
          { label: "Environments", href: "/" },
          { label: environment.name, href: environmentHref(environment.slug) },
          { label: "Security roles" },
        ]}
        title="Security roles"
        description="Members counts the users who hold a role directly and the teams that hold it."
      />
      <CommandBar label="Security role commands">
        {canCreate.allowed ? (
          <Link href={environmentHref(environment.slug, "roles/new")} className={buttonClass("primary")}>
            New role
          </Link>
        ) : (
          <Button disabled title={canCreate.message} aria-describedby={NEW_ROLE_NOTE_ID}>
            New role
          </Button>
        )}
      </CommandBar>
      {!canCreate.allowed && (
        <p id={NEW_ROLE_NOTE_ID} className="mb-3 text-sm text-muted">
          <span className="font-semibold text-ink">New role:</span> {canCreate.message}{" "}
          <span className="font-mono text-xs">
            (Error {canCreate.code} · Reason {canCreate.reason})
          </span>
        </p>
      )}
      <DataTable
        label="Security roles"
        columns={columns}
        rows={rows}
        rowKey={(r) => r.id}
        empty="This environment has no security roles."
      />
    </>
  );
}
