import "server-only";
import { prepare } from "@/db/query";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { directoryUsers, environmentUsers } from "@/db/schema";
import type { Actor } from "@/lib/policy/actor";
import { decideApprovalOnceDelegated, holdsSystemAdministrator } from "@/lib/policy/delegation";
import { delegationState, type DelegationState } from "@/lib/policy/delegation-terms";
import { decideRoleAssignment } from "@/lib/policy/role-assignment";
import { loadMemberActors } from "../identity/member-facts";
import { preparedOnce } from "../prepared";
import { NOT_FOUND_RESULT, refusal, type Refusal } from "../result";
import { environmentExists } from "../settings/environments";
import { startsWith } from "../starts-with";
import { loadEnvironmentRoles } from "./role-facts";

/** The Delegate panel's picker: at most this many people per search. */
export const CANDIDATES_LIMIT = 20;
/** One letter would match a 26th of a large environment: the search starts at two. */
export const CANDIDATE_SEARCH_MIN_LENGTH = 2;

export type Candidate = {
  id: number;
  name: string;
  email: string;
  /** Their Delegated Mailbox Approver assignment here, if any: current holders are marked, not offered again. */
  holding: { state: DelegationState; endsAt: Date | null } | null;
  isSystemAdministrator: boolean;
  /** Why the approval rule would still refuse them once delegated (NO_APPROVE_PRIVILEGE, …), or null. */
  cannotApproveReason: string | null;
};
export type CandidatesResult = { ok: true; candidates: Candidate[]; hasMore: boolean } | Refusal;

/**
 * Enabled users of the environment whose name or email starts with `q` (any case): people whose
 * name matches first, by name, then those matched by their email only. Each is one range of one
 * index — (environment, lower(full_name)) and (environment, lower(email)) — read in order and
 * stopped after CANDIDATES_LIMIT + 1 rows, so the cost follows the page, not the environment.
 */
export async function searchDelegationCandidates(
  db: Db,
  actor: Actor,
  input: { environmentId: number; q: string },
  now: Date,
): Promise<CandidatesResult> {
  const dma = (await loadEnvironmentRoles(db, input.environmentId)).find((r) => r.key === "delegated_mailbox_approver");
  if (!dma || !(await environmentExists(db, input.environmentId))) return NOT_FOUND_RESULT;
  const decision = decideRoleAssignment(
    actor,
    { environmentId: input.environmentId, role: dma, target: { kind: "user", isEnabled: true }, operation: "assign" },
    now,
  );
  if (!decision.allowed) return refusal(decision);
  const q = input.q.trim();
  if ([...q].length < CANDIDATE_SEARCH_MIN_LENGTH) return { ok: true, candidates: [], hasMore: false };

  const byPrefix = async (prepare: typeof prepareByName) =>
    await preparedOnce(db, prepare).all({ environmentId: input.environmentId, q });
  const found = new Map(
    [...(await byPrefix(prepareByName)), ...(await byPrefix(prepareByEmail))].map((r) => [r.id, r]),
  );
  const shown = [...found.values()].slice(0, CANDIDATES_LIMIT);
  const people = await loadMemberActors(
    db,
    shown.map((r) => r.id),
  );
  return {
    ok: true,
    hasMore: found.size > CANDIDATES_LIMIT,
    candidates: shown.map(({ id, name, email }) => {
      const person = people.get(id)!;
      const held = person.memberships[0]!.roles.find(
        (r) => r.key === "delegated_mailbox_approver" && r.via === "direct",
      );
      return {
        id,
        name,
        email,
        holding: held ? { state: delegationState(held.endsAt, now), endsAt: held.endsAt } : null,
        isSystemAdministrator: holdsSystemAdministrator(person, input.environmentId, now),
        cannotApproveReason: decideApprovalOnceDelegated(person, input.environmentId, now).reason,
      };
    }),
  };
}

/** One range of environment_users_env_lower_name_ix or _lower_email_ix, read in order. */
function prepareByPrefix(db: Db, column: typeof environmentUsers.fullName | typeof environmentUsers.email) {
  const lowered = sql`lower(${column})`;
  return prepare(
    db
      .select({ id: environmentUsers.id, name: environmentUsers.fullName, email: environmentUsers.email })
      .from(environmentUsers)
      .innerJoin(directoryUsers, eq(directoryUsers.id, environmentUsers.directoryUserId))
      .where(
        and(
          eq(environmentUsers.environmentId, sql.placeholder("environmentId")),
          startsWith(lowered, sql`lower(${sql.placeholder("q")})`),
          eq(environmentUsers.isEnabled, true),
          eq(directoryUsers.isEnabled, true),
        ),
      )
      .orderBy(lowered, environmentUsers.id)
      .limit(CANDIDATES_LIMIT + 1),
  );
}
function prepareByName(db: Db) {
  return prepareByPrefix(db, environmentUsers.fullName);
}
function prepareByEmail(db: Db) {
  return prepareByPrefix(db, environmentUsers.email);
}
