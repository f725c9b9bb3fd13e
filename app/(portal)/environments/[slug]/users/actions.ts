"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { fromServiceResult, invalid, type ActionState } from "@/lib/action-state";
import { idField, optionalUtcDateTime } from "@/lib/form-schemas";
import { getActor, getOrigin } from "@/lib/auth/current-actor";
import { addUserToEnvironment } from "@/lib/services/environment-membership";
import { saveUserRoles } from "@/lib/services/role-assignments";
import type { ServiceResult } from "@/lib/services/result";

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

function finish(result: ServiceResult, slug: string): ActionState {
  if (result.ok) revalidatePath(`/environments/${slug}`, "layout");
  return fromServiceResult(result);
}
