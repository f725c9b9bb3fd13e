"use server";

import { z } from "zod";
import { idField, idOf, lines, optionalUtcDateTime, slugField } from "@/lib/form-schemas";
import { environmentPages, formAction } from "@/lib/service-action";
import { delegateMailboxApprover, removeUserRole } from "@/lib/services/delegation/role-assignments";

const DelegateInput = z.object({
  slug: slugField,
  environmentId: idField,
  environmentUserId: idOf("Choose a user."),
  justification: lines.trim().min(1, "Give a justification.").max(500, "Keep the justification under 500 characters."),
  endsAt: optionalUtcDateTime,
  alsoSystemAdministrator: z.literal("on").optional(),
});

export const delegateAction = formAction(
  DelegateInput,
  ({ environmentId, environmentUserId, justification, endsAt, alsoSystemAdministrator }, { db, actor, ...ctx }) =>
    delegateMailboxApprover(
      db,
      actor,
      {
        environmentId,
        environmentUserId,
        terms: { justification, endsAt },
        alsoSystemAdministrator: alsoSystemAdministrator === "on",
      },
      ctx,
    ),
  { revalidate: environmentPages },
);

const RemoveInput = z.object({ slug: slugField, environmentId: idField, environmentUserId: idField, roleId: idField });

export const removeDelegationAction = formAction(
  RemoveInput,
  (input, { db, actor, ...ctx }) => removeUserRole(db, actor, input, ctx),
  { revalidate: environmentPages },
);
