import { activeMembership, hasPrivilege, hasTenantRole, holdsRole, isHoldingActive, type Actor } from "./actor";
import { allow, deny, type Condition, type Decision } from "./decision";

/** DOMAIN §3: who may approve or reject a mailbox's email address. */

export const APPROVAL_REFUSED = "0x80040256";

export type MailboxFacts = {
  environmentId: number;
  regardingType: "user" | "queue";
  /** The environment user the mailbox belongs to (user mailboxes only). */
  regardingUserId: number | null;
  emailAddress: string;
};

export type ApprovalSettings = { requirePrivilegeToSelfApprove: boolean };

export type ApprovalPath = "tenant-admin" | "delegated-approver" | "self-approval";

export type ApprovalDecision = Decision & {
  paths: Record<ApprovalPath, Condition[]>;
  /**
   * The path that allowed it (null when refused): the tenant-admin rule first, then a delegation,
   * then self-approval. What the mailbox records as "approved by tenant-admin rule", and the
   * explainer names an approver by.
   */
  allowedBy: ApprovalPath | null;
  /** The path with the fewest unmet conditions: what the explainer suggests. */
  closestPath: ApprovalPath;
  /** Self-approval holds (own mailbox, UPN match, …): Test & Enable may approve it. */
  canSelfApprove: boolean;
};

const PATH_LABELS: Record<ApprovalPath, string> = {
  "tenant-admin": "Tenant admin + System Administrator",
  "delegated-approver": "Delegated Mailbox Approver + System Administrator",
  "self-approval": "Self-approval of your own mailbox",
};
export const approvalPathLabel = (path: ApprovalPath) => PATH_LABELS[path];
export const isApprovalPath = (value: string): value is ApprovalPath => Object.hasOwn(PATH_LABELS, value);

export function decideApproval(
  actor: Actor,
  mailbox: MailboxFacts,
  settings: ApprovalSettings,
  operation: "approve" | "reject",
  now: Date,
): ApprovalDecision {
  return approvalDecider(actor, mailbox.environmentId, settings, operation, now)(mailbox);
}

/**
 * decideApproval for many mailboxes of one environment (a bulk run's rows): the actor's own
 * conditions are worked out once, each mailbox then adds only its self-approval conditions. Every
 * mailbox that is not the actor's own gets one and the same decision (decisions are values: never
 * changed once made), so 10,000 other people's mailboxes cost one decision.
 */
export function approvalDecider(
  actor: Actor,
  environmentId: number,
  settings: ApprovalSettings,
  operation: "approve" | "reject",
  now: Date,
): (mailbox: MailboxFacts) => ApprovalDecision {
  const isMember = actor.memberships.some((m) => m.environmentId === environmentId);
  const membership = activeMembership(actor, environmentId);
  const hasApprovePrivilege = hasPrivilege(membership, "prvApproveRejectEmailAddress", "user", now);
  const dma = membership?.roles.find((r) => r.key === "delegated_mailbox_approver" && r.via === "direct");
  const enabled: Condition = {
    id: "enabled-member",
    label: "You are an enabled user of this environment",
    held: membership !== null,
  };
  const privilege: Condition = {
    id: "approve-privilege",
    label: "You hold Approve Email Addresses for Users or Queues",
    held: hasApprovePrivilege,
  };
  const sysAdmin: Condition = {
    id: "system-administrator",
    label: "You hold System Administrator in this environment",
    held: holdsRole(membership, "system_administrator", now),
  };
  const tenantAdmin: Condition = {
    id: "tenant-admin",
    label: "You are a Global or Exchange Administrator",
    held: hasTenantRole(actor, "global_admin", "exchange_admin"),
  };
  const delegate: Condition = {
    id: "delegated-approver",
    label: "You hold Delegated Mailbox Approver here (directly, not through a team)",
    held: dma !== undefined && isHoldingActive(dma, now),
  };
  const writesOwnMailbox = hasPrivilege(membership, "prvWriteMailbox", "user", now);
  let forOthers: ApprovalDecision | null = null;

  return (mailbox) => {
    if (mailbox.environmentId !== environmentId)
      return approvalDecider(actor, mailbox.environmentId, settings, operation, now)(mailbox);
    const isOwn =
      mailbox.regardingType === "user" &&
      membership !== null &&
      mailbox.regardingUserId === membership.environmentUserId;
    if (!isOwn) return (forOthers ??= decide(false, false));
    return decide(true, mailbox.emailAddress.toLowerCase() === actor.upn.toLowerCase());
  };

  function decide(isOwn: boolean, isUpnMatch: boolean): ApprovalDecision {
    const self: Condition[] = [
      { id: "own-mailbox", label: "It is your own user mailbox (not a queue)", held: isOwn },
      {
        id: "upn-match",
        label: "Its email address equals your sign-in name",
        held: isOwn && isUpnMatch,
      },
      {
        id: "self-approve-setting",
        label: settings.requirePrivilegeToSelfApprove
          ? "The environment requires the approve privilege for self-approval, and you hold it"
          : "The environment lets users approve their own address",
        held: !settings.requirePrivilegeToSelfApprove || hasApprovePrivilege,
      },
      {
        id: "write-mailbox",
        label: "You can write your own mailbox",
        held: writesOwnMailbox,
      },
    ];
    const paths: Record<ApprovalPath, Condition[]> = {
      "tenant-admin": [enabled, privilege, sysAdmin, tenantAdmin],
      "delegated-approver": [enabled, privilege, sysAdmin, delegate],
      "self-approval": self,
    };
    const unmet = (path: ApprovalPath) => paths[path].filter((c) => !c.held).length;
    const closestPath = (Object.keys(paths) as ApprovalPath[]).reduce((best, path) =>
      unmet(path) < unmet(best) ? path : best,
    );
    const canSelfApprove = operation === "approve" && unmet("self-approval") === 0;
    const allowedBy = (["tenant-admin", "delegated-approver", "self-approval"] as const).find(
      (path) => unmet(path) === 0 && (path !== "self-approval" || canSelfApprove),
    );
    const result = (decision: Decision): ApprovalDecision => ({
      ...decision,
      paths,
      closestPath,
      canSelfApprove,
      allowedBy: decision.allowed ? (allowedBy ?? null) : null,
    });
    const verb = operation === "approve" ? "approve" : "reject";
    const conditions = [enabled, privilege, sysAdmin, tenantAdmin, delegate];

    if (unmet("tenant-admin") === 0 || unmet("delegated-approver") === 0) {
      return result(allow(`You can ${verb} this mailbox's email address.`, conditions));
    }
    if (canSelfApprove && hasApprovePrivilege)
      return result(allow("You can approve your own mailbox's email address.", self));
    if (canSelfApprove) {
      return result(
        deny(
          APPROVAL_REFUSED,
          "SELF_APPROVE_WITH_TEST_AND_ENABLE",
          "You can approve your own address by running Test & Enable on your mailbox; the Approve command needs the approve privilege.",
          self,
        ),
      );
    }

    if (!enabled.held) {
      return result(
        deny(
          APPROVAL_REFUSED,
          isMember ? "USER_DISABLED" : "NOT_IN_ENVIRONMENT",
          isMember
            ? "Your account is disabled in this environment."
            : "You are not a user of this environment, so you cannot approve its mailboxes. A System Administrator can add you.",
          conditions,
        ),
      );
    }
    if (!privilege.held) {
      return result(
        deny(
          APPROVAL_REFUSED,
          "NO_APPROVE_PRIVILEGE",
          `You do not hold Approve Email Addresses for Users or Queues in this environment, so you cannot ${verb} addresses.`,
          conditions,
        ),
      );
    }
    if (!sysAdmin.held) {
      return result(
        deny(
          APPROVAL_REFUSED,
          "NOT_SYSTEM_ADMIN",
          `You need System Administrator in this environment to ${verb} addresses.`,
          conditions,
        ),
      );
    }
    const expired = dma !== undefined && !delegate.held;
    return result(
      deny(
        APPROVAL_REFUSED,
        expired ? "DMA_EXPIRED" : "NOT_TENANT_ADMIN_OR_DMA",
        expired
          ? "Your Delegated Mailbox Approver role has expired. A Global or Exchange Administrator can delegate it again."
          : `You also need to be a Global or Exchange Administrator, or to hold Delegated Mailbox Approver here, to ${verb} addresses. A Global or Exchange Administrator can delegate the role to you.`,
        conditions,
      ),
    );
  }
}

/** The role an approver approves through, as the explainer lists them; null unless a tenant admin or a delegation allows it. */
export function approverRole(actor: Actor, decision: ApprovalDecision): string | null {
  if (decision.allowedBy === "delegated-approver") return "Delegated Mailbox Approver";
  if (decision.allowedBy !== "tenant-admin") return null;
  return hasTenantRole(actor, "global_admin") ? "Global Administrator" : "Exchange Administrator";
}

/** Who may change a mailbox's address or settings: write on Mailbox, at user depth for your own. */
export function decideEditMailbox(actor: Actor, mailbox: MailboxFacts, now: Date): Decision {
  return editMailboxDecider(actor, mailbox.environmentId, now)(mailbox);
}

/**
 * decideEditMailbox for many mailboxes of one environment (a grid page): the actor's privileges
 * looked up once, each mailbox adding only whether it is the actor's own.
 */
export function editMailboxDecider(
  actor: Actor,
  environmentId: number,
  now: Date,
): (mailbox: MailboxFacts) => Decision {
  const membership = activeMembership(actor, environmentId);
  const canWriteAny = hasPrivilege(membership, "prvWriteMailbox", "organization", now);
  const canWriteOwn = hasPrivilege(membership, "prvWriteMailbox", "user", now);
  const decide = (mailbox: MailboxFacts): Decision => {
    // Another environment's mailbox is decided on the actor's rights there.
    if (mailbox.environmentId !== environmentId) return editMailboxDecider(actor, mailbox.environmentId, now)(mailbox);
    const isOwn =
      mailbox.regardingType === "user" &&
      membership !== null &&
      mailbox.regardingUserId === membership.environmentUserId;
    const canWrite = canWriteAny || (isOwn && canWriteOwn);
    const condition = {
      id: "write-mailbox",
      label: isOwn
        ? "You can write your own mailbox"
        : "You can write any mailbox in this environment (System Administrator)",
      held: canWrite,
    };
    return canWrite
      ? allow("You can edit this mailbox.", [condition])
      : deny(
          "0x80040220",
          "NO_WRITE_PRIVILEGE",
          "You cannot change this mailbox. A System Administrator of the environment can.",
          [condition],
        );
  };
  return decide;
}
