"use server";

import { z } from "zod";
import { checkbox, idField, idOf, justificationField, optionalUtcDateTime, slugField } from "@/lib/form-schemas";
import { formAction, type Revalidation } from "@/lib/service-action";
import { delegateMailboxApprover } from "@/lib/services/delegation/role-assignments";

const DelegateInput = z.object({
  slug: slugField,
  environmentId: idField,
  environmentUserId: idOf("Choose a user."),
  justification: justificationField,
  endsAt: optionalUtcDateTime,
  alsoSystemAdministrator: checkbox,
});

const delegationPages = ({ slug }: { slug: string }): Revalidation[] => [
  { layout: `/environments/${slug}` },
  "/tenant/delegations",
];

export const delegateAction = formAction(
  DelegateInput,
  ({ environmentId, environmentUserId, justification, endsAt, alsoSystemAdministrator }, { db, actor, ...ctx }) =>
    delegateMailboxApprover(
      db,
      actor,
      { environmentId, environmentUserId, terms: { justification, endsAt }, alsoSystemAdministrator },
      ctx,
    ),
  { revalidate: delegationPages },
);
