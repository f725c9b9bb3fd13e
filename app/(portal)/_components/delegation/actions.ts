"use server";

import { z } from "zod";
import { checkbox, idField, justificationField, line, optionalUtcDateTime, slugField } from "@/lib/form-schemas";
import { formAction, inputAction, refusalOf, type Revalidation } from "@/lib/service-action";
import { searchDelegationCandidates } from "@/lib/services/delegation/candidates";
import { removeUserRole } from "@/lib/services/delegation/role-assignments";
import { changeDelegationTerms } from "@/lib/services/delegation/terms";

/** A delegation shows on its environment's pages and on the tenant's delegations page: both are refreshed. */
const delegationPages = ({ slug }: { slug: string }): Revalidation[] => [
  { layout: `/environments/${slug}` },
  "/tenant/delegations",
];

const ChangeTermsInput = z
  .object({
    slug: slugField,
    assignmentId: idField,
    /** The end date the admin saw (ISO, empty for none): a change made meanwhile refuses. */
    expectedEndsAt: optionalUtcDateTime,
    endsAt: optionalUtcDateTime,
    noEndDate: checkbox,
    justification: justificationField,
  })
  .refine((input) => input.noEndDate || input.endsAt !== null, {
    path: ["endsAt"],
    message: "Give the new end date.",
  });

/** Extend, Shorten or Renew: a new end date with a justification. */
export const changeTermsAction = formAction(
  ChangeTermsInput,
  ({ assignmentId, expectedEndsAt, endsAt, noEndDate, justification }, { db, actor, ...ctx }) =>
    changeDelegationTerms(
      db,
      actor,
      { assignmentId, expectedEndsAt, terms: { justification, endsAt: noEndDate ? null : endsAt } },
      ctx,
    ),
  { revalidate: delegationPages },
);

const RemoveInput = z.object({ slug: slugField, environmentId: idField, environmentUserId: idField, roleId: idField });

export const removeDelegationAction = formAction(
  RemoveInput,
  (input, { db, actor, ...ctx }) => removeUserRole(db, actor, input, ctx),
  { revalidate: delegationPages },
);

const SearchInput = z.object({
  environmentId: idField,
  q: line.max(200, "Search for a name or email of up to 200 characters."),
});

/** The Delegate picker's search: only when the panel asks. Reads, so nothing to revalidate. */
export const searchCandidatesAction = inputAction(
  SearchInput,
  (input, { db, actor, now }) => searchDelegationCandidates(db, actor, input, now),
  refusalOf,
);
