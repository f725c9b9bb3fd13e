import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { ActivityList } from "@/components/activity-list";
import { EmailStatusBadge, TestStatusBadge } from "@/components/mailbox-status";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { getActor } from "@/lib/auth/current-actor";
import { Time } from "@/components/time";
import { decideEditMailbox } from "@/lib/policy/approval";
import { decideRunTestAndEnable, requiresApproval } from "@/lib/policy/test-and-enable";
import { ACT_METHOD, EmailStatus, INCOMING_METHOD, OUTGOING_METHOD } from "@/lib/policy/catalog";
import { listTargetEvents } from "@/lib/services/audit/queries";
import { ALERT_LEVEL_LABELS } from "@/lib/policy/test-and-enable";
import { explainApproval } from "@/lib/services/mailboxes/approval-explainer";
import { findVisibleMailbox, listMailboxAlerts, mailboxFacts } from "@/lib/services/mailboxes/details";
import { getProcessingSettings } from "@/lib/services/settings/email-settings";
import { environmentHref } from "../../../../_components/environment-pages";
import { ApprovalOffNotice } from "../_components/approval-off-notice";
import { AddressForm } from "./_components/address-form";
import { ApprovalExplainer } from "./_components/approval-explainer";
import { MailboxCommands } from "./_components/mailbox-commands";

export const metadata: Metadata = { title: "Mailbox · Mailgate" };

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex justify-between gap-4 py-0.5">
      <dt className="text-muted">{label}</dt>
      <dd className="min-w-0 text-right [overflow-wrap:anywhere]">{children}</dd>
    </div>
  );
}

export default async function MailboxPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; id: string }>;
  searchParams: Promise<{ tab?: string }>;
}) {
  const [{ slug, id }, { tab }] = await Promise.all([params, searchParams]);
  const actor = await getActor();
  const now = new Date();
  const db = getDb();
  const found = Number.isInteger(Number(id)) ? await findVisibleMailbox(db, actor, slug, Number(id), now) : null;
  if (!found) notFound();
  const { environment, mailbox } = found;

  const facts = mailboxFacts(mailbox);
  const { approve, reject, approvers, ownerCanSelfApprove } = await explainApproval(
    db,
    actor,
    environment,
    mailbox,
    now,
  );
  const edit = decideEditMailbox(actor, facts, now);
  const commands = decideRunTestAndEnable(actor, facts, now);
  const canSeeGrid = environment.access.pages.has("mailboxes");
  const isApprovalRequired = requiresApproval(mailbox.regardingType, await getProcessingSettings(db, environment));
  const history = await listTargetEvents(db, actor, now, {
    environmentId: environment.id,
    targetType: "mailbox",
    targetId: mailbox.id,
  });
  const showHistory = history !== null;
  const activeTab = tab === "history" && showHistory ? "history" : "alerts";

  return (
    <>
      <PageHeader
        crumbs={[
          { label: "Environments", href: "/" },
          { label: environment.name, href: canSeeGrid ? environmentHref(slug) : undefined },
          { label: "Mailboxes", href: canSeeGrid ? environmentHref(slug, "mailboxes") : "/my-mailbox" },
          { label: mailbox.name },
        ]}
        title={mailbox.name}
        description={mailbox.emailAddress}
      />
      {!isApprovalRequired && (
        <ApprovalOffNotice
          slug={slug}
          kinds={[mailbox.regardingType]}
          canOpenSettings={environment.access.pages.has("email-settings")}
          isMailboxPage
        />
      )}
      {isApprovalRequired && mailbox.emailStatus !== EmailStatus.Approved && (
        <div className="mb-3">
          <Notice tone="warning" title="Email address not approved">
            Mail, appointments, contacts and tasks for this mailbox will not be processed until its email address is
            approved.
            {mailbox.emailStatus === 3 && mailbox.rejectionReason && ` It was rejected: ${mailbox.rejectionReason}`}
          </Notice>
        </div>
      )}
      <MailboxCommands
        slug={slug}
        environmentId={environment.id}
        mailboxId={mailbox.id}
        version={mailbox.version}
        isActive={mailbox.isActive}
        approveRefusal={approve.allowed ? null : approve.message}
        rejectRefusal={reject.allowed ? null : reject.message}
        editRefusal={commands.allowed ? null : commands.message}
      />
      <div className="grid gap-4 xl:grid-cols-3">
        <div className="grid gap-4 md:grid-cols-2 xl:col-span-2">
          <Card title="General">
            <AddressForm
              slug={slug}
              environmentId={environment.id}
              mailboxId={mailbox.id}
              version={mailbox.version}
              emailAddress={mailbox.emailAddress}
              refusal={edit.allowed ? null : edit.message}
            />
            <dl className="mt-3 text-sm">
              <Row label="Owner">{mailbox.ownerName ?? "—"}</Row>
              <Row label="Regarding">
                {mailbox.regardingType === "queue" ? "Queue" : "User"}: {mailbox.regardingName ?? "—"}
              </Row>
              <Row label="State">{mailbox.isActive ? "Active" : "Inactive"}</Row>
            </dl>
          </Card>
          <Card title="Approval">
            <dl className="text-sm">
              <Row label="Email address status">
                <EmailStatusBadge status={mailbox.emailStatus} />
              </Row>
              {mailbox.pendingSince && (
                <Row label="Pending since">
                  <Time value={mailbox.pendingSince} />
                </Row>
              )}
              {mailbox.emailStatus === 3 && mailbox.rejectionReason && (
                <Row label="Rejection reason">
                  <span className="whitespace-pre-wrap" data-testid="rejection-reason">
                    {mailbox.rejectionReason}
                  </span>
                </Row>
              )}
              <Row label="Approved by">{mailbox.approvedByName ?? "—"}</Row>
              <Row label="Approved on">
                <Time value={mailbox.approvedOn} />
              </Row>
              <Row label="Approved by tenant-admin rule">{mailbox.isApprovedByTenantAdmin ? "Yes" : "No"}</Row>
              <Row label="Test & Enable last attempted by">{mailbox.testLastAttemptedByName ?? "—"}</Row>
              <Row label="Test & Enable last attempted on">
                <Time value={mailbox.testLastAttemptedOn} />
              </Row>
            </dl>
          </Card>
          <Card title="Synchronization method">
            <dl className="text-sm">
              <Row label="Server profile">{mailbox.profileName ?? "—"}</Row>
              <Row label="Incoming email">{INCOMING_METHOD[mailbox.incomingMethod]}</Row>
              <Row label="Outgoing email">{OUTGOING_METHOD[mailbox.outgoingMethod]}</Row>
              <Row label="Appointments, contacts and tasks">{ACT_METHOD[mailbox.actMethod]}</Row>
            </dl>
          </Card>
          <Card title="Configuration test results">
            <dl className="text-sm">
              <Row label="Incoming email status">
                <TestStatusBadge status={mailbox.incomingStatus} />
              </Row>
              <Row label="Outgoing email status">
                <TestStatusBadge status={mailbox.outgoingStatus} />
              </Row>
              <Row label="Appointments, contacts and tasks status">
                <TestStatusBadge status={mailbox.actStatus} />
              </Row>
              <Row label="Mailbox test completed on">
                <Time value={mailbox.testCompletedOn} />
              </Row>
            </dl>
          </Card>
        </div>
        <ApprovalExplainer
          decision={approve}
          approvers={approvers}
          ownerCanSelfApprove={ownerCanSelfApprove}
          isQueue={mailbox.regardingType === "queue"}
        />
      </div>
      <nav aria-label="Mailbox tabs" className="mt-6 mb-2 flex flex-wrap gap-1">
        <Link
          href="?tab=alerts"
          aria-current={activeTab === "alerts" ? "page" : undefined}
          className={`rounded-control px-3 py-1.5 text-sm font-semibold ${activeTab === "alerts" ? "bg-brand text-brand-fg" : "bg-surface"}`}
        >
          Alerts
        </Link>
        {showHistory && (
          <Link
            href="?tab=history"
            aria-current={activeTab === "history" ? "page" : undefined}
            className={`rounded-control px-3 py-1.5 text-sm font-semibold ${activeTab === "history" ? "bg-brand text-brand-fg" : "bg-surface"}`}
          >
            History
          </Link>
        )}
      </nav>
      {activeTab === "alerts" ? (
        <DataTable
          label="Alerts"
          rows={await listMailboxAlerts(db, mailbox)}
          rowKey={(a) => a.id}
          empty="No alerts."
          columns={[
            { header: "Level", cell: (a) => ALERT_LEVEL_LABELS[a.level] },
            { header: "Code", cell: (a) => a.code },
            { header: "Text", cell: (a) => a.text },
            { header: "First logged", cell: (a) => <Time value={a.createdOn} /> },
            { header: "Last logged", cell: (a) => <Time value={a.lastLoggedOn} /> },
          ]}
        />
      ) : (
        <ActivityList label="History" events={history ?? []} />
      )}
    </>
  );
}
