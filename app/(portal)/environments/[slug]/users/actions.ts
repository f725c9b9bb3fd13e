"use server";

import { z } from "zod";
import { idField, idOf, line, lines, listOf, optionalUtcDateTime, slugField, versionField } from "@/lib/form-schemas";
import { environmentPages, formAction, inputAction, refusalOf, revalidate } from "@/lib/service-action";
import { addUserToEnvironment } from "@/lib/services/directory/environment-membership";
import { findAddableDirectoryUsers } from "@/lib/services/directory/environment-user-additions";
import { assignRoleToUsers, saveUserRoles } from "@/lib/services/delegation/role-assignments";

const SaveUserRolesInput = z.object({
  slug: slugField,
  environmentId: idField,
  environmentUserId: idField,
  version: versionField,
  roleIds: listOf(idField, 100),
  justification: lines.trim().max(500, "Keep the justification under 500 characters.").optional(),
  endsAt: optionalUtcDateTime,
});

export const saveUserRolesAction = formAction(
  SaveUserRolesInput,
  ({ justification, endsAt, ...input }, { db, actor, ...ctx }) =>
    saveUserRoles(db, actor, { ...input, terms: { justification: justification || null, endsAt } }, ctx),
  { revalidate: environmentPages },
);

const AddUserInput = z.object({ slug: slugField, environmentId: idField, directoryUserId: idOf("Choose a user.") });

export const addUserAction = formAction(
  AddUserInput,
  (input, { db, actor, ...ctx }) => addUserToEnvironment(db, actor, input, ctx),
  { revalidate: environmentPages },
);

const FindAddableUsersInput = z.object({
  environmentId: idField,
  q: line.max(200, "Search for a name or user principal name of up to 200 characters."),
});

/** "Add user"'s search box: only when the panel asks, never on the page's every render. Reads, so nothing to revalidate. */
export const findAddableUsersAction = inputAction(
  FindAddableUsersInput,
  (input, { db, actor, now }) => findAddableDirectoryUsers(db, actor, input, now),
  refusalOf,
);

const AssignRoleInput = z.object({
  slug: slugField,
  environmentId: idField,
  roleId: idOf("Choose a role."),
  users: z
    .array(z.object({ id: idField, version: versionField }))
    .min(1, "Select at least one user.")
    .max(100, "Choose at most 100 users."),
});

/** Assign role over the ticked users: a result per user (assigned, unchanged, refused and why). */
export const assignRoleAction = inputAction(
  AssignRoleInput,
  async (input, { db, actor, ...ctx }) => {
    const result = await assignRoleToUsers(db, actor, input, ctx);
    if (result.ok) revalidate(environmentPages(input));
    return result;
  },
  refusalOf,
);
