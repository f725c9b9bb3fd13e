import type { Actor } from "./actor";
import { decideApproval, editMailboxDecider, type ApprovalSettings, type MailboxFacts } from "./approval";
import { ActMethod, IncomingMethod, OutgoingMethod, TestStatus } from "./catalog";
import { allow, deny, type Decision } from "./decision";

/** DOMAIN §6: Test & Enable — the checks, in order, and what each failure writes. */

export type Direction = "incoming" | "outgoing" | "act";
export const DIRECTIONS: readonly Direction[] = ["incoming", "outgoing", "act"];
export type AlertLevel = "information" | "warning" | "error";
/** How people read an alert's level (issue 17): "Warning", never "warning". */
export const ALERT_LEVEL_LABELS: Record<AlertLevel, string> = {
  information: "Information",
  warning: "Warning",
  error: "Error",
};
export type AlertSpec = { level: AlertLevel; code: string; text: string };

export const SUCCESS_ALERT = "TestAndEnableSucceeded";
export const CHECK_IDS = [
  "mailbox-active",
  "server-profile",
  "approval",
  "exchange-recipient",
  "license",
  "act-owner",
] as const;
export type CheckId = (typeof CHECK_IDS)[number];
export type CheckResult = { id: CheckId; outcome: "passed" | "failed" | "skipped" };

export type SyncMethods = { incoming: IncomingMethod; outgoing: OutgoingMethod; act: ActMethod };
export type ProcessingSettings = { processApprovedUsersOnly: boolean; processApprovedQueuesOnly: boolean };

/** What one run is decided on, as loaded by the service. */
export type TestFacts = {
  emailAddress: string;
  regardingType: "user" | "queue";
  isActive: boolean;
  profile: { name: string; isActive: boolean } | null;
  isApproved: boolean;
  methods: SyncMethods;
  /** The Exchange Online recipient with this address, or null when the tenant has none. */
  exchange: { kind: "user" | "shared"; isLicensed: boolean } | null;
  /** A user mailbox owned by its own user (never true for a queue). */
  isOwnerTheUser: boolean;
};

/** Whether the run approves the address itself (DOMAIN §3's self-approval), or why the owner could not. */
export type SelfApproval = { canSelfApprove: boolean; blockedBy: string | null };

export type TestOutcome = {
  checks: CheckResult[];
  statuses: Record<Direction, TestStatus>;
  mailboxStatus: TestStatus;
  alerts: AlertSpec[];
  selfApproves: boolean;
};

const DIRECTION_LABEL: Record<Direction, string> = {
  incoming: "Incoming email",
  outgoing: "Outgoing email",
  act: "Appointments, contacts and tasks",
};
const APPROVAL_CODE: Record<Direction, string> = {
  incoming: "IncomingEmailS2SApprovalNeeded",
  outgoing: "OutgoingEmailS2SApprovalNeeded",
  act: "ExchangeSyncEmailS2SApprovalNeeded",
};

/** Directions synchronized by server-side synchronization; the others have nothing to test. */
export function directionsInUse(methods: SyncMethods): Direction[] {
  const used: Record<Direction, boolean> = {
    // A forward mailbox is read by server-side synchronization too.
    incoming: methods.incoming === IncomingMethod.ServerSideSync || methods.incoming === IncomingMethod.ForwardMailbox,
    outgoing: methods.outgoing === OutgoingMethod.ServerSideSync,
    act: methods.act === ActMethod.ServerSideSync,
  };
  return DIRECTIONS.filter((d) => used[d]);
}

export function requiresApproval(regardingType: "user" | "queue", settings: ProcessingSettings): boolean {
  return regardingType === "queue" ? settings.processApprovedQueuesOnly : settings.processApprovedUsersOnly;
}

/** The kinds of mailbox whose mail syncs although the address is not approved: approval is not enforced for them. */
export function kindsSyncingWithoutApproval(settings: ProcessingSettings): ("user" | "queue")[] {
  return (["user", "queue"] as const).filter((kind) => !requiresApproval(kind, settings));
}

/**
 * Runs every check in DOMAIN §6's order and reports all failures at once (an admin fixes them in
 * one pass instead of one per run). Each failing check writes its alert and fails the directions
 * it affects; directions not in use stay Not Run.
 */
export function evaluateTestAndEnable(facts: TestFacts, settings: ProcessingSettings, self: SelfApproval): TestOutcome {
  const used = directionsInUse(facts.methods);
  const failed = new Set<Direction>();
  const alerts: AlertSpec[] = [];
  const checks: CheckResult[] = [];
  const fail = (id: CheckId, affects: readonly Direction[], alert: AlertSpec | AlertSpec[]) => {
    checks.push({ id, outcome: "failed" });
    affects.filter((d) => used.includes(d)).forEach((d) => failed.add(d));
    alerts.push(...(Array.isArray(alert) ? alert : [alert]));
  };
  const pass = (id: CheckId) => checks.push({ id, outcome: "passed" });
  const skip = (id: CheckId) => checks.push({ id, outcome: "skipped" });
  const error = (code: string, text: string): AlertSpec => ({ level: "error", code, text });

  if (facts.isActive) pass("mailbox-active");
  else
    fail(
      "mailbox-active",
      DIRECTIONS,
      error("MailboxDisabled", "The mailbox is inactive, so nothing syncs. Activate it, then run Test & Enable again."),
    );

  if (facts.profile?.isActive) pass("server-profile");
  else
    fail(
      "server-profile",
      DIRECTIONS,
      error(
        "InvalidIncomingEmailServerProfile",
        facts.profile
          ? `The email server profile "${facts.profile.name}" is inactive. Activate it or choose another, then run Test & Enable again.`
          : "No email server profile is set on this mailbox. Choose one (or apply the default email settings), then run Test & Enable again.",
      ),
    );

  const selfApproves = !facts.isApproved && facts.isActive && self.canSelfApprove;
  const isApproved = facts.isApproved || selfApproves;
  if (!requiresApproval(facts.regardingType, settings) || isApproved || used.length === 0) pass("approval");
  else {
    const kind = facts.regardingType === "queue" ? "queues" : "users";
    const next =
      self.blockedBy ??
      "A Global or Exchange Administrator, or a Delegated Mailbox Approver who is also a System Administrator, can approve it.";
    fail(
      "approval",
      used,
      used.map((d) =>
        error(
          APPROVAL_CODE[d],
          `${DIRECTION_LABEL[d]} is not processed: ${facts.emailAddress} is not approved, and this environment processes email only for approved ${kind}. ${next}`,
        ),
      ),
    );
  }

  if (facts.exchange) pass("exchange-recipient");
  else
    fail(
      "exchange-recipient",
      DIRECTIONS,
      error(
        "NoUserWithEmailAddressInTenant",
        `No Exchange Online mailbox in this tenant has the address ${facts.emailAddress}. Check the address for a typo.`,
      ),
    );

  if (!facts.exchange) skip("license");
  else if (facts.exchange.kind === "shared" || facts.exchange.isLicensed) pass("license");
  else
    fail(
      "license",
      DIRECTIONS,
      error(
        "ErrorInvalidLicense",
        `The Exchange mailbox ${facts.emailAddress} has no Exchange Online license and is not a shared mailbox. Assign a license, then run Test & Enable again.`,
      ),
    );

  if (!used.includes("act")) skip("act-owner");
  else if (facts.isOwnerTheUser) pass("act-owner");
  else
    fail(
      "act-owner",
      ["act"],
      error(
        "Crm.80048306",
        facts.regardingType === "queue"
          ? "Appointments, contacts and tasks sync only for user mailboxes, and this is a queue. Set that method to None."
          : "Appointments, contacts and tasks sync only when the mailbox's user is also its owner. Make the user the owner, or set that method to None.",
      ),
    );

  const statuses = Object.fromEntries(
    DIRECTIONS.map((d) => [
      d,
      !used.includes(d) ? TestStatus.NotRun : failed.has(d) ? TestStatus.Failure : TestStatus.Success,
    ]),
  ) as Record<Direction, TestStatus>;
  const succeeded = used.filter((d) => !failed.has(d));
  if (succeeded.length > 0) {
    alerts.push({
      level: "information",
      code: SUCCESS_ALERT,
      text: `Test & Enable succeeded: ${succeeded.map((d) => DIRECTION_LABEL[d].toLowerCase()).join(", ")} now sync${succeeded.length === 1 ? "s" : ""} through server-side synchronization.`,
    });
  }
  const mailboxStatus: TestStatus =
    used.length === 0 ? TestStatus.NotRun : failed.size > 0 ? TestStatus.Failure : TestStatus.Success;
  return { checks, statuses, mailboxStatus, alerts, selfApproves };
}

const SELF_APPROVAL_BLOCKERS: Record<string, string> = {
  "upn-match": "Its owner cannot approve it by self-approval: the address differs from their sign-in name.",
  "self-approve-setting":
    "Its owner cannot approve it by self-approval: this environment requires the Approve Email Addresses privilege for that (RequirePrivilegeToSelfApproveEmailAddress is on).",
  "write-mailbox": "Its owner cannot approve it by self-approval: they cannot write their own mailbox.",
};

/** Self-approval as DOMAIN §3 decides it (never re-implemented here), and why it fails for the owner. */
export function selfApprovalFor(
  actor: Actor,
  mailbox: MailboxFacts,
  settings: ApprovalSettings,
  now: Date,
): SelfApproval {
  const decision = decideApproval(actor, mailbox, settings, "approve", now);
  const conditions = decision.paths["self-approval"];
  const isOwn = conditions.find((c) => c.id === "own-mailbox")?.held ?? false;
  const unmet = conditions.find((c) => !c.held);
  return {
    canSelfApprove: decision.canSelfApprove,
    blockedBy: isOwn && unmet ? (SELF_APPROVAL_BLOCKERS[unmet.id] ?? null) : null,
  };
}

/** Who may run Test & Enable (or Apply Default Email Settings, Edit, Activate, Deactivate): write on that mailbox. */
export function decideRunTestAndEnable(actor: Actor, mailbox: MailboxFacts, now: Date): Decision {
  return runTestAndEnableDecider(actor, mailbox.environmentId, now)(mailbox);
}

/** decideRunTestAndEnable for many mailboxes of one environment (a grid page): the actor's rights looked up once. */
export function runTestAndEnableDecider(
  actor: Actor,
  environmentId: number,
  now: Date,
): (mailbox: MailboxFacts) => Decision {
  const decideEdit = editMailboxDecider(actor, environmentId, now);
  return (mailbox) => {
    const edit = decideEdit(mailbox);
    if (edit.allowed) return allow("You can test and enable this mailbox.", edit.conditions);
    return deny(
      edit.code!,
      edit.reason!,
      "You cannot test or change this mailbox. Its owner or a System Administrator of the environment can.",
      edit.conditions,
    );
  };
}
