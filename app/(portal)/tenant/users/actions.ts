"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { fromServiceResult, invalid, type ActionState } from "@/lib/action-state";
import { getActor, getOrigin } from "@/lib/auth/current-actor";
import { TENANT_ROLE_KEYS } from "@/lib/policy/catalog";
import { createDirectoryUser, saveTenantRoles, setDirectoryUserEnabled, setExchangeFacts } from "@/lib/services/directory-user-changes";

// An unchecked checkbox is simply absent from the form data.
const checkbox = z.string().optional().transform((value) => value === "on");
const UserRef = { userId: z.coerce.number().int().positive(), version: z.coerce.number().int().positive() };

const CreateDirectoryUserInput = z.object({
  displayName: z.string().trim().min(1, "Enter a display name.").max(256, "That name is too long."),
  upn: z
    .string()
    .trim()
    .toLowerCase()
    .max(320, "That user principal name is too long.")
    .pipe(z.email("Enter the user principal name as an email address, e.g. name@contoso.com.")),
  password: z.string().min(12, "Use at least 12 characters.").max(256, "That password is too long."),
  hasLicensedMailbox: checkbox,
});
const SaveTenantRolesInput = z.object({ ...UserRef, roles: z.array(z.enum(TENANT_ROLE_KEYS)) });
const SetUserEnabledInput = z.object({ ...UserRef, isEnabled: z.enum(["true", "false"]).transform((value) => value === "true") });
const SetExchangeFactsInput = z.object({ ...UserRef, kind: z.enum(["user", "shared", "none"]), isLicensed: checkbox });

function revalidateUser(userId: number) {
  revalidatePath("/tenant/users");
  revalidatePath(`/tenant/users/${userId}`);
}

export async function createDirectoryUserAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const actor = await getActor();
  const parsed = CreateDirectoryUserInput.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error);
  const result = await createDirectoryUser(getDb(), { actor, origin: await getOrigin(), ...parsed.data });
  if (!result.ok) return fromServiceResult(result);
  revalidatePath("/tenant/users");
  redirect(`/tenant/users/${result.userId}`);
}

export async function saveTenantRolesAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const actor = await getActor();
  const parsed = SaveTenantRolesInput.safeParse({ ...Object.fromEntries(formData), roles: formData.getAll("roles") });
  if (!parsed.success) return invalid(parsed.error);
  const result = saveTenantRoles(getDb(), { actor, origin: await getOrigin(), ...parsed.data });
  if (result.ok) revalidateUser(parsed.data.userId);
  return fromServiceResult(result);
}

export async function setDirectoryUserEnabledAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const actor = await getActor();
  const parsed = SetUserEnabledInput.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error);
  const result = setDirectoryUserEnabled(getDb(), { actor, origin: await getOrigin(), ...parsed.data });
  if (result.ok) revalidateUser(parsed.data.userId);
  return fromServiceResult(result);
}

export async function setExchangeFactsAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const actor = await getActor();
  const parsed = SetExchangeFactsInput.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error);
  const { kind, isLicensed, ...ref } = parsed.data;
  const result = setExchangeFacts(getDb(), { actor, origin: await getOrigin(), ...ref, exchange: { kind, isLicensed } });
  if (result.ok) revalidateUser(ref.userId);
  return fromServiceResult(result);
}
