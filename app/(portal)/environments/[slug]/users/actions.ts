"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { fromServiceResult, invalid, type ActionState } from "@/lib/action-state";
import { idField, optionalUtcDateTime } from "@/lib/form-schemas";
import { getActor, getOrigin } from "@/lib/auth/current-actor";
import { addUserToEnvironment } from "@/lib/services/environment-membership";
import { findAddableDirectoryUsers, type AddableUsersResult } from "@/lib/services/environment-users";
import { saveUserRoles } from "@/lib/services/role-assignments";
import { invalidInput, type ServiceResult } from "@/lib/services/result";

const id = idField;

const SaveUserRolesInput = z.object({
  slug: z.string(),
  environmentId: id,
  environmentUserId: id,
  version: z.coerce.number().int(),
  roleIds: z.array(id).max(100),
  justification: z.string().trim().max(500, "Keep the justification under 500 characters.").optional(),
  endsAt: optionalUtcDateTime,
});

export async function saveUserRolesAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = SaveUserRolesInput.safeParse({ ...Object.fromEntries(formData), roleIds: formData.getAll("roleIds") });
  if (!parsed.success) return invalid(parsed.error);
  const { slug, justification, endsAt, ...input } = parsed.data;
  const result = saveUserRoles(getDb(), await getActor(), { ...input, terms: { justification: justification || null, endsAt } }, { origin: await getOrigin(), now: new Date() });
  return finish(result, slug);
}

const AddUserInput = z.object({ slug: z.string(), environmentId: id, directoryUserId: z.coerce.number({ message: "Choose a user." }).int().positive("Choose a user.") });

export async function addUserAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = AddUserInput.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error);
  const { slug, ...input } = parsed.data;
  return finish(addUserToEnvironment(getDb(), await getActor(), input, { origin: await getOrigin(), now: new Date() }), slug);
}

const FindAddableUsersInput = z.object({ environmentId: id, q: z.string().max(200) });

/** "Add user"'s search box: only when the panel asks, never on the page's every render. Reads, so nothing to revalidate. */
export async function findAddableUsersAction(input: z.input<typeof FindAddableUsersInput>): Promise<AddableUsersResult> {
  const parsed = FindAddableUsersInput.safeParse(input);
  if (!parsed.success) return invalidInput("q", "Search for a name or user principal name of up to 200 characters.");
  return findAddableDirectoryUsers(getDb(), await getActor(), parsed.data, new Date());
}

function finish(result: ServiceResult, slug: string): ActionState {
  if (result.ok) revalidatePath(`/environments/${slug}`, "layout");
  return fromServiceResult(result);
}
