import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { getDb } from "@/db/client";
import { DataTable, type Column } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { requireEnvironmentPage } from "@/lib/auth/page-access";
import { listTeams, type TeamListRow } from "@/lib/services/directory/teams";
import { environmentHref } from "../../../_components/environment-pages";
import { TEAM_TYPE_LABELS } from "./_components/team-type";

export const metadata: Metadata = { title: "Teams · Mailgate" };

export default async function TeamsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { environment } = await requireEnvironmentPage((await params).slug, "teams");
  const rows = await listTeams(getDb(), environment);
  const columns: Column<TeamListRow>[] = [
    {
      header: "Name",
      cell: (t) => (
        <Link
          href={environmentHref(environment.slug, `teams/${t.id}`)}
          className="font-semibold text-brand hover:underline"
        >
          {t.name}
        </Link>
      ),
    },
    { header: "Type", cell: (t) => TEAM_TYPE_LABELS[t.type] },
    { header: "Members", cell: (t) => t.memberCount, className: "tabular-nums" },
    {
      header: "Security roles",
      cell: (t) => (t.roleNames.length ? t.roleNames.join(", ") : <span className="text-muted">None</span>),
    },
  ];

  return (
    <>
      <PageHeader
        crumbs={[
          { label: "Environments", href: "/" },
          { label: environment.name, href: environmentHref(environment.slug) },
          { label: "Teams" },
        ]}
        title="Teams"
        description="Everyone on a team holds the team's security roles in this environment."
      />
      <DataTable
        label="Teams"
        columns={columns}
        rows={rows}
        rowKey={(t) => t.id}
        empty="This environment has no teams."
      />
    </>
  );
}
