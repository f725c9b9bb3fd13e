"use server";

import { z } from "zod";
import { idField, line, slugField } from "@/lib/form-schemas";
import { DEPTHS, PRIVILEGE_KEYS, type Privilege } from "@/lib/policy/catalog";
import { environmentPages, formAction } from "@/lib/service-action";
import { createCustomRole, ROLE_NAME_MAX } from "@/lib/services/directory/security-roles";
import { DEPTH_FIELD_PREFIX } from "./_components/depth-fields";

/** The form sends one `depth.<privilege>` field per privilege; an empty one grants nothing. */
function gatherPrivileges(fields: unknown): unknown {
  if (!fields || typeof fields !== "object" || Array.isArray(fields)) return fields;
  const privileges = Object.entries(fields).filter(
    ([key, value]) => key.startsWith(DEPTH_FIELD_PREFIX) && value !== "",
  );
  return {
    ...fields,
    privileges: Object.fromEntries(privileges.map(([key, value]) => [key.slice(DEPTH_FIELD_PREFIX.length), value])),
  };
}

const CreateRoleInput = z.preprocess(
  gatherPrivileges,
  z.object({
    slug: slugField,
    environmentId: idField,
    name: line.trim().min(1, "Enter a name.").max(ROLE_NAME_MAX, `Keep the name to ${ROLE_NAME_MAX} characters.`),
    privileges: z
      .partialRecord(z.enum(PRIVILEGE_KEYS as [Privilege, ...Privilege[]]), z.enum(DEPTHS))
      .refine((p) => Object.keys(p).length > 0, "Give the role at least one privilege."),
  }),
);

export const createRoleAction = formAction(
  CreateRoleInput,
  (input, { db, actor, ...ctx }) => createCustomRole(db, actor, input, ctx),
  {
    revalidate: environmentPages,
    redirectTo: ({ slug }, result) => `/environments/${slug}/roles/${result.roleId}`,
  },
);
