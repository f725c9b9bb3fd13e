import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { getDb } from "@/db/client";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireEnvironmentPage } from "@/lib/auth/page-access";
import { EmailStatus } from "@/lib/policy/catalog";
import { decideRoleAssignment, decideSelfElevation } from "@/lib/policy/role-assignment";
import { loadEnvironmentRoles } from "@/lib/services/delegation/role-facts";
import { getEnvironmentOverview } from "@/lib/services/settings/environments";
import { getPendingAges } from "@/lib/services/mailboxes/pending-age";
import { environmentHref } from "../../_components/environment-pages";
import { AddMeCommand } from "./_components/add-me-command";
import { PendingAgeChart } from "./_components/pending-age-chart";

export const metadata: Metadata = { title: "Environment · Mailgate" };

export default async function EnvironmentOverviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { actor, environment, now } = await requireEnvironmentPage((await params).slug, "overview");
  const elevation = decideSelfElevation(actor, environment.id, now);
  const db = getDb();
  const overview = await getEnvironmentOverview(db, environment, now);
  const pendingAges = await getPendingAges(db, environment, now);
  const byStatus = overview.mailboxesByStatus;
  const slug = environment.slug;
  // Each count opens the grid's view that holds exactly those mailboxes (Pending approval includes Empty).
  const mailboxViews = [
    {
      label: "Pending approval",
      view: "pending",
      n: byStatus[EmailStatus.PendingApproval] + byStatus[EmailStatus.Empty],
    },
    { label: "Approved", view: "approved", n: byStatus[EmailStatus.Approved] },
    { label: "Rejected", view: "rejected", n: byStatus[EmailStatus.Rejected] },
    { label: "Inactive", view: "inactive", n: overview.inactiveMailboxes },
  ];
  const dma = (await loadEnvironmentRoles(db, environment.id)).find((r) => r.key === "delegated_mailbox_approver");
  const canDelegate =
    dma !== undefined &&
    decideRoleAssignment(
      actor,
      { environmentId: environment.id, role: dma, target: { kind: "user", isEnabled: true }, operation: "assign" },
      now,
    ).allowed;
  const dmaPage = environmentHref(slug, "roles/delegated-mailbox-approver");

  return (
    <>
      <PageHeader
        crumbs={[{ label: "Environments", href: "/" }, { label: environment.name }]}
        title={environment.name}
        description={`${environment.type} environment`}
      />
      <AddMeCommand
        environmentId={environment.id}
        slug={environment.slug}
        refusal={
          elevation.allowed ? null : { code: elevation.code, reason: elevation.reason, message: elevation.message }
        }
      />
      <div className="grid grid-cols-3 gap-4">
        <Card title="Users">
          <dl className="space-y-1">
            <Stat label="Enabled" value={overview.enabledUsers} />
            <Stat label="Disabled" value={overview.disabledUsers} />
          </dl>
        </Card>
        <Card title="Mailboxes by email address status">
          <ul className="space-y-1">
            {mailboxViews.map((v) => (
              <li key={v.view}>
                <Link
                  href={environmentHref(slug, `mailboxes?view=${v.view}`)}
                  className="flex justify-between rounded-control text-brand underline-offset-2 hover:underline"
                >
                  <span>{v.label}</span> <span className="font-semibold tabular-nums">{v.n}</span>
                </Link>
              </li>
            ))}
          </ul>
        </Card>
        <Card title="Pending approval by age">
          <PendingAgeChart slug={environment.slug} ages={pendingAges} now={now} />
        </Card>
        <Card title="Delegated Mailbox Approvers">
          {overview.dmaHolders.length === 0 ? (
            <p className="text-muted">
              Nobody holds the role here. A Global or Exchange Administrator can delegate it.
            </p>
          ) : (
            <ul className="space-y-1">
              {overview.dmaHolders.map((h) => (
                <li key={h.email} className="flex items-center justify-between gap-2">
                  <span>{h.name}</span>
                  <Badge tone={h.isExpired ? "danger" : "success"}>{h.isExpired ? "Expired" : "Active"}</Badge>
                </li>
              ))}
            </ul>
          )}
          <div className="mt-3 flex gap-3 text-sm">
            <Link href={dmaPage} className="font-semibold text-brand underline">
              See delegations
            </Link>
            {canDelegate && (
              <Link href={`${dmaPage}?delegate=1`} className="font-semibold text-brand underline">
                Delegate
              </Link>
            )}
          </div>
        </Card>
      </div>
    </>
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div className="flex justify-between">
      <dt className="text-muted">{label}</dt>
      <dd className="font-semibold tabular-nums">{value}</dd>
    </div>
  );
}
