import "server-only";
import { first, single } from "@/db/query";
import { and, asc, eq, notExists, or, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { directoryUsers, environmentUsers, mailboxes } from "@/db/schema";
import { type Actor } from "@/lib/policy/actor";
import { EmailStatus } from "@/lib/policy/catalog";
import { decideAddUserToEnvironment } from "@/lib/policy/environment-membership";
import { refusal, type Refusal } from "../result";
import { recordPendingEntries } from "../notifications/digests";
import { readEmailSettings } from "../settings/email-settings";
import { startsWith } from "../starts-with";

/**
 * Bringing a directory user into an environment: "Add user"'s directory search (indexed prefix
 * ranges), the new environment user with their pending mailbox under the environment's email
 * settings, and the lookup of someone's membership.
 */
export const ADDABLE_USERS_LIMIT = 20;
/** A single letter would match a 26th of the directory: the search starts at two. */
export const DIRECTORY_SEARCH_MIN_LENGTH = 2;
export type AddableDirectoryUser = { id: number; displayName: string; upn: string };
export type AddableUsersResult = { ok: true; users: AddableDirectoryUser[]; hasMore: boolean } | Refusal;

/**
 * Enabled directory users not yet in the environment whose display name or UPN starts with `q`,
 * either case, by name. Each prefix is a range of one index — lower(display_name), and upn
 * (stored lower-case, as JavaScript lowers it) — so the cost follows the matches, not the directory.
 */
export function addableDirectoryUsersQuery(db: Db, environmentId: number, q: string) {
  const lowerName = sql`lower(${directoryUsers.displayName})`;
  const isMember = db
    .select({ id: environmentUsers.id })
    .from(environmentUsers)
    .where(
      and(eq(environmentUsers.environmentId, environmentId), eq(environmentUsers.directoryUserId, directoryUsers.id)),
    );
  return db
    .select({ id: directoryUsers.id, displayName: directoryUsers.displayName, upn: directoryUsers.upn })
    .from(directoryUsers)
    .where(
      and(
        eq(directoryUsers.isEnabled, true),
        or(startsWith(lowerName, sql`lower(${q})`), startsWith(directoryUsers.upn, q.toLowerCase())),
        notExists(isMember),
      ),
    )
    .orderBy(lowerName, asc(directoryUsers.id))
    .limit(ADDABLE_USERS_LIMIT + 1);
}

/** "Add user"'s search, for those who may add users to the environment (the same rule as adding). */
export async function findAddableDirectoryUsers(
  db: Db,
  actor: Actor,
  input: { environmentId: number; q: string },
  now: Date,
): Promise<AddableUsersResult> {
  const decision = decideAddUserToEnvironment(actor, input.environmentId, now);
  if (!decision.allowed) return refusal(decision);
  const q = input.q.trim();
  if ([...q].length < DIRECTORY_SEARCH_MIN_LENGTH) return { ok: true, users: [], hasMore: false };
  const users = await addableDirectoryUsersQuery(db, input.environmentId, q);
  return { ok: true, users: users.slice(0, ADDABLE_USERS_LIMIT), hasMore: users.length > ADDABLE_USERS_LIMIT };
}

/**
 * Creates a directory user's membership of an environment with its mailbox, which starts Pending
 * Approval with the environment's default profile and sync methods (DOMAIN §5). Caller audits.
 */
export async function createEnvironmentUser(
  tx: Tx,
  input: { environmentId: number; directoryUserId: number; now: Date },
) {
  const dir = await first(
    tx.select().from(directoryUsers).where(eq(directoryUsers.id, input.directoryUserId)).limit(1),
  );
  if (!dir) return null;
  const eu = await single(
    tx
      .insert(environmentUsers)
      .values({
        environmentId: input.environmentId,
        directoryUserId: dir.id,
        fullName: dir.displayName,
        email: dir.upn,
        isEnabled: dir.isEnabled,
        createdAt: input.now,
      })
      .returning(),
  );
  const defaults = await readEmailSettings(tx, input.environmentId);
  const mailbox = await single(
    tx
      .insert(mailboxes)
      .values({
        environmentId: input.environmentId,
        name: dir.displayName,
        emailAddress: dir.upn,
        regardingType: "user",
        regardingUserId: eu.id,
        ownerId: eu.id,
        serverProfileId: defaults.defaultServerProfileId,
        incomingMethod: defaults.defaultIncomingMethod,
        outgoingMethod: defaults.defaultOutgoingMethod,
        actMethod: defaults.defaultActMethod,
        emailStatus: EmailStatus.PendingApproval,
        pendingSince: input.now,
        createdAt: input.now,
      })
      .returning({ id: mailboxes.id }),
  );
  // The approvers' next digest tells them of it (DOMAIN §11), written with the mailbox.
  await recordPendingEntries(tx, [{ environmentId: input.environmentId, mailboxId: mailbox.id }], input.now);
  return eu;
}

export async function findEnvironmentUserOf(db: Db | Tx, environmentId: number, directoryUserId: number) {
  return (
    (await first(
      db
        .select()
        .from(environmentUsers)
        .where(
          and(eq(environmentUsers.environmentId, environmentId), eq(environmentUsers.directoryUserId, directoryUserId)),
        )
        .limit(1),
    )) ?? null
  );
}
