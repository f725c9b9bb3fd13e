import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { requireEnvironmentPage } from "@/lib/auth/page-access";
import { DEPTH_LABELS, PRIVILEGES } from "@/lib/policy/catalog";
import { getSecurityRole, type RoleDetail, type RoleUser } from "@/lib/services/directory/security-roles";
import { environmentHref } from "../../../../_components/environment-pages";
import { roleHref } from "../_components/role-links";

export const metadata: Metadata = { title: "Security role · Mailgate" };

type PrivilegeRow = RoleDetail["privileges"][number];
type TeamRow = RoleDetail["teams"][number];

export default async function SecurityRolePage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { environment, now } = await requireEnvironmentPage(slug, "roles");
  const role = /^\d{1,12}$/.test(id) ? await getSecurityRole(getDb(), environment, Number(id), now) : null;
  if (!role) notFound();
  const href = (path: string) => environmentHref(environment.slug, path);

  const privilegeColumns: Column<PrivilegeRow>[] = [
    { header: "Privilege", cell: (p) => PRIVILEGES[p.privilege] ?? p.privilege },
    { header: "Depth", cell: (p) => DEPTH_LABELS[p.depth] },
  ];
  const userColumns: Column<RoleUser>[] = [
    {
      header: "Name",
      cell: (u) => (
        <Link href={href(`users/${u.environmentUserId}`)} className="text-brand hover:underline">
          {u.fullName}
        </Link>
      ),
    },
    { header: "Email", cell: (u) => u.email },
    {
      header: "Status",
      cell: (u) => (u.isExpired ? <Badge tone="danger">Expired</Badge> : <Badge tone="success">Active</Badge>),
    },
  ];
  const teamColumns: Column<TeamRow>[] = [
    {
      header: "Name",
      cell: (t) => (
        <Link href={href(`teams/${t.id}`)} className="text-brand hover:underline">
          {t.name}
        </Link>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        crumbs={[
          { label: "Environments", href: "/" },
          { label: environment.name, href: href("") },
          { label: "Security roles", href: href("roles") },
          { label: role.name },
        ]}
        title={role.name}
        description={`${role.isCustom ? "Custom" : "System"} role · ${role.isAssignable ? "assignable to users and teams" : "cannot be assigned"}`}
      />
      <div className="space-y-4">
        {role.key === "delegated_mailbox_approver" && (
          <Notice tone="info" title="Delegations">
            Delegations of this role are managed on{" "}
            <Link href={roleHref(environment.slug, role)} className="font-semibold underline">
              the Delegated Mailbox Approver page
            </Link>
            .
          </Notice>
        )}
        <Card title="Description">
          <p className={role.description ? undefined : "text-muted"}>{role.description || "No description."}</p>
        </Card>
        <section className="space-y-2">
          <h2 className="text-base font-semibold">Privileges</h2>
          <DataTable
            label="Privileges"
            columns={privilegeColumns}
            rows={role.privileges}
            rowKey={(p) => p.privilege}
            empty="This role carries no privileges."
          />
        </section>
        <section className="space-y-2">
          <h2 className="text-base font-semibold">Users who hold it directly</h2>
          <DataTable
            label="Users who hold this role"
            columns={userColumns}
            rows={role.users}
            rowKey={(u) => u.environmentUserId}
            empty="No user holds this role directly."
          />
        </section>
        <section className="space-y-2">
          <h2 className="text-base font-semibold">Teams that hold it</h2>
          <DataTable
            label="Teams that hold this role"
            columns={teamColumns}
            rows={role.teams}
            rowKey={(t) => t.id}
            empty="No team holds this role."
          />
        </section>
      </div>
    </>
  );
}
