import { z } from "zod";
import { emailField, justificationField } from "@/lib/form-schemas";
import { EVERY_DELEGATION, listEnvironmentDelegations } from "@/lib/services/delegation/delegation-list";
import { delegateMailboxApprover, removeUserRole } from "@/lib/services/delegation/role-assignments";
import { changeDelegationTerms, findDelegation } from "@/lib/services/delegation/terms";
import { findEnvironmentUserByUpn } from "@/lib/services/directory/member-by-upn";
import { findEnvironmentPage, type VisibleEnvironment } from "@/lib/services/settings/environments";
import { defineEndpoint, json, type ApiContext } from "../endpoint";
import { notFound, refusalFailure } from "../errors";
import { Delegation, delegationOf, DelegationPage, DelegationQuery } from "../delegation-schemas";
import { EnvironmentPath, idParam, slugParam } from "../params";

/** Delegated Mailbox Approver assignments of one environment: the role page's list and commands. */

/** The environment, for whoever may open its security roles (where the role's page is); else 404. */
async function rolesPage({ db, actor, now }: ApiContext, slug: string): Promise<VisibleEnvironment> {
  const environment = await findEnvironmentPage(db, actor, slug, "roles", now);
  if (!environment) throw notFound();
  return environment;
}

export const listDelegationsEndpoint = defineEndpoint({
  method: "GET",
  path: "/environments/{slug}/delegations",
  operationId: "listDelegations",
  summary: "Delegated Mailbox Approver assignments",
  description: "Active and expired, with whether each holder can approve and whether they use the role. 50 a page.",
  tag: "Delegations",
  scopes: ["delegations.read"],
  params: EnvironmentPath,
  query: DelegationQuery,
  responses: { 200: { description: "One page.", schema: DelegationPage } },
  errors: [404],
  run: async ({ params, query }, ctx) => {
    const environment = await rolesPage(ctx, params.slug);
    const list = await listEnvironmentDelegations(
      ctx.db,
      environment,
      { ...query, expiringWithinDays: query.expiringWithinDays ?? null, unusedForDays: query.unusedForDays ?? null },
      ctx.now,
    );
    return json(200, {
      items: list.rows.map(delegationOf),
      total: list.total,
      page: list.page,
      pageCount: list.pageCount,
    } satisfies z.input<typeof DelegationPage>);
  },
});

/** The holder's assignment as the list shows it after a change (found by their email, as the list's search does). */
async function delegationNow(ctx: ApiContext, environment: VisibleEnvironment, holder: { id: number; email: string }) {
  const list = await listEnvironmentDelegations(ctx.db, environment, { ...EVERY_DELEGATION, q: holder.email }, ctx.now);
  const row = list.rows.find((r) => r.environmentUserId === holder.id);
  return row ? delegationOf(row) : null;
}

const endsAtField = z.iso
  .datetime({ offset: true })
  .nullable()
  .transform((value) => (value === null ? null : new Date(value)))
  .meta({ description: "When the delegation ends (ISO 8601); null for no end date, if the tenant has no maximum." });

const DelegateBody = z
  .object({
    user: emailField("Give the holder's sign-in name, e.g. name@contoso.com.").meta({
      description: "The user's sign-in name (UPN); they must be a user of the environment.",
    }),
    justification: justificationField,
    endsAt: endsAtField,
    alsoSystemAdministrator: z
      .boolean()
      .default(false)
      .meta({ description: "Also assign System Administrator, which approving needs (when you may assign it)." }),
  })
  .meta({ id: "DelegateRequest" });

const Changed = z.object({ message: z.string(), delegation: Delegation.nullable() }).meta({ id: "DelegationChange" });

export const delegateEndpoint = defineEndpoint({
  method: "POST",
  path: "/environments/{slug}/delegations",
  operationId: "delegate",
  summary: "Delegate the Delegated Mailbox Approver role",
  description:
    "Global and Exchange Administrators only (else 0x80090904). An expired holder's assignment is renewed in place; a current holder is refused with ALREADY_DELEGATED (use PATCH to extend).",
  tag: "Delegations",
  scopes: ["delegations.write"],
  params: EnvironmentPath,
  body: DelegateBody,
  responses: { 201: { description: "Delegated.", schema: Changed } },
  errors: [403, 404, 409],
  run: async ({ params, body }, ctx) => {
    const environment = await rolesPage(ctx, params.slug);
    const holder = await findEnvironmentUserByUpn(ctx.db, environment.id, body.user);
    if (!holder) throw notFound("No such user in this environment.");
    const result = await delegateMailboxApprover(
      ctx.db,
      ctx.actor,
      {
        environmentId: environment.id,
        environmentUserId: holder.id,
        terms: { justification: body.justification, endsAt: body.endsAt },
        alsoSystemAdministrator: body.alsoSystemAdministrator,
      },
      ctx,
    );
    if (!result.ok) throw refusalFailure(result);
    return json(201, { message: result.message, delegation: await delegationNow(ctx, environment, holder) });
  },
});

const AssignmentPath = z.object({ slug: slugParam, id: idParam("The assignment's id (a delegation's `id`).") });

/** The assignment, when it is a delegation of this environment; else 404. */
async function assignmentIn(ctx: ApiContext, environment: VisibleEnvironment, id: number) {
  const row = await findDelegation(ctx.db, id);
  if (!row || row.environmentId !== environment.id) throw notFound();
  return row;
}

const ChangeTermsBody = z
  .object({
    expectedEndsAt: z.iso
      .datetime({ offset: true })
      .nullable()
      .transform((value) => (value === null ? null : new Date(value)))
      .meta({ description: "The end date you saw (null: none): changed meanwhile answers 409 STALE_VERSION." }),
    endsAt: endsAtField,
    justification: justificationField,
  })
  .meta({ id: "ChangeTermsRequest" });

export const changeDelegationEndpoint = defineEndpoint({
  method: "PATCH",
  path: "/environments/{slug}/delegations/{id}",
  operationId: "changeDelegation",
  summary: "Extend, shorten or renew a delegation",
  description: "A new end date with a justification, within the tenant's maximum; an expired one is renewed.",
  tag: "Delegations",
  scopes: ["delegations.write"],
  params: AssignmentPath,
  body: ChangeTermsBody,
  responses: { 200: { description: "Changed.", schema: Changed } },
  errors: [403, 404, 409],
  run: async ({ params, body }, ctx) => {
    const environment = await rolesPage(ctx, params.slug);
    const row = await assignmentIn(ctx, environment, params.id);
    const result = await changeDelegationTerms(
      ctx.db,
      ctx.actor,
      {
        assignmentId: row.id,
        expectedEndsAt: body.expectedEndsAt,
        terms: { justification: body.justification, endsAt: body.endsAt },
      },
      ctx,
    );
    if (!result.ok) throw refusalFailure(result);
    return json(200, {
      message: result.message,
      delegation: await delegationNow(ctx, environment, { id: row.environmentUserId, email: row.email }),
    });
  },
});

export const removeDelegationEndpoint = defineEndpoint({
  method: "DELETE",
  path: "/environments/{slug}/delegations/{id}",
  operationId: "removeDelegation",
  summary: "Remove a delegation",
  description: "Global and Exchange Administrators only (else 0x80090904).",
  tag: "Delegations",
  scopes: ["delegations.write"],
  params: AssignmentPath,
  responses: { 204: { description: "Removed." } },
  errors: [403, 404],
  run: async ({ params }, ctx) => {
    const environment = await rolesPage(ctx, params.slug);
    const row = await assignmentIn(ctx, environment, params.id);
    const result = await removeUserRole(
      ctx.db,
      ctx.actor,
      { environmentId: environment.id, environmentUserId: row.environmentUserId, roleId: row.roleId },
      ctx,
    );
    if (!result.ok) throw refusalFailure(result);
    return new Response(null, { status: 204 });
  },
});
