/**
 * A user's direct security roles (DOMAIN §2, §4): Manage security roles, Delegate and Remove are
 * three entrances to one change, decided and written role by role in applyUserChange with the
 * delegation terms, renewals and audit events. Over 200 lines because that one change is the rule's
 * single writer: split, each entrance would carry its own copy of the checks.
 */
import "server-only";
import { first } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { directoryUsers, environmentUsers, userRoleAssignments } from "@/db/schema";
import { isHoldingActive, type Actor } from "@/lib/policy/actor";
import { checkTerms, type DelegationTerms } from "@/lib/policy/delegation-terms";
import { canManageDelegations, decideRoleAssignment } from "@/lib/policy/role-assignment";
import { appendAuditEvent } from "../audit/log";
import { isPolicyRefusal, recordRefusedAttempt } from "../audit/refused";
import type { RefusedAction } from "@/lib/policy/audit-names";
import { getTenantSettings } from "../settings/tenant-settings";
import { recordExpiryIfDue } from "./expiry";
import { distinctById } from "../mailboxes/visibility";
import { loadEnvironmentRoles, type EnvironmentRole } from "./role-facts";
import {
  invalidInput,
  NOT_FOUND_RESULT,
  notFoundRow,
  refusal,
  refusedRow,
  staleVersion,
  type ActionContext,
  type RowOutcome,
  type ServiceResult,
} from "../result";
import { mapInOrder } from "@/lib/in-order";

export type { DelegationTerms };

type UserChange = { add: number[]; remove: number[]; terms: DelegationTerms };

/**
 * Saves "Manage security roles": the user's direct roles become `roleIds`. A Delegated Mailbox
 * Approver assignment the saver may not touch stays exactly as it was.
 */
export async function saveUserRoles(
  db: Db,
  actor: Actor,
  input: {
    environmentId: number;
    environmentUserId: number;
    version: number;
    roleIds: number[];
    terms: DelegationTerms;
  },
  ctx: ActionContext,
): Promise<ServiceResult<{ added: number; removed: number }>> {
  const result = await withTransaction(db, async (tx): Promise<ServiceResult<{ added: number; removed: number }>> => {
    const target = await loadTarget(tx, input.environmentId, input.environmentUserId);
    if (!target) return NOT_FOUND_RESULT;
    if (target.version !== input.version) return staleVersion("user");
    const current = await activeDirectRoleIds(tx, target.id, ctx.now);
    const wanted = new Set(input.roleIds);
    const add = [...wanted].filter((id) => !current.has(id));
    const remove = [...current].filter((id) => !wanted.has(id));
    return await applyUserChange(tx, actor, target, { add, remove, terms: input.terms }, ctx);
  });
  return await logRefusal(db, actor, "RoleChangeRefused", input, result, { roleIds: input.roleIds }, ctx);
}

/**
 * The delegation screen's Delegate: adds DMA (and System Administrator when asked) to one user.
 * A current holder is refused with a pointer to Extend (delegating again must never silently keep
 * the old end date); an expired holder's assignment is renewed in place, keeping its history.
 */
export async function delegateMailboxApprover(
  db: Db,
  actor: Actor,
  input: { environmentId: number; environmentUserId: number; terms: DelegationTerms; alsoSystemAdministrator: boolean },
  ctx: ActionContext,
): Promise<ServiceResult<{ added: number; removed: number }>> {
  const result = await withTransaction(db, async (tx): Promise<ServiceResult<{ added: number; removed: number }>> => {
    const target = await loadTarget(tx, input.environmentId, input.environmentUserId);
    if (!target) return NOT_FOUND_RESULT;
    const roles = await loadEnvironmentRoles(tx, input.environmentId);
    const byKey = (key: string) => roles.find((r) => r.key === key)!;
    const current = await activeDirectRoleIds(tx, target.id, ctx.now);
    const add = [byKey("delegated_mailbox_approver").id];
    if (input.alsoSystemAdministrator) add.push(byKey("system_administrator").id);
    return await applyUserChange(
      tx,
      actor,
      target,
      { add: add.filter((id) => !current.has(id)), remove: [], terms: input.terms },
      ctx,
      { delegating: true },
    );
  });
  const attempted = { role: "Delegated Mailbox Approver", alsoSystemAdministrator: input.alsoSystemAdministrator };
  return await logRefusal(db, actor, "DelegationRefused", input, result, attempted, ctx);
}

/** Removes one direct role (the delegation screen's Remove). */
export async function removeUserRole(
  db: Db,
  actor: Actor,
  input: { environmentId: number; environmentUserId: number; roleId: number },
  ctx: ActionContext,
): Promise<ServiceResult<{ added: number; removed: number }>> {
  const result = await withTransaction(db, async (tx): Promise<ServiceResult<{ added: number; removed: number }>> => {
    const target = await loadTarget(tx, input.environmentId, input.environmentUserId);
    if (!target) return NOT_FOUND_RESULT;
    const held = await first(
      tx
        .select()
        .from(userRoleAssignments)
        .where(and(eq(userRoleAssignments.environmentUserId, target.id), eq(userRoleAssignments.roleId, input.roleId)))
        .limit(1),
    );
    if (!held) return { ok: true, message: "That role was already removed.", added: 0, removed: 0 };
    // An ended assignment's history keeps its Expired step even if the sweep has not run yet.
    await recordExpiryIfDue(tx, held.id, ctx.now);
    return await applyUserChange(
      tx,
      actor,
      target,
      { add: [], remove: [input.roleId], terms: { justification: null, endsAt: null } },
      ctx,
      { explicit: true },
    );
  });
  return await logRefusal(db, actor, "DelegationRefused", input, result, { removeRoleId: input.roleId }, ctx);
}

/** A change the rules refused is audited on its own, after its transaction changed nothing (lib/services/audit/refused.ts). */
/** One user's result in Assign role. */
export type RoleRowOutcome = RowOutcome;

/**
 * Assign role, the users grid's command over several ticked users: one role added to each, in one
 * transaction, each user decided exactly as Manage security roles decides them (applyUserChange),
 * with a result per user. A refused user changes nothing; the others still get the role. Delegated
 * Mailbox Approver is not assigned this way: it needs a justification per person (its own page).
 */
export async function assignRoleToUsers(
  db: Db,
  actor: Actor,
  input: { environmentId: number; roleId: number; users: { id: number; version: number }[] },
  ctx: ActionContext,
): Promise<ServiceResult<{ rows: RoleRowOutcome[] }>> {
  const role = (await loadEnvironmentRoles(db, input.environmentId)).find((r) => r.id === input.roleId);
  if (!role) return invalidInput("roleId", "Choose a role of this environment.");
  if (role.key === "delegated_mailbox_approver")
    return invalidInput(
      "roleId",
      "Delegate Delegated Mailbox Approver on its own page, with a justification per person.",
    );
  const users = distinctById(input.users);
  const rows = await withTransaction(db, async (tx) =>
    mapInOrder(users, async (user): Promise<RoleRowOutcome> => {
      const target = await loadTarget(tx, input.environmentId, user.id);
      if (!target) return notFoundRow(user.id);
      const row = { id: target.id, name: target.fullName };
      if (target.version !== user.version) return refusedRow(row, staleVersion("user"));
      if ((await activeDirectRoleIds(tx, target.id, ctx.now)).has(role.id))
        return { ...row, outcome: "unchanged", code: null, reason: null, message: `Already holds ${role.name}.` };
      const result = await applyUserChange(tx, actor, target, { add: [role.id], remove: [], terms: NO_TERMS }, ctx);
      return result.ok
        ? { ...row, outcome: "changed", code: null, reason: null, message: `${role.name} assigned.` }
        : refusedRow(row, result);
    }),
  );
  await recordRefusedAttempt(
    db,
    {
      action: "RoleChangeRefused",
      actor,
      environmentId: input.environmentId,
      refusals: rows.filter((r) => r.outcome === "refused"),
      attempted: { roleId: role.id, role: role.name, users: users.length },
    },
    ctx,
  );
  const count = (o: RoleRowOutcome["outcome"]) => rows.filter((r) => r.outcome === o).length;
  return {
    ok: true,
    message: `${count("changed")} assigned, ${count("unchanged")} unchanged, ${count("refused")} refused.`,
    rows,
  };
}

const NO_TERMS: DelegationTerms = { justification: null, endsAt: null };

async function logRefusal(
  db: Db,
  actor: Actor,
  action: RefusedAction,
  input: { environmentId: number; environmentUserId: number },
  result: ServiceResult<{ added: number; removed: number }>,
  attempted: Record<string, unknown>,
  ctx: ActionContext,
): Promise<ServiceResult<{ added: number; removed: number }>> {
  if (result.ok || !isPolicyRefusal(result)) return result;
  const target = await loadTarget(db, input.environmentId, input.environmentUserId);
  await recordRefusedAttempt(
    db,
    {
      action,
      actor,
      environmentId: input.environmentId,
      target: target && { type: "environmentUser", id: target.id, label: `${target.fullName} <${target.email}>` },
      refusals: [result],
      attempted,
    },
    ctx,
  );
  return result;
}

type Target = {
  id: number;
  environmentId: number;
  fullName: string;
  email: string;
  version: number;
  isEnabled: boolean;
};

async function loadTarget(tx: Tx | Db, environmentId: number, environmentUserId: number): Promise<Target | null> {
  const row = await first(
    tx
      .select({
        id: environmentUsers.id,
        environmentId: environmentUsers.environmentId,
        fullName: environmentUsers.fullName,
        email: environmentUsers.email,
        version: environmentUsers.version,
        isEnabled: environmentUsers.isEnabled,
        directoryEnabled: directoryUsers.isEnabled,
      })
      .from(environmentUsers)
      .innerJoin(directoryUsers, eq(directoryUsers.id, environmentUsers.directoryUserId))
      .where(and(eq(environmentUsers.id, environmentUserId), eq(environmentUsers.environmentId, environmentId)))
      .limit(1),
  );
  return row ? { ...row, isEnabled: row.isEnabled && row.directoryEnabled } : null;
}

async function activeDirectRoleIds(tx: Tx, environmentUserId: number, now: Date): Promise<Set<number>> {
  const rows = await tx
    .select()
    .from(userRoleAssignments)
    .where(eq(userRoleAssignments.environmentUserId, environmentUserId));
  return new Set(rows.filter((r) => isHoldingActive(r, now)).map((r) => r.roleId));
}

/**
 * Decides every change first; writes only when all are allowed, each with its audit event.
 * `delegating`: the Delegate command, where a DMA the user already holds is a mistake to point
 * out, not a no-op.
 */
async function applyUserChange(
  tx: Tx,
  actor: Actor,
  target: Target,
  change: UserChange,
  ctx: ActionContext,
  options: { explicit?: boolean; delegating?: boolean } = {},
): Promise<ServiceResult<{ added: number; removed: number }>> {
  const envId = target.environmentId;
  const roles = new Map((await loadEnvironmentRoles(tx, envId)).map((r) => [r.id, r]));
  const unknown = [...change.add, ...change.remove].find((id) => !roles.has(id));
  if (unknown !== undefined) return invalidInput("roleIds", "One of the roles does not exist in this environment.");

  const isDma = (id: number) => roles.get(id)!.key === "delegated_mailbox_approver";
  // A save that merely did not include a DMA the saver may not touch leaves it as it was.
  const remove =
    options.explicit || canManageDelegations(actor) ? change.remove : change.remove.filter((id) => !isDma(id));

  for (const [ids, operation] of [
    [change.add, "assign"],
    [remove, "remove"],
  ] as const) {
    for (const id of ids) {
      const decision = decideRoleAssignment(
        actor,
        {
          environmentId: envId,
          role: roles.get(id)!,
          target: { kind: "user", isEnabled: target.isEnabled },
          operation,
        },
        ctx.now,
      );
      if (!decision.allowed) return refusal(decision);
    }
  }
  const dmaId = [...roles.values()].find((r) => r.key === "delegated_mailbox_approver")?.id;
  const existingDma = dmaId === undefined ? undefined : await directAssignment(tx, target.id, dmaId);
  if (options.delegating && existingDma && isHoldingActive(existingDma, ctx.now)) {
    const until = existingDma.endsAt ? `until ${formatUtc(existingDma.endsAt)}` : "with no end date";
    return {
      ok: false,
      code: null,
      reason: "ALREADY_DELEGATED",
      field: "environmentUserId",
      message: `${target.fullName} already holds Delegated Mailbox Approver here, ${until}. To change the end date, use Extend on their row.`,
    };
  }
  const dmaAdded = change.add.some(isDma);
  if (options.delegating && change.add.length === 0)
    return { ok: true, message: `${target.fullName} already holds these roles.`, added: 0, removed: 0 };
  if (dmaAdded) {
    const checked = checkTerms(change.terms, {
      now: ctx.now,
      maxDays: (await getTenantSettings(tx)).maxDelegationDays,
    });
    if (!checked.ok)
      return { ok: false, code: null, reason: checked.reason, message: checked.message, field: checked.field };
  }

  const audit = (
    action: string,
    role: EnvironmentRole,
    after: Record<string, unknown> | null,
    before: Record<string, unknown> | null,
  ) =>
    appendAuditEvent(tx, {
      action,
      actor: { id: actor.id, upn: actor.upn },
      environmentId: envId,
      target: { type: "environmentUser", id: target.id, label: `${target.fullName} <${target.email}>` },
      before,
      after,
      reason: isDma(role.id) ? change.terms.justification : null,
      origin: ctx.origin,
      at: ctx.now,
    });

  for (const id of remove) {
    await tx
      .delete(userRoleAssignments)
      .where(and(eq(userRoleAssignments.environmentUserId, target.id), eq(userRoleAssignments.roleId, id)));
    await audit("RoleRemoved", roles.get(id)!, null, { role: roles.get(id)!.name });
  }
  for (const id of change.add) {
    if (isDma(id) && existingDma) {
      // An expired delegation restarts in place: same row, original delegator, history kept.
      await renewInPlace(tx, actor, target, existingDma, roles.get(id)!, change.terms, ctx);
      continue;
    }
    const terms = isDma(id) ? change.terms : { justification: null, endsAt: null };
    // An expired assignment of the same role is replaced by the new one.
    await tx
      .delete(userRoleAssignments)
      .where(and(eq(userRoleAssignments.environmentUserId, target.id), eq(userRoleAssignments.roleId, id)));
    await tx
      .insert(userRoleAssignments)
      .values({ environmentUserId: target.id, roleId: id, assignedById: actor.id, assignedAt: ctx.now, ...terms });
    await audit(
      "RoleAssigned",
      roles.get(id)!,
      {
        role: roles.get(id)!.name,
        ...(isDma(id) ? { endsAt: terms.endsAt?.toISOString() ?? null, justification: terms.justification } : {}),
      },
      null,
    );
  }
  if (remove.length || change.add.length) {
    await tx
      .update(environmentUsers)
      .set({ version: target.version + 1 })
      .where(eq(environmentUsers.id, target.id));
  }
  const names = (ids: number[]) => ids.map((id) => roles.get(id)!.name).join(", ");
  const renewed = change.add.filter((id) => isDma(id) && existingDma);
  const added = change.add.filter((id) => !renewed.includes(id));
  const parts = [
    added.length && `added ${names(added)}`,
    renewed.length && `renewed ${names(renewed)}`,
    remove.length && `removed ${names(remove)}`,
  ].filter(Boolean);
  return {
    ok: true,
    message: parts.length ? `Saved roles for ${target.fullName}: ${parts.join("; ")}.` : "No changes to save.",
    added: change.add.length,
    removed: remove.length,
  };
}

type AssignmentRow = typeof userRoleAssignments.$inferSelect;

async function directAssignment(tx: Tx, environmentUserId: number, roleId: number): Promise<AssignmentRow | undefined> {
  return await first(
    tx
      .select()
      .from(userRoleAssignments)
      .where(and(eq(userRoleAssignments.environmentUserId, environmentUserId), eq(userRoleAssignments.roleId, roleId)))
      .limit(1),
  );
}

const formatUtc = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** Renews an expired DMA assignment through Delegate or Manage security roles, audited as RoleRenewed. */
async function renewInPlace(
  tx: Tx,
  actor: Actor,
  target: Target,
  row: AssignmentRow,
  role: EnvironmentRole,
  terms: DelegationTerms,
  ctx: ActionContext,
) {
  await recordExpiryIfDue(tx, row.id, ctx.now);
  await tx
    .update(userRoleAssignments)
    .set({
      endsAt: terms.endsAt,
      justification: terms.justification,
      expiryAuditedAt: null,
      renewedById: actor.id,
      renewedAt: ctx.now,
    })
    .where(eq(userRoleAssignments.id, row.id));
  await appendAuditEvent(tx, {
    action: "RoleRenewed",
    actor: { id: actor.id, upn: actor.upn },
    environmentId: target.environmentId,
    target: { type: "environmentUser", id: target.id, label: `${target.fullName} <${target.email}>` },
    before: {
      role: role.name,
      state: "Expired",
      endsAt: row.endsAt?.toISOString() ?? null,
      justification: row.justification,
    },
    after: {
      role: role.name,
      state: "Active",
      endsAt: terms.endsAt?.toISOString() ?? null,
      justification: terms.justification,
    },
    reason: terms.justification,
    origin: ctx.origin,
    at: ctx.now,
  });
}
