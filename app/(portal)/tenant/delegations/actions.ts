"use server";

import { z } from "zod";
import { idField, idOf, justificationField, line, listOf, optionalUtcDateTime, versionField } from "@/lib/form-schemas";
import { MAX_DELEGATION_DAYS_LIMIT } from "@/lib/policy/delegation-terms";
import { formAction, inputAction, refusalOf, revalidate, serviceAction, type Revalidation } from "@/lib/service-action";
import {
  delegateInEnvironments,
  precheckDelegations,
  searchDirectoryForDelegation,
} from "@/lib/services/delegation/multi";
import { addUserToEnvironment } from "@/lib/services/directory/environment-membership";
import { setMaxDelegationDays } from "@/lib/services/settings/tenant-settings";

const DELEGATIONS = "/tenant/delegations";
/** Every environment's pages: a change here shows on the environments it touched. */
const CHANGED: Revalidation[] = [DELEGATIONS, { layout: "/environments/[slug]" }];

const ManyInput = z.object({
  directoryUserId: idOf("Choose a user."),
  environmentIds: listOf(idField, 100).refine((ids) => ids.length > 0, "Choose at least one environment."),
  justification: justificationField,
  endsAt: optionalUtcDateTime,
});
type Many = z.output<typeof ManyInput>;
const terms = ({ justification, endsAt }: Many) => ({ justification, endsAt });

/** Delegate in several environments: what would happen in each, without writing. */
export const precheckManyAction = inputAction(
  ManyInput,
  (input, { db, actor, now }) =>
    precheckDelegations(
      db,
      actor,
      { directoryUserId: input.directoryUserId, environmentIds: input.environmentIds, terms: terms(input) },
      now,
    ),
  refusalOf,
);

/** Delegate in several environments: one audited assignment per environment where the rules allow it. */
export const delegateManyAction = inputAction(
  ManyInput,
  async (input, { db, actor, ...ctx }) => {
    const result = await delegateInEnvironments(
      db,
      actor,
      { directoryUserId: input.directoryUserId, environmentIds: input.environmentIds, terms: terms(input) },
      ctx,
    );
    if (result.ok && result.results.some((r) => r.isDone)) revalidate(CHANGED);
    return result;
  },
  refusalOf,
);

/** The panel's "Add them first": the directory user joins the environment (the Add user rules). */
export const addToEnvironmentAction = serviceAction(
  z.object({ directoryUserId: idField, environmentId: idField }),
  (input, { db, actor, ...ctx }) => addUserToEnvironment(db, actor, input, ctx),
  { revalidate: () => CHANGED },
);

/** The person picker of Delegate in several environments. Reads, so nothing to revalidate. */
export const searchDirectoryAction = inputAction(
  z.object({ q: line.max(200, "Search for a name or user principal name of up to 200 characters.") }),
  ({ q }, { db, actor }) => searchDirectoryForDelegation(db, actor, q),
  refusalOf,
);

const MaxLengthInput = z.object({
  version: versionField,
  maxDelegationDays: z
    .union([z.literal(""), z.string().regex(/^[1-9][0-9]{0,3}$/, "Enter a whole number of days.")])
    .optional()
    .transform((value) => (value ? Number(value) : null))
    .refine(
      (value) => value === null || value <= MAX_DELEGATION_DAYS_LIMIT,
      `At most ${MAX_DELEGATION_DAYS_LIMIT} days.`,
    ),
});

/** The tenant's maximum delegation length: Global Administrators only (the service decides). */
export const setMaxDelegationDaysAction = formAction(
  MaxLengthInput,
  (input, { db, actor, ...ctx }) => setMaxDelegationDays(db, actor, input, ctx),
  { revalidate: () => [DELEGATIONS] },
);
