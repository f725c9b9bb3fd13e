"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { fromServiceResult, invalid, type ActionState } from "@/lib/action-state";
import { getActor, getOrigin } from "@/lib/auth/current-actor";
import { idField } from "@/lib/form-schemas";
import { DEPTHS, PRIVILEGE_KEYS, type Privilege } from "@/lib/policy/catalog";
import { createCustomRole, ROLE_NAME_MAX } from "@/lib/services/security-roles";
import { DEPTH_FIELD_PREFIX } from "./_components/depth-fields";

const CreateRoleInput = z.object({
  slug: z.string().regex(/^[a-z0-9-]{1,64}$/),
  environmentId: idField,
  name: z.string().trim().min(1, "Enter a name.").max(ROLE_NAME_MAX, `Keep the name to ${ROLE_NAME_MAX} characters.`),
  privileges: z
    .partialRecord(z.enum(PRIVILEGE_KEYS as [Privilege, ...Privilege[]]), z.enum(DEPTHS))
    .refine((p) => Object.keys(p).length > 0, "Give the role at least one privilege."),
});

export async function createRoleAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const actor = await getActor();
  const privileges: Record<string, FormDataEntryValue> = {};
  for (const [key, value] of formData) {
    if (key.startsWith(DEPTH_FIELD_PREFIX) && value !== "") privileges[key.slice(DEPTH_FIELD_PREFIX.length)] = value;
  }
  const parsed = CreateRoleInput.safeParse({ ...Object.fromEntries(formData), privileges });
  if (!parsed.success) return invalid(parsed.error);
  const { slug, ...input } = parsed.data;

  const result = createCustomRole(getDb(), actor, input, { origin: await getOrigin(), now: new Date() });
  if (!result.ok) return fromServiceResult(result);
  revalidatePath(`/environments/${slug}`, "layout");
  redirect(`/environments/${slug}/roles/${result.roleId}`);
}
