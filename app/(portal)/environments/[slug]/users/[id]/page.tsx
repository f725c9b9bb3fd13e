import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { EmailStatusBadge } from "@/components/mailbox-status";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { requireEnvironmentPage } from "@/lib/auth/page-access";
import { Time } from "@/components/time";
import { formatDateTime } from "@/lib/format";
import { viewerTimeZone } from "@/lib/time/viewer-zone";
import { SYSTEM_ROLES } from "@/lib/policy/catalog";
import { decideChangeTerms } from "@/lib/policy/delegation";
import { getTenantSettings } from "@/lib/services/settings/tenant-settings";
import { listTargetEvents } from "@/lib/services/audit/queries";
import { getEnvironmentUserDetail } from "@/lib/services/directory/environment-users";
import { ActivityList } from "@/components/activity-list";
import { TermsCommand } from "../../../../_components/delegation/terms-command";
import { environmentHref } from "../../../../_components/environment-pages";

const DMA = SYSTEM_ROLES.find((r) => r.key === "delegated_mailbox_approver")!;

export const metadata: Metadata = { title: "User · Mailgate" };

export default async function EnvironmentUserPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { actor, environment, now } = await requireEnvironmentPage(slug, "users");
  const zone = await viewerTimeZone();
  const db = getDb();
  const user = Number.isInteger(Number(id)) ? await getEnvironmentUserDetail(db, environment, Number(id), now) : null;
  if (!user) notFound();
  const events = await listTargetEvents(db, actor, now, {
    environmentId: environment.id,
    targetType: "environmentUser",
    targetId: user.id,
  });

  const maxDays = (await getTenantSettings(db)).maxDelegationDays;
  const roles = [
    ...user.direct.map((r) => {
      const { isExpired } = r;
      const isDma = r.key === "delegated_mailbox_approver";
      const change = decideChangeTerms(
        actor,
        {
          environmentId: environment.id,
          role: DMA,
          isTargetEnabled: user.isEnabled,
          change: isExpired ? "renew" : "extend",
        },
        now,
      );
      return {
        command: isDma ? (
          <TermsCommand
            target={{
              assignmentId: r.assignmentId,
              slug,
              holder: user.fullName,
              environmentName: environment.name,
              endsAt: r.endsAt?.toISOString() ?? null,
              endsAtText: r.endsAt ? formatDateTime(r.endsAt, zone) : null,
              isExpired,
            }}
            maxDays={maxDays}
            refusal={change.allowed ? null : change.message}
          />
        ) : null,
        key: `d${r.roleId}`,
        name: r.name,
        source: "Direct",
        state: isExpired
          ? "Expired — grants nothing"
          : r.endsAt
            ? `Active until ${formatDateTime(r.endsAt, zone)}`
            : "Active",
        isExpired,
        assigned: (
          <>
            <Time value={r.assignedAt} />
            {r.assignedBy ? ` by ${r.assignedBy}` : ""}
          </>
        ),
        justification: r.justification,
      };
    }),
    ...user.viaTeams.map((r) => ({
      key: `t${r.roleId}-${r.teamName}`,
      name: r.name,
      source: `Through team ${r.teamName}`,
      state: "Active",
      isExpired: false,
      assigned: "—",
      justification: null,
      command: null,
    })),
  ];

  return (
    <>
      <PageHeader
        crumbs={[
          { label: "Environments", href: "/" },
          { label: environment.name, href: environmentHref(slug) },
          { label: "Users", href: environmentHref(slug, "users") },
          { label: user.fullName },
        ]}
        title={user.fullName}
        description={user.email}
      />
      <div className="mb-4 grid grid-cols-3 gap-4">
        <Card title="Account">
          <dl className="space-y-1 text-sm">
            <div className="flex justify-between">
              <dt className="text-muted">Sign-in name</dt>
              <dd>{user.upn}</dd>
            </div>
            <div className="flex justify-between">
              <dt className="text-muted">Status</dt>
              <dd>
                <Badge tone={user.isEnabled ? "success" : "neutral"}>{user.isEnabled ? "Enabled" : "Disabled"}</Badge>
              </dd>
            </div>
          </dl>
        </Card>
        <Card title="Mailbox">
          {user.mailbox ? (
            <dl className="space-y-1 text-sm">
              <div className="flex justify-between">
                <dt className="text-muted">Address</dt>
                <dd>
                  <Link
                    className="text-brand hover:underline"
                    href={environmentHref(slug, `mailboxes/${user.mailbox.id}`)}
                  >
                    {user.mailbox.emailAddress}
                  </Link>
                </dd>
              </div>
              <div className="flex justify-between">
                <dt className="text-muted">Email address status</dt>
                <dd>
                  <EmailStatusBadge status={user.mailbox.emailStatus} />
                </dd>
              </div>
            </dl>
          ) : (
            <p className="text-muted">No mailbox.</p>
          )}
        </Card>
        <Card title="Teams">
          {user.teams.length === 0 ? (
            <p className="text-muted">Not in any team.</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {user.teams.map((t) => (
                <li key={t.id}>
                  <Link className="text-brand hover:underline" href={environmentHref(slug, `teams/${t.id}`)}>
                    {t.name}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <h2 className="mb-2 text-lg font-semibold">Security roles</h2>
      <DataTable
        label="Security roles of this user"
        rows={roles}
        rowKey={(r) => r.key}
        empty="No security roles."
        columns={[
          { header: "Role", cell: (r) => r.name },
          { header: "Source", cell: (r) => r.source },
          { header: "State", cell: (r) => <Badge tone={r.isExpired ? "danger" : "success"}>{r.state}</Badge> },
          { header: "Assigned on", cell: (r) => r.assigned },
          { header: "Justification", cell: (r) => r.justification ?? "—" },
          { header: "Actions", cell: (r) => r.command },
        ]}
      />
      {events && (
        <>
          <h2 className="mt-6 mb-2 text-lg font-semibold">Activity</h2>
          <ActivityList label="Activity" events={events} />
        </>
      )}
    </>
  );
}
