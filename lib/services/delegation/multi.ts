import "server-only";
import { first, prepare } from "@/db/query";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { directoryUsers, environments as envs, environmentUsers } from "@/db/schema";
import type { Actor } from "@/lib/policy/actor";
import { holdsSystemAdministrator } from "@/lib/policy/delegation";
import { checkTerms, delegationState, type DelegationTerms } from "@/lib/policy/delegation-terms";
import { decideAddUserToEnvironment } from "@/lib/policy/environment-membership";
import { canManageDelegations, DMA_TENANT_ADMINS_ONLY } from "@/lib/policy/role-assignment";
import { loadMemberActors } from "../identity/member-facts";
import { param, preparedOnce } from "../prepared";
import type { ActionContext, Refusal } from "../result";
import { getTenantSettings } from "../settings/tenant-settings";
import { startsWith } from "../starts-with";
import { CANDIDATES_LIMIT, CANDIDATE_SEARCH_MIN_LENGTH } from "./candidates";
import { delegateMailboxApprover } from "./role-assignments";
import { mapInOrder } from "@/lib/in-order";

/**
 * Delegate in several environments at once (DOMAIN §11): one person, one justification and end
 * date, a pre-check per environment, then one assignment per environment, each in its own
 * transaction with its own audit event, so one refusal never undoes the others.
 */

export type EnvironmentOutcome = {
  environmentId: number;
  environmentName: string;
  slug: string;
  /** What Delegate will do here, or why it will not. */
  outcome: "delegate" | "renew" | "refused";
  reason: string | null;
  message: string;
  /** Not a user of the environment, and the admin may add them: the panel offers the button. */
  canAddUser: boolean;
};
export type PrecheckResult =
  | { ok: true; person: { name: string; upn: string }; outcomes: EnvironmentOutcome[] }
  | Refusal;
export type DelegateResult =
  | { ok: true; message: string; results: (EnvironmentOutcome & { isDone: boolean })[] }
  | Refusal;

type Input = { directoryUserId: number; environmentIds: number[]; terms: DelegationTerms };

const NOT_TENANT_ADMIN: Refusal = {
  ok: false,
  code: DMA_TENANT_ADMINS_ONLY,
  reason: "NOT_TENANT_ADMIN",
  message: "Only a Global or Exchange Administrator can delegate Delegated Mailbox Approver.",
};
const utc = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** What Delegate would do in each chosen environment, without writing. */
export async function precheckDelegations(db: Db, actor: Actor, input: Input, now: Date): Promise<PrecheckResult> {
  if (!canManageDelegations(actor)) return NOT_TENANT_ADMIN;
  const person = await first(
    db
      .select({ name: directoryUsers.displayName, upn: directoryUsers.upn, isEnabled: directoryUsers.isEnabled })
      .from(directoryUsers)
      .where(eq(directoryUsers.id, input.directoryUserId))
      .limit(1),
  );
  if (!person)
    return { ok: false, code: null, reason: "INVALID_INPUT", message: "Choose a user.", field: "directoryUserId" };
  const environments = await db
    .select({ id: envs.id, name: envs.name, slug: envs.slug, memberId: environmentUsers.id })
    .from(envs)
    .leftJoin(
      environmentUsers,
      and(eq(environmentUsers.environmentId, envs.id), eq(environmentUsers.directoryUserId, input.directoryUserId)),
    )
    .where(inArray(envs.id, input.environmentIds))
    .orderBy(envs.name);
  const members = await loadMemberActors(
    db,
    environments.flatMap((e) => (e.memberId === null ? [] : [e.memberId])),
  );
  const outcomes = environments.map((env): EnvironmentOutcome => {
    const base = { environmentId: env.id, environmentName: env.name, slug: env.slug, canAddUser: false };
    const refused = (reason: string, message: string, extra = {}) => ({
      ...base,
      outcome: "refused" as const,
      reason,
      message,
      ...extra,
    });
    if (env.memberId === null) {
      const canAdd = person.isEnabled && decideAddUserToEnvironment(actor, env.id, now).allowed;
      return refused(
        "NOT_IN_ENVIRONMENT",
        `${person.name} is not a user of ${env.name}: add them first${canAdd ? "" : " (a System Administrator of the environment can)"}.`,
        { canAddUser: canAdd },
      );
    }
    const member = members.get(env.memberId)!;
    if (!member.isEnabled || !member.memberships[0]!.isEnabled)
      return refused("USER_DISABLED", `${person.name} is disabled in ${env.name}; roles go to enabled users only.`);
    const held = member.memberships[0]!.roles.find((r) => r.key === "delegated_mailbox_approver" && r.via === "direct");
    const isActive = held && delegationState(held.endsAt, now) === "active";
    if (held && isActive)
      return refused(
        "ALREADY_DELEGATED",
        `Already holds it${held.endsAt ? ` until ${utc(held.endsAt)}` : ", with no end date"}: use Extend to change the end date.`,
      );
    const warning = holdsSystemAdministrator(member, env.id, now)
      ? ""
      : " They do not hold System Administrator here, so they cannot approve until they get it.";
    return held
      ? { ...base, outcome: "renew", reason: null, message: `Their expired delegation will be renewed.${warning}` }
      : { ...base, outcome: "delegate", reason: null, message: `Will be delegated.${warning}` };
  });
  return { ok: true, person: { name: person.name, upn: person.upn }, outcomes };
}

/** Delegates in every chosen environment where the pre-check allows it; the rest report why not. */
export async function delegateInEnvironments(
  db: Db,
  actor: Actor,
  input: Input,
  ctx: ActionContext,
): Promise<DelegateResult> {
  const checked = checkTerms(input.terms, { now: ctx.now, maxDays: (await getTenantSettings(db)).maxDelegationDays });
  if (!checked.ok)
    return { ok: false, code: null, reason: checked.reason, message: checked.message, field: checked.field };
  const pre = await precheckDelegations(db, actor, input, ctx.now);
  if (!pre.ok) return pre;
  const results = await mapInOrder(pre.outcomes, async (o) => {
    if (o.outcome === "refused") return { ...o, isDone: false };
    const memberId = (await first(
      db
        .select({ id: environmentUsers.id })
        .from(environmentUsers)
        .where(
          and(
            eq(environmentUsers.environmentId, o.environmentId),
            eq(environmentUsers.directoryUserId, input.directoryUserId),
          ),
        )
        .limit(1),
    ))!.id;
    // Decided again inside its own transaction: whatever changed since the pre-check counts.
    const done = await delegateMailboxApprover(
      db,
      actor,
      {
        environmentId: o.environmentId,
        environmentUserId: memberId,
        terms: input.terms,
        alsoSystemAdministrator: false,
      },
      ctx,
    );
    return done.ok
      ? { ...o, isDone: true, message: o.outcome === "renew" ? "Renewed." : "Delegated." }
      : { ...o, outcome: "refused" as const, reason: done.reason, message: done.message, isDone: false };
  });
  const count = results.filter((r) => r.isDone).length;
  return {
    ok: true,
    message: `Delegated to ${pre.person.name} in ${count} of ${results.length} ${results.length === 1 ? "environment" : "environments"}.`,
    results,
  };
}

export type DirectoryMatch = { id: number; name: string; upn: string };

/** The multi-environment Delegate's person picker: enabled directory users by the start of their name or UPN. */
export async function searchDirectoryForDelegation(
  db: Db,
  actor: Actor,
  q: string,
): Promise<{ ok: true; users: DirectoryMatch[]; hasMore: boolean } | Refusal> {
  if (!canManageDelegations(actor)) return NOT_TENANT_ADMIN;
  const text = q.trim();
  if ([...text].length < CANDIDATE_SEARCH_MIN_LENGTH) return { ok: true, users: [], hasMore: false };
  const byName = await preparedOnce(db, prepareByName).all({ q: text });
  const byUpn = await preparedOnce(db, prepareByUpn).all({ upn: text.toLowerCase() });
  const found = new Map([...byName, ...byUpn].map((u) => [u.id, u]));
  return { ok: true, users: [...found.values()].slice(0, CANDIDATES_LIMIT), hasMore: found.size > CANDIDATES_LIMIT };
}

const directoryMatch = { id: directoryUsers.id, name: directoryUsers.displayName, upn: directoryUsers.upn };

/** One range of directory_users_lower_name_ix, read in order. */
function prepareByName(db: Db) {
  const lowerName = sql`lower(${directoryUsers.displayName})`;
  return prepare(
    db
      .select(directoryMatch)
      .from(directoryUsers)
      .where(and(startsWith(lowerName, sql`lower(${sql.placeholder("q")})`), eq(directoryUsers.isEnabled, true)))
      .orderBy(lowerName)
      .limit(CANDIDATES_LIMIT + 1),
  );
}

/** One range of directory_users_upn_uq (UPNs are stored lower-case), read in order. */
function prepareByUpn(db: Db) {
  return prepare(
    db
      .select(directoryMatch)
      .from(directoryUsers)
      .where(and(startsWith(directoryUsers.upn, param("upn")), eq(directoryUsers.isEnabled, true)))
      .orderBy(directoryUsers.upn)
      .limit(CANDIDATES_LIMIT + 1),
  );
}
