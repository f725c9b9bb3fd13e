"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { fromServiceResult, invalid, type ActionState } from "@/lib/action-state";
import { getActor, getOrigin } from "@/lib/auth/current-actor";
import { idField as id } from "@/lib/form-schemas";
import type { ServiceResult } from "@/lib/services/result";
import { addTeamMember, removeTeamMember, saveTeamRoles } from "@/lib/services/teams";

const TeamInput = z.object({
  slug: z.string().regex(/^[a-z0-9-]{1,64}$/),
  environmentId: id,
  teamId: id,
  version: z.coerce.number().int().nonnegative(),
});
const MemberInput = TeamInput.extend({ environmentUserId: z.coerce.number({ message: "Choose a user." }).int().positive("Choose a user.") });
const TeamRolesInput = TeamInput.extend({ roleIds: z.array(id).max(100) });

export async function addTeamMemberAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const actor = await getActor();
  const parsed = MemberInput.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error);
  const { slug, ...input } = parsed.data;
  return settle(addTeamMember(getDb(), actor, input, { origin: await getOrigin(), now: new Date() }), slug);
}

export async function removeTeamMemberAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const actor = await getActor();
  const parsed = MemberInput.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error);
  const { slug, ...input } = parsed.data;
  return settle(removeTeamMember(getDb(), actor, input, { origin: await getOrigin(), now: new Date() }), slug);
}

export async function saveTeamRolesAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const actor = await getActor();
  const parsed = TeamRolesInput.safeParse({ ...Object.fromEntries(formData), roleIds: formData.getAll("roleIds") });
  if (!parsed.success) return invalid(parsed.error);
  const { slug, ...input } = parsed.data;
  return settle(saveTeamRoles(getDb(), actor, input, { origin: await getOrigin(), now: new Date() }), slug);
}

/** Team changes also move the roles pages' member counts, so the whole environment is refreshed. */
function settle(result: ServiceResult, slug: string): ActionState {
  if (result.ok) revalidatePath(`/environments/${slug}`, "layout");
  return fromServiceResult(result);
}
