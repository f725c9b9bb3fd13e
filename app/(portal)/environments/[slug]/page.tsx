import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireEnvironmentPage } from "@/lib/auth/page-access";
import { EMAIL_STATUS, EmailStatus } from "@/lib/policy/catalog";
import { decideSelfElevation } from "@/lib/policy/role-assignment";
import { getEnvironmentOverview } from "@/lib/services/settings/environments";
import { getPendingAges } from "@/lib/services/mailboxes/pending-age";
import { AddMeCommand } from "./_components/add-me-command";
import { PendingAgeChart } from "./_components/pending-age-chart";

export const metadata: Metadata = { title: "Environment · Mailgate" };

export default async function EnvironmentOverviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { actor, environment, now } = await requireEnvironmentPage((await params).slug, "overview");
  const elevation = decideSelfElevation(actor, environment.id, now);
  const db = getDb();
  const overview = getEnvironmentOverview(db, environment, now);
  const pendingAges = getPendingAges(db, environment, now);
  const statuses = [EmailStatus.PendingApproval, EmailStatus.Empty, EmailStatus.Approved, EmailStatus.Rejected];

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
          <dl className="space-y-1">
            {statuses.map((s) => (
              <Stat key={s} label={EMAIL_STATUS[s]} value={overview.mailboxesByStatus[s]} />
            ))}
            <Stat label="Inactive" value={overview.inactiveMailboxes} />
          </dl>
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
