import type { Db } from "@/db/client";
import { chainHash, chainKey, GENESIS_HASH } from "@/lib/services/audit";
import { seededRandom } from "./dataset-people";

type Who = { id: number; upn: string };
type Subject = { dirId: number; upn: string; euId: number; mailboxId: number; name: string };
export type AuditSources = {
  environmentId: number;
  admins: Who[];
  /** Admins whose approvals are made as Delegated Mailbox Approvers (recorded so, as the app does). */
  delegateIds: number[];
  people: Subject[];
  teams: { id: number; name: string }[];
};

const AGENT =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0";

// Share of each action in a year of a big tenant's log: mostly approvals and sign-ins.
const ACTIONS: [string, number][] = [
  ["MailboxApproved", 0.3],
  ["MailboxRejected", 0.04],
  ["SignInSucceeded", 0.3],
  ["SignInFailed", 0.05],
  ["UserAddedToEnvironment", 0.08],
  ["RoleAssigned", 0.1],
  ["RoleRemoved", 0.02],
  ["TeamMemberAdded", 0.06],
  ["MailboxAddressChanged", 0.03],
  ["UserDisabled", 0.01],
  ["UserEnabled", 0.01],
];

function pickAction(r: number): string {
  let acc = 0;
  for (const [action, share] of ACTIONS) if (r < (acc += share)) return action;
  return "MailboxApproved";
}

/**
 * Appends `total` events after the chain's current head, spread evenly from `from` to `to`, each
 * hashed (keyed) like appendAuditEvents does, so audit-verify accepts the result. One prepared
 * statement, one transaction per batch: each row is the head's successor, as the insert trigger demands.
 */
export function appendBenchAuditEvents(db: Db, src: AuditSources, total: number, from: number, to: number): void {
  const head = db.$client.prepare("select seq, hash from audit_events order by seq desc limit 1").get() as
    | { seq: number; hash: string }
    | undefined;
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const insert = db.$client.prepare(
    `insert into audit_events (seq, at, actor_id, actor_upn, action, environment_id, target_type, target_id, target_label, before, after, reason, client_ip, user_agent, prev_hash, hash)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const key = chainKey();
  const random = seededRandom(7);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const admins = src.admins.map((a) => ({ ...a, isDelegate: src.delegateIds.includes(a.id) }));
  const pickAdmin = () => pick(admins);
  const step = (to - from) / total;
  const BATCH = 50_000;
  for (let start = 0; start < total; start += BATCH) {
    db.$client.transaction(() => {
      for (let i = start; i < Math.min(start + BATCH, total); i++) {
        const fields = eventFields(
          pickAction(random()),
          pickAdmin(),
          pick(src.people),
          pick(src.teams),
          src.environmentId,
          random,
        );
        const row = {
          seq: ++seq,
          at: new Date(Math.floor(from + i * step)),
          ...fields,
          tokenId: null,
          tokenName: null,
        };
        const hash = chainHash(prevHash, row, key);
        insert.run(
          row.seq,
          row.at.getTime(),
          row.actorId,
          row.actorUpn,
          row.action,
          row.environmentId,
          row.targetType,
          row.targetId,
          row.targetLabel,
          row.before,
          row.after,
          row.reason,
          row.clientIp,
          row.userAgent,
          prevHash,
          hash,
        );
        prevHash = hash;
      }
    })();
  }
}

// Built once: a fresh string per event for these made generating the log twice as slow (GC).
const J = {
  pending: JSON.stringify({ emailStatus: "Pending Approval" }),
  rejected: JSON.stringify({ emailStatus: "Rejected" }),
  enabled: JSON.stringify({ isEnabled: true }),
  disabled: JSON.stringify({ isEnabled: false }),
  basicUser: JSON.stringify({ role: "Basic User" }),
};
const IPS = Array.from({ length: 4096 }, (_, i) => `10.${(i * 37) % 256}.${(i * 11) % 256}.${(i % 254) + 1}`);

function eventFields(
  action: string,
  admin: Who & { approved?: string; isDelegate: boolean },
  p: Subject & { label?: string },
  team: { id: number; name: string },
  environmentId: number,
  random: () => number,
) {
  const label = (p.label ??= `${p.name} <${p.upn}>`);
  const base = {
    action,
    actorId: admin.id as number | null,
    actorUpn: admin.upn as string | null,
    environmentId: environmentId as number | null,
    reason: null as string | null,
    clientIp: IPS[Math.floor(random() * IPS.length)]! as string | null,
    userAgent: AGENT as string | null,
  };
  const mailbox = { targetType: "mailbox", targetId: String(p.mailboxId), targetLabel: label };
  const envUser = { targetType: "environmentUser", targetId: String(p.euId), targetLabel: label };
  const dirUser = { targetType: "directoryUser", targetId: String(p.dirId), targetLabel: p.upn };
  switch (action) {
    case "MailboxApproved":
      return {
        ...base,
        ...mailbox,
        before: J.pending,
        after: (admin.approved ??= JSON.stringify({
          emailStatus: "Approved",
          approvedBy: admin.upn,
          ...(admin.isDelegate ? { approvedWith: "Delegated Mailbox Approver" } : {}),
        })),
      };
    case "MailboxRejected":
      return { ...base, ...mailbox, before: J.pending, after: J.rejected };
    case "MailboxAddressChanged":
      return {
        ...base,
        ...mailbox,
        before: JSON.stringify({ emailAddress: p.upn.replace("@", ".old@") }),
        after: JSON.stringify({ emailAddress: p.upn }),
      };
    case "SignInSucceeded":
    case "SignInFailed":
      return {
        ...base,
        actorId: p.dirId,
        actorUpn: p.upn,
        environmentId: null,
        ...dirUser,
        before: null,
        after: null,
        reason: action === "SignInFailed" ? "INVALID_CREDENTIALS" : null,
      };
    case "UserDisabled":
    case "UserEnabled":
      return {
        ...base,
        environmentId: null,
        ...dirUser,
        before: action === "UserEnabled" ? J.disabled : J.enabled,
        after: action === "UserEnabled" ? J.enabled : J.disabled,
      };
    case "TeamMemberAdded":
      return {
        ...base,
        targetType: "team",
        targetId: String(team.id),
        targetLabel: team.name,
        before: null,
        after: JSON.stringify({ member: label }),
      };
    case "RoleAssigned":
    case "RoleRemoved":
      return {
        ...base,
        ...envUser,
        before: action === "RoleRemoved" ? J.basicUser : null,
        after: action === "RoleAssigned" ? J.basicUser : null,
      };
    default:
      return { ...base, ...envUser, before: null, after: J.enabled };
  }
}
