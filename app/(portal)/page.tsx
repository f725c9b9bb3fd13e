import Link from "next/link";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { Badge } from "@/components/ui/badge";
import { getActor } from "@/lib/auth/current-actor";
import { listVisibleEnvironments, type VisibleEnvironment } from "@/lib/services/settings/environments";
import { environmentHref } from "./_components/environment-pages";

const BASIS_LABELS: Record<VisibleEnvironment["access"]["basis"], string> = {
  "tenant-admin": "Tenant admin",
  "exchange-admin": "Exchange admin (read)",
  "system-administrator": "System Administrator",
  "system-customizer": "System Customizer (read)",
  member: "Member",
  none: "—",
};

export default async function HomePage() {
  const actor = await getActor();
  const environments = listVisibleEnvironments(getDb(), actor, new Date()).filter((e) =>
    e.access.pages.has("overview"),
  );
  // People with nothing to administer land on their own mailbox.
  if (environments.length === 0 && actor.memberships.length > 0) redirect("/my-mailbox");

  return (
    <>
      <PageHeader
        crumbs={[{ label: "Home" }]}
        title="Environments"
        description="Environments you can administer or read in this tenant."
      />
      <DataTable
        label="Environments"
        rows={environments}
        rowKey={(e) => e.id}
        empty="You do not have access to any environment. A Global Administrator can add you to one."
        columns={[
          {
            header: "Name",
            cell: (e) => (
              <Link href={environmentHref(e.slug)} className="font-semibold text-brand hover:underline">
                {e.name}
              </Link>
            ),
          },
          { header: "Type", cell: (e) => <Badge tone={e.type === "Production" ? "info" : "neutral"}>{e.type}</Badge> },
          { header: "Your access", cell: (e) => BASIS_LABELS[e.access.basis] },
        ]}
      />
    </>
  );
}
