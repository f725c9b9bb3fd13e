import "server-only";
import { inJsonIds, unindexed } from "@/db/sql";
import { prepare } from "@/db/query";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { environments, exchangeRecipients, mailboxes, serverProfiles } from "@/db/schema";
import type { MailboxFacts } from "@/lib/policy/approval";
import {
  EmailStatus,
  type ActMethod,
  type IncomingMethod,
  type OutgoingMethod,
  type TestStatus,
} from "@/lib/policy/catalog";
import type { TestFacts } from "@/lib/policy/test-and-enable";
import { preparedOnce } from "../prepared";

/** A mailbox as Test & Enable reads it: the policy's facts plus what the write and the audit need. */
export type TestRow = MailboxFacts &
  TestFacts & {
    id: number;
    name: string;
    emailStatus: EmailStatus;
    version: number;
    previous: { incoming: TestStatus; outgoing: TestStatus; act: TestStatus; mailbox: TestStatus };
  };

/**
 * Loads the mailboxes of one environment by id, with their profile and their Exchange recipient, in
 * one statement: the ids travel as one JSON parameter, so no bound-parameter limit and no SQL built per call.
 */
export async function loadTestRows(
  db: Db,
  environmentId: number,
  ids: readonly number[],
): Promise<Map<number, TestRow>> {
  const found = await preparedOnce(db, prepareLoadTestRows).all({ environmentId, ids: JSON.stringify(ids) });
  return new Map(found.map((r) => [r.id, toRow(r)]));
}

function prepareLoadTestRows(db: Db) {
  return prepare(
    db
      .select({
        id: mailboxes.id,
        name: mailboxes.name,
        environmentId: mailboxes.environmentId,
        regardingType: mailboxes.regardingType,
        regardingUserId: mailboxes.regardingUserId,
        ownerId: mailboxes.ownerId,
        emailAddress: mailboxes.emailAddress,
        emailStatus: mailboxes.emailStatus,
        isActive: mailboxes.isActive,
        version: mailboxes.version,
        incomingMethod: mailboxes.incomingMethod,
        outgoingMethod: mailboxes.outgoingMethod,
        actMethod: mailboxes.actMethod,
        incomingStatus: mailboxes.incomingStatus,
        outgoingStatus: mailboxes.outgoingStatus,
        actStatus: mailboxes.actStatus,
        mailboxStatus: mailboxes.mailboxStatus,
        profileName: serverProfiles.name,
        profileActive: serverProfiles.isActive,
        exchangeKind: exchangeRecipients.kind,
        exchangeLicensed: exchangeRecipients.isLicensed,
      })
      .from(mailboxes)
      .innerJoin(environments, eq(environments.id, mailboxes.environmentId))
      .leftJoin(serverProfiles, eq(serverProfiles.id, mailboxes.serverProfileId))
      .leftJoin(
        exchangeRecipients,
        and(
          eq(exchangeRecipients.address, sql`lower(${mailboxes.emailAddress})`),
          eq(exchangeRecipients.tenantId, environments.tenantId),
        ),
      )
      .where(
        and(
          // "+": primary-key lookups for the ids, not a walk of the environment's whole index.
          sql`${unindexed(mailboxes.environmentId)} = ${sql.placeholder("environmentId")}`,
          inJsonIds(mailboxes.id, sql.placeholder("ids")),
        ),
      ),
  );
}

function toRow(r: {
  id: number;
  name: string;
  environmentId: number;
  regardingType: "user" | "queue";
  regardingUserId: number | null;
  ownerId: number | null;
  emailAddress: string;
  emailStatus: EmailStatus;
  isActive: boolean;
  version: number;
  incomingMethod: IncomingMethod;
  outgoingMethod: OutgoingMethod;
  actMethod: ActMethod;
  incomingStatus: TestStatus;
  outgoingStatus: TestStatus;
  actStatus: TestStatus;
  mailboxStatus: TestStatus;
  profileName: string | null;
  profileActive: boolean | null;
  exchangeKind: "user" | "shared" | null;
  exchangeLicensed: boolean | null;
}): TestRow {
  return {
    id: r.id,
    name: r.name,
    environmentId: r.environmentId,
    regardingType: r.regardingType,
    regardingUserId: r.regardingUserId,
    emailAddress: r.emailAddress,
    emailStatus: r.emailStatus,
    version: r.version,
    isActive: r.isActive,
    profile: r.profileName === null ? null : { name: r.profileName, isActive: r.profileActive === true },
    isApproved: r.emailStatus === EmailStatus.Approved,
    methods: { incoming: r.incomingMethod, outgoing: r.outgoingMethod, act: r.actMethod },
    exchange: r.exchangeKind === null ? null : { kind: r.exchangeKind, isLicensed: r.exchangeLicensed === true },
    isOwnerTheUser: r.regardingType === "user" && r.regardingUserId !== null && r.ownerId === r.regardingUserId,
    previous: { incoming: r.incomingStatus, outgoing: r.outgoingStatus, act: r.actStatus, mailbox: r.mailboxStatus },
  };
}
