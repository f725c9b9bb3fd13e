import type { Condition } from "@/lib/policy/decision";
import { approvalPathLabel, type ApprovalDecision, type ApprovalPath } from "@/lib/policy/approval";

type Props = {
  decision: ApprovalDecision;
  approvers: { name: string; email: string; via: string }[];
  ownerCanSelfApprove: { name: string } | null;
  isQueue: boolean;
};

function Conditions({ conditions }: { conditions: Condition[] }) {
  return (
    <ul className="space-y-0.5">
      {conditions.map((c) => (
        <li key={c.id} className={c.held ? "text-success" : "text-danger"}>
          <span aria-hidden="true">{c.held ? "✓" : "✗"}</span>{" "}
          <span className="sr-only">{c.held ? "met:" : "not met:"}</span> {c.label}
        </li>
      ))}
    </ul>
  );
}

/** "Why can't I approve this?": each condition of DOMAIN §3 for you, the closest path, and who can. */
export function ApprovalExplainer({ decision, approvers, ownerCanSelfApprove, isQueue }: Props) {
  const order: ApprovalPath[] = [
    decision.closestPath,
    ...(["tenant-admin", "delegated-approver", "self-approval"] as ApprovalPath[]).filter(
      (p) => p !== decision.closestPath,
    ),
  ];
  return (
    <section
      id="why"
      aria-label={decision.allowed ? "You can approve this" : "Why can't I approve this?"}
      className="rounded-card bg-surface p-4 shadow-card"
    >
      <h2 className="mb-2 text-base font-semibold">
        {decision.allowed ? "You can approve this" : "Why can't I approve this?"}
      </h2>
      <p className="mb-3 text-sm">
        {decision.message}
        {decision.reason && (
          <span className="ml-1 font-mono text-xs">
            ({decision.code} · {decision.reason})
          </span>
        )}
      </p>
      {decision.reason === "SELF_APPROVE_WITH_TEST_AND_ENABLE" && (
        <p className="mb-3 text-sm">
          Running Test &amp; Enable on your own mailbox approves it, because self-approval holds for you.
        </p>
      )}
      <div className="space-y-3 text-sm">
        {order.map((path) => (
          <div key={path}>
            <p className="font-semibold">
              {approvalPathLabel(path)}
              {path === decision.closestPath && !decision.allowed && (
                <span className="ml-2 rounded-full bg-info-subtle px-2 text-xs text-info">closest path for you</span>
              )}
              {path === "self-approval" && isQueue && (
                <span className="ml-2 text-xs text-muted">(never for queue mailboxes)</span>
              )}
            </p>
            <Conditions conditions={decision.paths[path]} />
          </div>
        ))}
      </div>
      <h3 className="mt-4 mb-1 text-sm font-semibold">Who can approve it now</h3>
      {approvers.length === 0 && !ownerCanSelfApprove ? (
        <p className="text-sm" data-testid="nobody-can-approve">
          Nobody in this environment can approve it yet. A Global or Exchange Administrator can delegate the Delegated
          Mailbox Approver role to a System Administrator here.
        </p>
      ) : (
        <ul className="text-sm" aria-label="People who can approve">
          {approvers.map((a) => (
            <li key={a.email}>
              {a.name} ({a.email}) — {a.via} + System Administrator
            </li>
          ))}
          {ownerCanSelfApprove && <li>{ownerCanSelfApprove.name} — the owner, by self-approval (Test &amp; Enable)</li>}
        </ul>
      )}
    </section>
  );
}
