import Link from "@/components/ui/link";
import { Badge } from "@/components/ui/badge";
import type { Column } from "@/components/ui/data-table";
import { Time } from "@/components/time";
import { formatDateTime } from "@/lib/format";
import type { Actor } from "@/lib/policy/actor";
import { SYSTEM_ROLES } from "@/lib/policy/catalog";
import { decideChangeTerms } from "@/lib/policy/delegation";
import { decideRoleAssignment, type RoleFacts } from "@/lib/policy/role-assignment";
import type { DelegationRow } from "@/lib/services/delegation/delegation-list";
import { environmentHref } from "../environment-pages";
import { RemoveDelegation } from "./remove-delegation";
import { TermsCommand } from "./terms-command";

const DMA: RoleFacts = SYSTEM_ROLES.find((r) => r.key === "delegated_mailbox_approver")!;

/** Why a holder cannot approve, in a few words; the rule's full sentence is the badge's title. */
const SHORT: Record<string, string> = {
  NO_APPROVE_PRIVILEGE: "needs System Administrator",
  NOT_SYSTEM_ADMIN: "needs System Administrator",
  DMA_EXPIRED: "expired",
  USER_DISABLED: "disabled",
  NOT_IN_ENVIRONMENT: "not a user",
};

export function CanApproveBadge({ row }: { row: Pick<DelegationRow, "canApprove"> }) {
  if (row.canApprove.allowed) return <Badge tone="success">Yes</Badge>;
  return (
    <span title={row.canApprove.message}>
      <Badge tone="warning">No — {SHORT[row.canApprove.reason ?? ""] ?? "cannot approve"}</Badge>
    </span>
  );
}

/**
 * The delegation list's columns, shared by an environment's role page and the tenant's
 * delegations page. Every command's state comes from the policy, row by row.
 */
export function delegationColumns(options: {
  actor: Actor;
  now: Date;
  maxDays: number | null;
  showEnvironment: boolean;
  /** The viewer's time zone. */
  zone: string;
}): Column<DelegationRow>[] {
  const { actor, now, maxDays, zone } = options;
  const columns: Column<DelegationRow>[] = [
    {
      header: "Holder",
      cell: (r) => (
        <>
          <Link
            className="font-semibold text-brand hover:underline"
            href={environmentHref(r.environmentSlug, `users/${r.environmentUserId}`)}
          >
            {r.name}
          </Link>
          <span className="block text-xs text-muted">{r.email}</span>
        </>
      ),
    },
    {
      header: "Environment",
      cell: (r) => (
        <Link
          className="text-brand hover:underline"
          href={environmentHref(r.environmentSlug, "roles/delegated-mailbox-approver")}
        >
          {r.environmentName}
        </Link>
      ),
    },
    { header: "Can approve", cell: (r) => <CanApproveBadge row={r} /> },
    {
      header: "System Administrator",
      cell: (r) => (r.isSystemAdministrator ? "Yes" : "No"),
    },
    {
      header: "Assigned on",
      cell: (r) => (
        <>
          <Time value={r.assignedAt} />
          {r.assignedBy && <span className="block text-xs text-muted">by {r.assignedBy}</span>}
          {r.renewedAt && (
            <span className="block text-xs text-muted">
              renewed <Time value={r.renewedAt} />
              {r.renewedBy && ` by ${r.renewedBy}`}
            </span>
          )}
        </>
      ),
    },
    { header: "End date", cell: (r) => <Time value={r.endsAt} empty="No end date" /> },
    { header: "Justification", cell: (r) => r.justification ?? "—" },
    {
      header: "State",
      cell: (r) => (
        <Badge tone={r.state === "expired" ? "danger" : "success"}>
          {r.state === "expired" ? "Expired" : "Active"}
        </Badge>
      ),
    },
    {
      header: "Last approval",
      cell: (r) => (r.lastApprovalAt ? <Time value={r.lastApprovalAt} /> : <span className="text-muted">Never</span>),
    },
    { header: "Approvals (90 days)", cell: (r) => r.recentApprovals, className: "text-right" },
    {
      header: "Actions",
      cell: (r) => {
        const change = decideChangeTerms(
          actor,
          {
            environmentId: r.environmentId,
            role: DMA,
            isTargetEnabled: r.isEnabled,
            change: r.state === "expired" ? "renew" : "extend",
          },
          now,
        );
        const remove = decideRoleAssignment(
          actor,
          {
            environmentId: r.environmentId,
            role: DMA,
            target: { kind: "user", isEnabled: r.isEnabled },
            operation: "remove",
          },
          now,
        );
        return (
          <div className="flex flex-wrap items-start gap-1">
            <TermsCommand
              target={{
                assignmentId: r.assignmentId,
                slug: r.environmentSlug,
                holder: r.name,
                environmentName: r.environmentName,
                endsAt: r.endsAt?.toISOString() ?? null,
                endsAtText: r.endsAt ? formatDateTime(r.endsAt, zone) : null,
                isExpired: r.state === "expired",
              }}
              maxDays={maxDays}
              refusal={change.allowed ? null : change.message}
            />
            <RemoveDelegation
              environmentId={r.environmentId}
              slug={r.environmentSlug}
              environmentUserId={r.environmentUserId}
              roleId={r.roleId}
              holder={r.name}
              refusal={remove.allowed ? null : remove.message}
            />
          </div>
        );
      },
    },
  ];
  return options.showEnvironment ? columns : columns.filter((c) => c.header !== "Environment");
}
