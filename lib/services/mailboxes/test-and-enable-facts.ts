import "server-only";
import type { Db } from "@/db/client";
import type { MailboxFacts } from "@/lib/policy/approval";
import type { TestFacts } from "@/lib/policy/test-and-enable";

/** A mailbox as Test & Enable reads it: the policy's facts plus what the write and the audit need. */
export type TestRow = MailboxFacts &
  TestFacts & {
    id: number;
    name: string;
    emailStatus: number;
    version: number;
    previous: { incoming: number; outgoing: number; act: number; mailbox: number };
  };

type Raw = {
  id: number;
  name: string;
  environmentId: number;
  regardingType: "user" | "queue";
  regardingUserId: number | null;
  ownerId: number | null;
  emailAddress: string;
  emailStatus: number;
  isActive: number;
  version: number;
  incomingMethod: number;
  outgoingMethod: number;
  actMethod: number;
  incomingStatus: number;
  outgoingStatus: number;
  actStatus: number;
  mailboxStatus: number;
  profileName: string | null;
  profileActive: number | null;
  exchangeKind: "user" | "shared" | null;
  exchangeLicensed: number | null;
};

const CHUNK = 900; // under SQLite's bound-parameter limit

/** Loads the mailboxes of one environment by id, with their profile and their Exchange recipient, in one query per chunk. */
export function loadTestRows(db: Db, environmentId: number, ids: readonly number[]): Map<number, TestRow> {
  const rows = new Map<number, TestRow>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const found = db.$client
      .prepare(
        `select m.id, m.name, m.environment_id as environmentId, m.regarding_type as regardingType, m.regarding_user_id as regardingUserId,
                m.owner_id as ownerId, m.email_address as emailAddress, m.email_status as emailStatus, m.is_active as isActive, m.version,
                m.incoming_method as incomingMethod, m.outgoing_method as outgoingMethod, m.act_method as actMethod,
                m.incoming_status as incomingStatus, m.outgoing_status as outgoingStatus, m.act_status as actStatus, m.mailbox_status as mailboxStatus,
                p.name as profileName, p.is_active as profileActive, x.kind as exchangeKind, x.is_licensed as exchangeLicensed
         from mailboxes m
         join environments e on e.id = m.environment_id
         left join server_profiles p on p.id = m.server_profile_id
         left join exchange_recipients x on x.address = lower(m.email_address) and x.tenant_id = e.tenant_id
         where m.environment_id = ? and m.id in (${chunk.map(() => "?").join(",")})`,
      )
      .all(environmentId, ...chunk) as Raw[];
    for (const r of found) rows.set(r.id, toRow(r));
  }
  return rows;
}

function toRow(r: Raw): TestRow {
  return {
    id: r.id,
    name: r.name,
    environmentId: r.environmentId,
    regardingType: r.regardingType,
    regardingUserId: r.regardingUserId,
    emailAddress: r.emailAddress,
    emailStatus: r.emailStatus,
    version: r.version,
    isActive: r.isActive === 1,
    profile: r.profileName === null ? null : { name: r.profileName, isActive: r.profileActive === 1 },
    isApproved: r.emailStatus === 1,
    methods: { incoming: r.incomingMethod, outgoing: r.outgoingMethod, act: r.actMethod },
    exchange: r.exchangeKind === null ? null : { kind: r.exchangeKind, isLicensed: r.exchangeLicensed === 1 },
    isOwnerTheUser: r.regardingType === "user" && r.regardingUserId !== null && r.ownerId === r.regardingUserId,
    previous: { incoming: r.incomingStatus, outgoing: r.outgoingStatus, act: r.actStatus, mailbox: r.mailboxStatus },
  };
}
