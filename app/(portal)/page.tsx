import Link from "@/components/ui/link";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { Badge } from "@/components/ui/badge";
import { Notice } from "@/components/ui/notice";
import { getActor } from "@/lib/auth/current-actor";
import { ssoSettings } from "@/lib/auth/sso-config";
import { shouldWarnNoBreakGlass } from "@/lib/policy/break-glass";
import { countUsableBreakGlass } from "@/lib/services/directory/break-glass";
import { listVisibleEnvironments, type VisibleEnvironment } from "@/lib/services/settings/environments";
import { environmentHref } from "./_components/environment-pages";

const BASIS_LABELS: Record<VisibleEnvironment["access"]["basis"], string> = {
  "tenant-admin": "Tenant admin",
  "exchange-admin": "Exchange Administrator: delegates mailbox approval; approves mailboxes as System Administrator",
  "system-administrator": "System Administrator",
  "system-customizer": "System Customizer (read)",
  member: "Member",
  none: "—",
};

export default async function HomePage() {
  const actor = await getActor();
  const environments = (await listVisibleEnvironments(getDb(), actor, new Date())).filter((e) =>
    e.access.pages.has("overview"),
  );
  // People with nothing to administer land on their own mailbox.
  if (environments.length === 0 && actor.memberships.length > 0) redirect("/my-mailbox");
  const isSsoOn = ssoSettings().config !== null;
  const warnNoBreakGlass =
    isSsoOn && shouldWarnNoBreakGlass(actor, { isSsoOn, usableBreakGlass: await countUsableBreakGlass(getDb()) });

  return (
    <>
      <PageHeader
        crumbs={[{ label: "Home" }]}
        title="Environments"
        description="Environments you can administer or read in this tenant."
      />
      {warnNoBreakGlass && (
        <div className="mb-4">
          <Notice tone="warning" title="No break-glass account">
            Single sign-on is on and no Global Administrator is marked break-glass. If the identity provider is
            unavailable, or local sign-in is turned off, nobody could sign in to fix it. Open a Global Administrator
            with a portal password under <Link href="/tenant/users">Tenant users</Link> and choose Mark as break-glass.
          </Notice>
        </div>
      )}
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
