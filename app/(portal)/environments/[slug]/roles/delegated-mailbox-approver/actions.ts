"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { fromServiceResult, invalid, type ActionState } from "@/lib/action-state";
import { getActor, getOrigin } from "@/lib/auth/current-actor";
import { idField, optionalUtcDateTime } from "@/lib/form-schemas";
import { delegateMailboxApprover, removeUserRole } from "@/lib/services/role-assignments";

const DelegateInput = z.object({
  slug: z.string(),
  environmentId: idField,
  environmentUserId: z.coerce.number({ message: "Choose a user." }).int().positive("Choose a user."),
  justification: z.string().trim().min(1, "Give a justification.").max(500, "Keep the justification under 500 characters."),
  endsAt: optionalUtcDateTime,
  alsoSystemAdministrator: z.literal("on").optional(),
});

export async function delegateAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = DelegateInput.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error);
  const { slug, justification, endsAt, alsoSystemAdministrator, ...input } = parsed.data;
  const result = delegateMailboxApprover(getDb(), await getActor(), { ...input, terms: { justification, endsAt }, alsoSystemAdministrator: alsoSystemAdministrator === "on" }, { origin: await getOrigin(), now: new Date() });
  if (result.ok) revalidatePath(`/environments/${slug}`, "layout");
  return fromServiceResult(result);
}

const RemoveInput = z.object({ slug: z.string(), environmentId: idField, environmentUserId: idField, roleId: idField });

export async function removeDelegationAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = RemoveInput.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error);
  const { slug, ...input } = parsed.data;
  const result = removeUserRole(getDb(), await getActor(), input, { origin: await getOrigin(), now: new Date() });
  if (result.ok) revalidatePath(`/environments/${slug}`, "layout");
  return fromServiceResult(result);
}
